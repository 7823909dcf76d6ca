"""Markdown -> :class:`~mmr_graph.model.Item` records, with a real CommonMark parser (markdown-it-py).

Every list item outside block quotes becomes an item, with the headings above it as its section. Within an
item the inline tokens are read in order: leading bold ``[Tag]`` runs are tags, the text before the first
link is the title, each link is kept with its label (one layer of brackets removed) and URL. An item whose
text starts with a link (``[LLaVA-R1-100k](url) - description``) takes that link's label as its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url as _normalize_url
from markdown_it.token import Token

from mmr_graph.ingest.links import UnusableURL, classify
from mmr_graph.ingest.tags import resolve_tags
from mmr_graph.ingest.tokens import Blocks, block_tokens
from mmr_graph.model import Item, ItemWarning, Link, LinkKind
from mmr_graph.vocab import Vocabulary

# Sections whose items are not entries (chart badges, tables of contents, housekeeping).
SKIPPED_SECTIONS = re.compile(
    r"^(star history|stargazers|(table of )?contents|toc|contributing|contributors|contribution|"
    r"license|licence|citation|cite|acknowledge?ments?|contact)$",
    re.I,
)
_TAG = re.compile(r"^\[([^\[\]]{1,80})\]$")
_LEADING_PLAIN_TAGS = re.compile(r"^\s*(?:\[[^\[\]()]{1,40}\]\s+)+")
# A bare URL in text: GitHub renders these as links (GFM autolinks); the list has "[[paper]()](url)" typos.
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_SPACE = re.compile(r"\s+")
# Labels that announce a kind; a different kind found from the URL is worth a warning.
_LABEL_KINDS = {
    "paper": LinkKind.PAPER,
    "code": LinkKind.CODE,
    "dataset": LinkKind.DATASET,
    "datasets": LinkKind.DATASET,
    "model": LinkKind.MODEL,
}


@dataclass
class ParsedList:
    title: str | None
    items: list[Item]
    sections: list[tuple[str, ...]]
    warnings: list[ItemWarning] = field(default_factory=list)


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


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
    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    parser.normalizeLink = normalize_link  # type: ignore[method-assign]
    return parser


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


def parse_markdown(text: str, list_id: str, path: str, vocab: Vocabulary) -> ParsedList:
    blocks = block_tokens(make_parser(), text)  # inline tokens parsed block by block, when read
    return assemble([read_blocks(blocks, list_id, path, vocab)], path)


def assemble(readings: list[Reading], path: str) -> ParsedList:
    """One list from the readings of its consecutive parts (or of the whole), as one reading gives it."""
    title = next((r.title for r in readings if r.title is not None), None)
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
    items = [item for reading in readings for item in reading.items]
    sections = list(dict.fromkeys(s for reading in readings for s in reading.sections))
    return ParsedList(title=title, items=items, sections=sections, warnings=warnings)


def after_heading(context: Context, level: int, text: str) -> tuple[Context, str | None]:
    """The context after a heading of ``level`` with plain ``text``, and the list's title if it is that."""
    if level == 1 and context.title_open:
        return Context(title_open=False, headings=context.headings), text
    kept = tuple((lvl, h) for lvl, h in context.headings if lvl < level)
    return Context(title_open=False, headings=(*kept, (level, text or f"(untitled h{level})"))), None


def heading_text(children: list[Token]) -> str:
    """A heading's plain text, from its inline tokens."""
    return normalize_space(_plain_text(children))


def read_blocks(
    blocks: Blocks,
    list_id: str,
    path: str,
    vocab: Vocabulary,
    start: Context = Context(),
    first_line: int = 1,
) -> Reading:
    """Read the items and headings of ``blocks``, which start at line ``first_line`` of the list, in the
    context ``start`` the lines before them leave."""
    tokens = blocks.tokens
    title: str | None = None
    context = start
    sections: list[tuple[str, ...]] = []
    items: list[Item] = []
    warnings: list[ItemWarning] = []
    deepest_token = max(tokens, key=lambda t: t.level, default=None)
    deepest = None
    if deepest_token is not None:
        line = deepest_token.map[0] + first_line if deepest_token.map else 1
        deepest = (deepest_token.level, line)
    quote_depth = 0
    in_item_paragraph: list[bool] = []  # per open list_item: has its first paragraph been read?
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            quote_depth += 1
        elif tok.type == "blockquote_close":
            quote_depth -= 1
        elif tok.type == "heading_open":
            text = heading_text(blocks.children(tokens[i + 1]))
            context, found = after_heading(context, int(tok.tag[1]), text)
            if found is not None:
                title = found
                continue
            path_now = tuple(h for _, h in context.headings)
            if path_now not in sections:
                sections.append(path_now)
        elif tok.type == "list_item_open":
            in_item_paragraph.append(False)
        elif tok.type == "list_item_close":
            in_item_paragraph.pop()
        elif tok.type == "inline" and in_item_paragraph and not in_item_paragraph[-1]:
            in_item_paragraph[-1] = True
            section = tuple(h for _, h in context.headings)
            if quote_depth or any(SKIPPED_SECTIONS.match(h) for h in section):
                continue
            line = (tok.map[0] + first_line) if tok.map else 1
            item = _read_item(blocks.children(tok), line, section, list_id, path, vocab, warnings)
            if item is not None:
                items.append(item)
                if context.title_open:
                    context = Context(title_open=False, headings=context.headings)
    return Reading(title, items, sections, warnings, deepest, context)


def _plain_text(children: list[Token]) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(_plain_text(child.children or []))
    return "".join(out)


def _strip_brackets(label: str) -> str:
    label = normalize_space(label)
    while len(label) >= 2 and label[0] == "[" and label[-1] == "]":
        label = label[1:-1].strip()
    return label


def _read_item(
    children: list[Token],
    line: int,
    section: tuple[str, ...],
    list_id: str,
    path: str,
    vocab: Vocabulary,
    warnings: list[ItemWarning],
) -> Item | None:
    # Pass 1: split the inline tokens into text segments and links, tracking the line of each.
    segments: list[tuple[str, str, str, int]] = []  # (type, text, href, line)
    depth = 0
    current_line = line
    label_parts: list[str] = []
    href = ""
    link_line = line
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            current_line += 1
            if depth:
                label_parts.append(" ")
            else:
                segments.append(("text", " ", "", current_line))
            continue
        if child.type == "link_open":
            if depth == 0:
                label_parts, href, link_line = [], child.attrGet("href") or "", current_line
            depth += 1
        elif child.type == "link_close":
            depth -= 1
            if depth == 0:
                segments.append(("link", "".join(label_parts), str(href), link_line))
        elif child.type in ("strong_open", "strong_close"):
            if not depth:
                segments.append((child.type, "", "", current_line))
        elif child.type in ("text", "code_inline", "html_inline", "image"):
            text = _plain_text([child])
            if depth:
                label_parts.append(text)
            else:
                segments.append(("text", text, "", current_line))

    # Pass 2: leading **[Tag]** runs are tags.
    raw_tags: list[str] = []
    pos = 0
    while pos < len(segments):
        kind, text, _, _ = segments[pos]
        if kind == "text" and not text.strip():
            pos += 1
            continue
        if (
            kind == "strong_open"
            and pos + 2 < len(segments)
            and segments[pos + 1][0] == "text"
            and segments[pos + 2][0] == "strong_close"
            and _TAG.match(segments[pos + 1][1].strip())
        ):
            raw_tags.append(normalize_space(_TAG.match(segments[pos + 1][1].strip()).group(1)))  # type: ignore[union-attr]
            pos += 3
            continue
        plain = _LEADING_PLAIN_TAGS.match(text) if kind == "text" else None
        if plain and (text[plain.end() :].strip() or pos + 1 < len(segments)):
            # tags written without bold, e.g. "[Training] [Name](url)"; only when something follows them
            raw_tags += [normalize_space(t) for t in re.findall(r"\[([^\[\]]{1,40})\]", plain.group(0))]
            segments[pos] = ("text", text[plain.end() :], "", segments[pos][3])
            continue
        break
    rest = _autolink(segments[pos:])

    # Pass 3: title = text before the first link; links; description = text after a title-link.
    title_parts: list[str] = []
    links: list[Link] = []
    description_parts: list[str] = []
    seen_link = False
    title_from_link = False
    for kind, text, link_href, seg_line in rest:
        if kind == "link":
            label = _strip_brackets(text)
            if not seen_link and not normalize_space("".join(title_parts)).strip("[]() -–—:|"):
                title_parts, title_from_link = [label], True
            seen_link = True
            link = _make_link(label, link_href, seg_line, path, warnings)
            if link is not None:
                links.append(link)
        elif kind == "text":
            if not seen_link:
                title_parts.append(text)
            elif title_from_link:
                description_parts.append(text)

    title = _clean_title("".join(title_parts))
    description = normalize_space("".join(description_parts)).strip("[]() ").lstrip("-–—:| ").strip()
    if not title:
        if not links:
            if raw_tags:
                warnings.append(ItemWarning(path=path, line=line, message="list item has only tags; skipped"))
            else:
                warnings.append(ItemWarning(path=path, line=line, message="empty list item; skipped"))
            return None
        title = links[0].label or links[0].url
        warnings.append(ItemWarning(path=path, line=line, message=f"list item has no title; using {title!r}"))
    if links and all(link.url.startswith("#") for link in links):
        return None  # a table-of-contents line
    if not links:
        warnings.append(
            ItemWarning(path=path, line=line, message=f"list item {title[:60]!r} has no usable link")
        )
    return Item(
        list_id=list_id,
        line=line,
        section=section,
        title=title,
        description=description,
        tags=resolve_tags(raw_tags, vocab),
        links=tuple(links),
    )


def _autolink(segments: list[tuple[str, str, str, int]]) -> list[tuple[str, str, str, int]]:
    """Turn bare URLs in text into links; a link with an empty target lends its label to the next one."""
    out: list[tuple[str, str, str, int]] = []
    pending_label = ""
    for kind, text, href, line in segments:
        if kind == "link" and not href.strip():
            pending_label = text  # e.g. "[paper]()" right before "](https://...)"
            continue
        if kind != "text" or "http" not in text:
            out.append((kind, text, href, line))
            continue
        last = 0
        for match in _BARE_URL.finditer(text):
            out.append(("text", text[last : match.start()], "", line))
            out.append(("link", pending_label or match.group(0), match.group(0), line))
            pending_label = ""
            last = match.end()
        out.append(("text", text[last:], "", line))
    return out


def _clean_title(text: str) -> str:
    title = normalize_space(text)
    # drop stray bracket and separator characters left by the link syntax around the title
    title = title.rstrip(" [(|:–—-")  # not a regex: "[\s\[(]+$" is quadratic on a long run of "["
    title = re.sub(r"^[\s\]\)|:–—-]+", "", title)
    return title.strip()


def _make_link(label: str, href: str, line: int, path: str, warnings: list[ItemWarning]) -> Link | None:
    if href.startswith("#"):
        return Link(label=label, url=href, kind=LinkKind.OTHER, iri=href, line=line)
    try:
        found = classify(href)
    except UnusableURL as exc:
        warnings.append(ItemWarning(path=path, line=line, message=f"link {label!r} kept as text: {exc}"))
        return None
    expected = _LABEL_KINDS.get(label.casefold())
    if expected is not None and expected is not found.kind:
        warnings.append(
            ItemWarning(
                path=path,
                line=line,
                message=f"link labelled {label!r} is classified as {found.kind.value} by its URL: {href}",
            )
        )
    return Link(label=label, url=href, kind=found.kind, iri=found.iri, line=line, arxiv_id=found.arxiv_id)
