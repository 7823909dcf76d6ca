"""Catalog -> RDF graph under the mmr-graph ontology (a pure transform: no I/O).

Papers, repositories, datasets, collections and models keep their canonical public IRIs; entries, lists,
categories, tags, venues and the graph's own description get IRIs under ``https://w3id.org/mmr-graph/id/``.
Vocabulary choices are explained in ``ontology/README.md``; the triples themselves are described in
:mod:`mmr_graph.rdf.describe`, once for both the rdflib terms and the N-Triples text made here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from rdflib import Graph, URIRef
from rdflib import namespace as rdfns
from rdflib.term import Node

from mmr_graph.identity import iris
from mmr_graph.identity.namespaces import ID_IRI, MMR, NS_IRI
from mmr_graph.model import Catalog
from mmr_graph.rdf.bound import Bound
from mmr_graph.rdf.describe import Description
from mmr_graph.rdf.ntriples import SortedGraph
from mmr_graph.rdf.ntriples import literal as nt_literal
from mmr_graph.rdf.parts import Members, describe_part
from mmr_graph.rdf.terms import RDFLIB
from mmr_graph.rdf.types import Literals, Statement, Triple
from mmr_graph.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata

DCAT, DCTERMS, PROV, RDF, VOID, XSD = map(
    Bound, (rdfns.DCAT, rdfns.DCTERMS, rdfns.PROV, rdfns.RDF, rdfns.VOID, rdfns.XSD)
)

GRAPH_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RIGHTS = (
    "Titles and links are facts taken from the source lists; the lists' text belongs to their authors. "
    "The graph's structure and curated facts are published under CC BY 4.0."
)
# Classes counted in the graph's VoID description (and in the build summary).
COUNTED_CLASSES = [MMR.Entry, MMR.Paper, MMR.CodeRepository, MMR.Dataset, MMR.DataCollection, MMR.Model,
                   MMR.WebPage, MMR.Category, MMR.AwesomeList, MMR.Assertion]  # fmt: skip
COUNTED_TEXT = [f"<{cls}>" for cls in COUNTED_CLASSES]  # as N-Triples text


def to_graph(catalog: Catalog, vocab: Vocabulary | None = None) -> Graph:
    """The RDF graph of a catalog (a new in-memory rdflib Graph with the project's prefixes bound)."""
    from mmr_graph.identity.namespaces import PREFIXES

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in iter_triples(catalog, vocab):
        graph.add(triple)
    return graph


def iter_triples(
    catalog: Catalog, vocab: Vocabulary | None = None, metadata: Metadata | None = None
) -> Iterator[Triple]:
    """Every triple of the catalog's graph as rdflib terms (with what ``metadata`` adds to its resources),
    each once, the VoID self-description last (it counts the others)."""
    from itertools import chain

    from mmr_graph.rdf.enrichment import enrichment_triples

    seen: set[Triple] = set()
    members: dict[Node, set[Node]] = {cls: set() for cls in COUNTED_CLASSES}
    rdf_type = {RDF.type}  # set lookups: hash first, and rdflib's __eq__ only on a match
    # in the rdflib spelling, every term of a statement is an rdflib term
    described = cast("Iterator[Triple]", Description(catalog, vocab or load_vocabulary(), RDFLIB).triples())
    for t in chain(described, enrichment_triples(metadata) if metadata else ()):
        if t not in seen:
            seen.add(t)
            if t[1] in rdf_type and t[2] in members:
                members[t[2]].add(t[0])
            yield t
    counts = {URIRef(str(cls)): len(m) for cls, m in members.items()}
    yield from cast("Iterator[Triple]", _void(catalog, len(seen), counts, RDFLIB.lit, metadata))


def sorted_graph(
    catalog: Catalog, vocab: Vocabulary | None = None, metadata: Metadata | None = None
) -> SortedGraph:
    """The same graph as :func:`iter_triples`, built as sorted N-Triples text (the fast path of a build)."""
    part = describe_part(catalog, vocab or load_vocabulary(), COUNTED_TEXT, 0)
    return with_void(catalog, part.graph, part.members, metadata)


def with_void(
    catalog: Catalog, graph: SortedGraph, members: Members, metadata: Metadata | None = None
) -> SortedGraph:
    """The sorted graph of the catalog's description, what ``metadata`` adds to its resources, and its VoID
    self-description: ``members`` are the members of each counted class (:data:`COUNTED_TEXT`), from which
    the graph's ``kinds`` are counted too (the build's summary)."""
    from mmr_graph.rdf.enrichment import enrichment_triples
    from mmr_graph.rdf.kinds import count_kinds

    if metadata:
        graph.add(enrichment_triples(metadata))
    counts = {URIRef(cls[1:-1]): len(m) for cls, m in members.items()}
    graph.add(_void(catalog, len(graph), counts, nt_literal, metadata))
    graph.kinds = count_kinds(members)
    return graph


def graph_title(catalog: Catalog) -> str:
    """The graph's title (``dcterms:title`` of its VoID description): from the input lists' titles."""
    return "Knowledge graph of " + ", ".join(s.title or s.path for s in catalog.lists)


def _void(
    catalog: Catalog,
    base_count: int,
    counts: dict[URIRef, int],
    lit: Literals,
    metadata: Metadata | None = None,
) -> Iterator[Statement]:
    """The graph's VoID self-description; ``counts`` are the members of each counted class; the metadata
    that went in is named with its dates."""
    from mmr_graph.rdf.enrichment import origin_triples

    node = iris.graph_iri([s.id for s in catalog.lists])
    triples: list[Statement] = [
        (node, RDF.type, VOID.Dataset),
        (node, RDF.type, DCAT.Dataset),
        (
            node,
            DCTERMS.title,
            lit(graph_title(catalog)),
        ),
        (node, DCTERMS.license, GRAPH_LICENSE),
        (node, DCTERMS.rights, lit(RIGHTS)),
        (node, VOID.vocabulary, URIRef(NS_IRI)),
        (node, VOID.uriSpace, lit(ID_IRI)),
        (node, VOID.entities, lit(sum(counts.values()), XSD.integer)),
    ]
    dates = sorted(s.date for s in catalog.lists if s.date)
    if dates:
        triples.append((node, DCTERMS.created, lit(dates[-1].isoformat(), XSD.date)))
    for source in catalog.lists:
        list_node = iris.list_iri(source.id)
        triples.append((node, PROV.wasDerivedFrom, list_node))
        triples.append((node, DCTERMS.source, URIRef(source.source) if source.source else list_node))
    if catalog.entries:
        triples.append((node, VOID.exampleResource, iris.entry_iri(catalog.entries[0].key)))
    for cls, count in counts.items():
        part = URIRef(f"{node}/class/{str(cls).rsplit('#', 1)[1]}")
        triples += [
            (node, VOID.classPartition, part),
            (part, VOID["class"], cls),
            (part, VOID.entities, lit(count, XSD.integer)),
        ]
    if metadata:
        triples += origin_triples(node, metadata)
    total = base_count + len(triples) + 1
    triples.append((node, VOID.triples, lit(total, XSD.integer)))
    yield from triples
