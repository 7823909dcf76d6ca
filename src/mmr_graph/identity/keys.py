"""An entry's identity: its canonical key (the IRI its items are merged by) and its IRI's path, and the slugs
of names and headings. They depend on content only (never on line numbers), so identities are stable across
rebuilds and snapshots.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from mmr_graph.identity.namespaces import ARXIV, GITHUB, HUGGING_FACE, HUGGING_FACE_DATASETS
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


# The readable forms of an entry's path under ``entry/``: (first segment, the key's start, what follows).
# The key is the start plus what follows, whole, so the path gives the key back: two keys never share a path.
# Segments start with a letter or digit (never "." or ".."), and use only characters of an IRI path.
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
_PAIR = _SEGMENT + "/" + _SEGMENT
_ENTRY_PATHS = [
    (name, re.compile(re.escape(start) + "(" + rest + ")", re.ASCII))
    for name, start, rest in [
        ("arxiv", ARXIV, r"\d{4}\.\d{4,5}|[a-z][a-z.-]{0,30}/\d{7}"),
        ("github", GITHUB, _PAIR),
        ("hf-dataset", HUGGING_FACE_DATASETS, _PAIR),
        ("hf-collection", HUGGING_FACE + "collections/", _PAIR),
        ("hf", HUGGING_FACE, _PAIR),
        ("modelscope-dataset", "https://modelscope.cn/datasets/", _PAIR),
        ("modelscope-model", "https://modelscope.cn/models/", _PAIR),
        ("openreview", "https://openreview.net/forum?id=", r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}"),
        ("acl", "https://aclanthology.org/", r"[0-9]{4}\.[a-z0-9-]{1,40}\.[0-9]{1,6}|[A-Z][0-9]{2}-[0-9]{4}"),
        ("title", TITLE_KEY, r"[a-z0-9]{1,100}"),
    ]
]
KEY_HASH_LENGTH = 20  # hex digits of SHA-256 (80 bits) in the path of a key of no readable form


@lru_cache(maxsize=1 << 16)
def entry_path(key: str) -> str:
    """An entry's path under ``entry/``, from its key alone (never its title, so a retitled entry keeps
    its IRI): ``arxiv/2503.21776``, ``github/owner/name``, ``hf-dataset/owner/name``, ``hf/owner/name`` (a
    Hugging Face model), ``hf-collection/owner/slug``, ``modelscope-dataset|modelscope-model/owner/name``,
    ``openreview/ID``, ``acl/2024.emnlp-main.962``, ``title/<the title's label key>`` (an entry without a
    link); any other key (a web page, a PDF, a repository whose name starts with a dot...) is
    ``key/<the first 20 hex digits of the SHA-256 of the key>``."""
    for name, pattern in _ENTRY_PATHS:
        m = pattern.fullmatch(key)
        if m:
            return f"{name}/{m.group(1)}"
    return "key/" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:KEY_HASH_LENGTH]
