"""What kind of thing a node of the graph is: one definition for everything that counts or shows nodes by
kind (the build's summary, the HTML view's legend, filters and table).

A node has one kind: that of the first class in :data:`KIND_CLASSES` among its types. So a repository
listed as another awesome list (typed both ``mmr:AwesomeList`` and ``mmr:CodeRepository``) is a
collection, not code; the lists a graph was built from (under the ``id/`` namespace) are its bookkeeping
and have no kind. A count of a kind is the number of distinct nodes of that kind in the graph.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from rdflib import URIRef

from mmr_graph.identity.namespaces import ID_IRI, MMR

# class -> kind, first match wins
KIND_CLASSES: tuple[tuple[URIRef, str], ...] = (
    (MMR.Entry, "entry"),
    (MMR.Paper, "paper"),
    (MMR.DataCollection, "collection"),
    (MMR.AwesomeList, "collection"),
    (MMR.CodeRepository, "code"),
    (MMR.Dataset, "dataset"),
    (MMR.Model, "model"),
    (MMR.WebPage, "page"),
    (MMR.Method, "method"),
    (MMR.Modality, "modality"),
    (MMR.VenueEdition, "venue"),
    (MMR.Category, "category"),
)
# kind -> (one, several), as the summary words them
KIND_NOUNS: dict[str, tuple[str, str]] = {
    "entry": ("entry", "entries"),
    "paper": ("paper", "papers"),
    "code": ("code repository", "code repositories"),
    "dataset": ("dataset", "datasets"),
    "collection": ("collection", "collections"),
    "model": ("model", "models"),
    "page": ("page", "pages"),
    "method": ("method", "methods"),
    "modality": ("modality", "modalities"),
    "venue": ("venue", "venues"),
    "category": ("section", "sections"),
}
_CLASS_TEXT = tuple((str(cls), kind) for cls, kind in KIND_CLASSES)


def kind_of(iri: str, types: Collection[str]) -> str | None:
    """The kind of the node ``iri`` whose ``rdf:type`` IRIs are ``types`` (plain IRI text), or None."""
    for cls, kind in _CLASS_TEXT:
        if cls in types:
            if cls == str(MMR.AwesomeList) and iri.startswith(ID_IRI):
                continue  # an input list itself
            return kind
    return None


def count_kinds(members: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Distinct nodes of each kind (in :data:`KIND_NOUNS` order, zeros included), from the members of
    each class: ``{class IRI: node IRIs}``; IRIs may be written as in N-Triples (``<...>``)."""
    types: dict[str, set[str]] = {}
    for cls, nodes in members.items():
        for node in nodes:
            types.setdefault(node.strip("<>"), set()).add(cls.strip("<>"))
    counts = dict.fromkeys(KIND_NOUNS, 0)
    for node, classes in types.items():
        kind = kind_of(node, classes)
        if kind is not None:
            counts[kind] += 1
    return counts


def counted(count: int, kind: str) -> str:
    """``1 collection``, ``2 collections``: a count with the kind's noun."""
    one, several = KIND_NOUNS[kind]
    return f"{count} {one if count == 1 else several}"
