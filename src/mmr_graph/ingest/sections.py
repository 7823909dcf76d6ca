"""Sections: what a heading is (the list's title, a section, a part that holds no entries) and the sections
raw HTML opens (``<h2>``, ``<h3 id=...>``, ``<details><summary>``).

A heading's name is compared without the emoji and punctuation lists put around it (``🎈 Citation``,
``📖 Contents``). Tables of contents, citation, licence, contribution and star-history parts hold no entries;
a news part holds no entries either, but a news line that names a listed work is an occurrence of it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_SKIPPED = re.compile(
    r"^(star history|star trend|stargazers|(table of )?contents|toc|contributing|contributors|contribution"
    r"( guidelines?)?|how to contribute|license|licence|citation|citations|cite|cite us|citing|"
    r"acknowledge?ments?|contact|contact us)$",
    re.I,
)
_NEWS = re.compile(r"^(news|latest news|updates?|recent updates|changelog|what'?s new|announcements?)$", re.I)
_BIBLIOGRAPHY = re.compile(r"^(bibliography|references|reference list|works cited)$", re.I)
# H1s that name a part of the list rather than the list itself.
_GENERIC = re.compile(
    r"^(introduction|intro|overview|about|abstract|preface|summary|readme|contents|table of contents|news|"
    r"updates?|getting started|background|motivation)$",
    re.I,
)
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_HTML = re.compile(
    r"<h([1-6])\b[^>]*>(?P<heading>.*?)</h\1\s*>|<summary\b[^>]*>(?P<summary>.*?)</summary\s*>"
    r"|(?P<open><details\b)|(?P<close></details\s*>)",
    re.I | re.S,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
# Summaries that only tell the reader what to do ("Click to expand"): a group, but no section of its own.
_GENERIC_SUMMARY = re.compile(r"^(click|expand|collapse|show|hide|more|details|see|view|toggle)\b", re.I)


def name(heading: str) -> str:
    """A heading's name without the emoji and punctuation around it."""
    return _EDGES.sub("", heading)


def holds_no_entries(heading: str) -> bool:
    return bool(_SKIPPED.match(name(heading)))


def is_news(heading: str) -> bool:
    return bool(_NEWS.match(name(heading)))


def is_bibliography(heading: str) -> bool:
    return bool(_BIBLIOGRAPHY.match(name(heading)))


def names_a_part(heading: str) -> bool:
    """Whether an h1 names a part of the list ("🎇 Introduction") rather than the list."""
    return bool(_GENERIC.match(name(heading))) or not name(heading)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def html_events(block: str) -> Iterator[tuple[str, int, str]]:
    """The sections an HTML block opens and closes, in order: ``("heading", level, text)``,
    ``("details", 0, "")``, ``("summary", 0, text)`` (empty for "Click to expand"), ``("end", 0, "")``."""
    if "<" not in block:
        return
    for m in _HTML.finditer(block):
        if m.group("heading") is not None:
            yield "heading", int(m.group(1)), html_text(m.group("heading"))
        elif m.group("summary") is not None:
            text = html_text(m.group("summary"))
            yield "summary", 0, "" if _GENERIC_SUMMARY.match(name(text)) else text
        elif m.group("open"):
            yield "details", 0, ""
        else:
            yield "end", 0, ""
