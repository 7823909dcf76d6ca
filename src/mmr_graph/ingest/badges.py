"""Badges: small images (shields.io and the like) that state something about an item; never entries.

A static shields.io badge spells its text in its path, ``/badge/<label>-<message>-<colour>`` (``--`` is a
dash, ``__`` an underscore, ``_`` a space, ``%20`` a space). What one states is read: a venue
(``CVPR-2025-blue``, ``NeurIPS 2024``) or a month (``Jan-2024-red``). Star counts, licences, "PRs welcome"
and the like state nothing about the work, and a badge never makes a title or an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from mmr_graph.ingest.dates import text_date
from mmr_graph.ingest.venues import tag_venue, text_venues
from mmr_graph.model import Venue
from mmr_graph.vocab import Vocabulary

BADGE_HOSTS = (
    "img.shields.io",
    "shields.io",
    "badgen.net",
    "awesome.re",
    "api.star-history.com",
    "star-history.com",
    "www.star-history.com",
    "visitor-badge.laobi.icu",
    "komarev.com",
    "badge.fury.io",
    "camo.githubusercontent.com",
)
_SEPARATOR = re.compile(r"(?<!-)-(?!-)")


@dataclass(frozen=True)
class Stated:
    """What a badge says about an item."""

    venue: Venue | None = None
    date: str | None = None


def is_badge(src: str) -> bool:
    """Whether an image's source is a badge service (or an SVG badge file such as awesome.re's)."""
    try:
        host = (urlsplit(src).hostname or "").lower()
    except ValueError:
        return False
    return host in BADGE_HOSTS or host.endswith(".shields.io") or src.lower().endswith("/badge.svg")


def badge_text(src: str) -> str:
    """The words of a static shields.io badge (``Jan-2024-red`` -> ``Jan 2024``); empty for others."""
    try:
        parts = urlsplit(src)
    except ValueError:
        return ""
    if not (parts.hostname or "").endswith("shields.io") or not parts.path.startswith("/badge/"):
        return ""
    words = _SEPARATOR.split(unquote(parts.path[len("/badge/") :]).removesuffix(".svg"))
    if len(words) >= 3:
        words = words[:-1]  # the colour
    return " ".join(
        w.replace("--", "-").replace("__", "\0").replace("_", " ").replace("\0", "_") for w in words
    )


def read_badge(src: str, vocab: Vocabulary) -> Stated:
    """The venue or month a badge states, if any."""
    text = badge_text(src).strip()
    if not text:
        return Stated()
    date = text_date(text)
    if date is not None:  # "Jan 2024" is a month, not an unknown venue "JAN"
        return Stated(date=date)
    known = text_venues(text, vocab)
    return Stated(venue=known[0] if known else tag_venue(text, vocab))
