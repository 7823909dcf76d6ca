"""Dates as lists write them, read into ISO text whose length is its precision.

``"2025"`` is a year (``xsd:gYear``), ``"2025-04"`` a month (``xsd:gYearMonth``), ``"2025-04-07"`` a day
(``xsd:date``). Spellings read:

* tags ``[2504]`` (YYMM, as arXiv numbers its papers);
* ``2025-04-07``, ``2025-04``, ``2025.04``, ``2025/4``, ``2023.1`` in text; ``25.03`` (YY.MM) in a date
  cell of a table; ``Apr 2025``, ``April-2025`` (also as a shields.io badge, ``Apr-2025-red``);
* comments ``<!-- 04-25 -->`` (MM-YY);
* headings that are a date: ``## 2024``, ``### 2025.04``, ``### 2025-04``.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))

_YYMM_TAG = re.compile(r"^([0-3]\d)(0[1-9]|1[0-2])$")
_ISO = re.compile(r"(?<![\w.])((?:19|20)\d\d)[-./](0?[1-9]|1[0-2])(?:[-./](0?[1-9]|[12]\d|3[01]))?(?![\d])")
_MONTH_YEAR = re.compile(rf"(?<![a-z])({_MONTH_NAME})\.?[\s,_-]*((?:19|20)\d\d)(?!\d)", re.I)
_YY_MM = re.compile(r"^\s*([0-3]\d)\.(0[1-9]|1[0-2])(?!\d)")
_COMMENT = re.compile(r"<!--\s*(0[1-9]|1[0-2])[-/.](\d\d)\s*-->")
_HEADING = re.compile(r"^[^\w]*((?:19|20)\d\d)(?:[-./](0?[1-9]|1[0-2]))?[^\w]*$")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")

PRECISION = {4: "gYear", 7: "gYearMonth", 10: "date"}  # length of the ISO text -> XML Schema type


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _century(yy: str) -> int:
    return 2000 + int(yy)  # lists of this field cite nothing from the 1900s by two digits


def tag_date(tag: str) -> str | None:
    """``2504`` (a tag's text) -> ``2025-04``."""
    m = _YYMM_TAG.match(tag.strip())
    return _iso(_century(m.group(1)), int(m.group(2))) if m else None


def text_date(text: str) -> str | None:
    """The first full date or month written in free text (a bare year is not enough)."""
    m = _ISO.search(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) and m.group(0).count(m.group(0)[4]) == 2 else None
        if day is not None:  # "2025-04.07" mixes separators, "2025-02-30" is no day: the month is sure
            try:
                dt.date(year, month, day)
            except ValueError:
                day = None
        return _iso(year, month, day)
    m = _MONTH_YEAR.search(text)
    if m:
        return _iso(int(m.group(2)), _MONTHS[m.group(1).lower()])
    m = _COMMENT.search(text)
    if m:
        return _iso(_century(m.group(2)), int(m.group(1)))
    return None


def cell_date(text: str) -> str | None:
    """A table's date cell: anything :func:`text_date` reads, ``25.03`` (YY.MM) or a year alone."""
    found = text_date(text)
    if found:
        return found
    m = _YY_MM.match(text)
    if m:
        return _iso(_century(m.group(1)), int(m.group(2)))
    m = _YEAR.match(text)
    return m.group(1) if m else None


def heading_date(text: str) -> str | None:
    """A heading that is only a date (``2024``, ``2025.04``, ``📅 2025-04``) -> its date; else None."""
    m = _HEADING.match(text)
    if not m:
        return None
    return _iso(int(m.group(1)), int(m.group(2))) if m.group(2) else m.group(1)


def comment_date(comment: str) -> str | None:
    """An HTML comment ``<!-- 04-25 -->`` -> ``2025-04``."""
    m = _COMMENT.search(comment)
    return _iso(_century(m.group(2)), int(m.group(1))) if m else None


def precision(value: str) -> str:
    """The XML Schema type of an ISO date text made here: ``gYear``, ``gYearMonth`` or ``date``."""
    return PRECISION[len(value)]
