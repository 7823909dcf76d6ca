"""A graph as bytes in one RDF syntax: answers to ``CONSTRUCT`` and ``DESCRIBE``, the endpoint's entity pages.

Triples are sorted as the build's files are (by the N-Triples text of subject, predicate and object), so the
same graph gives the same bytes; Turtle uses the project's prefixes; JSON-LD is :mod:`.jsonld`'s compact form.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from mmr_graph.export.jsonld import to_jsonld
from mmr_graph.identity.namespaces import PREFIXES

# format name -> media type
GRAPH_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_RDF = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}


def serialize(triples: Iterable[ox.Triple], fmt: str) -> bytes:
    """Bytes of ``triples`` in ``fmt``: ``ttl`` (with the project's prefixes), ``nt``, ``jsonld`` or
    ``rdfxml``."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt == "jsonld":
        return to_jsonld(ordered)
    if fmt not in _RDF:
        raise ValueError(f"unknown graph format {fmt!r}; choose from {', '.join(GRAPH_FORMATS)}")
    prefixes = PREFIXES if fmt == "ttl" else None
    return ox.serialize(ordered, format=_RDF[fmt], prefixes=prefixes) or b""


def warm_up() -> None:
    """Write a small graph in every format once, so that everything the writers import or read lazily (the
    JSON-LD context from the ontology) is ready: a process locked out of opening files
    (:mod:`mmr_graph.query.lockdown`) can still write them all."""
    node = ox.NamedNode("https://w3id.org/mmr-graph/ns#x")
    triple = ox.Triple(node, node, ox.Literal("x", language="en"))
    for fmt in GRAPH_FORMATS:
        serialize([triple], fmt)
