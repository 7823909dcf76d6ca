"""One description of the graph, two spellings of its terms: rdflib objects and N-Triples text."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from mmr_graph.identity.iris import tag_iri
from mmr_graph.identity.namespaces import MMR
from mmr_graph.ingest import build_catalog
from mmr_graph.rdf.describe import Description
from mmr_graph.rdf.graph import iter_triples, sorted_graph
from mmr_graph.rdf.ntriples import SortedGraph, term
from mmr_graph.rdf.terms import RDFLIB, TEXT
from mmr_graph.vocab import load_vocabulary

FIXTURES = Path(__file__).resolve().parent / "fixtures"

SHARED = """# Shared nodes

### Papers

- **[Foo Bar]** **[CVPR 2025]** First: One [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/a/b)
- **[foo-bar]** **[CVPR 2024]** Second: Two [[paper]](https://arxiv.org/abs/2501.00002) [[code]](https://github.com/a/b)
- **[Foo Bar]** Third: Three [[paper]](https://arxiv.org/abs/2501.00003) [[code]](https://github.com/a/b)

### papers

- Fourth: Four [[paper]](https://arxiv.org/abs/2501.00004) [[paper]](https://arxiv.org/abs/2501.00001)
"""


@pytest.fixture(scope="module")
def shared_catalog(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("lists") / "shared.md"
    path.write_text(SHARED, encoding="utf-8")
    return build_catalog([path], curated=False)


@pytest.mark.parametrize(
    "path", [FIXTURES / "kitchen_sink.md", FIXTURES / "hostile.md"], ids=lambda p: p.name
)
def test_both_spellings_give_the_same_triples_in_the_same_order(path: Path) -> None:
    catalog, vocab = build_catalog([path]), load_vocabulary()
    as_rdflib = [tuple(map(term, t)) for t in Description(catalog, vocab, RDFLIB).triples()]
    as_text = [tuple(map(str, t)) for t in Description(catalog, vocab, TEXT).triples()]
    assert as_text == as_rdflib


def test_a_shared_node_is_described_once(shared_catalog) -> None:  # type: ignore[no-untyped-def]
    triples = list(Description(shared_catalog, load_vocabulary(), RDFLIB).triples())
    tag = URIRef(tag_iri("Foo Bar"))
    assert triples.count((tag, RDF.type, MMR.Tag)) == 2  # two spellings of one tag: each described once
    repository = URIRef("https://github.com/a/b")
    assert triples.count((repository, RDF.type, MMR.CodeRepository)) == 1
    paper = URIRef("https://arxiv.org/abs/2501.00001")  # an entry's own paper, also linked from another
    assert triples.count((paper, RDF.type, MMR.Paper)) == 2
    venue = URIRef("https://w3id.org/mmr-graph/id/venue/CVPR")
    assert triples.count((venue, RDF.type, MMR.VenueSeries)) == 3  # by the vocabulary, then per edition


def test_a_later_spelling_of_a_label_is_an_alt_label(shared_catalog) -> None:  # type: ignore[no-untyped-def]
    graph = set(iter_triples(shared_catalog))
    tag = URIRef(tag_iri("Foo Bar"))
    assert {o for s, p, o in graph if s == tag and p == SKOS.prefLabel} == {Literal("Foo Bar")}
    assert {o for s, p, o in graph if s == tag and p == SKOS.altLabel} == {Literal("foo-bar")}
    categories = {s for s, p, o in graph if p == SKOS.altLabel and o == Literal("papers")}
    assert len(categories) == 1
    assert (categories.pop(), SKOS.prefLabel, Literal("Papers")) in graph


def test_sorted_graph_has_the_triples_of_iter_triples(shared_catalog) -> None:  # type: ignore[no-untyped-def]
    expected = SortedGraph.of(iter_triples(shared_catalog))
    assert list(sorted_graph(shared_catalog).chunks()) == list(expected.chunks())


def test_sorted_graph_drops_repeats_and_sorts_each_subject() -> None:
    graph = SortedGraph({"<http://e.org/b>": ["<http://e.org/p> <http://e.org/y>", '<http://e.org/p> "x"'],
                         "<http://e.org/a>": ['<http://e.org/p> "2"', '<http://e.org/p> "1"', '<http://e.org/p> "2"']})  # fmt: skip
    assert list(graph.statements()) == [
        ("<http://e.org/a>", ['<http://e.org/p> "1"', '<http://e.org/p> "2"']),
        ("<http://e.org/b>", ['<http://e.org/p> "x"', "<http://e.org/p> <http://e.org/y>"]),
    ]
    assert len(graph) == 4


def test_sorted_graph_merges_a_part_sorted_apart() -> None:
    graph = SortedGraph(
        {"<http://e.org/a>": ['<http://e.org/p> "1"'], "<http://e.org/c>": ['<http://e.org/p> "3"']}
    )
    part = SortedGraph({"<http://e.org/b>": ['<http://e.org/p> "2"', '<http://e.org/p> "2"'],
                        "<http://e.org/c>": ['<http://e.org/p> "3"', '<http://e.org/p> "4"']})  # fmt: skip
    graph.merge(part)
    assert list(graph.statements()) == [
        ("<http://e.org/a>", ['<http://e.org/p> "1"']),
        ("<http://e.org/b>", ['<http://e.org/p> "2"']),
        ("<http://e.org/c>", ['<http://e.org/p> "3"', '<http://e.org/p> "4"']),
    ]
    assert len(graph) == 4
