"""A large list parsed in pieces on all usable cores (:mod:`mmr_graph.ingest.pieces`), with exactly the
result of one :func:`~mmr_graph.ingest.markdown.parse_markdown`.

The first piece is read in this process while a pool of worker processes reads the others, each in its
guessed context; the pieces are then put together in order, as the serial reading does.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mmr_graph.ingest.catalog import catalog_of, read_lists
from mmr_graph.ingest.markdown import ParsedList, Reading, parse_markdown
from mmr_graph.ingest.pieces import ListText, Piece, cut, put_together, read_piece
from mmr_graph.ingest.sources import ListSource
from mmr_graph.model import Catalog
from mmr_graph.parallel.processes import follow_parent, usable_cores
from mmr_graph.vocab import Vocabulary, load_vocabulary

# Below this many characters a list is parsed in one process: starting workers costs more than it saves.
PARALLEL_MIN_CHARS = 1_000_000

_whole: ListText | None = None  # in a worker process: the list its pieces come from


def build_catalog(
    paths: Sequence[Path | ListSource], vocab: Vocabulary | None = None, curated: Path | bool | None = True
) -> Catalog:
    """:func:`mmr_graph.ingest.catalog.build_catalog`, each large list parsed on all usable cores."""
    vocab = vocab or load_vocabulary()
    return catalog_of(read_lists(paths, vocab, parse=parse_list), vocab, curated)


def parse_list(text: str, list_id: str, path: str, vocab: Vocabulary) -> ParsedList:
    """:func:`~mmr_graph.ingest.markdown.parse_markdown`, in one piece per usable core when the list is
    large."""
    cores = usable_cores()
    if cores < 2 or len(text) < PARALLEL_MIN_CHARS:
        return parse_markdown(text, list_id, path, vocab)
    return parse_in_pieces(text, list_id, path, vocab, piece_chars=-(-len(text) // cores), workers=cores - 1)


def parse_in_pieces(
    text: str, list_id: str, path: str, vocab: Vocabulary, piece_chars: int, workers: int
) -> ParsedList:
    """Parse ``text`` in pieces of about ``piece_chars`` characters (cut at the next safe line): the first
    in this process, the others in ``workers`` worker processes."""
    pieces = cut(text, piece_chars)
    if len(pieces) == 1:
        return parse_markdown(text, list_id, path, vocab)
    whole = ListText(text, list_id, path, vocab)
    pool = ProcessPoolExecutor(
        workers, _start_method(), initializer=_start_worker, initargs=(whole, os.getpid())
    )
    try:
        futures = [pool.submit(_read_in_worker, piece) for piece in pieces[1:]]
        first = read_piece(whole, pieces[0], pieces[0].guess)  # the first guess is always right
        result = put_together(whole, pieces, [lambda: first, *(future.result for future in futures)])
    except BaseException:  # Ctrl-C or an error: no waiting for pieces nobody will read
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return result


def _start_method() -> multiprocessing.context.BaseContext:
    """Forked workers share the parent's memory (the vocabulary and text are not copied); where fork is not
    safe (macOS, Windows), spawned ones get them pickled."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _start_worker(whole: ListText, parent: int) -> None:
    """A worker's set-up: the list, Ctrl-C left to the ``parent`` (which stops the pool) and an end when
    it is gone (see :mod:`mmr_graph.parallel.processes`)."""
    global _whole
    _whole = whole
    follow_parent(parent)


def _read_in_worker(piece: Piece) -> Reading | None:
    assert _whole is not None
    return read_piece(_whole, piece, piece.guess)
