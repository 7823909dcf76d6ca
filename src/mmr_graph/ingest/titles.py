"""The title of an entry, by one rule, whatever the order of its lists:

1. the paper's own title, where enrichment knows it (:func:`with_paper_titles`: a build given metadata
   applies it; the arXiv title of the entry's key);
2. else the most complete listing (:func:`most_complete`): the longest title once bracketed tags (``[CVPR
   2025]``, ``[Code]``) and parenthesised venues (``(ICLR 2024)``) are dropped and spaces squeezed; a tie
   goes to the listing met first (the lists in the order given, then each list's lines in order);
3. never a news line: a work a list only names in its news is an occurrence of the entry, never its title.

What each list called the work stays in that list's occurrence (``dcterms:title`` of ``…/in/LIST``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence

from mmr_graph.ingest.markdown import normalize_space
from mmr_graph.model import Catalog, Item

_NOT_TITLE = re.compile(r"\[[^\]]*\]|\((?:[^()]*\s)?'?(?:19|20)?\d{2}\)")


def completeness(title: str) -> int:
    """How much a title says: its length in characters once tags and venues are dropped."""
    return len(normalize_space(_NOT_TITLE.sub(" ", title)))


def most_complete(listings: Sequence[Item]) -> Item:
    """The listing whose title the entry takes (the first of the longest); ``listings`` are in input order
    and are not news lines."""
    best, best_size = listings[0], completeness(listings[0].title)
    for item in listings[1:]:
        size = completeness(item.title)
        if size > best_size:
            best, best_size = item, size
    return best


def with_paper_titles(catalog: Catalog, titles: Mapping[str, str]) -> Catalog:
    """The catalog with each entry whose key is a paper in ``titles`` (canonical paper IRI -> the paper's own
    title, as enrichment read it) titled by its paper. Short names stay the listings'."""
    changed = False
    entries = []
    for entry in catalog.entries:
        title = normalize_space(titles.get(entry.key, ""))
        if title and title != entry.title:
            entry, changed = dataclasses.replace(entry, title=title), True
        entries.append(entry)
    return dataclasses.replace(catalog, entries=tuple(entries)) if changed else catalog
