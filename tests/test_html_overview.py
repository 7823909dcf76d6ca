"""What the view's page data says about lists, overlap, time and fact sources, checked against the commands
that count the same things (``mmr-graph overlap``, ``mmr-graph history``) and against the raw lists."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from git_repos import make_repo
from mmr_graph.cli import main
from test_overlap import LISTS

_DATA = re.compile(r'<script id="graph-data" type="application/json">(.*?)</script>', re.S)
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def page_data(out: Path) -> dict[str, Any]:
    return page_data_of(out / "index.html")


def page_data_of(page: Path) -> dict[str, Any]:
    match = _DATA.search(page.read_text(encoding="utf-8"))
    assert match
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def facet(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((f for f in data["facets"] if f["id"] == name), None)


def entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in data["records"] if r["kind"] == "entry"]


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("lists")
    paths = []
    for name, text in LISTS.items():
        path = root / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_overlap_in_the_view_is_the_overlap_command(lists: list[Path], tmp_path: Path) -> None:
    run("build", *map(str, lists), "--out", str(tmp_path / "out"), "-q")
    data = page_data(tmp_path / "out")
    report = json.loads(run("overlap", *map(str, lists), "--format", "json"))
    shown = data["overview"]["overlap"]
    assert {(m["id"], m["title"], m["entries"], m["papers"]) for m in shown["lists"]} == {
        (m["id"], m["title"], m["entries"], m["papers"]) for m in report["lists"]
    }
    assert {m["id"]: m["only"] for m in shown["lists"]} == {k: len(v) for k, v in report["only_in"].items()}
    assert {frozenset((p["a"], p["b"])): (p["shared"], p["jaccard"]) for p in shown["pairs"]} == {
        frozenset((p["a"], p["b"])): (p["shared_papers"], p["jaccard"]) for p in report["pairs"]
    }
    assert shown["in_k"] == report["in_k_lists"]
    # independently: the papers two raw lists cite, by regular expression
    raw = {name: set(ARXIV.findall(text)) for name, text in LISTS.items()}
    pair = next(p for p in shown["pairs"] if {p["a"], p["b"]} == {"vision", "video"})
    assert pair["shared"] == len(raw["vision"] & raw["video"]) == 2


def test_list_facet_counts_the_entries_each_list_has(lists: list[Path], tmp_path: Path) -> None:
    run("build", *map(str, lists), "--out", str(tmp_path / "out"), "-q")
    data = page_data(tmp_path / "out")
    found = facet(data, "list")
    assert found and found["name"] == "List"
    assert [v["label"] for v in found["values"]] == ["Audio Reasoning", "Video Reasoning", "Vision Reasoning"]
    counts: dict[str, int] = {}
    for record in entries(data):
        for value in record["facets"]["list"]:
            counts[value] = counts.get(value, 0) + 1
    report = json.loads(run("overlap", *map(str, lists), "--format", "json"))
    assert counts == {m["id"]: m["entries"] for m in report["lists"]}
    gamma = next(r for r in entries(data) if r["label"].startswith("Gamma"))
    assert gamma["facets"]["list"] == ["audio", "video", "vision"]


def test_one_list_has_no_list_facet_and_no_matrix(lists: list[Path], tmp_path: Path) -> None:
    run("build", str(lists[0]), "--out", str(tmp_path / "out"), "-q")
    data = page_data(tmp_path / "out")
    assert facet(data, "list") is None and data["overview"]["overlap"] is None
    months = facet(data, "month")
    assert months and months["name"] == "Paper month"
    assert [v["id"] for v in months["values"]] == ["2025-01", "2025-02"]


# (commit date, arXiv numbers listed): 3 entries, then 2 more, then one removed and one added, then two more
VERSIONS = [
    ("2025-01-10T09:00:00+00:00", [1, 2, 3]),
    ("2025-02-03T09:00:00+00:00", [1, 2, 3, 4, 5]),
    ("2025-03-15T09:00:00+00:00", [1, 3, 4, 5, 6]),
    ("2025-04-01T09:00:00+00:00", [1, 3, 4, 5, 6, 7, 8]),
]


def version(numbers: list[int]) -> str:
    return "# Demo List\n\n## Models\n" + "".join(
        f"- **Work {n}**: a work [[paper]](https://arxiv.org/abs/2412.{n:05d})\n" for n in numbers
    )


@pytest.fixture(scope="module")
def history_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history")
    repo = make_repo(root / "demo", [(date, version(numbers)) for date, numbers in VERSIONS])
    run("history", str(repo), "--out", str(root / "out"), "-q")
    return root / "out"


def test_history_gives_first_seen_months_and_what_is_new(history_out: Path) -> None:
    data = page_data(history_out)
    months = facet(data, "month")
    assert months and months["name"] == "First seen"
    first: dict[str, str] = {}  # arXiv number -> month first listed, from the raw versions
    for date, numbers in VERSIONS:
        for n in numbers:
            first.setdefault(f"{n}", date[:7])
    shown = {r["label"].split()[-1]: r["facets"].get("month", [""])[0] for r in entries(data)}
    assert shown == first  # not the papers' month (2024-12): the month each entry came into the list
    change = {r["label"].split()[-1]: r["facets"].get("change", [""])[0] for r in entries(data)}
    assert {n for n, c in change.items() if c == "new"} == {"7", "8"}
    assert {n for n, c in change.items() if c == "removed"} == {"2"}
    timeline = data["overview"]["timeline"]
    assert (timeline["basis"], timeline["latest"], timeline["new"], timeline["removed"]) == (
        "first seen",
        "2025-04-01",
        2,
        1,
    )


def test_new_entries_wear_a_ring_in_the_graph(history_out: Path) -> None:
    data = page_data(history_out)
    ringed = {data["records"][node["id"]]["label"] for node in data["nodes"] if node.get("borderWidth") == 3}
    assert ringed == {"Work 7", "Work 8"}


def test_the_page_is_the_same_bytes_every_time(history_out: Path, lists: list[Path], tmp_path: Path) -> None:
    for name in ("a", "b"):
        run("build", *map(str, lists), "--out", str(tmp_path / name), "-q")
    digest = [hashlib.sha256((tmp_path / n / "index.html").read_bytes()).hexdigest() for n in ("a", "b")]
    assert digest[0] == digest[1]


def test_fact_sources_come_from_the_graph_whatever_they_are() -> None:
    """Each fact's source is the label of its mmr:factSource concept: a source the code has never heard of
    shows as the graph names it."""
    from mmr_graph.html.payload import page_data as make_page_data
    from mmr_graph.identity.namespaces import ID_IRI, MMR
    from mmr_graph.ingest import build_catalog
    from mmr_graph.network import to_networkx
    from mmr_graph.rdf.graph import iter_triples

    fixture = Path(__file__).parent / "fixtures" / "enrich" / "list.md"
    triples = list(iter_triples(build_catalog([fixture], curated=False)))
    made_up = URIRef(f"{ID_IRI}fact-source/oracle")
    triples = [(s, p, made_up) if p == MMR.factSource else (s, p, o) for s, p, o in triples]
    triples += [(made_up, RDF.type, SKOS.Concept), (made_up, SKOS.prefLabel, Literal("told by an oracle"))]
    data = make_page_data(to_networkx(triples))
    sources = {
        (r["label"], tuple(s)) for r in data["records"] if r["kind"] == "entry" for s in r.get("sources", [])
    }
    assert ("VisualPRM", ("Method", "PRM", "told by an oracle", "")) in sources
    assert all(s[2] == "told by an oracle" for _, s in sources)


def test_curated_and_extracted_facts_say_so() -> None:
    """A curated fact shows its record's evidence; an extracted one says it was extracted, in the words of
    its fact-source concept's label in the graph."""
    from rdflib.namespace import SKOS

    from mmr_graph.html.payload import page_data as make_page_data
    from mmr_graph.identity.namespaces import MMR
    from mmr_graph.ingest import build_catalog
    from mmr_graph.network import to_networkx
    from mmr_graph.rdf.graph import iter_triples

    fixture = Path(__file__).parent / "fixtures" / "enrich" / "list.md"
    for curated in (True, False):
        triples = list(iter_triples(build_catalog([fixture], curated=curated)))
        used = {o for _, p, o in triples if p == MMR.factSource}
        labels = {str(o) for s, p, o in triples if p == SKOS.prefLabel and s in used}
        data = make_page_data(to_networkx(triples))
        prm = next(r for r in data["records"] if r["label"] == "VisualPRM")
        fact, value, source, evidence = prm["sources"][0]
        assert (fact, value) == ("Method", "PRM") and source in labels
        if curated:
            assert (source, evidence) == ("curated", "https://arxiv.org/abs/2503.10291")
        else:
            assert source.startswith("extracted") and "title" in source


def test_a_focused_view_has_no_matrix(lists: list[Path], tmp_path: Path) -> None:
    """A page around one node keeps the list facet, but not the whole graph's overlap figures."""
    run("build", *map(str, lists), "--out", str(tmp_path / "out"), "-q", "--view", "paper:2502.00003")
    view = next((tmp_path / "out").glob("view-*.html"))
    data = page_data_of(view)
    assert data["overview"]["overlap"] is None
    assert facet(data, "list") is not None
