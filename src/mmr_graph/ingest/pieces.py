"""A list read in pieces, with exactly the result of one :func:`~mmr_graph.ingest.markdown.parse_markdown`.

(Pieces can be read at the same time, on several cores: :mod:`mmr_graph.parallel.parse` does that.)

A list is cut only before an ATX heading at column 0 whose previous line is blank. At such a line CommonMark
closes every container (list, block quote, indented code, paragraph, HTML blocks of types 6 and 7); the only
blocks that can still be open are a top-level fenced code block or an HTML block of types 1-5, which run to
their end marker. Each piece is parsed alone and then checked: if one of those blocks runs to a piece's end,
or the piece hits the nesting limit (where markdown-it skips to the end of the document), the cut was not
safe and the whole list is parsed in one piece. Link reference definitions hold for the whole document, so a
list that may define one (it contains ``]:``) is never cut.

Each piece starts in the context the pieces before it leave (title, heading stack). That context is known
only once they are read, so a piece is first read in a context guessed from the column-0 ATX headings before
it; a piece whose guess differs from the context its predecessor really ended with is read again with the
real one. Results are therefore always those of the serial reading.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
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
class ListText:
    """What every piece of one list is read with."""

    text: str
    list_id: str
    path: str
    vocab: Vocabulary


# The reading of a piece in its guessed context, asked for once it is known to be wanted (it may raise)
GuessedReading = Callable[[], Reading | None]


def parse_in_pieces(text: str, list_id: str, path: str, vocab: Vocabulary, piece_chars: int) -> ParsedList:
    """Parse ``text`` in pieces of about ``piece_chars`` characters (cut at the next safe line), one after
    the other."""
    pieces = cut(text, piece_chars)
    whole = ListText(text, list_id, path, vocab)
    if len(pieces) == 1:
        return parse_markdown(text, list_id, path, vocab)
    return put_together(whole, pieces, [_guessed(whole, piece) for piece in pieces])


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


def read_piece(whole: ListText, piece: Piece, context: Context) -> Reading | None:
    """The reading of one piece in ``context``; None if a block of it may run on past its end."""
    blocks = block_tokens(make_parser(), whole.text[piece.start : piece.end])
    if not piece.last and _runs_on(blocks, whole.text.count("\n", piece.start, piece.end)):
        return None
    return read_blocks(blocks, whole.list_id, whole.path, whole.vocab, context, piece.first_line)


def _runs_on(blocks: Blocks, line_count: int) -> bool:
    """Whether a block may continue past the piece's last line (markdown-it ends an unclosed fence or HTML
    block at the last line), or the nesting limit made markdown-it skip to the end."""
    for token in blocks.tokens:
        if token.level >= MAX_NESTING - 1:
            return True
        if token.level == 0 and token.type in _UNBOUNDED and token.map and token.map[1] >= line_count:
            return True
    return False


def put_together(whole: ListText, pieces: list[Piece], guessed: Sequence[GuessedReading]) -> ParsedList:
    """The list from the readings of its pieces, in order: ``guessed[i]()``, the reading of piece ``i`` in
    its guessed context, is asked for if the guess was right; a piece whose guess was wrong is read again;
    an unsafe cut means one reading of the whole list. An error is thus raised (as the serial reading
    raises it) only once the pieces before it are known to be right."""
    readings: list[Reading] = []
    for piece, reading_of in zip(pieces, guessed, strict=True):
        context = readings[-1].end if readings else Context()
        reading = reading_of() if context == piece.guess else read_piece(whole, piece, context)
        if reading is None:
            return parse_markdown(whole.text, whole.list_id, whole.path, whole.vocab)
        readings.append(reading)
    return assemble(readings, whole.path)


def _guessed(whole: ListText, piece: Piece) -> GuessedReading:
    return lambda: read_piece(whole, piece, piece.guess)
