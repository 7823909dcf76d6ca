"""Serialize a graph to N-Triples, Turtle and JSON-LD; deterministic bytes for the same graph.

Every output follows one order: triples sorted by the N-Triples text of subject, predicate and object
(:class:`~mmr_graph.rdf.ntriples.SortedGraph`). N-Triples is written straight from that text; Turtle by
Oxigraph's serializer reading the N-Triples file back as a stream (:mod:`mmr_graph.export.turtle`); JSON-LD
by :mod:`mmr_graph.export.jsonld`. Files are streamed to temporary names and renamed together at the end,
so a large graph is never held in memory as bytes and a failed build leaves the previous files. (A build
has a large graph's Turtle and JSON-LD written by second processes: :mod:`mmr_graph.parallel.writing`.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from itertools import islice
from pathlib import Path

from rdflib.term import Node

from mmr_graph.export.atomic import Staging, staged
from mmr_graph.export.jsonld import write_jsonld
from mmr_graph.export.turtle import nt_to_turtle
from mmr_graph.rdf.ntriples import SortedGraph

FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}
# the order the steps of writing are reported done in (the order of writing them one after the other; for a
# large graph, a build has Turtle and JSON-LD written by second processes while it renders the pages)
WRITE_ORDER = ("nt", "html", "jsonld", "ttl")
_BUFFER = 1 << 20


def write_graph(
    triples: Iterable[tuple[Node, Node, Node]],
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Write rdflib triples in each format into ``out_dir``; nothing is renamed until every file is ready."""
    return write_sorted(SortedGraph.of(triples), out_dir, formats, progress)


Pages = Callable[[], dict[Path, bytes]]
# temporary paths for the files of one set, which it puts in place (see export.atomic.staged)
Stager = Callable[[Iterable[Path]], AbstractContextManager[Staging]]
_SUBJECTS_PER_WRITE = 4096


def write_ntriples(graph: SortedGraph, path: Path) -> list[int]:
    """Write the N-Triples file; returns byte offsets where a subject's lines start (0 first, the file's
    size last): places where a reader of the file may start or stop."""
    offsets = [0]
    chunks = graph.chunks()
    with open(path, "w", encoding="utf-8", newline="\n", buffering=_BUFFER) as out:
        while run := list(islice(chunks, _SUBJECTS_PER_WRITE)):
            out.writelines(run)
            out.flush()
            offsets.append(out.buffer.tell())  # type: ignore[attr-defined] # a BufferedWriter, as opened here
    return offsets


def targets(out_dir: Path, formats: Iterable[str]) -> tuple[dict[str, Path], Path | None]:
    """The file of each wanted format, and the scratch N-Triples file Turtle is made from when N-Triples
    is not wanted (or None)."""
    wanted = set(formats)
    unknown = wanted - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format {sorted(unknown)[0]!r}; choose from {', '.join(FORMATS)}")
    files = {fmt: out_dir / FORMATS[fmt] for fmt in FORMATS if fmt in wanted}
    return files, out_dir / ".graph.nt.scratch" if "ttl" in wanted and "nt" not in wanted else None


def write_sorted(
    graph: SortedGraph,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
    pages: Pages | None = None,
    stage: Stager = staged,
) -> dict[str, Path]:
    """Write a sorted graph in each format, and the files ``pages`` renders (the HTML view), as one set
    that replaces the old files together at the end: a reader never sees the pages of one build beside the
    graph of another. The steps are taken one after the other, in :data:`WRITE_ORDER`; ``progress`` is
    called with each step's name as it is done. ``stage`` gives the temporary paths and puts the files in
    place (by default next to the targets, renamed once all are written; a build passes its
    :meth:`~mmr_graph.export.folder.OutputFolder.stage`, which leaves that to the build's commit)."""
    files, scratch = targets(out_dir, formats)
    done = progress or (lambda _: None)
    with stage([*files.values(), *([scratch] if scratch else [])]) as temporary:
        nt_path = temporary[files["nt"]] if "nt" in files else temporary[scratch] if scratch else None
        if nt_path is not None:
            write_ntriples(graph, nt_path)
            if "nt" in files:
                done("nt")
        if pages is not None:
            for target, data in pages().items():
                temporary.add(target).write_bytes(data)
            done("html")
        if "jsonld" in files:
            with open(temporary[files["jsonld"]], "w", encoding="utf-8", buffering=_BUFFER) as out:
                write_jsonld(graph.statements(), out)
            done("jsonld")
        if "ttl" in files:
            nt_to_turtle(nt_path, temporary[files["ttl"]])  # type: ignore[arg-type] # set: Turtle wants N-Triples
            done("ttl")
        if scratch:
            temporary.pop(scratch).unlink()
    return {fmt: out_dir / FORMATS[fmt] for fmt in formats if fmt in files}
