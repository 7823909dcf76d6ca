"""The arXiv metadata shipped with mmr-graph (``data/metadata/arxiv.jsonl``), read into
:class:`~mmr_graph.enrich.records.PaperMetadata` for a build, and the rules every record of it follows.

The file holds one JSON object a line, sorted by arXiv id, keys in the order of :data:`FIELDS`: the papers
of the default list as their arXiv abstract pages and HTML versions (arxiv.org) give them, each with the
addresses read (``sources``) and the date (``read_on``). arXiv's metadata is released under CC0 1.0; the
sidecar ``arxiv.source.json`` records the source, the dates and the licence for the whole file, and
``python -m mmr_graph.enrich.assemble`` writes both (see ``data/README.md``).

A build uses the records of its own papers (:func:`shipped_metadata`), described as
``Origin(api="arxiv", where="shipped")`` with the dates they were read; the cache's answers, when newer,
win (:func:`mmr_graph.enrich.stored.merged`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mmr_graph.enrich.records import Metadata, Origin, PaperMetadata
from mmr_graph.identity.namespaces import ARXIV

FILE = "arxiv.jsonl"
SIDECAR = "arxiv.source.json"
# the keys of a shipped record, in the file's order
FIELDS = ("arxiv_id", "title", "authors", "abstract", "abstract_complete", "published", "categories",
          "doi", "journal_ref", "sources", "read_on")  # fmt: skip

ARXIV_ID = re.compile(r"(?P<yymm>\d{4})\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/(?P<old>\d{4})\d{3}")
# an arXiv category: cs.CV, eess.IV, stat.ML, q-bio.QM, physics.med-ph, math-ph, hep-th, quant-ph
CATEGORY = re.compile(r"[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[a-z]+)?)?")
DOI = re.compile(r"10\.\d{4,9}/\S+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# what a web page leaves in text copied from it: HTML and MathML tags, character references, the heading
# kept with the text (an abstract may name a model's own tokens, such as <think> and <answer>: not markup)
_ELEMENTS = (
    "a|abbr|annotation|b|big|blockquote|br|cite|code|div|em|font|h[1-6]|hr|i|img|li|math|mfrac|mi|mn|mo|"
    "mrow|msub|msubsup|msup|mtext|ol|p|pre|s|semantics|small|span|strong|sub|sup|svg|table|td|th|tr|tt|u|ul"
)
MARKUP = re.compile(
    rf"</?({_ELEMENTS})(\s[^<>]*)?/?>|&(#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);|^Abstract\b", re.IGNORECASE
)


class BadShippedFile(ValueError):
    """The shipped file cannot be read: ``path:line: what``."""


def shipped_file() -> Path:
    """Where the shipped arXiv metadata is (packaged copy, else the source tree's ``data/metadata/``)."""
    from mmr_graph.resources import resource

    return resource("metadata") / FILE


def problems(record: Mapping[str, Any]) -> list[str]:
    """What is wrong with one shipped record (empty: nothing). Every record of the shipped file passes."""
    found: list[str] = []
    if list(record) != list(FIELDS):
        found.append(f"keys must be {', '.join(FIELDS)} in this order")
        if not set(FIELDS) <= set(record):
            return found
    arxiv_id = record["arxiv_id"]
    m = ARXIV_ID.fullmatch(arxiv_id) if isinstance(arxiv_id, str) else None
    if m is None:
        found.append(f"arxiv_id {arxiv_id!r} is not an arXiv identifier without version")
    if not _one_line(record["title"]):
        found.append("title must be one non-empty line with single spaces")
    authors = record["authors"]
    if not isinstance(authors, list) or not all(_one_line(a) for a in authors):
        # empty when the page read (an HTML version) shows no author block: the record keeps what it has
        found.append("authors must be a list of names, each one line with single spaces")
    abstract, complete = record["abstract"], record["abstract_complete"]
    if not isinstance(complete, bool):
        found.append("abstract_complete must be true or false")
    if not isinstance(abstract, str) or (abstract and not _one_line(abstract)):
        found.append("abstract must be one line with single spaces (or empty)")
    elif not abstract and complete:
        found.append("an empty abstract is not complete")
    elif mark := MARKUP.search(abstract):
        found.append(f"abstract holds markup left from a web page: {mark.group()!r}")
    read_on = _date(record["read_on"])
    if read_on is None:
        found.append("read_on must be a date, YYYY-MM-DD")
    published = record["published"]
    if published is not None:
        day = _date(published)
        if day is None:
            found.append(f"published {published!r} is not a date, YYYY-MM-DD")
        elif read_on is not None and day > read_on:
            found.append(f"published {published} is after read_on {record['read_on']}")
        elif m is not None and m["yymm"] and not _in_month_of(day, m["yymm"]):
            found.append(f"published {published} does not fit the identifier {arxiv_id}'s month")
    categories = record["categories"]
    if not isinstance(categories, list) or not all(
        isinstance(c, str) and CATEGORY.fullmatch(c) for c in categories
    ):
        found.append("categories must be arXiv category codes such as cs.CV")
    elif len(set(categories)) != len(categories):
        found.append("categories must not repeat")
    doi = record["doi"]
    if doi is not None and not (isinstance(doi, str) and DOI.fullmatch(doi)):
        found.append(f"doi {doi!r} is not a DOI (10.NNNN/…)")
    if record["journal_ref"] is not None and not _one_line(record["journal_ref"]):
        found.append("journal_ref must be one non-empty line (or null)")
    sources = record["sources"]
    if not isinstance(sources, list) or not sources or not all(on_arxiv(s) for s in sources):
        found.append("sources must be a non-empty list of arxiv.org addresses")
    return found


def on_arxiv(url: object) -> bool:
    """Whether ``url`` is an http(s) address on arxiv.org or one of its subdomains."""
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and (host == "arxiv.org" or host.endswith(".arxiv.org"))


def _in_month_of(day: dt.date, yymm: str) -> bool:
    """Whether a first version's date fits an identifier's month: within it, or in the last days of the
    month before (a paper submitted after the month's last deadline gets the next month's number)."""
    if not 1 <= int(yymm[2:]) <= 12:
        return False
    first = dt.date(2000 + int(yymm[:2]), int(yymm[2:]), 1)
    return first - dt.timedelta(days=7) <= day < (first + dt.timedelta(days=31)).replace(day=1)


def _one_line(text: object) -> bool:
    return isinstance(text, str) and bool(text) and " ".join(text.split()) == text


def _date(text: object) -> dt.date | None:
    if not isinstance(text, str) or not DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def canonical_line(record: Mapping[str, Any]) -> str:
    """A record as the shipped file spells it: its keys in :data:`FIELDS` order, UTF-8 as is."""
    return json.dumps({key: record[key] for key in FIELDS}, ensure_ascii=False)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a shipped file, checked (:class:`BadShippedFile` names the first bad line)."""
    return checked_records(path, problems, BadShippedFile)


def checked_records(
    path: Path, rules: Callable[[Mapping[str, Any]], list[str]], error: type[BadShippedFile]
) -> list[dict[str, Any]]:
    """The JSON objects of a shipped JSON Lines file, each checked by ``rules`` (``error`` names the file,
    the first bad line and what is wrong with it)."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({exc})") from None
    for number, line in enumerate(lines, 1):
        try:
            record = json.loads(line)
        except ValueError:
            raise error(f"{path}:{number}: not a JSON object") from None
        if not isinstance(record, dict):
            raise error(f"{path}:{number}: not a JSON object")
        wrong = rules(record)
        if wrong:
            raise error(f"{path}:{number}: {wrong[0]}")
        records.append(record)
    return records


def paper_of(record: Mapping[str, Any]) -> PaperMetadata:
    """A shipped record as the build's metadata of one paper (dated with the day it was read)."""
    return PaperMetadata(
        arxiv_id=record["arxiv_id"],
        title=record["title"],
        authors=tuple(record["authors"]),
        abstract=record["abstract"],
        published=record["published"],
        categories=tuple(record["categories"]),
        doi=record["doi"],
        journal_ref=record["journal_ref"],
        fetched_at=record["read_on"],
        abstract_complete=record["abstract_complete"],
    )


@cache
def _papers(path: Path) -> dict[str, PaperMetadata]:
    return {r["arxiv_id"]: paper_of(r) for r in read_records(path)}


def shipped_papers(path: Path | None = None) -> dict[str, PaperMetadata]:
    """Every paper of the shipped file (default: :func:`shipped_file`), by arXiv id."""
    return _papers(path or shipped_file())


def shipped_metadata(arxiv_ids: Iterable[str], path: Path | None = None) -> Metadata:
    """The shipped metadata of the papers ``arxiv_ids`` (a graph's own), keyed by their IRIs, with its
    origin: how many papers and the first and last day they were read."""
    papers = shipped_papers(path)
    found = {ARXIV + i: papers[i] for i in sorted(set(arxiv_ids)) if i in papers}
    if not found:
        return Metadata()
    days = sorted(p.fetched_at for p in found.values())
    origin = Origin(api="arxiv", where="shipped", resources=len(found), oldest=days[0], newest=days[-1])
    return Metadata(papers=found, origins=(origin,))
