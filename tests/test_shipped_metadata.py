"""The arXiv metadata shipped in ``data/metadata/``: every record checked, the file canonical and described
by its sidecar, and the embedded build (``mmr-graph build``, offline) putting it into the graph, a newer
cache answer winning over a shipped record."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from mmr_graph.cli import main
from mmr_graph.enrich.assemble import assemble, tidied
from mmr_graph.enrich.records import Metadata, Origin, PaperMetadata
from mmr_graph.enrich.shipped import (
    FIELDS,
    SIDECAR,
    canonical_line,
    problems,
    shipped_file,
    shipped_metadata,
)
from mmr_graph.enrich.stored import merged
from mmr_graph.enrich.summary import metadata_line
from mmr_graph.identity.namespaces import ARXIV, MMR, SDO
from mmr_graph.rdf.enrichment import person_iri
from test_enrich import LIST, fixture_cache

SHIPPED = shipped_file()
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
ORIGIN = URIRef("https://w3id.org/mmr-graph/id/metadata/arxiv-shipped")


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SHIPPED.read_text(encoding="utf-8").splitlines()]


@cache
def default_list_papers() -> frozenset[str]:
    from mmr_graph.enrich.assemble import default_list_papers as papers

    return frozenset(papers()[1])


# -------------------------------------------------------------------------------------------------------
# the data, record by record


@pytest.mark.parametrize("record", records(), ids=lambda r: str(r.get("arxiv_id")))
def test_every_shipped_record_follows_the_rules(record: dict[str, Any]) -> None:
    assert problems(record) == []
    assert record["arxiv_id"] in default_list_papers(), "not a paper of the default list"
    assert record["title"] and all(record["authors"])
    if record["published"] is not None:
        assert record["published"] <= record["read_on"]
    assert all(s.split("/")[2].rstrip(".").endswith("arxiv.org") for s in record["sources"])
    assert "<p>" not in record["abstract"] and "&amp;" not in record["abstract"]


def test_the_file_is_canonical_and_its_sidecar_says_what_it_holds() -> None:
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    found = records()
    assert len(found) >= 80
    ids = [r["arxiv_id"] for r in found]
    assert ids == sorted(set(ids)), "sorted by arXiv id, one record a paper"
    assert lines == [canonical_line(r) for r in found]
    assert all(list(r) == list(FIELDS) for r in found)
    about = json.loads((SHIPPED.parent / SIDECAR).read_text(encoding="utf-8"))
    assert about["licence"] == "CC0-1.0" and about["licence_url"] == str(CC0)
    assert "arxiv.org" in about["source"]
    assert about["records"] == len(found)
    assert about["complete_abstracts"] == sum(r["abstract_complete"] for r in found)
    assert (about["read_from"], about["read_to"]) == (min(r["read_on"] for r in found), max(r["read_on"] for r in found))  # fmt: skip
    assert about["papers_in_list"] == len(default_list_papers())
    accounted = set(ids) | set(about["not_found"]) | set(about["left_out"]) | set(about["missing"])
    assert accounted == set(default_list_papers())
    assert len(accounted) == len(ids) + len(about["not_found"]) + len(about["left_out"]) + len(
        about["missing"]
    )


GOOD: dict[str, Any] = {
    "arxiv_id": "2505.14362",
    "title": "A Title",
    "authors": ["Ada Example", "Jürgen Müller"],
    "abstract": "We show $x^2$ and 80.7\\% gains.",
    "abstract_complete": True,
    "published": "2025-05-20",
    "categories": ["cs.CV", "q-bio.QM", "physics.med-ph", "hep-th"],
    "doi": "10.48550/arXiv.2505.14362",
    "journal_ref": None,
    "sources": ["https://arxiv.org/abs/2505.14362v3", "http://export.arxiv.org/abs/2505.14362"],
    "read_on": "2026-12-05",
}


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"arxiv_id": "2505.14362v3"}, "arxiv_id"),
        ({"arxiv_id": "arXiv:2505.14362"}, "arxiv_id"),
        ({"title": ""}, "title"),
        ({"title": "Two\nlines"}, "title"),
        ({"authors": "Ada Example"}, "authors"),
        ({"authors": ["Ada  Example"]}, "authors"),
        ({"abstract": "<p>We show</p>"}, "markup"),
        ({"abstract": 'We show <span class="ltx_text">x</span>'}, "markup"),
        ({"abstract": "We show <math><mi>x</mi></math>"}, "markup"),
        ({"abstract": "Tom &amp; Jerry"}, "markup"),
        ({"abstract": "Abstract: We show"}, "markup"),
        ({"abstract": "", "abstract_complete": True}, "empty abstract"),
        ({"published": "2026-12-06"}, "after read_on"),
        ({"published": "2025-02-30"}, "not a date"),
        ({"published": "2024-05-20"}, "month"),
        ({"read_on": "05/12/2026"}, "read_on"),
        ({"categories": ["Computer Vision"]}, "categories"),
        ({"categories": ["cs.CV", "cs.CV"]}, "repeat"),
        ({"doi": "doi.org/10.1/x"}, "doi"),
        ({"sources": ["https://arxiv.org.evil.example/abs/2505.14362"]}, "sources"),
        ({"sources": ["https://huggingface.co/papers/2505.14362"]}, "sources"),
        ({"sources": []}, "sources"),
    ],
)
def test_each_rule_finds_what_it_is_about(change: dict[str, Any], rule: str) -> None:
    assert problems(GOOD) == []
    found = problems({**GOOD, **change})
    assert len(found) == 1 and rule in found[0], found


def test_a_models_own_tokens_are_not_markup() -> None:
    assert problems({**GOOD, "abstract": "It answers in <think> </think> <answer> tags, 3 < 4 > 2."}) == []


def test_a_paper_submitted_after_the_months_last_deadline_has_the_next_months_number() -> None:
    assert problems({**GOOD, "arxiv_id": "2506.00711", "published": "2025-05-31"}) == []


def test_the_assembly_tidies_chooses_and_accounts() -> None:
    base = {**GOOD, "found": True}
    lines = [
        ("a:1", json.dumps({**base, "title": " A  Title\n", "abstract_complete": False})),
        ("b:1", json.dumps({**base, "arxiv_id": "2505.14362v2"})),  # the more complete: chosen
        ("b:2", json.dumps({**base, "arxiv_id": "2501.00001", "found": False})),
        ("b:3", json.dumps({**base, "arxiv_id": "2501.00002", "published": None, "title": ""})),
        ("b:4", json.dumps({**base, "arxiv_id": "2401.99999"})),
        ("b:5", "{not json"),
    ]
    wanted = {"2505.14362", "2501.00001", "2501.00002", "2501.00003"}
    account = assemble(lines, wanted)
    assert [r["arxiv_id"] for r in account["records"]] == ["2505.14362"]
    assert account["records"][0] == {k: GOOD[k] for k in FIELDS}
    assert account["not_found"] == ["2501.00001"] and account["missing"] == ["2501.00003"]
    assert list(account["left_out"]) == ["2501.00002"] and "title" in account["left_out"]["2501.00002"]
    assert account["not_in_the_list"] == ["2401.99999"] and account["unreadable"] == ["b:5: not JSON"]
    assert tidied({**base, "published": "", "doi": ""})["published"] is None


def test_two_reads_of_a_paper_make_one_record_with_what_each_found() -> None:
    first = {**GOOD, "authors": [], "sources": ["https://arxiv.org/abs/2505.14362"], "found": True}
    second = {**GOOD, "published": None, "categories": [], "sources": ["https://arxiv.org/html/2505.14362v3"],
              "abstract": "We show", "abstract_complete": False, "found": True}  # fmt: skip
    for lines in ([("a:1", json.dumps(first)), ("b:1", json.dumps(second))],
                  [("b:1", json.dumps(second)), ("a:1", json.dumps(first))]):  # fmt: skip
        (record,) = assemble(lines, {"2505.14362"})["records"]
        assert record["authors"] == GOOD["authors"] and record["published"] == GOOD["published"]
        assert record["categories"] == GOOD["categories"] and record["abstract"] == GOOD["abstract"]
        assert record["sources"][0] in first["sources"] + second["sources"] and len(record["sources"]) == 2
    # a value taken from a wrong read (a date outside the identifier's month) is not taken
    wrong = {**first, "published": "2024-01-01", "authors": ["Someone Else"], "abstract_complete": False}
    ok = {**GOOD, "published": None, "found": True}
    (record,) = assemble([("a:1", json.dumps(ok)), ("b:1", json.dumps(wrong))], {"2505.14362"})["records"]
    assert record["published"] is None and record["authors"] == GOOD["authors"]


# -------------------------------------------------------------------------------------------------------
# shipped and cache: the newer record wins


def paper(arxiv_id: str, title: str, fetched_at: str) -> PaperMetadata:
    return PaperMetadata(arxiv_id, title, ("A",), "", None, (), None, None, fetched_at)


def test_the_newer_record_of_a_paper_wins() -> None:
    iri_a, iri_b = ARXIV + "2501.00001", ARXIV + "2501.00002"
    shipped = Metadata(
        papers={iri_a: paper("2501.00001", "shipped", "2026-12-05"), iri_b: paper("2501.00002", "shipped", "2026-12-05")},
        origins=(Origin("arxiv", "shipped", 2, "2026-12-05", "2026-12-05"),),
    )  # fmt: skip
    cached = Metadata(
        papers={iri_a: paper("2501.00001", "cache", "2026-12-05T08:00:00+00:00"),
                iri_b: paper("2501.00002", "cache", "2026-12-04T23:59:59+00:00")},
        origins=(Origin("arxiv", "cache", 2, "2026-12-04T23:59:59+00:00", "2026-12-05T08:00:00+00:00"),),
    )  # fmt: skip
    for together in (merged(shipped, cached), merged(cached, shipped)):
        assert together.papers[iri_a].title == "cache"  # an answer of the same day is the newer
        assert together.papers[iri_b].title == "shipped"
        assert together.origins == (
            Origin("arxiv", "shipped", 1, "2026-12-05", "2026-12-05"),
            Origin("arxiv", "cache", 1, "2026-12-05T08:00:00+00:00", "2026-12-05T08:00:00+00:00"),
        )
        assert metadata_line(together) == (
            "metadata: arXiv 1 (shipped, read 2026-12-05), arXiv 1 (cache, fetched 2026-12-05)"
        )


def test_only_the_graphs_own_papers_are_taken() -> None:
    some = [r["arxiv_id"] for r in records()[:3]]
    found = shipped_metadata([*some, "2401.99999"])
    assert sorted(found.papers) == sorted(ARXIV + i for i in some)
    assert found.origins[0].resources == 3 and found.origins[0].where == "shipped"
    assert not shipped_metadata(["2401.99999"])


def build(out: Path, *args: str) -> tuple[str, Graph]:
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--no-html", *args])
    assert result.exit_code == 0, result.output
    return result.output, Graph().parse(out / "graph.nt", format="nt")


def test_a_cache_answer_newer_than_the_shipped_record_wins(tmp_path: Path) -> None:
    shipped_ids = {r["arxiv_id"] for r in records()}
    fixture_ids = {"2503.06520", "2503.10291", "2504.07954"}  # the papers of tests/fixtures/enrich/list.md
    both = sorted(shipped_ids & fixture_ids)
    assert both, "a paper of the fixture list is shipped"
    node = URIRef(ARXIV + both[0])
    fixture_cache(tmp_path / "old", "2026-11-30T10:00:00+00:00")  # before the shipped records were read
    fixture_cache(tmp_path / "new", "2099-01-01T10:00:00+00:00")
    old_summary, old = build(tmp_path / "old-out", str(LIST), "--cache", str(tmp_path / "old"))
    new_summary, new = build(tmp_path / "new-out", str(LIST), "--cache", str(tmp_path / "new"))
    assert not str(old.value(node, DCTERMS.abstract)).startswith("Fixture abstract")  # shipped, newer
    assert f"arXiv {len(both)} (shipped, read" in old_summary
    assert str(new.value(node, DCTERMS.abstract)).startswith("Fixture abstract")  # the cache's, newer
    assert "arXiv 3 (cache, fetched 2099-01-01)" in new_summary
    assert re.search(r"arXiv \d+ \(shipped", new_summary) is None  # (the shipped READMEs are still named)


# -------------------------------------------------------------------------------------------------------
# the embedded build, offline


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Graph, Path]:
    out = tmp_path_factory.mktemp("default") / "out"
    summary, graph = build(out, "--format", "nt", "--format", "ttl")
    return summary, graph, out


def test_the_default_build_has_the_shipped_metadata(default_build: tuple[str, Graph, Path]) -> None:
    summary, graph, out = default_build
    shipped = [r for r in records() if r["arxiv_id"] in default_list_papers()]
    papers = set(graph.subjects(RDF.type, MMR.Paper))
    in_graph = [r for r in shipped if URIRef(ARXIV + r["arxiv_id"]) in papers]
    assert len(in_graph) == len(shipped)
    with_authors = {s for s in graph.subjects(SDO.author, None)}
    assert len(with_authors) == sum(bool(r["authors"]) for r in shipped)
    assert len(set(graph.subjects(DCTERMS.abstract, None))) == sum(bool(r["abstract"]) for r in shipped)
    assert len(set(graph.subjects(DCTERMS.issued, None))) == sum(r["published"] is not None for r in shipped)
    assert len(set(graph.subjects(MMR.arxivCategory, None))) == sum(bool(r["categories"]) for r in shipped)
    people = set(graph.subjects(RDF.type, SDO.Person))
    assert people == {person_iri(a) for r in shipped for a in r["authors"]}
    days = sorted(r["read_on"] for r in shipped)
    assert f"metadata: arXiv {len(shipped)} (shipped, read {days[0]}" in summary
    assert "READMEs" not in summary.split("metadata:")[1].splitlines()[0]  # every entry curated: none read
    assert graph.value(ORIGIN, DCTERMS.license) == CC0
    assert graph.value(ORIGIN, DCTERMS.modified) == Literal(days[-1], datatype=XSD.date)
    assert (None, DCTERMS.source, ORIGIN) in graph
    turtle = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(set(turtle.subjects(SDO.author, None))) == sum(bool(r["authors"]) for r in shipped)
    incomplete = next((r for r in shipped if r["abstract"] and not r["abstract_complete"]), None)
    if incomplete is not None:
        abstract = str(graph.value(URIRef(ARXIV + incomplete["arxiv_id"]), DCTERMS.abstract))
        assert abstract.endswith(" […]")


def test_the_default_build_conforms_and_is_deterministic(
    default_build: tuple[str, Graph, Path], tmp_path: Path
) -> None:
    _, _, out = default_build
    result = CliRunner().invoke(main, ["validate", str(out / "graph.nt")])
    assert result.exit_code == 0, result.output
    build(tmp_path / "again", "--format", "nt", "--format", "ttl")
    assert (tmp_path / "again" / "graph.nt").read_bytes() == (out / "graph.nt").read_bytes()


def test_no_shipped_metadata_leaves_it_out(tmp_path: Path) -> None:
    summary, graph = build(tmp_path / "plain", "--format", "nt", "--no-shipped-metadata")
    assert "metadata:" not in summary
    assert not list(graph.subjects(SDO.author, None)) and (None, DCTERMS.source, ORIGIN) not in graph


def test_commands_that_build_in_memory_get_the_graph_build_writes(
    default_build: tuple[str, Graph, Path],
) -> None:
    """``query``, ``serve``, ``validate``… without --graph: the default list with its shipped metadata, and
    the facts extracted from its abstracts, exactly as ``mmr-graph build`` writes them."""
    import pyoxigraph as ox

    from mmr_graph.loader import load_graph

    _, _, out = default_build
    written = {str(t) for t in ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)}
    assert {str(t) for t in load_graph().triples()} == written
