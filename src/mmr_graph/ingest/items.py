"""One entry's markdown (inline tokens) -> an :class:`~mmr_graph.model.Item`: title, tags, links, what else
it states (description, venue, date).

An item is a head (the first paragraph of a list item, a table's title cell, a reference paragraph) and
details (its other paragraphs, the sub-items that describe it, a table's other cells). In the head, read in
order: leading bold ``[Tag]`` runs (and plain ``[Tag]`` runs, parentheses allowed) are tags; a bold span
that opens the text (``**Title**``) is the title; else the text before the first link is; an item that
starts with a link (``[LLaVA-R1-100k](url) - description``) takes that link's label. Each link is kept with
its label (one layer of brackets removed) and URL. Images never make text: a badge is read for what it
states (:mod:`~mmr_graph.ingest.badges`) and a head of badges alone is no item. Venues and dates are read
from the rest of the head and from the details (:mod:`~mmr_graph.ingest.venues`,
:mod:`~mmr_graph.ingest.dates`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from mmr_graph.ingest.badges import is_badge, read_badge
from mmr_graph.ingest.dates import comment_date, tag_date, text_date
from mmr_graph.ingest.listed_links import make_link
from mmr_graph.ingest.tags import resolve_tags
from mmr_graph.ingest.venues import text_venues
from mmr_graph.model import Item, ItemWarning, Link, Tags, Venue
from mmr_graph.vocab import Vocabulary

_TAG = re.compile(r"^\[([^\[\]]{1,80})\]$")
_LEADING_PLAIN_TAGS = re.compile(r"^\s*(?:\[[^\[\]]{1,60}\](?!\()\s+)+")
_PLAIN_TAG = re.compile(r"\[([^\[\]]{1,60})\]")
# A bare URL in text: GitHub renders these as links (GFM autolinks); the list has "[[paper]()](url)" typos.
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"(?:\s*[,;|·]\s*){2,}")
_BRACKETED = re.compile(r"[(\[`]([^()\[\]`]{2,60})[)\]`]")
_ANCHOR_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']?(ref-[^\"'\s>]+)", re.I)
_WORDS = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_OPENERS = re.compile(r"[(\[`]")
_NO_TAGS = Tags()
_HTML_LINK = re.compile(r"^<a\s[^>]*?\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)
_HTML_LINK_END = re.compile(r"^</a\s*>$", re.I)

Segment = tuple[str, str, str, int]  # (type, text, href or image source, line)


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class Statements:
    """What an item's blocks say besides its title and links."""

    venues: list[Venue] = field(default_factory=list)
    date: str | None = None
    anchor: str | None = None  # the id of a reference (``ref-...``) the head carries
    cites: list[str] = field(default_factory=list)  # ``ref-...`` anchors the head links to
    citation: bool = False  # a reference paragraph: its title is the whole citation, venue and year included

    def add_venue(self, venue: Venue | None) -> None:
        if venue is not None and venue not in self.venues:
            self.venues.append(venue)

    def add_date(self, date: str | None) -> None:
        self.date = self.date or date


def plain_text(children: list[Token]) -> str:
    """The text of inline tokens: links' labels included, images' alt text and raw HTML left out."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def segments(children: list[Token], line: int, reading: Statements, vocab: Vocabulary) -> list[Segment]:
    """Split inline tokens into text, links and bold marks, each with its line; images and raw HTML are read
    for what they state (a badge's venue or month, a comment's date, a reference's id), never kept."""
    out: list[Segment] = []
    depth = 0
    current_line = line
    label_parts: list[str] = []
    images_only = True  # the open link's label is images alone (a badge as a link)
    saw_image = False
    href = ""
    link_line = line
    html_link = False  # the open link is raw HTML (<a href=...>)
    for child in children:
        kind = child.type
        if kind == "html_inline":  # <a href="url">label</a> is a link as well
            opened = _HTML_LINK.match(child.content) if not depth else None
            if opened:
                kind, html_link = "link_open", True
                found = next(g for g in opened.groups() if g is not None).strip()
                child = Token("link_open", "a", 1, attrs={"href": found.split()[0] if found else ""})
            elif html_link and depth == 1 and _HTML_LINK_END.match(child.content):
                kind, html_link = "link_close", False
        if kind in ("softbreak", "hardbreak"):
            current_line += 1
            if depth:
                label_parts.append(" ")
            else:
                out.append(("text", " ", "", current_line))
        elif kind == "link_open":
            if depth == 0:
                label_parts, href, link_line = [], str(child.attrGet("href") or ""), current_line
                images_only, saw_image = True, False
            depth += 1
        elif kind == "link_close":
            depth -= 1
            if depth == 0:
                label = "".join(label_parts)
                badge = images_only and saw_image
                out.append(("badge-link" if badge else "link", label, str(href), link_line))
        elif kind in ("strong_open", "strong_close"):
            if not depth:
                out.append((kind, "", "", current_line))
        elif kind in ("text", "code_inline"):
            if depth:
                label_parts.append(child.content)
                images_only = images_only and not child.content.strip("[] ")
            else:
                out.append(("text", child.content, "", current_line))
        elif kind == "image":
            src = str(child.attrGet("src") or "")
            stated = read_badge(src, vocab) if is_badge(src) else None
            if stated is not None:
                reading.add_venue(stated.venue)
                reading.add_date(stated.date)
            if depth:  # a badge as a link's label: its alt text names the link ("[![Paper](...)](url)")
                saw_image = True
                label_parts.append(plain_text(child.children or []))
        elif kind == "html_inline":
            anchor = _ANCHOR_ID.search(child.content)
            if anchor:
                reading.anchor = reading.anchor or anchor.group(1)
            reading.add_date(comment_date(child.content))
    return out


def read_item(
    head: list[Token],
    details: list[tuple[list[Token], int]],
    line: int,
    section: tuple[str, ...],
    list_id: str,
    path: str,
    vocab: Vocabulary,
    warnings: list[ItemWarning],
    reading: Statements | None = None,
    mention: bool = False,
) -> tuple[Item, Statements] | None:
    """The item whose head is the inline tokens ``head`` (at ``line``) and whose details are ``details``
    (inline tokens and line of each), or None for a line that is no entry (table of contents, badges)."""
    reading = reading or Statements()
    parts = segments(head, line, reading, vocab)

    # Leading **[Tag]** runs and plain [Tag] runs are tags.
    raw_tags: list[str] = []
    pos = 0
    while pos < len(parts):
        kind, text, _, _ = parts[pos]
        if kind == "text" and not text.strip():
            pos += 1
            continue
        if (
            kind == "strong_open"
            and pos + 2 < len(parts)
            and parts[pos + 1][0] == "text"
            and parts[pos + 2][0] == "strong_close"
            and (tag := _TAG.match(parts[pos + 1][1].strip()))
        ):
            raw_tags.append(normalize_space(tag.group(1)))
            pos += 3
            continue
        plain = _LEADING_PLAIN_TAGS.match(text) if kind == "text" else None
        if plain and (text[plain.end() :].strip() or pos + 1 < len(parts)):
            # tags written without bold, e.g. "[Training] [Name](url)"; only when something follows them
            raw_tags += [normalize_space(t) for t in _PLAIN_TAG.findall(plain.group(0))]
            parts[pos] = ("text", text[plain.end() :], "", parts[pos][3])
            continue
        break
    rest = _autolink(parts[pos:])
    bold = _bold_title(rest)

    # The title: a bold opening, else the text before the first link, else the first link's label.
    title_parts: list[str] = []
    description_parts: list[str] = []
    links: list[Link] = []
    seen_link = False
    title_from_link = False
    for index, (kind, text, link_href, seg_line) in enumerate(rest):
        if kind in ("link", "badge-link"):
            label = _strip_brackets(text)
            if kind == "link" and bold is None and not seen_link and not _has_title(title_parts):
                title_parts, title_from_link = [label], True
            seen_link = seen_link or kind == "link"
            link = make_link(label, link_href, seg_line, path, warnings)
            if link is None:
                continue
            if link.url.startswith("#ref-"):
                reading.cites.append(link.url[1:])
            else:
                links.append(link)
        elif kind == "text":
            if bold is not None:
                (title_parts if index < bold else description_parts).append(text)
            elif not seen_link:
                title_parts.append(text)
            else:
                description_parts.append(text)

    title = clean_title("".join(title_parts))
    if bold is not None:
        title = title.removesuffix(".").strip()
    after = "".join(description_parts)
    trailing = _clean_description(after) if after.strip() else ""  # may state a venue, a date
    # the text after a title-link or a bold title describes the item; between "Title [[paper]](...)"
    # item's links it is only separators or a venue
    description = trailing if title_from_link or bold is not None else ""
    notes: list[str] = []
    for children, detail_line in details:
        detail_parts = _autolink(segments(children, detail_line, reading, vocab))
        words: list[str] = []
        for kind, label, link_href, seg_line in detail_parts:
            if kind in ("link", "badge-link"):
                link = make_link(_strip_brackets(label), link_href, seg_line, path, warnings)
                if link is not None and not link.url.startswith("#"):
                    links.append(link)
            elif kind == "text":
                words.append(label)
        note = _clean_description("".join(words))
        if _WORDS.search(note) and not note.endswith(":"):
            notes.append(note)

    if not title:
        if not links and not reading.cites:
            if raw_tags:
                warnings.append(ItemWarning(path=path, line=line, message="list item has only tags; skipped"))
            elif not any(p[0] == "badge-link" for p in rest):
                warnings.append(ItemWarning(path=path, line=line, message="empty list item; skipped"))
            return None
        if not any(p[0] == "link" for p in rest):
            return None  # badges (a link on an image) and nothing else
        title = next((link.label or link.url for link in links), "")
        if not title:
            return None
        warnings.append(ItemWarning(path=path, line=line, message=f"list item has no title; using {title!r}"))
    if links and all(link.url.startswith("#") for link in links):
        return None  # a table-of-contents line
    if not links and not reading.cites:
        message = f"list item {title[:60]!r} has no usable link; skipped"
        warnings.append(ItemWarning(path=path, line=line, message=message))
        return None  # an entry carries a link to what it lists

    tags = resolve_tags(raw_tags, vocab) if raw_tags else _NO_TAGS
    for venue in tags.venues:
        reading.add_venue(venue)
    for raw in raw_tags:
        reading.add_date(tag_date(raw))
    bracketed = _BRACKETED.findall(title) if _OPENERS.search(title) else []
    if reading.citation:
        bracketed.append(title)
    if trailing or notes or bracketed:
        stated = " ".join([trailing, *notes, *bracketed])
        if _DIGIT.search(stated):
            for venue in text_venues(stated, vocab):
                reading.add_venue(venue)
            reading.add_date(text_date(stated))
    if len(reading.venues) > len(tags.venues):
        tags = _with_venues(tags, reading.venues)
    if notes:
        description = " · ".join(filter(None, [description, *notes]))
    item = Item(
        list_id=list_id,
        line=line,
        section=section,
        title=title,
        description=description,
        tags=tags,
        links=tuple(links),
        date=reading.date,
        mention=mention,
    )
    return item, reading


def _with_venues(tags: Tags, venues: list[Venue]) -> Tags:
    return dataclasses.replace(tags, venues=tuple(venues))


def _has_title(parts: list[str]) -> bool:
    return bool(normalize_space("".join(parts)).strip("[]() -–—:|"))


def _bold_title(parts: list[Segment]) -> int | None:
    """If the text opens with a bold span of plain text (``**Title**``, perhaps after an emoji), the index
    of the part after it closes; else None."""
    pos = 0
    while pos < len(parts) and parts[pos][0] == "text" and not _WORDS.search(parts[pos][1]):
        pos += 1
    if pos >= len(parts) or parts[pos][0] != "strong_open":
        return None
    if pos + 1 < len(parts) and parts[pos + 1][1].lstrip().startswith("["):
        return None  # "**[Image** Title": a broken tag, not a bold title
    end = pos + 1
    while end < len(parts) and parts[end][0] == "text":
        end += 1
    if end == pos + 1 or end >= len(parts) or parts[end][0] != "strong_close":
        return None
    if not _WORDS.search("".join(p[1] for p in parts[pos + 1 : end])) or end + 1 >= len(parts):
        return None  # an empty bold span, or a bold line and nothing else (a group's label)
    return end + 1


def _strip_brackets(label: str) -> str:
    label = normalize_space(label)
    while len(label) >= 2 and label[0] == "[" and label[-1] == "]":
        label = label[1:-1].strip()
    return label


def _autolink(parts: list[Segment]) -> list[Segment]:
    """Turn bare URLs in text into links; a link with an empty target lends its label to the next one."""
    out: list[Segment] = []
    pending_label = ""
    for kind, text, href, line in parts:
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


def clean_title(text: str) -> str:
    title = normalize_space(text)
    # drop stray bracket and separator characters left by the link syntax around the title
    title = title.rstrip(" [(|:–—-")  # not a regex: "[\s\[(]+$" is quadratic on a long run of "["
    title = re.sub(r"^[\s\]\)|:–—-]+", "", title)
    return title.strip()


def _clean_description(text: str) -> str:
    text = _SEPARATORS.sub(", ", normalize_space(text))
    return text.strip("[]() ").lstrip("-–—:|,; ").rstrip(",;| ").strip()
