"""An entry's identity: its canonical key (the IRI its items are merged by) and its slug, and the slugs of
names and headings. They depend on content only (never on line numbers), so identities are stable across
rebuilds and snapshots.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from mmr_graph.identity.namespaces import ARXIV
from mmr_graph.model import Item, LinkKind

# the link kinds an entry is keyed by when it has no paper, in order (code first, then before any PDF)
_KEY_ORDER = [
    LinkKind.CODE,
    LinkKind.DATASET,
    LinkKind.COLLECTION,
    LinkKind.MODEL,
    LinkKind.PAGE,
    LinkKind.OTHER,
]
_ARXIV_KEY = re.compile(re.escape(ARXIV) + r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})$")
TITLE_KEY = "urn:mmr-graph:title:"


@lru_cache(maxsize=1 << 16)  # called for every tag, heading word and method name of every item
def label_key(text: str) -> str:
    """Normalise a label for matching: case-folded, hyphens/underscores/dots and spaces dropped."""
    return re.sub(r"[\s\-_.]+", "", text.casefold())


def slug(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII letters and digits joined by hyphens, at most ``max_length`` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    value = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    value = value[:max_length].rstrip("-")
    if value or not text.strip():
        return value or "x"
    # no ASCII letter or digit (a heading in Chinese, say): a hash keeps different texts apart
    return "x-" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.lower(), flags=re.UNICODE)
    return text.replace(" ", "-")


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def entry_key(item: Item) -> str:
    """What items are merged into one entry by: the arXiv paper if there is one, else another paper record
    (OpenReview, ACL Anthology), else the code repository, else a PDF, dataset, collection, model, page or
    other link, else the title (normalised as labels are for matching)."""
    papers = [link for link in item.links if link.kind is LinkKind.PAPER]
    for link in papers:
        if link.arxiv_id:
            return link.iri
    for link in papers:
        if not link.iri.lower().endswith(".pdf"):
            return link.iri
    for kind in _KEY_ORDER[:1]:
        for link in item.links:
            if link.kind is kind:
                return link.iri
    if papers:
        return papers[0].iri
    for kind in _KEY_ORDER[1:]:
        for link in item.links:
            if link.kind is kind and not link.iri.startswith("#"):
                return link.iri
    return TITLE_KEY + label_key(item.title)


def entry_slug(name: str, key: str) -> str:
    """The slug of an entry's IRI: its short name's, then the arXiv id when the key is a canonical arXiv IRI,
    else a hash of the key."""
    m = _ARXIV_KEY.match(key)
    suffix = m.group(1).replace("/", "-") if m else short_hash(key)
    return f"{slug(name, 48)}-{suffix}"
