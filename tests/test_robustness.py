"""Defined behaviour on hostile input, and output that is never half-written (killed and concurrent builds).

The cases covered elsewhere are not repeated: CRLF, byte-order mark, non-UTF-8 bytes, empty files and
javascript:/data: URLs are in test_ingest.py; arbitrary markdown through the whole path is in
test_parser_properties.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mmr_graph.cli import main
from mmr_graph.errors import InputError
from mmr_graph.export.files import write_graph
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.links import UnusableURL, classify
from mmr_graph.model import Catalog
from mmr_graph.rdf.graph import iter_triples

OX_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
GRAPH_FILES = {"graph.ttl", "graph.nt", "graph.jsonld"}
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
# characters RFC 3987 never allows in an IRI as they are
BAD_IRI_CHARS = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f-\x9f\ufff0-\uffff]")


def _parse_complete(path: Path) -> list[ox.Triple]:
    """Parse a graph file strictly; it must hold exactly the triples its VoID description counts."""
    triples = list(ox.parse(path=str(path), format=OX_FORMATS[path.suffix]))
    declared = [t.object.value for t in triples if t.predicate.value == VOID_TRIPLES]
    assert declared == [str(len(triples))], (
        f"{path.name}: incomplete ({len(triples)} triples, VoID says {declared})"
    )
    return triples


def _build_everything(
    tmp_path: Path, text: str, formats: tuple[str, ...] = ("nt", "ttl", "jsonld")
) -> tuple[Catalog, dict[str, list[ox.Triple]]]:
    """The whole path: file -> catalog -> triples -> files on disk -> strict re-parse of each."""
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    catalog = build_catalog([path], curated=False)
    files = write_graph(iter_triples(catalog), tmp_path / "out", formats)
    parsed = {fmt: _parse_complete(file) for fmt, file in files.items()}
    for triple in parsed["nt"]:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                assert not BAD_IRI_CHARS.search(term.value), f"invalid IRI {term.value!r}"
    return catalog, parsed


# ---------------------------------------------------------------------------------------------------------
# size


@pytest.mark.slow
def test_a_10_mb_list_builds_completely_in_bounded_time(tmp_path: Path) -> None:
    words = "multimodal reasoning with reinforcement learning and chain of thought "
    body = (words * 75)[:5000]
    items = [
        f"- Work {i}: {body} [paper](https://arxiv.org/abs/2501.{i:05d}) [code](https://github.com/o{i}/r)"
        for i in range(2000)
    ]
    text = "# Big\n\n## Works\n\n" + "\n".join(items) + "\n"
    assert len(text.encode()) > 10_000_000
    start = time.perf_counter()
    catalog, parsed = _build_everything(tmp_path, text, ("nt", "ttl"))
    assert time.perf_counter() - start < 60  # about 5 s here; linear in the size
    assert len(catalog.entries) == 2000
    assert all(len(e.title) > 5000 for e in catalog.entries)
    assert len(parsed["ttl"]) == len(parsed["nt"])


LONG = 50_000
LONG_LINES = {
    "long title": ("- " + "word " * (LONG // 5) + "[paper](https://arxiv.org/abs/2504.07954)", LONG - 1),
    "long run of [": ("- Title " + "[" * LONG + " x [paper](https://arxiv.org/abs/2504.07954)", LONG + 8),
    "long run of ]": ("- Title " + "]" * LONG + " [paper](https://arxiv.org/abs/2504.07954)", LONG + 6),
    "long run of *": ("- Title " + "*" * LONG + " [paper](https://arxiv.org/abs/2504.07954)", LONG + 6),
    "long run of `": ("- Title " + "`" * LONG + " [paper](https://arxiv.org/abs/2504.07954)", LONG + 6),
    "long run of <": ("- Title " + "<" * LONG + " [paper](https://arxiv.org/abs/2504.07954)", LONG + 6),
    "long URL": ("- Title [page](https://example.org/" + "a" * LONG + ")", 5),
}


@pytest.mark.parametrize("name", LONG_LINES)
def test_a_50000_character_line_is_one_entry_kept_whole(tmp_path: Path, name: str) -> None:
    line, title_length = LONG_LINES[name]
    assert len(line) >= LONG
    start = time.perf_counter()
    catalog, _ = _build_everything(tmp_path, f"# T\n\n## S\n\n{line}\n")
    assert time.perf_counter() - start < 10  # under 1 s here; quadratic behaviour took minutes
    (entry,) = catalog.entries
    assert len(entry.title) == title_length
    assert len(entry.links) == 1
    if name == "long URL":
        assert entry.links[0].iri == "https://example.org/" + "a" * LONG


# ---------------------------------------------------------------------------------------------------------
# nesting and brackets


def _nested_list(depth: int) -> str:
    items = [f"{'  ' * d}- Level {d} [c](https://github.com/a/l{d})" for d in range(depth)]
    return "# T\n\n## S\n\n" + "\n".join([*items, "- After [c](https://github.com/a/after)"]) + "\n"


def test_a_list_nested_15_levels_deep_is_read_entirely(tmp_path: Path) -> None:
    catalog, _ = _build_everything(tmp_path, _nested_list(15))
    assert [e.title for e in catalog.entries] == [f"Level {d}" for d in range(15)] + ["After"]
    assert catalog.warnings == ()


def test_a_list_nested_deeper_than_20_levels_is_read_to_level_19_with_a_warning(tmp_path: Path) -> None:
    catalog, _ = _build_everything(tmp_path, _nested_list(300))
    assert [e.title for e in catalog.entries] == [f"Level {d}" for d in range(19)]
    (warning,) = catalog.warnings
    assert warning.line == 23
    assert "nested 20 levels deep: the rest of this block is not read" in warning.message


NESTING = [
        ("5000 nested quotes", ">" * 5000 + " - Quoted [c](https://github.com/a/q)\n\n- Out [c](https://github.com/a/o)\n", ["Out"]),
        ("5000 nested bullets", "- Top [c](https://github.com/a/t)\n" + "- " * 5000 + "Deep [c](https://github.com/a/d)\n", ["Top"]),
        ("2000 nested brackets", "- Title " + "[" * 2000 + "x" + "]" * 2000 + "(https://github.com/a/b)\n", ["Title"]),
        ("3000 nested links", "- Title " + "[a " * 3000 + "](https://github.com/a/b)" * 3000 + "\n", ["Title"]),
        ("3000 nested emphasis", "- Title " + "*_" * 3000 + "x" + "_*" * 3000 + " [c](https://github.com/a/b)\n", None),
        ("1000 headings", "".join(f"{'#' * (1 + d % 6)} H{d}\n\n- I{d} [c](https://github.com/a/h{d})\n\n" for d in range(1000)), None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "titles"), NESTING, ids=[c[0] for c in NESTING])
def test_deep_nesting_never_crashes(tmp_path: Path, name: str, text: str, titles: list[str] | None) -> None:
    start = time.perf_counter()
    catalog, _ = _build_everything(tmp_path, text)
    assert time.perf_counter() - start < 10
    if titles is not None:
        assert [e.title[:5] for e in catalog.entries] == titles
    if name == "1000 headings":
        assert len(catalog.entries) == 1000


@pytest.mark.parametrize(
    ("text", "title", "iris"),
    [
        # the link's closing parenthesis is missing: the bare URL is still the paper
        ("- Title A [paper](https://arxiv.org/abs/2504.07954", "Title A [paper]", ["https://arxiv.org/abs/2504.07954"]),
        # an extra opening bracket before a link-first item
        ("- [[paper](https://arxiv.org/abs/2504.07954) Title B", "paper", ["https://arxiv.org/abs/2504.07954"]),
        # stray closing brackets and parentheses around the links
        ("- Title C ]]] [code](https://github.com/a/b)) ((", "Title C ]]]", ["https://github.com/a/b"]),
        ("- Title D [[[[code](https://github.com/a/b)", "Title D", ["https://github.com/a/b"]),
        # an unclosed bold tag is part of the title, not a tag
        ("- **[Image** Title E [code](https://github.com/a/b)", "[Image Title E", ["https://github.com/a/b"]),
        # brackets that never close: no link, so no entry (a warning says so)
        ("- Title F [paper](no-url-here", None, []),
    ],
    ids=["missing )", "extra [", "stray ] and )", "four [", "unclosed bold", "never closed"],
)  # fmt: skip
def test_unbalanced_brackets_have_defined_results(
    tmp_path: Path, text: str, title: str | None, iris: list[str]
) -> None:
    sentinel = "- Sentinel [c](https://github.com/s/s)"
    catalog, _ = _build_everything(tmp_path, f"# T\n\n## S\n\n{text}\n{sentinel}\n")
    entries = [e for e in catalog.entries if e.title != "Sentinel"]
    if title is None:
        assert entries == []
        assert any("has no usable link; skipped" in w.message for w in catalog.warnings)
        return
    (entry,) = entries
    assert entry.title == title
    assert [link.iri for link in entry.links] == iris


# ---------------------------------------------------------------------------------------------------------
# URLs that are not valid IRIs as written


@pytest.mark.parametrize(
    ("link", "iri"),
    [
        ("[p](<https://example.org/a b>)", "https://example.org/a%20b"),
        ("[p](https://example.org/a<b>c)", "https://example.org/a%3Cb%3Ec"),
        ('[p](https://example.org/"q"{x}|y^z`)', "https://example.org/%22q%22%7Bx%7D%7Cy%5Ez%60"),
        ("[p](<https://example.org/<x>>)", "https://example.org/"),
        ("<https://example.org/x y>", "https://example.org/x"),
        ('<a href="https://example.org/a b">html</a>', "https://example.org/a"),
        ("[p](https://例え.jp/パス?q=値)", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E5%80%A4"),
        ("https://example.org/a\ufff0b", "https://example.org/a%EF%BF%B0b"),
    ],
    ids=[
        "space in <>",
        "angle brackets",
        "quotes and braces",
        "nested <>",
        "autolink with space",
        "html href",
        "IDN and non-ASCII",
        "noncharacter",
    ],
)
def test_urls_with_spaces_or_angle_brackets_become_valid_iris(tmp_path: Path, link: str, iri: str) -> None:
    catalog, parsed = _build_everything(tmp_path, f"# T\n\n## S\n\n- Title {link}\n")
    (entry,) = catalog.entries
    assert [li.iri for li in entry.links] == [iri]
    assert any(t.subject.value == iri for t in parsed["ttl"])


url_text = st.text(alphabet=st.sampled_from([*"ab:/?#[]@!$&'()*+,;=%-._~ <>\"{}|\\^`0123456789AF", "é", "\ufff0", "\x85"]), max_size=30)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(scheme=st.sampled_from(["http://", "https://", "HTTPS://"]), host=st.sampled_from(["e.org", "github.com", "arxiv.org", "[::1]", "例え.jp"]), rest=url_text)  # fmt: skip
def test_every_url_classify_accepts_gives_a_valid_iri(scheme: str, host: str, rest: str) -> None:
    try:
        found = classify(scheme + host + rest)
    except UnusableURL:
        return
    ox.NamedNode(found.iri)  # raises on an invalid IRI
    assert classify(found.iri).iri == found.iri  # and canonical IRIs are fixed points


# ---------------------------------------------------------------------------------------------------------
# builds that are killed, and builds that run at the same time


def _synthetic_list(path: Path, items: int, month: int) -> str:
    """A list of ``items`` entries; its id (from the file name) names the build in the output's VoID."""
    lines = [f"# Synthetic {month}", "", "## Works", ""]
    for i in range(items):
        lines.append(
            f"- **[Image]** Work {month}-{i}: a synthetic entry for robustness tests "
            f"[[paper](https://arxiv.org/abs/25{month:02d}.{i:05d})] [[code](https://github.com/w{month}/r{i})]"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"https://w3id.org/mmr-graph/id/list/{path.stem.replace('.', '-')}"


def _build_command(lst: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mmr_graph",
        "build",
        str(lst),
        "--out",
        str(out),
        "--no-html",
        "-q",
        "--no-curated",
    ]


def _check_output(out: Path, lists: set[str]) -> set[str]:
    """As any command reading the folder sees it (a change a killed build left is finished first): every
    graph.* file parses completely, is listed in manifest.json with its hash, and all were built from the
    same one of ``lists``; nothing named like an output is incomplete. Returns the list they come from."""
    from mmr_graph.export.folder import settle
    from mmr_graph.export.manifest import STAGING_PREFIX

    settle(out)
    names = {p.name for p in out.iterdir()}
    visible = {n for n in names if not n.startswith(".")}
    assert visible <= GRAPH_FILES | {"manifest.json"}, f"unexpected files in out/: {visible - GRAPH_FILES}"
    hidden = {n for n in names if n.startswith(".")} - {".mmr-graph.lock"}
    assert all(n.startswith(STAGING_PREFIX) for n in hidden), hidden  # a killed build's, removed by the next
    if visible:
        listed = {
            e["path"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
        }
        assert set(listed) == visible - {"manifest.json"}
        for name, entry in listed.items():
            assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"], name
    sources = set()
    for name in sorted(visible - {"manifest.json"}):
        triples = _parse_complete(out / name)
        derived = {
            t.object.value
            for t in triples
            if t.predicate.value == PROV_DERIVED and "/id/graph/" in t.subject.value
        }
        assert len(derived) == 1 and derived <= lists, (name, derived)
        sources |= derived
    assert len(sources) <= 1, f"files of two builds: {sources}"
    return sources


def _temp_files(out: Path) -> list[str]:
    """Files a build is writing (in its staging folder in out/)."""
    from mmr_graph.export.manifest import STAGING_PREFIX

    found = []
    for name in os.listdir(out):
        if name.startswith(STAGING_PREFIX):
            with contextlib.suppress(FileNotFoundError):  # committed or removed meanwhile
                found += [f"{name}/{inner}" for inner in os.listdir(out / name)]
    return found


def _kill_at(cmd: list[str], out: Path, moment: str, delay: float) -> str:
    """Start a build, SIGKILL it at ``moment`` (after ``delay`` s, when a temporary file appears, or when
    the first output file is replaced), and say when it died."""
    before = {n: os.stat(out / n).st_ino for n in GRAPH_FILES if (out / n).exists()}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < 120:
        if moment == "delay" and time.monotonic() - start >= delay:
            break
        if moment == "writing" and _temp_files(out):
            break
        if moment == "renaming" and any(os.stat(out / n).st_ino != ino for n, ino in before.items()):
            break
        time.sleep(0.001)
    if proc.poll() is not None:
        return f"finished before {moment}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return f"killed at {moment} after {time.monotonic() - start:.2f} s"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_build_killed_at_any_moment_leaves_complete_previous_or_new_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old_id = _synthetic_list(tmp_path / "old.md", 50, 1)
    new_id = _synthetic_list(tmp_path / "new.md", 1500, 2)
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "old.md"), "--out", str(out), "--no-html", "-q"]
    )
    assert result.exit_code == 0, result.output
    assert _check_output(out, {old_id}) == {old_id}

    rng = random.Random(20250530)
    seen = []
    for moment in ("delay", "writing", "renaming"):
        seen.append(_kill_at(_build_command(tmp_path / "new.md", out), out, moment, 0.2))
        _check_output(out, {old_id, new_id})
    # then at random moments up to the time a build took to reach its renames
    took = float(re.search(r"after ([\d.]+) s", seen[-1]).group(1)) if "killed" in seen[-1] else 1.0  # type: ignore[union-attr]
    for _ in range(3):
        seen.append(_kill_at(_build_command(tmp_path / "new.md", out), out, "delay", rng.uniform(0.1, took)))
        _check_output(out, {old_id, new_id})
    assert sum("killed" in s for s in seen) >= 5, seen
    # a build after the killed ones completes, and leaves the new output
    result = CliRunner().invoke(main, _build_command(tmp_path / "new.md", out)[3:])
    assert result.exit_code == 0, result.output
    assert _check_output(out, {old_id, new_id}) == {new_id}


@pytest.mark.slow
def test_two_builds_into_one_directory_at_once_leave_one_complete_output(tmp_path: Path) -> None:
    lists = {name: (_synthetic_list(tmp_path / f"{name}.md", items, month), tmp_path / f"{name}.md")
             for name, items, month in (("alpha", 200, 3), ("beta", 300, 4))}  # fmt: skip
    reference = {}
    for name, (_, path) in lists.items():
        result = CliRunner().invoke(
            main, ["build", str(path), "--out", str(tmp_path / name), "--no-html", "-q"]
        )
        assert result.exit_code == 0, result.output
        reference[name] = {f: (tmp_path / name / f).read_bytes() for f in GRAPH_FILES}
    out = tmp_path / "out"
    procs = [subprocess.Popen(_build_command(path, out)) for _, path in lists.values()]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    # every file is complete, equal to one build's output, and all of them come from the same build
    assert len(_check_output(out, {list_id for list_id, _ in lists.values()})) == 1
    winner = "alpha" if (out / "graph.nt").read_bytes() == reference["alpha"]["graph.nt"] else "beta"
    for name in GRAPH_FILES:
        assert (out / name).read_bytes() == reference[winner][name], name
    assert _temp_files(out) == []


def test_temporary_files_of_dead_writers_are_removed_only_when_old(tmp_path: Path) -> None:
    from mmr_graph.export import atomic

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    names = {
        "old_dead": f".graph.ttl.{dead_pid}.abcd1234.tmp",
        "young_dead": f".graph.nt.{dead_pid}.efgh5678.tmp",
        "old_alive": f".graph.ttl.{os.getppid()}.ijkl9012.tmp",
        "not_ours": ".graph.ttl.abcd1234.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"partial")
    old = time.time() - atomic.STALE_AFTER - 60
    for key in ("old_dead", "old_alive", "not_ours"):
        os.utime(tmp_path / names[key], (old, old))
    removed = atomic.sweep_stale(tmp_path)
    assert [p.name for p in removed] == [names["old_dead"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        names[k] for k in ("young_dead", "old_alive", "not_ours")
    )
    # a write sweeps the directory it writes into, and leaves no temporary file of its own
    os.utime(tmp_path / names["young_dead"], (old, old))
    atomic.write_atomic(tmp_path / "graph.ttl", b"complete")
    assert (tmp_path / "graph.ttl").read_bytes() == b"complete"
    assert not (tmp_path / names["young_dead"]).exists()
    assert not [p for p in tmp_path.iterdir() if f".{os.getpid()}." in p.name]


def test_a_file_that_cannot_be_read_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    # a list that is a named pipe, a directory or unreadable never gives a traceback
    path = tmp_path / "list.md"
    path.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        build_catalog([path])
