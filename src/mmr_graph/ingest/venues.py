"""Venues as lists write them -> :class:`~mmr_graph.model.Venue` (series notation of the venue scheme, year).

The venue scheme (``ontology/venues.ttl``) normalises spellings: a series is known by its notation, its
``skos:prefLabel`` and any ``skos:altLabel``, compared without case, spaces, dots and hyphens. Read:

* tags: ``[CVPR 2025]``, ``[WWW2025]``, ``[ACL'23]`` (an unknown acronym and a year is a venue of its own);
* text around an item's title: ``NeurIPS 2024``, ``(ICLR 2024)``, ``ACL'23``, ```NeurIPS 2022```,
  ``NeurIPS 2025 Highlight``, ``ACL 2025 Long``: only series the scheme knows, so that prose is not taken
  for a venue;
* a table's venue column (``CVPR``) with the year of its date column.
"""

from __future__ import annotations

import re

from mmr_graph.identity.keys import label_key
from mmr_graph.model import Venue
from mmr_graph.vocab import Scheme, Vocabulary

_TAG = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9&*\- ]*?)[\s'’_-]*((?:19|20)\d{2}|\d{2})\s*$")
_ACRONYM = re.compile(r"[A-Za-z][A-Za-z&\-]{1,15}")
# What may stand between a series and its year: a track or a presentation kind.
_QUALIFIER = r"(?:[\s_-]*(?:Findings|Workshops?|Oral|Spotlight|Highlight|Tutorial|Talk|Main|Long|Short|DB))?"
_patterns: dict[int, re.Pattern[str]] = {}


def _year(text: str) -> int | None:
    year = int(text) + 2000 if len(text) == 2 else int(text)
    return year if 1980 <= year <= 2099 else None


def tag_venue(text: str, vocab: Vocabulary) -> Venue | None:
    """A tag's text (``CVPR 2025``, ``ACL'23``) as a venue: a known series, or an unknown acronym."""
    m = _TAG.match(text)
    if not m:
        return None
    name, year = m.group(1).strip(), _year(m.group(2))
    if year is None or (len(m.group(2)) == 2 and "'" not in text and "’" not in text):
        return None  # two digits only after an apostrophe: "[GPT 4o]" is no venue
    known = vocab.venues.match(name)
    if known:
        return Venue(series=known.notation, year=year)
    if _ACRONYM.fullmatch(name) and any(ch.isupper() for ch in name):
        return Venue(series=label_key(name).upper(), year=year)
    return None


def _pattern(scheme: Scheme) -> re.Pattern[str]:
    found = _patterns.get(id(scheme))
    if found is None:
        # longest first; a name may run into its year ("CVPR2025"), not into more letters ("ACLU")
        names = "|".join(re.escape(label) for label, _ in scheme.labels())
        found = re.compile(
            rf"(?<![\w/.#-])({names})(?![A-Za-z]){_QUALIFIER}(?:\s*['’]\s*(\d\d)|[\s_-]*((?:19|20)\d\d))(?![\w])",
            re.IGNORECASE,
        )
        _patterns[id(scheme)] = found
    return found


def text_venues(text: str, vocab: Vocabulary) -> list[Venue]:
    """Every venue of a series the scheme knows written in ``text``, in order."""
    if not text or not any(ch.isdigit() for ch in text):
        return []
    found: list[Venue] = []
    for m in _pattern(vocab.venues).finditer(text):
        concept = vocab.venues.match(m.group(1))
        year = _year(m.group(2) or m.group(3))
        if concept is not None and year is not None:
            venue = Venue(series=concept.notation, year=year)
            if venue not in found:
                found.append(venue)
    return found


def column_venue(name: str, year: str | None, vocab: Vocabulary) -> Venue | None:
    """A venue column's text (``CVPR``, or ``CVPR 2025``) with the year of the row's date, if any."""
    within = text_venues(name, vocab)
    if within:
        return within[0]
    concept = vocab.venues.match(name.strip()) if name.strip() else None
    if concept is None or not year:
        return None
    found = _year(year[:4])
    return Venue(series=concept.notation, year=found) if found else None
