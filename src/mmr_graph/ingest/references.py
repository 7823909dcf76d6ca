"""References: paragraphs that cite a work, and citations that point at them by anchor.

A paragraph outside lists and tables is an entry when it reads as a reference: it opens with a link
(``[Title](url), Venue 2022 [[code]](url)``), carries a reference's id (``<div id="ref-x">`` before it, or
``<a id="ref-x"></a>`` in it, as pandoc writes a bibliography), or stands under a bibliography heading.
An item that cites ``[1](#ref-x)`` takes the links, venue and date of reference ``ref-x`` (:func:`resolve`);
a reference cited that way is that item's and no entry of its own, a reference nobody cites stays an entry.
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it.token import Token

from mmr_graph.model import Item, ItemWarning

_ANCHOR_ID = re.compile(r"\b(?:id|name)\s*=\s*[\"']?(ref-[^\"'\s>]+)", re.I)


def block_anchor(html: str) -> str | None:
    """The reference id an HTML block gives the paragraph after it (``<div id="ref-x">``)."""
    m = _ANCHOR_ID.search(html)
    return m.group(1) if m else None


def opens_with_link(children: list[Token]) -> bool:
    """Whether a paragraph's first words are a link (perhaps in bold, or after an emoji)."""
    for token in children:
        if token.type == "link_open":
            return not str(token.attrGet("href") or "").startswith("#")
        if token.type in ("strong_open", "em_open", "softbreak"):
            continue
        if token.type == "html_inline" and _ANCHOR_ID.search(token.content):
            return True
        if token.type == "text" and not re.search(r"\w", token.content):
            continue
        return False
    return False


@dataclasses.dataclass
class Cited:
    """An item that cites references, and the references an item is (by id), while a list is read."""

    citing: list[tuple[int, tuple[str, ...]]] = dataclasses.field(default_factory=list)  # item index, ids
    anchors: dict[str, int] = dataclasses.field(default_factory=dict)  # reference id -> item index


def resolve(items: list[Item], cited: Cited, path: str, warnings: list[ItemWarning]) -> list[Item]:
    """Give each citing item the links of the references it cites; drop the references so used."""
    if not cited.citing:
        return items
    used: set[int] = set()
    replaced: dict[int, Item] = {}
    for index, ids in cited.citing:
        item = items[index]
        links, venues, date = list(item.links), list(item.tags.venues), item.date
        for ref in ids:
            target = cited.anchors.get(ref)
            if target is None:
                message = f"cites #{ref}, which is not found"
                warnings.append(ItemWarning(path=path, line=item.line, message=message))
                continue
            used.add(target)
            reference = items[target]
            links += [link for link in reference.links if link not in links]
            venues += [venue for venue in reference.tags.venues if venue not in venues]
            date = date or reference.date
        tags = dataclasses.replace(item.tags, venues=tuple(venues))
        replaced[index] = dataclasses.replace(item, links=tuple(links), tags=tags, date=date)
    out = []
    for index, item in enumerate(items):
        item = replaced.get(index, item)
        if index in used and index not in replaced:
            continue
        if not item.links:
            message = f"list item {item.title[:60]!r} has no usable link; skipped"
            warnings.append(ItemWarning(path=path, line=item.line, message=message))
            continue
        out.append(item)
    return out
