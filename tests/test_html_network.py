"""The networkx projection behind the HTML view, and focused views: kinds, labels, edges, facts, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from mmr_graph.identity.namespaces import ID_IRI, MMR
from mmr_graph.network import KINDS, to_networkx
from mmr_graph.network.focus import ViewError, find_centre, focus, parse_view
from mmr_graph.network.projection import node_key
from mmr_graph.rdf.graph import iter_triples, to_graph

GRPO = URIRef(f"{ID_IRI}method/GRPO")
GRPO_USERS = ("arxiv/2504.07954", "arxiv/2503.06749", "openreview/lq2jDWv3w0")


def entry(slug: str) -> str:
    return f"{ID_IRI}entry/{slug}"


@pytest.fixture(scope="module")
def triples(kitchen_sink: Path) -> list:
    """The kitchen-sink list (no curated facts) plus hand-made method facts: three entries use GRPO."""
    from mmr_graph.ingest import build_catalog

    found = list(iter_triples(build_catalog([kitchen_sink], curated=False)))
    return found + [(URIRef(entry(slug)), MMR.usesMethod, GRPO) for slug in GRPO_USERS]


@pytest.fixture(scope="module")
def g(triples: list):  # type: ignore[no-untyped-def]
    return to_networkx(triples)


def test_every_node_has_a_known_kind_key_and_label(g) -> None:  # type: ignore[no-untyped-def]
    assert g.number_of_nodes() > 80
    for node, data in g.nodes(data=True):
        assert data["kind"] in KINDS, node
        assert data["key"] == node_key(node) and data["label"], node
    kinds = {data["kind"] for _, data in g.nodes(data=True)}
    assert {"entry", "paper", "code", "dataset", "method", "modality", "venue", "category"} <= kinds


def test_bookkeeping_is_not_projected(g) -> None:  # type: ignore[no-untyped-def]
    for node in g.nodes:
        assert "/link/" not in node and "/in/" not in node and "/assertion/" not in node
        assert not node.startswith((f"{ID_IRI}list/", f"{ID_IRI}graph/", f"{ID_IRI}link-kind/"))


def test_entry_edges_and_labels(g) -> None:  # type: ignore[no-untyped-def]
    perception = entry("arxiv/2504.07954")
    data = g.nodes[perception]
    assert data["label"] == "Perception-R1"
    assert data["title"].startswith("Perception-R1: Pioneering")
    targets = {g.nodes[t]["key"]: g.edges[perception, t]["relations"] for t in g.successors(perception)}
    assert targets["arxiv.org/abs/2504.07954"] == ("paper",)
    assert targets["github.com/linkangheng/PR1"] == ("code",)
    assert targets["modality/image"] == ("modality",)
    assert targets["method/GRPO"] == ("usesMethod",)
    assert any(key.startswith("category/") for key in targets)
    assert "arXiv" in dict(g.nodes["https://arxiv.org/abs/2504.07954"]["facts"])
    assert "2504.07954" in data["search"]  # found by its paper's arXiv id


def test_concepts_bring_their_broader_parents(g) -> None:  # type: ignore[no-untyped-def]
    assert g.has_edge(str(GRPO), f"{ID_IRI}method/RL")
    assert g.edges[str(GRPO), f"{ID_IRI}method/RL"]["relations"] == ("broader",)
    assert g.has_edge(f"{ID_IRI}modality/image", f"{ID_IRI}modality/visual")
    unused = f"{ID_IRI}method/DAPO"  # in the ontology, used by nobody
    assert unused not in g


def test_entry_links_keep_order_and_label(g) -> None:  # type: ignore[no-untyped-def]
    links = g.nodes[entry("arxiv/2503.06520")]["links"]
    assert [label for label, _ in links][:2] == ["paper", "code"]
    assert links[0][1] == "https://arxiv.org/pdf/2503.06520"  # as written in the list


def test_same_projection_from_graph_or_triples(triples: list, g) -> None:  # type: ignore[no-untyped-def]
    graph = Graph()
    for t in triples:
        graph.add(t)
    other = to_networkx(graph)
    assert list(other.nodes(data=True)) == list(g.nodes(data=True))
    assert list(other.edges(data=True)) == list(g.edges(data=True))
    assert list(to_networkx(reversed(triples)).nodes(data=True)) == list(g.nodes(data=True))


def test_works_without_and_with_curated_facts(kitchen_catalog) -> None:  # type: ignore[no-untyped-def]
    g = to_networkx(to_graph(kitchen_catalog))
    assert any(data["kind"] == "method" for _, data in g.nodes(data=True))
    bare = [t for t in iter_triples(kitchen_catalog) if t[1] not in (MMR.usesMethod, MMR.assertion)]
    assert not any(data["kind"] == "method" for _, data in to_networkx(bare).nodes(data=True))


def test_untyped_targets_get_the_kind_of_their_property() -> None:
    e, m = URIRef(entry("x")), URIRef("https://example.org/method/NEW")
    g = to_networkx([(e, RDF.type, MMR.Entry), (e, RDFS.label, Literal("X")), (e, MMR.usesMethod, m)])
    assert g.nodes[str(m)]["kind"] == "method" and g.nodes[str(m)]["label"] == "NEW"


def test_preferred_label_is_english_or_plain() -> None:
    e, m = URIRef(entry("x")), URIRef(f"{ID_IRI}method/Z")
    g = to_networkx(
        [
            (e, RDF.type, MMR.Entry),
            (e, MMR.usesMethod, m),
            (m, RDF.type, MMR.Method),
            (m, SKOS.prefLabel, Literal("Zet", lang="de")),
            (m, SKOS.prefLabel, Literal("Zed", lang="en")),
        ]
    )
    assert g.nodes[str(m)]["label"] == "Zed"


def test_focused_view_around_a_method(g) -> None:  # type: ignore[no-untyped-def]
    view = focus(g, parse_view("method:grpo"))
    assert view.graph["focus"] == str(GRPO)
    entries = {n for n, d in view.nodes(data=True) if d["kind"] == "entry"}
    assert entries == {entry(s) for s in GRPO_USERS}
    assert "https://arxiv.org/abs/2504.07954" in view  # the users' papers come along
    assert view.number_of_nodes() < g.number_of_nodes() / 2
    assert f"{ID_IRI}method/RL" in view  # the broader method, not expanded
    assert all(d["kind"] != "entry" or n in entries for n, d in view.nodes(data=True))


@pytest.mark.parametrize(
    ("spec", "centre"),
    [
        ("modality:video", f"{ID_IRI}modality/video"),
        ("venue:WWW 2025", f"{ID_IRI}venue/WWW-2025"),
        ("entry:Seg-Zero", entry("arxiv/2503.06520")),
        ("paper:2504.07954", "https://arxiv.org/abs/2504.07954"),
        ("method:method/GRPO", str(GRPO)),
    ],
)
def test_view_names_match_key_label_or_id(g, spec: str, centre: str) -> None:  # type: ignore[no-untyped-def]
    assert find_centre(g, parse_view(spec)) == centre


@pytest.mark.parametrize("text", ["GRPO", "planet:earth", ":x", "method:"])
def test_bad_view_spec(text: str) -> None:
    with pytest.raises(ViewError, match="bad view"):
        parse_view(text)


def test_unknown_view_names_alternatives(g) -> None:  # type: ignore[no-untyped-def]
    # every method is offered, not only the busiest eight (no SFT: "Reinforcement Learning Outperforms SFT"
    # compares with SFT, it does not use it)
    known = "COT, CURRICULUM, DISTILL, GRPO, PRM, RL, RM, TF"
    with pytest.raises(ViewError, match=rf"no method called 'NOPE'.*known: {known}\)"):
        focus(g, parse_view("method:NOPE"))
    with pytest.raises(ViewError, match=r"did you mean 'GRPO'"):
        focus(g, parse_view("method:GRP0"))
    assert parse_view("method:a/b c").slug == "method-a-b-c"
