"""The output folder changes as one: manifest.json, a journal, a lock, stale files removed, the user's own
files never touched, and a build killed at every step of its change leaves one build's files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from mmr_graph.cli import main
from mmr_graph.export import folder as output_folder

NOTES = "notes.md"  # the user's own file in --out


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert document["generator"] == "mmr-graph"
    return {entry["path"]: entry for entry in document["files"]}


def consistent(out: Path) -> dict[str, dict[str, object]]:
    """The folder holds exactly the files its manifest lists (besides the user's), each with the listed
    size and hash, and nothing a build left behind; returns the manifest."""
    listed = _manifest(out)
    present = set(_files(out)) - {"manifest.json", NOTES}
    assert present == set(listed), (present, set(listed))
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest(), name
    return listed


def _no_leftovers(out: Path) -> None:
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == [".mmr-graph.lock"], hidden


def _build(out: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["build", "--no-curated", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def lists(tmp_path: Path) -> tuple[Path, Path]:
    """Two lists whose builds differ in every file."""
    other = tmp_path / "other.md"
    other.write_text(
        "# Other list\n\n## Papers\n\n- **[Video]** Clip-R1: a video reasoner [[paper](https://arxiv.org/abs/2505.00001)]"
        " [[code](https://github.com/example/clip-r1)]\n",
        encoding="utf-8",
    )
    return FIXTURES / "kitchen_sink.md", other


def test_a_build_writes_a_deterministic_manifest_of_its_files(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    out = tmp_path / "out"
    _build(out, str(lists[0]))
    listed = consistent(out)
    assert set(listed) == {
        "graph.ttl",
        "graph.nt",
        "graph.jsonld",
        "index.html",
        "ontology.html",
        "ontology.ttl",
    }
    first = (out / "manifest.json").read_bytes()
    assert b"time" not in first and b"date" not in first.lower().replace(b"update", b"")
    _build(out, str(lists[0]))
    assert (out / "manifest.json").read_bytes() == first
    _no_leftovers(out)


def test_a_narrower_build_removes_the_files_of_the_previous_one(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    # before: graph.nt, graph.jsonld and index.html of the previous build stayed, looking current
    out = tmp_path / "out"
    _build(out, str(lists[0]))
    (out / NOTES).write_text("my notes\n", encoding="utf-8")
    _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    assert set(consistent(out)) == {"graph.ttl"}
    assert sorted(_files(out)) == ["graph.ttl", "manifest.json", NOTES]
    assert (out / NOTES).read_text(encoding="utf-8") == "my notes\n"
    _no_leftovers(out)


def test_views_of_earlier_builds_go_and_a_view_has_one_name_whatever_its_case(tmp_path: Path) -> None:
    # before: view-*.html piled up, and method:grpo and method:GRPO gave two files
    out = tmp_path / "out"
    for spelling in ("method:grpo", "method:GRPO", "method:Grpo"):
        output = CliRunner().invoke(main, ["build", "--out", str(out), "--view", spelling])
        assert output.exit_code == 0, output.output
        assert sorted(n for n in _files(out) if n.startswith("view-")) == ["view-method-GRPO.html"]
    _build(out, "--view", "modality:video")
    assert sorted(n for n in consistent(out) if n.startswith("view-")) == ["view-modality-video.html"]


def test_a_build_never_replaces_a_file_it_did_not_write(tmp_path: Path, lists: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# my own turtle\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--no-curated", str(lists[0]), "--out", str(out)])
    assert result.exit_code == 1
    assert "not written by a build" in result.output and result.output.count("\n") == 1
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# my own turtle\n"
    assert sorted(_files(out)) == ["graph.ttl"]


def test_a_manifest_that_is_not_ours_stops_the_build(tmp_path: Path, lists: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text('{"name": "my web app"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--no-curated", str(lists[0]), "--out", str(out)])
    assert result.exit_code == 1 and "not a manifest of mmr-graph" in result.output
    assert sorted(_files(out)) == ["manifest.json"]


def test_files_of_a_build_before_manifests_are_taken_over(tmp_path: Path, lists: tuple[Path, Path]) -> None:
    # an out/ written by an earlier version: its lock file shows a build wrote the graph files
    out = tmp_path / "out"
    out.mkdir()
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "index.html", "view-method-GRPO.html"):
        (out / name).write_text("old\n", encoding="utf-8")
    (out / ".mmr-graph.lock").touch()
    (out / NOTES).write_text("mine\n", encoding="utf-8")
    _build(out, str(lists[1]), "--format", "nt")
    assert set(consistent(out)) == {"graph.nt", "index.html", "ontology.html", "ontology.ttl"}
    assert sorted(_files(out)) == [
        "graph.nt",
        "index.html",
        "manifest.json",
        NOTES,
        "ontology.html",
        "ontology.ttl",
    ]


def test_a_second_build_waits_for_the_first(tmp_path: Path, lists: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "mmr_graph", "build", "--no-curated", str(lists[0]), "--out", str(out)]
    with output_folder.OutputFolder(out):  # a build holding the folder
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(4)  # more than the build takes alone
        assert process.poll() is None and not (out / "graph.ttl").exists()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert err.splitlines()[0] == f"waiting for another build into {out} (process {os.getpid()}) to finish"
    consistent(out)


# --- killed builds -------------------------------------------------------------------------------------

# Runs the CLI with every change to the file system counted (os.replace, rename, unlink, rmdir, mkdir);
# KILL_AT=n sends SIGKILL to the process just before the n-th, KILL_AT=0 writes the count to COUNT_TO.
KILLER = """
import os, signal, sys
limit = int(os.environ["KILL_AT"])
count = 0
def counted(real):
    def step(*args, **kwargs):
        global count
        count += 1
        if count == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return step
for name in ("replace", "rename", "unlink", "rmdir", "mkdir"):
    setattr(os, name, counted(getattr(os, name)))
from mmr_graph.cli import main
try:
    main(sys.argv[1:])
finally:
    if limit == 0:
        with open(os.environ["COUNT_TO"], "w") as out:
            out.write(str(count))
"""


def _killed_build(args: list[str], at: int, count_to: Path | None = None) -> int:
    env = {**os.environ, "KILL_AT": str(at), "COUNT_TO": str(count_to or "")}
    process = subprocess.run(
        [sys.executable, "-c", KILLER, "build", "--no-curated", "-q", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return process.returncode


@pytest.mark.slow
def test_a_build_killed_at_every_step_of_its_change_leaves_one_builds_files(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    out = tmp_path / "out"
    old_args = [str(lists[0]), "--out", str(out)]
    new_args = [str(lists[1]), "--out", str(out), "--format", "ttl", "--format", "nt", "--no-html"]
    _build(out, *old_args[:1])
    (out / NOTES).write_text("mine\n", encoding="utf-8")
    old = consistent(out)
    counter = tmp_path / "count"
    assert _killed_build(new_args, 0, counter) == 0
    new = consistent(out)
    steps = int(counter.read_text())
    assert new != old and set(new) == {"graph.ttl", "graph.nt"}
    outcomes = []
    for at in range(1, steps + 1):
        _build(out, *old_args[:1])  # the next build cleans up after the killed one
        _no_leftovers(out)
        assert consistent(out) == old
        assert _killed_build(new_args, at) == -9
        pending = (out / output_folder.JOURNAL).exists()
        if not pending:  # untouched, or done
            current = consistent(out)
        # any command reading the folder finishes a change a killed build left
        graph = out / "graph.ttl"
        answer = CliRunner().invoke(
            main, ["query", "--graph", str(graph), "--format", "csv", "ASK { ?s ?p ?o }"]
        )
        assert answer.exit_code == 0, answer.output
        current = consistent(out)
        assert current in (old, new), at
        if pending:
            assert current == new, at
        outcomes.append("new" if current == new else "old")
        assert (out / NOTES).read_text(encoding="utf-8") == "mine\n"
    assert "old" in outcomes and "new" in outcomes, outcomes
    _build(out, *new_args[:1], *new_args[3:])
    _no_leftovers(out)
    assert consistent(out) == new


def test_a_reader_that_cannot_write_reads_the_file_the_journal_puts_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = out / (output_folder.STAGING_PREFIX + "x")
    staging.mkdir(parents=True)
    (out / "graph.ttl").write_text("old\n", encoding="utf-8")
    (staging / "graph.ttl").write_text("new\n", encoding="utf-8")
    journal = {"staging": staging.name, "rename": ["graph.ttl", "manifest.json"], "remove": []}
    (out / output_folder.JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    real_settle = output_folder.settle

    def read_only(folder: Path) -> None:
        raise PermissionError(13, "Permission denied")

    output_folder.settle = read_only  # type: ignore[assignment]
    try:
        assert output_folder.current_file(out / "graph.ttl").read_text(encoding="utf-8") == "new\n"
    finally:
        output_folder.settle = real_settle
    assert output_folder.current_file(out / "graph.ttl") == out / "graph.ttl"
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "new\n"
    assert not (out / output_folder.JOURNAL).exists() and not staging.exists()


@pytest.mark.parametrize(
    "command", [["query", "--format", "csv", "ASK { ?s ?p ?o }", "--graph"], ["validate"]]
)
def test_commands_reading_a_build_folder_finish_a_change_a_killed_build_left(
    tmp_path: Path, lists: tuple[Path, Path], command: list[str]
) -> None:
    out = tmp_path / "out"
    _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    old = (out / "graph.ttl").read_bytes()
    staging = out / (output_folder.STAGING_PREFIX + "killed")
    staging.mkdir()
    (staging / "graph.ttl").write_bytes(old.replace(b"Clip-R1", b"Clip-R2"))
    (staging / "manifest.json").write_bytes((out / "manifest.json").read_bytes())  # rewritten below
    journal = {"staging": staging.name, "rename": ["graph.ttl", "manifest.json"], "remove": []}
    (out / output_folder.JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    result = CliRunner().invoke(main, [*command, str(out / "graph.ttl")])
    assert "Traceback" not in result.output
    assert not (out / output_folder.JOURNAL).exists() and not staging.exists()
    assert b"Clip-R2" in (out / "graph.ttl").read_bytes()


def test_a_command_given_the_folder_reads_a_file_the_manifest_lists(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    out = tmp_path / "out"
    _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    # a graph.nt that no build wrote (the loader reads graph.nt first, when it is the build's)
    (out / "graph.nt").write_text(
        "<http://example.org/not> <http://example.org/the> <http://example.org/build> .\n"
    )
    result = CliRunner().invoke(
        main, ["query", "--graph", str(out), "--format", "csv", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"]
    )
    assert result.exit_code == 0, result.output
    assert int(result.stdout.split()[1]) > 10


def test_a_failed_build_gives_no_claim_on_the_users_files(tmp_path: Path, lists: tuple[Path, Path]) -> None:
    # a build that stopped before its commit leaves a lock file: that must not make the user's index.html
    # look like an earlier version's output, to be replaced by the next build
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<p>my page</p>\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"- caf\xe9\n")
    assert CliRunner().invoke(main, ["build", str(bad), "--out", str(out), "--no-html"]).exit_code == 1
    assert (out / ".mmr-graph.lock").exists()
    result = CliRunner().invoke(main, ["build", "--no-curated", str(lists[0]), "--out", str(out)])
    assert result.exit_code == 1 and "not written by a build" in result.output
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my page</p>\n"


def test_a_lock_file_planted_as_a_symlink_is_never_written_through(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    # before: the build opened .mmr-graph.lock through the link, truncated its target and wrote its pid
    victim = tmp_path / "victim.txt"
    victim.write_text("SECRET\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".mmr-graph.lock").symlink_to(victim)
    result = CliRunner().invoke(main, ["build", "--no-curated", str(lists[0]), "--out", str(out)])
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert result.output.count("\n") == 1, result.output
    assert victim.read_text(encoding="utf-8") == "SECRET\n"
    assert sorted(_files(out)) == []


def test_a_listed_file_the_user_changed_or_replaced_is_not_the_builds(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    # before: a folder where graph.nt was made the build's removal fail after its commit (a traceback,
    # and every later build failed the same way); a listed file the user rewrote was removed
    out = tmp_path / "out"
    _build(out, str(lists[0]), "--format", "ttl", "--format", "nt", "--format", "jsonld", "--no-html")
    (out / "graph.nt").unlink()
    (out / "graph.nt").mkdir()
    (out / "graph.nt" / "mine.txt").write_text("mine\n", encoding="utf-8")
    (out / "graph.jsonld").write_text("my own edit\n", encoding="utf-8")
    for _ in range(2):
        _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    assert (out / "graph.nt" / "mine.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / "graph.jsonld").read_text(encoding="utf-8") == "my own edit\n"
    assert set(_manifest(out)) == {"graph.ttl"}
    _no_leftovers(out)
    result = CliRunner().invoke(main, ["build", "--no-curated", str(lists[1]), "--out", str(out)])
    assert result.exit_code == 1 and "not written by a build" in result.output  # graph.nt is the user's
    assert result.output.count("\n") == 1, result.output


def test_a_manifest_edited_to_list_a_users_file_gives_no_claim_on_it(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    out = tmp_path / "out"
    _build(out, str(lists[0]), "--format", "ttl", "--no-html")
    (out / NOTES).write_text("my notes\n", encoding="utf-8")
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    document["files"] += [
        {"path": NOTES, "sha256": "0" * 64, "bytes": 9},
        {"path": "../outside.txt", "sha256": "0" * 64, "bytes": 1},
        {"path": str(tmp_path / "outside.txt"), "sha256": "0" * 64, "bytes": 1},
    ]
    (out / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    assert (out / NOTES).read_text(encoding="utf-8") == "my notes\n"
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "x"
    assert set(consistent(out)) == {"graph.ttl"}


def test_a_planted_journal_never_moves_files_from_outside_the_folder(
    tmp_path: Path, lists: tuple[Path, Path]
) -> None:
    # before: a journal naming a "staging folder" that is a link to another folder made the next build
    # (or any command reading the folder) move that folder's files into --out
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa").write_text("PRECIOUS\n", encoding="utf-8")
    out = tmp_path / "out"
    _build(out, str(lists[0]), "--format", "ttl", "--no-html")
    (out / ".mmr-graph.staging-evil").symlink_to(outside)
    journal = {"staging": ".mmr-graph.staging-evil", "rename": ["id_rsa"], "remove": []}
    (out / ".mmr-graph.journal.json").write_text(json.dumps(journal), encoding="utf-8")
    _build(out, str(lists[1]), "--format", "ttl", "--no-html")
    assert (outside / "id_rsa").read_text(encoding="utf-8") == "PRECIOUS\n"
    assert not (out / "id_rsa").exists()
    assert set(consistent(out)) == {"graph.ttl"}
