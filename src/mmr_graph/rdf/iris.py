"""Minting IRIs in the project's namespace, derived from content (names, keys), never from line numbers."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from mmr_graph.rdf.namespace import ID_IRI


def slug(text: str, max_length: int = 60) -> str:
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


def entry_iri(entry_slug: str) -> URIRef:
    return URIRef(f"{ID_IRI}entry/{entry_slug}")


def category_iri(path: tuple[str, ...]) -> URIRef:
    return URIRef(ID_IRI + "category/" + "/".join(slug(h) for h in path))


def list_iri(list_id: str) -> URIRef:
    return URIRef(f"{ID_IRI}list/{list_id}")


def tag_iri(tag: str) -> URIRef:
    return URIRef(f"{ID_IRI}tag/{slug(tag)}")


def venue_series_iri(series: str) -> URIRef:
    return URIRef(f"{ID_IRI}venue/{series}")


def venue_edition_iri(series: str, year: int) -> URIRef:
    return URIRef(f"{ID_IRI}venue/{series}-{year}")


def concept_iri(scheme: str, notation: str) -> URIRef:
    return URIRef(f"{ID_IRI}{scheme}/{notation}")


def graph_iri(list_ids: list[str]) -> URIRef:
    return URIRef(f"{ID_IRI}graph/" + "+".join(sorted(list_ids)))
