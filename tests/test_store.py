"""A build's query store (src/mmr_graph/export/store.py): made by the first query of an output folder, used
read-only by the next ones and by the endpoint's workers, never used when stale, half-made or damaged."""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from tests.conftest import child_pids

from mmr_graph.cli import main
from mmr_graph.export import store as stores

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENTRIES = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a mmr:Entry }"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIST = FIXTURES / "kitchen_sink.md"
OTHER = FIXTURES / "bibliography.md"


def build(out: Path, *lists: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--no-html", "-q", "--out", str(out), *map(str, lists)])
    assert result.exit_code == 0, result.output


def query(graph: Path, sparql: str = COUNT, **env: str) -> subprocess.CompletedProcess[str]:
    """``mmr-graph query`` as its own process (a new process each time: nothing cached in memory)."""
    return subprocess.run(
        [sys.executable, "-m", "mmr_graph", "query", sparql, "--graph", str(graph), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def answer(done: subprocess.CompletedProcess[str]) -> int:
    assert done.returncode == 0, done.stderr
    return int(done.stdout.splitlines()[1])


def made(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.name.startswith(stores.PREFIX))


def marker(path: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads((path / stores.MARKER).read_text())
    return document


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """A cache folder of the test's own (stores of unwritable folders go there)."""
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build, never queried here: each test copies it."""
    out = tmp_path_factory.mktemp("built") / "out"
    build(out, LIST)
    return out


@pytest.fixture
def out(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def test_the_first_query_makes_the_store_and_it_answers_as_the_turtle_file(out: Path, cache: Path) -> None:
    env = {"MMR_GRAPH_CACHE": str(cache)}
    from_turtle = answer(query(out / "graph.ttl", **env))
    assert from_turtle > 100 and not made(out)
    assert answer(query(out, **env)) == from_turtle
    (store,) = made(out)
    key = stores.manifest_key((out / "manifest.json").read_bytes())
    assert store.name == stores.PREFIX + key
    assert marker(store)["manifest"] == key and marker(store)["quads"] == from_turtle
    assert marker(store)["source"] == "graph.nt"
    inode = (store / stores.MARKER).stat().st_ino
    assert answer(query(out, ENTRIES, **env)) == answer(query(out / "graph.ttl", ENTRIES, **env)) > 0
    assert (store / stores.MARKER).stat().st_ino == inode  # used, not made again
    assert not cache.exists()  # the folder could be written into: nothing in the cache
    # the manifest, and so the determinism promise, does not know of it
    assert stores.PREFIX not in (out / "manifest.json").read_text()


def test_a_store_of_an_earlier_build_is_never_used_and_goes(out: Path, cache: Path) -> None:
    env = {"MMR_GRAPH_CACHE": str(cache)}
    first = answer(query(out, **env))
    (old,) = made(out)
    build(out, OTHER)  # another build into the folder: another manifest
    expected = answer(query(out / "graph.ttl", **env))
    assert expected != first
    assert answer(query(out, **env)) == expected
    (new,) = made(out)  # the earlier build's store, which nobody held, is gone
    assert new != old and not old.exists()
    assert marker(new)["quads"] == expected


def test_a_store_in_use_is_not_removed(out: Path, cache: Path) -> None:
    key = stores.manifest_key((out / "manifest.json").read_bytes())
    opened = stores.folder_store(out, out / "graph.nt", ox.RdfFormat.N_TRIPLES, cache)
    try:
        build(out, OTHER)
        answer(query(out, MMR_GRAPH_CACHE=str(cache)))
        assert (out / f"{stores.PREFIX}{key}" / stores.MARKER).exists()  # still held: left for later
        assert len(opened.store) == opened.quads
    finally:
        opened.release()


def test_concurrent_first_queries_make_the_store_once(out: Path, cache: Path) -> None:
    env = {**os.environ, "MMR_GRAPH_CACHE": str(cache)}
    command = [sys.executable, "-m", "mmr_graph", "query", COUNT, "--graph", str(out), "--format", "csv"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)]
    runs += [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert outputs[0][0] == outputs[1][0]
    assert len(made(out)) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(stores.BUILDING)]


def test_threads_asking_at_once_get_one_store_made_once(
    out: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fills: list[Path] = []
    fill = stores._fill

    def counted(work: Path, *args: object) -> None:
        fills.append(work)
        time.sleep(0.3)  # the others reach the lock meanwhile
        fill(work, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(stores, "_fill", counted)
    got: list[int] = []

    def ask() -> None:
        opened = stores.folder_store(out, out / "graph.nt", ox.RdfFormat.N_TRIPLES, cache)
        got.append(opened.quads)
        opened.release()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(fills) == 1 and len(got) == 4 and len(set(got)) == 1


@pytest.mark.parametrize("damage", ["no marker", "truncated", "zeroed end", "other build", "bad marker"])
def test_a_damaged_or_half_made_store_is_made_again(out: Path, cache: Path, damage: str) -> None:
    env = {"MMR_GRAPH_CACHE": str(cache)}
    expected = answer(query(out, **env))
    (store,) = made(out)
    tables = sorted((store / stores.DATABASE).glob("*.sst"), key=lambda p: p.stat().st_size)
    if damage == "no marker":  # as a maker killed before its last step would leave it (not renamed, even)
        (store / stores.MARKER).unlink()
    elif damage == "truncated":
        os.truncate(tables[-1], tables[-1].stat().st_size // 2)
    elif damage == "zeroed end":  # same size: Oxigraph itself finds the damage when opening
        with open(tables[-1], "r+b") as table:
            table.seek(-4096, os.SEEK_END)
            table.write(b"\0" * 4096)
    elif damage == "other build":
        document = marker(store) | {"manifest": "0" * 32}
        (store / stores.MARKER).write_text(json.dumps(document))
    else:
        (store / stores.MARKER).write_text("{not json")
    leftover = out / f"{stores.BUILDING}killed"
    leftover.mkdir()
    (leftover / "half").write_bytes(b"x" * 100)
    assert answer(query(out, **env)) == expected
    (again,) = made(out)
    assert marker(again)["quads"] == expected
    assert not leftover.exists()


def test_a_graph_file_changed_since_the_build_is_read_not_stored(out: Path, cache: Path) -> None:
    nt = out / "graph.nt"
    nt.write_text(nt.read_text().replace("Kitchen", "Kitchex"))  # same size, another SHA-256
    done = query(out, MMR_GRAPH_CACHE=str(cache))
    assert answer(done) > 0
    assert "not the file manifest.json lists" in done.stderr and len(done.stderr.splitlines()) == 1
    assert not made(out)


# --- folders this process cannot write into ---------------------------------------------------------------


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder another user can read (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="mmr-store-test-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(folder)


def as_other_user(graph: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mmr-graph query`` as a user whom permission bits bind (when these tests run as root, which ignores
    them: in a user namespace of its own, where root has no power over the files of the machine, so the
    bits of a read-only folder hold, while the interpreter and its packages stay readable wherever they
    are installed, even under a private home folder)."""
    command = [sys.executable, "-m", "mmr_graph", "query", COUNT, "--graph", str(graph), "--format", "csv"]
    env = {**os.environ, "MMR_GRAPH_CACHE": str(cache), "HOME": str(cache)}
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("running as root without unshare: cannot be bound by permission bits")
    user = ["--user", "--map-user=65534", "--map-group=65534"]
    return subprocess.run([unshare, *user, *command], capture_output=True, text=True, timeout=120, env=env)


def read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)


def test_a_read_only_folder_answers_from_a_store_in_the_cache(built: Path, shared: Path) -> None:
    out, cache = shared / "out", shared / "cache"
    shutil.copytree(built, out)
    read_only(out)
    cache.mkdir(mode=0o777)
    os.chmod(cache, 0o777)
    done = as_other_user(out, cache)
    assert answer(done) == answer(query(out / "graph.ttl")), done.stderr
    key = stores.manifest_key((out / "manifest.json").read_bytes())
    assert (cache / "stores" / key / stores.MARKER).is_file() and not made(out)


def test_a_read_only_folder_with_its_store_is_opened_read_only(built: Path, shared: Path) -> None:
    out, cache = shared / "out", shared / "cache"
    shutil.copytree(built, out)
    expected = answer(query(out, MMR_GRAPH_CACHE=str(cache)))
    (store,) = made(out)
    before = {p: p.stat().st_mtime_ns for p in store.rglob("*")}
    read_only(out)
    cache.mkdir()
    read_only(cache)  # nowhere to write at all
    done = as_other_user(out, cache)
    assert answer(done) == expected and done.stderr == ""
    assert {p: p.stat().st_mtime_ns for p in store.rglob("*")} == before


def test_with_nowhere_to_write_a_store_the_file_is_read(built: Path, shared: Path) -> None:
    out, cache = shared / "out", shared / "cache"
    shutil.copytree(built, out)
    read_only(out)
    cache.mkdir()
    read_only(cache)
    done = as_other_user(out, cache)
    assert answer(done) == answer(query(out / "graph.ttl"))
    (line,) = done.stderr.splitlines()
    assert line.startswith("note: ") and "no query store" in line and "reading graph.nt instead" in line


# --- the endpoint -----------------------------------------------------------------------------------------


def test_serve_answers_from_the_store_its_workers_open_read_only(out: Path, cache: Path) -> None:
    expected = answer(query(out / "graph.ttl", MMR_GRAPH_CACHE=str(cache)))
    args = ["serve", "--graph", str(out), "--port", "0", "--workers", "2", "-q"]
    server = subprocess.Popen(
        [sys.executable, "-m", "mmr_graph", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MMR_GRAPH_CACHE": str(cache)},
    )
    try:
        line = ""
        deadline = time.monotonic() + 60
        while "SPARQL endpoint" not in line and time.monotonic() < deadline:
            if select.select([server.stdout], [], [], 1)[0]:
                line = server.stdout.readline()  # type: ignore[union-attr]
            assert server.poll() is None, server.stderr.read()  # type: ignore[union-attr]
        m = re.search(r"SPARQL endpoint (\S+) \((\d+) triples\)", line)
        assert m and int(m.group(2)) == expected, line
        url = m.group(1) + "?" + urllib.parse.urlencode({"query": COUNT})
        request = urllib.request.Request(url, headers={"Accept": "text/csv"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert int(response.read().decode().splitlines()[1]) == expected
        (store,) = made(out)
        workers = child_pids(server.pid)
        assert len(workers) == 2
        for pid in workers:  # each worker has the store's own files open (not a copy of the graph)
            opened = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
            assert any(path.startswith(str(store / stores.DATABASE)) for path in opened), opened
            assert not any(path.endswith(".nq") for path in opened)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _planted(out: Path, cache: Path) -> tuple[Path, Path]:
    """A store made elsewhere for another graph, marked as the store of ``out``'s build."""
    key = stores.manifest_key((out / "manifest.json").read_bytes())
    elsewhere = cache.parent / "elsewhere"
    build(elsewhere, OTHER)
    opened = stores.folder_store(elsewhere, elsewhere / "graph.nt", ox.RdfFormat.N_TRIPLES, cache)
    opened.release()
    (planted,) = made(elsewhere)
    document = marker(planted)
    document["manifest"] = key
    (planted / stores.MARKER).write_text(json.dumps(document))
    return planted, out / f"{stores.PREFIX}{key}"


def test_a_store_behind_a_link_is_never_followed(out: Path, cache: Path) -> None:
    expected = answer(query(out / "graph.ttl", MMR_GRAPH_CACHE=str(cache)))
    planted, name = _planted(out, cache)
    name.symlink_to(planted)
    assert answer(query(out, MMR_GRAPH_CACHE=str(cache))) == expected
    assert name.is_dir() and not name.is_symlink()  # the link went; a store of the build took its place
    assert (planted / stores.MARKER).exists()  # and what it pointed at was left alone


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_store_another_user_planted_is_never_used(out: Path, cache: Path) -> None:
    expected = answer(query(out / "graph.ttl", MMR_GRAPH_CACHE=str(cache)))
    planted, name = _planted(out, cache)
    shutil.copytree(planted, name)
    for path in [name, *name.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    assert answer(query(out, MMR_GRAPH_CACHE=str(cache))) == expected
    assert os.lstat(name).st_uid == os.geteuid()  # made again by the folder's owner


def test_a_store_others_may_write_into_is_never_used(out: Path, cache: Path) -> None:
    expected = answer(query(out / "graph.ttl", MMR_GRAPH_CACHE=str(cache)))
    planted, name = _planted(out, cache)
    shutil.copytree(planted, name)
    name.chmod(0o777)
    assert answer(query(out, MMR_GRAPH_CACHE=str(cache))) == expected
    assert not name.stat().st_mode & 0o022
