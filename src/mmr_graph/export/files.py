"""Serialize a graph to N-Triples, Turtle and JSON-LD; deterministic bytes for the same graph.

Every output follows one order: triples sorted by the N-Triples text of subject, predicate and object
(:class:`~mmr_graph.rdf.ntriples.SortedGraph`). N-Triples is written straight from that text; Turtle by
Oxigraph's serializer reading the N-Triples file back as a stream (:mod:`mmr_graph.export.turtle`); JSON-LD
by :mod:`mmr_graph.export.jsonld`. For a large graph those two are written by second processes reading the
N-Triples file as it is written (:mod:`mmr_graph.export.children`). Files are streamed to
temporary names and renamed together at the end, so a large graph is never held in memory as bytes and a
failed build leaves the previous files.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from mmr_graph.export.atomic import staged
from mmr_graph.export.children import ChildJob, FileWindow, sorted_statements
from mmr_graph.export.jsonld import close_document, open_document, to_jsonld, write_jsonld, write_nodes
from mmr_graph.export.turtle import PARALLEL_FROM, nt_to_turtle
from mmr_graph.identity.namespaces import PREFIXES
from mmr_graph.rdf.ntriples import SortedGraph

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}
# the order the steps of writing are reported done in (for a large graph, Turtle and JSON-LD are written by
# second processes from the N-Triples file while this one renders the pages)
WRITE_ORDER = ("nt", "html", "jsonld", "ttl")
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


Pages = Callable[[], dict[Path, bytes]]
# Of a large graph's JSON-LD, the share (of the N-Triples file's bytes, from its start) this process writes
# itself, after the pages; a child writes the rest meanwhile, and another the Turtle.
JSONLD_SHARE = 0.45
_JSONLD_PART = ".graph.jsonld.part"
_SUBJECTS_PER_WRITE = 4096


def _write_ntriples(graph: SortedGraph, path: Path) -> list[int]:
    """Write the N-Triples file; returns byte offsets where a subject's lines start (0 first, the file's
    size last): places where a reader of the file may start or stop."""
    offsets = [0]
    chunks = graph.chunks()
    with open(path, "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as out:
        while run := list(islice(chunks, _SUBJECTS_PER_WRITE)):
            out.writelines(run)
            out.flush()
            offsets.append(out.buffer.tell())
    return offsets


def _split_point(offsets: list[int], share: float) -> int:
    """The offset nearest to ``share`` of the file."""
    return min(offsets, key=lambda offset: abs(offset - share * offsets[-1]))


def _write_jsonld_parts(nt_path: Path, split: int, out: TextIO, rest: ChildJob, part: Path) -> None:
    """The JSON-LD document: the nodes of the N-Triples file's subjects before byte ``split`` written here,
    then those after, which the child ``rest`` writes to ``part`` meanwhile."""
    open_document(out)
    with FileWindow(nt_path, 0, split) as window:
        wrote = write_nodes(sorted_statements(io.BufferedReader(window, _BUFFER)), out)
    rest.wait()
    more = part.stat().st_size > 0
    if more:
        if wrote:
            out.write(",")  # the part starts with its first node's line break
        out.flush()
        with open(part, "rb") as source:
            shutil.copyfileobj(source, out.buffer, _BUFFER)
    close_document(out, empty=not wrote and not more)


def write_sorted(
    graph: SortedGraph,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
    pages: Pages | None = None,
) -> dict[str, Path]:
    """Write a sorted graph in each format, and the files ``pages`` renders (the HTML view), as one set
    that replaces the old files together at the end: a reader never sees the pages of one build beside the
    graph of another.

    For a large graph, two other processes read the N-Triples file (:mod:`mmr_graph.export.children`),
    both started before it is written: one prints the Turtle as this one writes the file; once it is
    written and this one has let the graph go (its memory is freed if the caller holds no other
    reference), the other is told where the file's last subjects start and writes their JSON-LD nodes,
    while this one renders the pages, writes the nodes of the first ones, and puts the two parts together.
    A smaller graph is written here, step by step. ``progress`` is called with each step's name as it is
    done, in :data:`WRITE_ORDER`."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format {sorted(unknown)[0]!r}; choose from {', '.join(FORMATS)}")
    targets = {fmt: out_dir / FORMATS[fmt] for fmt in FORMATS if fmt in wanted}
    scratch = out_dir / ".graph.nt.scratch" if "ttl" in wanted and "nt" not in wanted else None
    done = progress or (lambda _: None)
    with staged([*targets.values(), *([scratch] if scratch else [])]) as temporary:
        nt_path = temporary[targets["nt"]] if "nt" in targets else temporary[scratch] if scratch else None
        jobs: dict[str, ChildJob] = {}
        # children follow the growing file with select() on a pipe, which Windows has for sockets only
        parallel = nt_path is not None and len(graph) >= PARALLEL_FROM and os.name == "posix"
        split = 0
        try:
            if parallel and "ttl" in targets:  # reads the file as it is written
                jobs["ttl"] = ChildJob("ttl", nt_path, temporary[targets["ttl"]])  # type: ignore[arg-type]
            part = None
            if parallel and "jsonld" in targets:  # started now, told where to start reading once it can
                part = temporary.add(out_dir / _JSONLD_PART)
                jobs["jsonld"] = ChildJob("jsonld-nodes", nt_path, part)  # type: ignore[arg-type]
            if nt_path is not None:
                offsets = _write_ntriples(graph, nt_path)
                split = _split_point(offsets, JSONLD_SHARE)
                if "jsonld" in jobs:
                    jobs["jsonld"].start_at(split)
                for job in jobs.values():
                    job.input_complete()
                if "nt" in targets:
                    done("nt")
            whole = None if parallel else graph
            del graph  # the children read the file: the graph's memory is theirs and the pages'
            if pages is not None:
                for target, data in pages().items():
                    temporary.add(target).write_bytes(data)
                done("html")
            if "jsonld" in targets:
                with open(temporary[targets["jsonld"]], "w", encoding="utf-8", buffering=_BUFFER) as out:
                    if part is None:
                        write_jsonld(whole.statements(), out)  # type: ignore[union-attr]
                    else:
                        _write_jsonld_parts(nt_path, split, out, jobs["jsonld"], part)  # type: ignore[arg-type]
                        temporary.pop(out_dir / _JSONLD_PART).unlink()
                done("jsonld")
            if "ttl" in targets:
                if "ttl" in jobs:
                    jobs["ttl"].wait()
                else:
                    nt_to_turtle(nt_path, temporary[targets["ttl"]])  # type: ignore[arg-type]
                done("ttl")
        except BaseException:
            for job in jobs.values():
                with contextlib.suppress(BaseException):  # each child is ended, whatever the others do
                    job.cancel()
            raise
        if scratch:
            temporary.pop(scratch).unlink()
    return {fmt: out_dir / FORMATS[fmt] for fmt in formats if fmt in targets}
