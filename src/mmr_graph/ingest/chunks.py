"""Parse a large list in pieces, on all usable cores, with exactly the result of one :func:`parse_markdown`.

A list is cut only before an ATX heading at column 0 whose previous line is blank. At such a line CommonMark
closes every container (list, block quote, indented code, paragraph, HTML blocks of types 6 and 7); the only
blocks that can still be open are a top-level fenced code block or an HTML block of types 1-5, which run to
their end marker. Each piece is parsed alone and then checked: if one of those blocks runs to a piece's end,
or the piece hits the nesting limit (where markdown-it skips to the end of the document), the cut was not
safe and the whole list is parsed in one piece. Link reference definitions hold for the whole document, so a
list that may define one (it contains ``]:``) is never cut.

Each piece starts in the context the pieces before it leave (title, heading stack). That context is known
only once they are read, so a piece is first read in a context guessed from the column-0 ATX headings before
it; a piece whose guess differs from the context its predecessor really ended with is read again, in the
parent process, with the real one. Results are therefore always those of the serial reading.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from mmr_graph.ingest.markdown import (
    MAX_NESTING,
    Context,
    ParsedList,
    Reading,
    after_heading,
    assemble,
    heading_text,
    make_parser,
    parse_markdown,
    read_blocks,
)
from mmr_graph.ingest.tokens import Blocks, block_tokens
from mmr_graph.vocab import Vocabulary
from mmr_graph.workers import follow_parent, usable_cores

# Below this many characters a list is parsed in one process: starting workers costs more than it saves.
PARALLEL_MIN_CHARS = 1_000_000

# A cut: a blank line (spaces and tabs only), then an ATX heading at column 0; the cut is after the blank.
_CUT = re.compile(r"\n[ \t]*\n(?=#{1,6}(?:[ \t\n]|$))")
_ATX_LINE = re.compile(r"^#{1,6}(?:[ \t].*)?$", re.M)
# Blocks that may run past a cut: their end marker can be any number of lines (and blank lines) below.
_UNBOUNDED = ("fence", "html_block", "code_block")


@dataclass(frozen=True)
class Piece:
    """Characters ``start:end`` of the list, whose first line is line ``first_line``."""

    start: int
    end: int
    first_line: int
    guess: Context  # the context the lines before it are expected to leave
    last: bool


@dataclass(frozen=True)
class _Job:
    """What every piece of one list is read with; a worker process gets it once, when it starts."""

    text: str
    list_id: str
    path: str
    vocab: Vocabulary


_job: _Job | None = None  # in a worker process: the list its pieces come from


def parse_list(text: str, list_id: str, path: str, vocab: Vocabulary) -> ParsedList:
    """:func:`parse_markdown`, in one piece per usable core when the list is large."""
    cores = usable_cores()
    if cores < 2 or len(text) < PARALLEL_MIN_CHARS:
        return parse_markdown(text, list_id, path, vocab)
    return parse_in_pieces(text, list_id, path, vocab, piece_chars=-(-len(text) // cores), workers=cores - 1)


def parse_in_pieces(
    text: str, list_id: str, path: str, vocab: Vocabulary, piece_chars: int, workers: int
) -> ParsedList:
    """Parse ``text`` in pieces of about ``piece_chars`` characters (cut at the next safe line): the first
    in this process, the others in ``workers`` worker processes (none: all here, one after the other)."""
    pieces = cut(text, piece_chars)
    if len(pieces) == 1:
        return parse_markdown(text, list_id, path, vocab)
    job = _Job(text, list_id, path, vocab)
    if not workers:
        return _put_together(job, pieces, [_read_here(job, piece) for piece in pieces])
    pool = ProcessPoolExecutor(
        workers, _start_method(), initializer=_start_worker, initargs=(job, os.getpid())
    )
    try:
        futures = [pool.submit(_read_in_worker, piece) for piece in pieces[1:]]
        result = _put_together(job, pieces, [_read_here(job, pieces[0]), *futures])
    except BaseException:  # Ctrl-C or an error: no waiting for pieces nobody will read
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return result


def cut(text: str, piece_chars: int) -> list[Piece]:
    """The pieces of ``text``: each at least ``piece_chars`` long except the last, cut before the first safe
    line after that; one piece when the text contains CR characters (markdown-it counts them as line ends)
    or may define link references."""
    if "\r" in text or "]:" in text:
        return [Piece(0, len(text), 1, Context(), True)]
    starts = [0]
    while (found := _CUT.search(text, starts[-1] + max(piece_chars, 1) - 1)) is not None:
        starts.append(found.end())
    ends = [*starts[1:], len(text)]
    guesses = _guess_contexts(text, starts)
    lines = [1]
    for previous, start in itertools.pairwise(starts):
        lines.append(lines[-1] + text.count("\n", previous, start))
    return [
        Piece(start, end, line, guess, end == len(text))
        for start, end, line, guess in zip(starts, ends, lines, guesses, strict=True)
    ]


def _guess_contexts(text: str, starts: list[int]) -> list[Context]:
    """The context at each start, from the ATX headings at column 0 before it: in a list without headings
    elsewhere (indented, in a list item, setext) or heading-like lines in code blocks, the real one."""
    parser = make_parser()
    contexts = [Context()]
    context = Context()
    for start, end in itertools.pairwise(starts):
        for match in _ATX_LINE.finditer(text, start, end):
            tokens = parser.parse(match.group(0))
            if tokens and tokens[0].type == "heading_open":
                text_of = heading_text(tokens[1].children or [])
                context = after_heading(context, int(tokens[0].tag[1]), text_of)[0]
        contexts.append(context)
    return contexts


def _read(job: _Job, piece: Piece, context: Context) -> Reading | None:
    """The reading of one piece in ``context``; None if a block of it may run on past its end."""
    blocks = block_tokens(make_parser(), job.text[piece.start : piece.end])
    if not piece.last and _runs_on(blocks, job.text.count("\n", piece.start, piece.end)):
        return None
    return read_blocks(blocks, job.list_id, job.path, job.vocab, context, piece.first_line)


def _runs_on(blocks: Blocks, line_count: int) -> bool:
    """Whether a block may continue past the piece's last line (markdown-it ends an unclosed fence or HTML
    block at the last line), or the nesting limit made markdown-it skip to the end."""
    for token in blocks.tokens:
        if token.level >= MAX_NESTING - 1:
            return True
        if token.level == 0 and token.type in _UNBOUNDED and token.map and token.map[1] >= line_count:
            return True
    return False


def _put_together(job: _Job, pieces: list[Piece], started: list[Future[Reading | None]]) -> ParsedList:
    """The list from the readings of its pieces, in order, each ``started`` in its guessed context. A piece
    whose guess was wrong is read again; an unsafe cut means one reading of the whole list; an error is
    raised (as the serial reading raises it) only once the pieces before it are known to be right."""
    readings: list[Reading] = []
    for piece, future in zip(pieces, started, strict=True):
        context = readings[-1].end if readings else Context()
        reading = future.result() if context == piece.guess else _read(job, piece, context)
        if reading is None:
            return parse_markdown(job.text, job.list_id, job.path, job.vocab)
        readings.append(reading)
    return assemble(readings, job.path)


def _read_here(job: _Job, piece: Piece) -> Future[Reading | None]:
    """The reading of a piece in its guessed context, in this process; an error is kept for later, as a
    worker's is."""
    future: Future[Reading | None] = Future()
    try:
        future.set_result(_read(job, piece, piece.guess))
    except Exception as exc:
        future.set_exception(exc)
    return future


def _start_method() -> multiprocessing.context.BaseContext:
    """Forked workers share the parent's memory (the vocabulary and text are not copied); where fork is not
    safe (macOS, Windows), spawned ones get them pickled."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _start_worker(job: _Job, parent: int) -> None:
    """A worker's set-up: the list, Ctrl-C left to the ``parent`` (which stops the pool) and an end when
    it is gone (see :mod:`mmr_graph.workers`)."""
    global _job
    _job = job
    follow_parent(parent)


def _read_in_worker(piece: Piece) -> Reading | None:
    assert _job is not None
    return _read(_job, piece, piece.guess)
