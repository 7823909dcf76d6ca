"""The files of a large graph written by three processes at once, with exactly the bytes of
:func:`mmr_graph.export.files.write_sorted`.

Two other processes read the N-Triples file (:mod:`mmr_graph.parallel.children`), both started before it is
written: one prints the Turtle as this one writes the file; once it is written and this one has let the
graph go (its memory is freed if the caller holds no other reference), the other is told where the file's
last subjects start and writes their JSON-LD nodes, while this one renders the pages, writes the nodes of the
first ones, and puts the two parts together.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from mmr_graph.export import files as export_files
from mmr_graph.export.atomic import staged
from mmr_graph.export.files import FORMATS, Pages, Stager, targets, write_ntriples
from mmr_graph.export.jsonld import close_document, open_document, write_nodes
from mmr_graph.parallel.children import ChildJob, FileWindow
from mmr_graph.rdf.ntriples import SortedGraph, read_sorted

# below this many triples, second processes cost more than they save
PARALLEL_FROM = 300_000
# Of a large graph's JSON-LD, the share (of the N-Triples file's bytes, from its start) this process writes
# itself, after the pages; a child writes the rest meanwhile, and another the Turtle.
JSONLD_SHARE = 0.45
_JSONLD_PART = ".graph.jsonld.part"
_BUFFER = 1 << 20


def write_sorted(
    graph: SortedGraph,
    out_dir: Path,
    formats: Iterable[str] = FORMATS,
    progress: Callable[[str], None] | None = None,
    pages: Pages | None = None,
    stage: Stager = staged,
) -> dict[str, Path]:
    """:func:`mmr_graph.export.files.write_sorted`, with second processes for a large graph's Turtle and
    JSON-LD (children follow the growing file with select() on a pipe, which Windows has for sockets only).
    The caller lets this function hold the graph's only reference, for it to be freed once written."""
    files, scratch = targets(out_dir, formats)
    nt_file = files.get("nt", scratch)  # the file the children read
    if (
        len(graph) < PARALLEL_FROM
        or os.name != "posix"
        or nt_file is None
        or not {"ttl", "jsonld"} & files.keys()
    ):
        return export_files.write_sorted(graph, out_dir, formats, progress, pages, stage)
    done = progress or (lambda _: None)
    with stage([*files.values(), *([scratch] if scratch else [])]) as temporary:
        nt_path = temporary[nt_file]
        jobs: dict[str, ChildJob] = {}
        try:
            if "ttl" in files:  # reads the file as it is written
                jobs["ttl"] = ChildJob("ttl", nt_path, temporary[files["ttl"]])
            if "jsonld" in files:  # started now, told where to start reading once it can
                part = temporary.add(out_dir / _JSONLD_PART)
                jobs["jsonld"] = ChildJob("jsonld-nodes", nt_path, part)
            offsets = write_ntriples(graph, nt_path)
            split = _split_point(offsets, JSONLD_SHARE)
            if "jsonld" in jobs:
                jobs["jsonld"].start_at(split)
            for job in jobs.values():
                job.input_complete()
            if "nt" in files:
                done("nt")
            del graph  # the children read the file: the graph's memory is theirs and the pages'
            if pages is not None:
                for target, data in pages().items():
                    temporary.add(target).write_bytes(data)
                done("html")
            if "jsonld" in files:
                with open(temporary[files["jsonld"]], "w", encoding="utf-8", buffering=_BUFFER) as out:
                    _write_jsonld_parts(nt_path, split, out, jobs["jsonld"], part)
                temporary.pop(out_dir / _JSONLD_PART).unlink()
                done("jsonld")
            if "ttl" in files:
                jobs["ttl"].wait()
                done("ttl")
        except BaseException:
            for job in jobs.values():
                with contextlib.suppress(BaseException):  # each child is ended, whatever the others do
                    job.cancel()
            raise
        if scratch:
            temporary.pop(scratch).unlink()
    return {fmt: out_dir / FORMATS[fmt] for fmt in formats if fmt in files}


def _split_point(offsets: list[int], share: float) -> int:
    """The offset nearest to ``share`` of the file."""
    return min(offsets, key=lambda offset: abs(offset - share * offsets[-1]))


def _write_jsonld_parts(nt_path: Path, split: int, out: TextIO, rest: ChildJob, part: Path) -> None:
    """The JSON-LD document: the nodes of the N-Triples file's subjects before byte ``split`` written here,
    then those after, which the child ``rest`` writes to ``part`` meanwhile."""
    open_document(out)
    with FileWindow(nt_path, 0, split) as window:
        wrote = write_nodes(read_sorted(io.BufferedReader(window, _BUFFER)), out)
    rest.wait()
    more = part.stat().st_size > 0
    if more:
        if wrote:
            out.write(",")  # the part starts with its first node's line break
        out.flush()
        with open(part, "rb") as source:
            shutil.copyfileobj(source, out.buffer, _BUFFER)
    close_document(out, empty=not wrote and not more)
