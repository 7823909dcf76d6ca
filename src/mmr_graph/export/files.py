"""Serialize a graph to N-Triples, Turtle and JSON-LD; deterministic bytes for the same graph.

Every output follows one order: triples sorted by the N-Triples text of subject, predicate and object
(:class:`~mmr_graph.rdf.ntriples.SortedGraph`). N-Triples is written straight from that text; Turtle by
Oxigraph's serializer reading the N-Triples file back as a stream (:mod:`mmr_graph.export.turtle`, in a
second process for a large graph); JSON-LD by :mod:`mmr_graph.export.jsonld`. Files are streamed to
temporary names and renamed together at the end, so a large graph is never held in memory as bytes and a
failed build leaves the previous files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mmr_graph.export.atomic import staged
from mmr_graph.export.jsonld import to_jsonld, write_jsonld
from mmr_graph.export.turtle import PARALLEL_FROM, TurtleJob, nt_to_turtle
from mmr_graph.rdf.namespace import PREFIXES
from mmr_graph.rdf.ntriples import SortedGraph

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}
# the order files are reported ready in (Turtle is made from the N-Triples file, beside the JSON-LD)
WRITE_ORDER = ("nt", "jsonld", "ttl")
_BUFFER = 1 << 20


def to_oxigraph_term(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """The pyoxigraph term equal to an rdflib term."""
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
    term = to_oxigraph_term
    converted = [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]  # type: ignore[arg-type]
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
    triples: Iterable[tuple[Node, Node, Node]],
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write rdflib triples in each format into ``out_dir``; nothing is renamed until every file is ready."""
    return write_sorted(SortedGraph.of(triples), out_dir, formats, progress)


def write_sorted(
    graph: SortedGraph,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write a sorted graph in each format (in :data:`WRITE_ORDER`, calling ``progress`` with each format
    when its file is ready); the files replace the old ones together at the end."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format {sorted(unknown)[0]!r}; choose from {', '.join(FORMATS)}")
    targets = {fmt: out_dir / FORMATS[fmt] for fmt in WRITE_ORDER if fmt in wanted}
    scratch = out_dir / ".graph.nt.scratch" if "ttl" in wanted and "nt" not in wanted else None
    with staged([*targets.values(), *([scratch] if scratch else [])]) as temporary:
        nt_path = temporary[targets["nt"]] if "nt" in targets else temporary[scratch] if scratch else None
        if nt_path is not None:
            with open(nt_path, "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as out:
                out.writelines(graph.chunks())
            if "nt" in targets and progress:
                progress("nt")
        turtle = None
        if "ttl" in targets and len(graph) >= PARALLEL_FROM:  # on another core, while JSON-LD is written
            turtle = TurtleJob(nt_path, temporary[targets["ttl"]])  # type: ignore[arg-type]
        try:
            if "jsonld" in targets:
                with open(temporary[targets["jsonld"]], "w", encoding="utf-8", buffering=_BUFFER) as out:
                    write_jsonld(graph.statements(), out)
                if progress:
                    progress("jsonld")
        except BaseException:
            if turtle:
                turtle.cancel()
            raise
        if "ttl" in targets:
            if turtle:
                turtle.wait()
            else:
                nt_to_turtle(nt_path, temporary[targets["ttl"]])  # type: ignore[arg-type]
            if progress:
                progress("ttl")
        if scratch:
            temporary.pop(scratch).unlink()
    return {fmt: out_dir / FORMATS[fmt] for fmt in formats if fmt in targets}
