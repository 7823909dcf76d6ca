"""Markdown -> :class:`~mmr_graph.model.Item` records, with a real CommonMark parser (markdown-it-py, with
GitHub's tables): the parser, and one list put together from the readings of its parts
(:mod:`~mmr_graph.ingest.reader` reads the block tokens).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url as _normalize_url

from mmr_graph.ingest import references
from mmr_graph.ingest.items import normalize_space
from mmr_graph.ingest.reader import Context, Reading, after_heading, heading_text, read_blocks
from mmr_graph.ingest.tokens import block_tokens
from mmr_graph.model import Item, ItemWarning
from mmr_graph.vocab import Vocabulary

# what other stages have from here
__all__ = ["Context", "Reading", "after_heading", "heading_text", "normalize_space", "read_blocks"]


@dataclass
class ParsedList:
    title: str | None
    items: list[Item]
    sections: list[tuple[str, ...]]
    warnings: list[ItemWarning] = field(default_factory=list)
    skipped: list[ItemWarning] = field(default_factory=list)  # lists skipped before this one (read_lists)


# Nesting the parser follows (a list level counts two: list and item). markdown-it-py drops blocks nested
# deeper; its default of 20 (9 list levels) lost items. Inline parsing of "[" runs costs time in proportion.
MAX_NESTING = 40


# A URL that markdown-it's link normalization (percent-encoding, punycode of the host) leaves as it is: only
# ASCII characters that need no escaping. It skips that work, a fifth of parsing a large list's links.
_PLAIN_URL = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=:@/?#]*)?"
)


def normalize_link(url: str) -> str:
    """markdown-it's ``normalizeLink``, with a shortcut for URLs it would return unchanged."""
    return url if _PLAIN_URL.fullmatch(url) else _normalize_url.normalizeLink(url)


def make_parser() -> MarkdownIt:
    """CommonMark with GitHub's tables (lists write papers in them)."""
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    parser.normalizeLink = normalize_link  # type: ignore[method-assign] # markdown-it-py's documented hook
    return parser


def parse_markdown(text: str, list_id: str, path: str, vocab: Vocabulary) -> ParsedList:
    blocks = block_tokens(make_parser(), text)  # inline tokens parsed block by block, when read
    return assemble([read_blocks(blocks, list_id, path, vocab)], path)


def assemble(readings: list[Reading], path: str) -> ParsedList:
    """One list from the readings of its consecutive parts (or of the whole), as one reading gives it."""
    title = next((r.title for r in readings if r.title is not None), None)
    if title is None:
        title = next((r.fallback_title for r in readings if r.fallback_title is not None), None)
    deepest: tuple[int, int] | None = None
    for reading in readings:
        if reading.deepest is not None and (deepest is None or reading.deepest[0] > deepest[0]):
            deepest = reading.deepest  # the first of the deepest, as max() picks it
    warnings: list[ItemWarning] = []
    if deepest is not None and deepest[0] >= MAX_NESTING - 1:
        message = f"lists or quotes nested {MAX_NESTING // 2} levels deep: the rest of this block is not read"
        warnings.append(ItemWarning(path=path, line=deepest[1], message=message))
    for reading in readings:
        warnings += reading.warnings
    items: list[Item] = []
    cited = references.Cited()
    for reading in readings:
        offset = len(items)
        items += reading.items
        cited.citing += [(offset + index, ids) for index, ids in reading.cited.citing]
        for ref, index in reading.cited.anchors.items():
            cited.anchors.setdefault(ref, offset + index)
    items = references.resolve(items, cited, path, warnings)
    sections = list(dict.fromkeys(s for reading in readings for s in reading.sections))
    return ParsedList(title=title, items=items, sections=sections, warnings=warnings)
