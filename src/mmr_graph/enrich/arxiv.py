"""The arXiv API (``/api/query?id_list=…``): request URLs in batches, and its Atom answer read into
:class:`~mmr_graph.enrich.records.PaperMetadata`.

The answer is an Atom 1.0 feed (namespaces ``http://www.w3.org/2005/Atom`` and
``http://arxiv.org/schemas/atom``): one ``<entry>`` per paper with ``<id>`` (``http://arxiv.org/abs/IDvN``),
``<published>`` (the first version), ``<title>``, ``<summary>`` (the abstract), ``<author><name>``,
``<arxiv:primary_category term=…>``, ``<category term=…>`` and optional ``<arxiv:doi>`` and
``<arxiv:journal_ref>``. An unknown or malformed id comes back as an entry whose id is an error URL: it is
skipped. The XML is parsed with defusedxml: a document type declaration, entity or external reference is
refused, so a hostile server cannot expand entities or make the parser read files or URLs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import urlencode
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

from mmr_graph.enrich.records import PaperMetadata

DEFAULT_API = "https://export.arxiv.org/api/query"
BATCH = 50  # ids per request
PAUSE = 3.0  # seconds between two requests (arXiv's terms of use: about one request every three seconds)
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_ID = re.compile(r"arxiv\.org/abs/(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(v\d+)?$", re.IGNORECASE)


class BadFeed(ValueError):
    """The answer is not an Atom feed this module can read (the message holds nothing it sent)."""


def query_urls(api: str, ids: Sequence[str], batch: int = BATCH) -> list[tuple[str, tuple[str, ...]]]:
    """The request URL of each batch of ``ids`` (sorted, so that the same ids make the same URLs and hit
    the cache), with the ids it asks for."""
    ordered = sorted(set(ids))
    out = []
    for start in range(0, len(ordered), batch):
        chunk = tuple(ordered[start : start + batch])
        query = urlencode({"id_list": ",".join(chunk), "start": 0, "max_results": len(chunk)})
        out.append((f"{api}?{query}", chunk))
    return out


def read_feed(body: bytes, fetched_at: str) -> list[PaperMetadata]:
    """The papers of an arXiv API answer; :class:`BadFeed` if it is not a well-formed Atom feed."""
    try:
        root = SafeXML.fromstring(body, forbid_dtd=True)
    except (SafeXML.ParseError, DefusedXmlException):
        raise BadFeed("the answer is not well-formed XML without a document type declaration") from None
    if root.tag != f"{ATOM}feed":
        raise BadFeed("the answer is not an Atom feed")
    return sorted(_papers(root, fetched_at), key=lambda p: p.arxiv_id)


def _papers(root: Element, fetched_at: str) -> Iterator[PaperMetadata]:
    for entry in root.iter(f"{ATOM}entry"):
        m = _ID.search(_text(entry, f"{ATOM}id"))
        published = _text(entry, f"{ATOM}published")[:10]
        if m is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            continue  # an error entry, or one without the fields every paper has
        primary = entry.find(f"{ARXIV}primary_category")
        categories = [primary.get("term", "")] if primary is not None else []
        categories += [c.get("term", "") for c in entry.findall(f"{ATOM}category")]
        yield PaperMetadata(
            arxiv_id=m["id"],
            title=_text(entry, f"{ATOM}title"),
            authors=tuple(name for a in entry.findall(f"{ATOM}author") if (name := _text(a, f"{ATOM}name"))),
            abstract=_text(entry, f"{ATOM}summary"),
            published=published,
            categories=tuple(dict.fromkeys(c for c in categories if c)),
            doi=_text(entry, f"{ARXIV}doi") or None,
            journal_ref=_text(entry, f"{ARXIV}journal_ref") or None,
            fetched_at=fetched_at,
        )


def _text(parent: Element, tag: str) -> str:
    """The element's text with runs of white space made one space (Atom titles and abstracts are wrapped)."""
    found = parent.find(tag)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""
