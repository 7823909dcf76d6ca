"""Block tokens of a list (or of a piece of it) -> its entries and sections, in one pass.

An entry is a list item, numbered item, table row or reference paragraph that carries a title and a link to
a paper, code, dataset or model; block quotes, tables of contents and the parts of a list that hold no
entries (:mod:`~mmr_graph.ingest.sections`) are not read. What sits under an item describes it: its other
paragraphs and the sub-items without a paper of their own (authors, organisation, venue, "Code: [...]")
add their links and text to it; a sub-item with its own paper (or under an item without links) is an entry
of its own, in the same section. Headings, HTML headings and ``<details><summary>`` groups are sections;
a heading that is a date (``### 2025.04``) dates the items under it that state no date of their own.
Items are read by :mod:`~mmr_graph.ingest.items`, tables by :mod:`~mmr_graph.ingest.tables`, references
and citations by :mod:`~mmr_graph.ingest.references`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from markdown_it.token import Token

from mmr_graph.ingest import references, sections
from mmr_graph.ingest.dates import comment_date, heading_date
from mmr_graph.ingest.items import Statements, normalize_space, plain_text, read_item
from mmr_graph.ingest.links import UnusableURL, classify
from mmr_graph.ingest.tables import read_table
from mmr_graph.ingest.tokens import Blocks
from mmr_graph.model import Item, ItemWarning, LinkKind
from mmr_graph.vocab import Vocabulary


@dataclass(frozen=True)
class Context:
    """What the lines before a point of a list leave to the reading of the lines after it.

    A document read in pieces (:mod:`mmr_graph.ingest.pieces`) starts each piece with the context the
    pieces before it ended with, so that its items get the same sections as in one reading.
    """

    title_open: bool = True  # no title, heading or item yet: a first h1 is the list's title
    headings: tuple[tuple[int, str], ...] = ()  # (level, text) of the headings above, outermost first


@dataclass
class Reading:
    """What the block tokens of (part of) a list say, before the parts are put together."""

    title: str | None
    items: list[Item]
    sections: list[tuple[str, ...]]  # in order of first appearance
    warnings: list[ItemWarning]
    deepest: tuple[int, int] | None  # nesting level and line of the first of the most deeply nested tokens
    end: Context
    fallback_title: str | None = None  # the first heading, for a list without an h1 that names it
    cited: references.Cited = field(default_factory=references.Cited)  # citations by anchor, unresolved


def after_heading(context: Context, level: int, text: str) -> tuple[Context, str | None]:
    """The context after a heading of ``level`` with plain ``text``, and the list's title if it is that:
    the first h1, unless it names a part of the list ("🎇 Introduction")."""
    if level == 1 and context.title_open and not sections.names_a_part(text):
        return Context(title_open=False, headings=()), text  # the title closes any part above it
    kept = tuple((lvl, h) for lvl, h in context.headings if lvl < level)
    title_open = context.title_open and level == 1
    return Context(title_open=title_open, headings=(*kept, (level, text or f"(untitled h{level})"))), None


def heading_text(children: list[Token]) -> str:
    """A heading's plain text, from its inline tokens."""
    return normalize_space(plain_text(children))


# A <details> group is a section below the headings above it; its levels come after the six of headings.
_DETAILS = 7
# Link labels that name a kind of link, not a work: a sub-item "[Project page](url)" describes its parent.
_KIND_LABELS = frozenset(
    (
        *("code", "paper", "project", "project page", "page", "website", "homepage", "home page", "demo"),
        *("github", "official", "dataset", "data", "model", "models", "weights", "checkpoint", "checkpoints"),
        *("blog", "video", "slides", "leaderboard", "huggingface", "hf", "pdf", "arxiv", "link", "here"),
        *("poster", "talk"),
    )
)


@dataclass
class _Frame:
    """An open list item: its paragraphs (inline tokens and line), what its sub-items add, where it is."""

    section: tuple[str, ...]
    mention: bool
    skipped: bool
    date: str | None
    paragraphs: list[tuple[list[Token], int]] = field(default_factory=list)
    details: list[tuple[list[Token], int]] = field(default_factory=list)
    entries: list[tuple[Item, Statements]] = field(default_factory=list)  # sub-items that are entries


@dataclass
class _Table:
    line: int
    rows: list[tuple[list[list[Token]], int]] = field(default_factory=list)


class _Reader:
    """One reading of block tokens: the state that walking them keeps."""

    def __init__(
        self, blocks: Blocks, list_id: str, path: str, vocab: Vocabulary, start: Context, first_line: int
    ):
        self.blocks, self.list_id, self.path, self.vocab = blocks, list_id, path, vocab
        self.context, self.first_line = start, first_line
        self.title: str | None = None
        self.fallback: str | None = None
        self.sections: list[tuple[str, ...]] = []
        self.items: list[Item] = []
        self.warnings: list[ItemWarning] = []
        self.cited = references.Cited()
        self.frames: list[_Frame] = []
        self.table: _Table | None = None
        self.quote_depth = 0
        self.anchor: str | None = None  # a reference id an HTML block gave the next paragraph
        self.comment_date: str | None = None  # a date comment (<!-- 04-25 -->) before the next item
        self._where: tuple[tuple[str, ...], bool, bool, str | None] | None = None

    # -- sections -------------------------------------------------------------------------------------
    def heading(self, level: int, text: str) -> None:
        self.context, found = after_heading(self.context, level, text)
        self._where = None
        if found is not None:
            self.title = found
            return
        if self.title is None and self.fallback is None and not sections.names_a_part(text):
            self.fallback = text
        path_now = self.section()
        if path_now not in self.sections:
            self.sections.append(path_now)

    def html(self, content: str, line: int) -> None:
        anchor = references.block_anchor(content)
        if anchor:
            self.anchor = anchor
        date = comment_date(content)
        self.comment_date = date or self.comment_date
        if self.frames and content.lstrip().startswith("<!--") and "-->" in content:
            # "- <!-- 04-25 --> [Title](url)": the comment opens an HTML block that takes the item's line
            frame = self.frames[-1]
            frame.date = date or frame.date
            rest = content.split("-->", 1)[1].strip()
            if rest:
                (inline,) = self.blocks.parser.parseInline(rest, self.blocks.state.env)
                frame.paragraphs.append((inline.children or [], line))
        for event, level, text in sections.html_events(content):
            if event == "heading":
                self.heading(level, text)
            elif event == "details":
                depth = 1 + sum(lvl >= _DETAILS for lvl, _ in self.context.headings)
                self.context = Context(
                    self.context.title_open, (*self.context.headings, (_DETAILS + depth, ""))
                )
            elif event == "summary" and self.context.headings and self.context.headings[-1][0] >= _DETAILS:
                *kept, (lvl, _) = self.context.headings
                self.context = Context(self.context.title_open, (*kept, (lvl, text)))
                if text and self.section() not in self.sections:
                    self.sections.append(self.section())
            elif event == "end":
                inner = [i for i, (lvl, _) in enumerate(self.context.headings) if lvl >= _DETAILS]
                if inner:
                    self.context = Context(self.context.title_open, self.context.headings[: inner[-1]])
            self._where = None

    def section(self) -> tuple[str, ...]:
        return tuple(h for _, h in self.context.headings if h)

    def where(self) -> tuple[tuple[str, ...], bool, bool, str | None]:
        """The current section, whether it is news, whether it holds no entries, the date it gives."""
        if self._where is None:
            section = self.section()
            news = any(sections.is_news(h) for h in section)
            skipped = any(sections.holds_no_entries(h) for h in section)
            date = next((d for h in reversed(section) if (d := heading_date(h))), None)
            self._where = (section, news, skipped, date)
        return self._where

    # -- entries --------------------------------------------------------------------------------------
    def add(self, found: tuple[Item, Statements] | None, date: str | None) -> None:
        if found is None:
            return
        item, statements = found
        if item.date is None and date is not None:
            item = dataclasses.replace(item, date=date)
        index = len(self.items)
        if statements.anchor:
            self.cited.anchors.setdefault(statements.anchor, index)
        if statements.cites:
            self.cited.citing.append((index, tuple(statements.cites)))
        self.items.append(item)
        if self.context.title_open:
            self.context = Context(title_open=False, headings=self.context.headings)

    def open_item(self) -> None:
        section, news, skipped, date = self.where()
        self.frames.append(
            _Frame(section, news, skipped or bool(self.quote_depth), self.comment_date or date)
        )
        self.comment_date = None

    def close_item(self) -> None:
        frame = self.frames.pop()
        parent = self.frames[-1] if self.frames else None
        if frame.skipped or not frame.paragraphs:
            if parent is not None:
                parent.entries += frame.entries
            else:
                for sub in frame.entries:
                    self.add(sub, None)
            return
        head, line = frame.paragraphs[0]
        if parent is not None and not self._own_entry(head, parent):
            parent.details += frame.paragraphs
            parent.details += frame.details
            parent.entries += frame.entries
            return
        found: tuple[Item, Statements] | None = None
        if frame.entries and not _links(head):
            pass  # a group's label over the entries below it
        else:
            found = read_item(
                head,
                frame.paragraphs[1:] + frame.details,
                line,
                frame.section,
                self.list_id,
                self.path,
                self.vocab,
                self.warnings,
                mention=frame.mention,
            )
            if found is not None and frame.date and found[0].date is None:
                found = (dataclasses.replace(found[0], date=frame.date), found[1])
        if parent is not None:
            parent.entries += ([found] if found else []) + frame.entries
        else:
            self.add(found, None)
            for sub in frame.entries:
                self.add(sub, None)

    def _own_entry(self, head: list[Token], parent: _Frame) -> bool:
        """Whether a sub-item is an entry of its own rather than a line about its parent."""
        kinds = _links(head)
        if not kinds:
            return False
        if LinkKind.PAPER in kinds or not any(_links(p) for p, _ in parent.paragraphs + parent.details):
            return True
        lead, label = _lead(head)
        if lead:
            return not lead.endswith(":")
        return label.casefold().strip(" :") not in _KIND_LABELS

    def paragraph(self, children: list[Token], line: int) -> None:
        """A paragraph outside lists and tables: an entry if it reads as a reference."""
        section, news, skipped, date = self.where()
        anchor, self.anchor = self.anchor, None
        if skipped or self.quote_depth:
            return
        if not (
            anchor
            or references.opens_with_link(children)
            or any(sections.is_bibliography(h) for h in section)
        ):
            return
        statements = Statements(anchor=anchor, citation=True)  # a citation's venue may be anywhere in it
        found = read_item(
            children,
            [],
            line,
            section,
            self.list_id,
            self.path,
            self.vocab,
            self.warnings,
            statements,
            mention=news,
        )
        self.add(found, self.comment_date or date)
        self.comment_date = None

    def end_table(self) -> None:
        table, self.table = self.table, None
        section, news, skipped, date = self.where()
        if table is None or skipped or self.quote_depth or len(table.rows) < 2:
            return
        header, _ = table.rows[0]
        for item in read_table(
            header, table.rows[1:], section, self.list_id, self.path, self.vocab, self.warnings, mention=news
        ):
            self.add((item, Statements()), date)


def _links(children: list[Token]) -> list[LinkKind]:
    """The kinds of the links of inline tokens (in-page anchors and unusable URLs left out)."""
    kinds = []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if href and not href.startswith("#"):
                try:
                    kinds.append(classify(href).kind)
                except UnusableURL:
                    continue
    return kinds


def _lead(children: list[Token]) -> tuple[str, str]:
    """The text before an item's first link, and that link's label."""
    lead: list[str] = []
    for index, token in enumerate(children):
        if token.type == "link_open":
            label = []
            for inner in children[index + 1 :]:
                if inner.type == "link_close":
                    break
                if inner.type in ("text", "code_inline"):
                    label.append(inner.content)
            return normalize_space("".join(lead)), normalize_space("".join(label)).strip("[] ")
        if token.type in ("text", "code_inline"):
            lead.append(token.content)
    return normalize_space("".join(lead)), ""


def read_blocks(
    blocks: Blocks,
    list_id: str,
    path: str,
    vocab: Vocabulary,
    start: Context = Context(),
    first_line: int = 1,
) -> Reading:
    """Read the entries and sections of ``blocks``, which start at line ``first_line`` of the list, in the
    context ``start`` the lines before them leave."""
    tokens = blocks.tokens
    reader = _Reader(blocks, list_id, path, vocab, start, first_line)
    deepest_token = max(tokens, key=lambda t: t.level, default=None)
    deepest = None
    if deepest_token is not None:
        line = deepest_token.map[0] + first_line if deepest_token.map else 1
        deepest = (deepest_token.level, line)
    frames = reader.frames
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "inline":
            if tokens[i - 1].type == "heading_open":
                continue
            line = (tok.map[0] + first_line) if tok.map else 1
            if reader.table is not None:
                if tokens[i - 1].type in ("th_open", "td_open") and reader.table.rows:
                    reader.table.rows[-1][0].append(blocks.children(tok))
            elif frames:
                frames[-1].paragraphs.append((blocks.children(tok), line))
            else:
                reader.paragraph(blocks.children(tok), line)
        elif kind == "list_item_open":
            reader.open_item()
        elif kind == "list_item_close":
            reader.close_item()
        elif kind == "heading_open":
            reader.heading(int(tok.tag[1]), heading_text(blocks.children(tokens[i + 1])))
        elif kind == "blockquote_open":
            reader.quote_depth += 1
        elif kind == "blockquote_close":
            reader.quote_depth -= 1
        elif kind == "html_block":
            reader.html(tok.content, (tok.map[0] + first_line) if tok.map else 1)
        elif kind == "table_open":
            reader.table = _Table((tok.map[0] + first_line) if tok.map else 1)
        elif kind == "tr_open" and reader.table is not None:
            reader.table.rows.append(([], (tok.map[0] + first_line) if tok.map else reader.table.line))
        elif kind in ("th_open", "td_open") and reader.table is not None and reader.table.rows:
            pass
        elif kind == "table_close":
            reader.end_table()
    while frames:  # the nesting limit left items open
        reader.close_item()
    return Reading(
        reader.title,
        reader.items,
        reader.sections,
        reader.warnings,
        deepest,
        reader.context,
        reader.fallback,
        reader.cited,
    )
