"""Serialize a graph to Turtle, N-Triples and JSON-LD; deterministic bytes for the same graph.

Triples are converted once to pyoxigraph terms and sorted; Turtle and N-Triples are written by Oxigraph's
serializers (fast, and they keep the given order), JSON-LD by :mod:`mmr_graph.export.jsonld`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mmr_graph.export.atomic import replace_all
from mmr_graph.export.jsonld import to_jsonld
from mmr_graph.rdf.namespace import PREFIXES

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}


def _ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    converted = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
    converted.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return converted


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """Bytes of ``triples`` (already sorted) in ``fmt``: ``ttl``, ``nt`` or ``jsonld``."""
    if fmt == "ttl":
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)  # type: ignore[return-value]
    if fmt == "nt":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)  # type: ignore[return-value]
    if fmt == "jsonld":
        return to_jsonld(triples)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def write_graph(
    triples: Iterable[tuple[Node, Node, Node]], out_dir: Path, formats: Iterable[str] = FORMATS
) -> dict[str, Path]:
    """Write the graph in each format into ``out_dir``; nothing is renamed until every file is ready."""
    ordered = sorted_triples(triples)
    files = {out_dir / FORMATS[fmt]: serialize(ordered, fmt) for fmt in formats}
    replace_all(files)
    return {fmt: out_dir / FORMATS[fmt] for fmt in formats}
