"""Minting IRIs in the project's namespace, derived from content (names, keys), never from line numbers."""

from __future__ import annotations

from rdflib import URIRef

from mmr_graph.identity.keys import entry_path, slug
from mmr_graph.identity.namespaces import HUGGING_FACE, ID_IRI


def entry_iri(key: str) -> URIRef:
    """An entry's IRI, from its key alone (:func:`~mmr_graph.identity.keys.entry_path`)."""
    return URIRef(f"{ID_IRI}entry/{entry_path(key)}")


def category_iri(list_id: str, path: tuple[str, ...]) -> URIRef:
    """A section of one list: ``category/<list id>/<heading slug>/...`` (sections belong to their list)."""
    return URIRef(f"{ID_IRI}category/{list_id}/" + "/".join(slug(h) for h in path))


def sections_scheme_iri(list_id: str) -> URIRef:
    """The concept scheme of one list's sections, part of that list."""
    return URIRef(f"{ID_IRI}category/{list_id}")


def list_iri(list_id: str) -> URIRef:
    return URIRef(f"{ID_IRI}list/{list_id}")


def snapshot_iri(list_id: str, commit: str) -> URIRef:
    """One version of a list: the list's id and the full id of the commit."""
    return URIRef(f"{ID_IRI}snapshot/{list_id}/{commit}")


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


def model_iri(name: str) -> URIRef:
    """A Hugging Face id (owner/name) is its model page; any other name gets an IRI in our namespace."""
    if "/" in name and " " not in name:
        return URIRef(f"{HUGGING_FACE}{name}")
    return URIRef(f"{ID_IRI}model/{slug(name)}")
