"""``mmr-graph history``: every version of a list from a temporary git repository's history, checked against
counts made from the raw versions (regular expressions), the RDF checked with Oxigraph and SHACL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from git_repos import make_repo
from mmr_graph.cli import main

ARXIV = re.compile(r"arxiv\.org/abs/(\d{4}\.\d{4,5})")
MMR = "https://w3id.org/mmr-graph/ns#"


def item(n: int, section_title: str = "Paper") -> str:
    return f"- {section_title} {n}: a work [[paper]](https://arxiv.org/abs/2501.{n:05d})\n"


def version(numbers: list[int]) -> str:
    return "# Demo\n\n## Models\n" + "".join(item(n) for n in numbers)


# (commit date, arXiv numbers listed): 3 added, then 2 more, then 1 removed and 1 added, then the file changes
# nothing of the entries (a retitle), then an empty version (skipped)
VERSIONS = [
    ("2025-01-10T09:00:00+00:00", [1, 2, 3]),
    ("2025-02-03T09:00:00+00:00", [1, 2, 3, 4, 5]),
    ("2025-03-15T09:00:00+00:00", [1, 3, 4, 5, 6]),
    ("2025-04-01T09:00:00+00:00", [1, 3, 4, 5, 6, 7]),
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    texts = [(date, version(numbers)) for date, numbers in VERSIONS]
    texts.insert(3, ("2025-03-20T09:00:00+00:00", "# Demo\n\nNothing yet.\n"))  # no entries: skipped
    return make_repo(tmp_path / "demo-list", texts)


def expected_seen(texts: list[tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """arXiv id -> (first, last) commit date of the versions that list it, from the raw text."""
    seen: dict[str, tuple[str, str]] = {}
    for date, text in texts:
        for arxiv in ARXIV.findall(text):
            first = seen.get(arxiv, (date[:10], date[:10]))[0]
            seen[arxiv] = (first, date[:10])
    return seen


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_history_first_and_last_seen(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    output = run("history", str(repo), "--out", str(out), "--no-html")
    assert "4 versions" in output and "1 skipped" in output
    texts = [(date, version(numbers)) for date, numbers in VERSIONS]
    seen = expected_seen(texts)
    latest = set(ARXIV.findall(texts[-1][1]))
    assert (
        f"{len(seen)} entries ever listed: {len(latest)} in the latest version, {len(seen) - len(latest)} removed"
        in output
    )
    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"""SELECT ?paper ?first ?last ?removed WHERE {{
              ?e <{MMR}paper> ?paper ; <{MMR}firstSeen> ?first ; <{MMR}lastSeen> ?last .
              OPTIONAL {{ ?e <{MMR}removed> ?removed }} }}"""
    )
    got = {
        ARXIV.search(r["paper"].value).group(1): (r["first"].value, r["last"].value, r["removed"])
        for r in rows
    }  # type: ignore[index,union-attr]
    assert {k: v[:2] for k, v in got.items()} == seen
    assert {k for k, v in got.items() if v[2] is not None} == set(seen) - latest == {"2501.00002"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"graph.ttl", "graph.trig", "graph.nt", "graph.jsonld"} <= {f["path"] for f in manifest["files"]}


def test_trig_has_one_named_graph_per_version(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("history", str(repo), "--out", str(out), "--no-html", "--quiet")
    quads = list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    named = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(named) == len(VERSIONS)
    for graph, (_, numbers) in zip(sorted(named, key=lambda g: _date(quads, g)), VERSIONS, strict=True):
        entries = {q.subject for q in quads if q.graph_name == graph and q.predicate.value.endswith("type")}
        assert len(entries) == len(numbers)
    # the default graph is graph.ttl
    default = {(q.subject, q.predicate, q.object) for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}
    ttl = {
        (t.subject, t.predicate, t.object)
        for t in ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    }
    assert default == ttl


def _date(quads: list[ox.Quad], graph: object) -> str:
    return next(q.object.value for q in quads if q.subject == graph and q.predicate.value.endswith("/date"))


def test_since_and_every(repo: Path, tmp_path: Path) -> None:
    output = run("history", str(repo), "--out", str(tmp_path / "a"), "--no-html", "--since", "2025-02-01")
    assert "3 versions" in output and "2025-02-03" in output
    output = run("history", str(repo), "--out", str(tmp_path / "b"), "--no-html", "--every", "2")
    # commits 1, 3 and 5 of five (the empty fourth is not read): 4, 5 and 6 are first seen in March
    assert "3 versions" in output and "0 skipped" in output
    assert "first seen per month: 2025-01 3, 2025-03 3, 2025-04 1" in output


def test_history_validates(repo: Path, tmp_path: Path) -> None:
    run("history", str(repo), "--out", str(tmp_path / "out"), "--no-html", "-q")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_history_other_path(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [("2025-05-05T00:00:00+00:00", version([9]))], path="lists/field.md")
    output = run("history", str(repo), "--path", "lists/field.md", "--out", str(tmp_path / "o"), "--no-html")
    assert "1 versions" in output or "1 version" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/nothing"], "no such directory"),
        (["{repo}", "--path", "NOPE.md"], "no commit changes 'NOPE.md'"),
        (["{repo}", "--ref", "-bad"], "not a git revision"),
        (["{repo}", "--since", "2030-01-01"], "no commit changes"),
    ],
)
def test_bad_history_is_one_line(repo: Path, tmp_path: Path, args: list[str], message: str) -> None:
    argv = [a.format(repo=repo, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["history", *argv, "--out", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
