"""The RDF output: golden graph, determinism, two independent parsers, and the real snapshots' links."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, VOID, XSD

from conftest import SNAPSHOTS
from mmr_graph.export.files import write_graph
from mmr_graph.identity.iris import entry_iri
from mmr_graph.identity.namespaces import MMR
from mmr_graph.ingest import build_catalog
from mmr_graph.rdf.graph import iter_triples, to_graph

GOLDEN = Path(__file__).parent / "golden"


def build_files(lists: list[Path], out: Path) -> dict[str, Path]:
    return write_graph(iter_triples(build_catalog(lists)), out)


def test_golden_kitchen_sink(kitchen_sink: Path, tmp_path: Path, regen_golden: bool) -> None:
    files = build_files([kitchen_sink], tmp_path)
    golden = GOLDEN / "kitchen_sink.ttl"
    if regen_golden or not golden.exists():
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(files["ttl"].read_bytes())
        if not regen_golden:
            pytest.fail("golden file was missing and has been written; rerun")
    expected = Graph().parse(golden)
    actual = Graph().parse(files["ttl"])
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        pytest.fail(
            "graph differs from golden (run pytest --regen-golden after checking):\n"
            f"missing: {sorted(only_expected)[:10]}\nextra: {sorted(only_actual)[:10]}"
        )


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.name)
def test_rebuild_is_byte_identical(snapshot: Path, tmp_path: Path) -> None:
    first = build_files([snapshot], tmp_path / "a")
    second = build_files([snapshot], tmp_path / "b")
    for fmt, path in first.items():
        assert path.read_bytes() == second[fmt].read_bytes(), fmt


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.name)
def test_every_format_parses_to_the_same_graph_in_rdflib_and_oxigraph(snapshot: Path, tmp_path: Path) -> None:
    files = build_files([snapshot], tmp_path)
    reference = to_graph(build_catalog([snapshot]))
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    for fmt, path in files.items():
        parsed = Graph().parse(path, format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
        assert isomorphic(parsed, reference), fmt
        ox_triples = {str(t) for t in ox.parse(path=str(path), format=formats[fmt])}
        nt_reference = {str(t) for t in ox.parse(path=str(files["nt"]), format=ox.RdfFormat.N_TRIPLES)}
        assert ox_triples == nt_reference, fmt


def _raw_links(text: str) -> set[str]:
    """Every URL in markdown link syntax, or bare in the text (the 2025-07-21 list has
    `[[paper]]()https://arxiv.org/abs/…`), found with a plain regex, independent of the parser."""
    linked = set(re.findall(r"\]\((https?://[^)\s]+)\)", text))
    bare = set(re.findall(r"(?<![(<\w/])(https?://[^\s()\[\]<>]+)", text))
    return linked | bare


def _expected_iris(text: str) -> dict[str, set[str]]:
    urls = _raw_links(text.split("### Star History")[0])
    arxiv = {
        f"https://arxiv.org/abs/{m}"
        for u in urls
        for m in re.findall(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", u)
    }
    repos = set()
    for u in urls:
        m = re.match(r"https://github\.com/([^/#]+)/([^/#]+)(?:/(?:tree|blob)/[^#]*)?/?$", u)
        if m and not u.endswith(".pdf"):
            repos.add(f"https://github.com/{m.group(1)}/{m.group(2).removesuffix('.git')}")
    datasets = set()
    for u in urls:
        m = re.match(r"https://huggingface\.co/datasets/([^/]+)/([^/]+)", u)
        if m:
            datasets.add(f"https://huggingface.co/datasets/{m.group(1)}/{m.group(2)}")
        m = re.match(r"https://(?:www\.)?modelscope\.cn/datasets/([^/]+)/([^/]+)", u)
        if m:
            datasets.add(f"https://modelscope.cn/datasets/{m.group(1)}/{m.group(2)}")
    return {"arxiv": arxiv, "code": repos, "dataset": datasets}


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.name)
def test_snapshot_papers_repositories_and_datasets_match_the_raw_text(snapshot: Path, tmp_path: Path) -> None:
    expected = _expected_iris(snapshot.read_text(encoding="utf-8"))
    graph = Graph().parse(build_files([snapshot], tmp_path)["ttl"])
    found_arxiv = {str(s) for s in graph.subjects(MMR.arxivId, None)}
    found_code = {str(s) for s in graph.subjects(RDF.type, MMR.CodeRepository)}
    found_data = {str(s) for s in graph.subjects(RDF.type, MMR.Dataset)}
    assert found_arxiv == expected["arxiv"]
    assert found_code == expected["code"]
    assert found_data == expected["dataset"]
    assert len(expected["arxiv"]) > 50 and len(expected["code"]) > 50


def test_each_entry_has_section_provenance_and_tags(default_snapshot: Path) -> None:
    graph = to_graph(build_catalog([default_snapshot]))
    entries = set(graph.subjects(RDF.type, MMR.Entry))
    assert len(entries) == 277
    for entry in entries:
        assert graph.value(entry, MMR.category) is not None, entry
        occurrence = graph.value(entry, MMR.occurrence)
        assert graph.value(occurrence, MMR.line) is not None
        assert graph.value(occurrence, MMR.inList) is not None
    perception = next(e for e in entries if str(e).endswith("arxiv/2504.07954"))
    assert (perception, MMR.modality, URIRef("https://w3id.org/mmr-graph/id/modality/image")) in graph
    rumor = next(e for e in entries if str(e).endswith("openreview/lq2jDWv3w0"))
    assert (rumor, MMR.venue, URIRef("https://w3id.org/mmr-graph/id/venue/WWW-2025")) in graph


def test_arxiv_papers_carry_doi_and_month(kitchen_catalog) -> None:  # type: ignore[no-untyped-def]
    graph = to_graph(kitchen_catalog)
    paper = URIRef("https://arxiv.org/abs/2504.07954")
    assert graph.value(paper, URIRef("http://purl.org/ontology/bibo/doi")) == Literal(
        "10.48550/arXiv.2504.07954"
    )
    month = graph.value(paper, URIRef("http://purl.org/dc/terms/dateSubmitted"))
    assert month == Literal("2025-04", datatype=XSD.gYearMonth)


def test_void_description_counts_the_graph(default_snapshot: Path) -> None:
    graph = to_graph(build_catalog([default_snapshot]))
    (dataset,) = graph.subjects(RDF.type, VOID.Dataset)
    assert int(graph.value(dataset, VOID.triples)) == len(graph)
    parts = {
        graph.value(p, VOID["class"]): int(graph.value(p, VOID.entities))
        for p in graph.objects(dataset, VOID.classPartition)
    }
    assert parts[MMR.Entry] == 277
    assert str(graph.value(dataset, URIRef("http://purl.org/dc/terms/created"))) == "2025-07-21"


@pytest.mark.parametrize("pair", list(pairwise(SNAPSHOTS)), ids=lambda p: f"{p[0].stem}->{p[1].stem}")
def test_entry_iris_are_stable_across_snapshots(pair: tuple[Path, Path]) -> None:
    older, newer = (build_catalog([s]) for s in pair)
    older_iris = {e.key: entry_iri(e.key) for e in older.entries}
    newer_iris = {e.key: entry_iri(e.key) for e in newer.entries}
    shared = older_iris.keys() & newer_iris.keys()
    assert len(shared) > 80
    assert all(older_iris[k] == newer_iris[k] for k in shared)
    assert len(set(older_iris.values())) == len(older_iris)  # one IRI per entry


def test_a_retitled_entry_keeps_its_iri(tmp_path: Path) -> None:
    before, after = tmp_path / "before.md", tmp_path / "after.md"
    before.write_text("# L\n## A\n- Old-R1: A Title [[paper](https://arxiv.org/abs/2503.21776)]\n")
    after.write_text("# L\n## A\n- Video-R1: Another Title [[paper](https://arxiv.org/abs/2503.21776)]\n")
    old_graph, new_graph = (to_graph(build_catalog([p])) for p in (before, after))
    old_iris = set(old_graph.subjects(RDF.type, MMR.Entry))
    assert old_iris == set(new_graph.subjects(RDF.type, MMR.Entry))
    assert old_iris == {URIRef("https://w3id.org/mmr-graph/id/entry/arxiv/2503.21776")}
