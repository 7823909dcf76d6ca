"""The parts of a description that belong to one list: its sections (a concept scheme of its own, part of
the list) and each entry's occurrence in it, with what that list says of the entry (its title, sections,
tags and links), so that counts per list never take another list's word.

Functions of a :class:`~mmr_graph.rdf.describe.Description` (its spelling of terms, its shared nodes and its
label rule), in the order the description gives them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from rdflib.namespace import XSD

from mmr_graph.identity import iris
from mmr_graph.identity.keys import github_anchor
from mmr_graph.model import Entry, Occurrence, SourceList
from mmr_graph.rdf.types import Statement

if TYPE_CHECKING:
    from rdflib.term import Node

    from mmr_graph.rdf.describe import Description

_category_iri, _scheme_iri = cache(iris.category_iri), cache(iris.sections_scheme_iri)
_concept_iri, _tag_iri, _list_iri = cache(iris.concept_iri), cache(iris.tag_iri), cache(iris.list_iri)
_venue_edition_iri, _github_anchor = cache(iris.venue_edition_iri), cache(github_anchor)

Section = tuple[str, ...]
XSD_POSITIVE_INTEGER = XSD.positiveInteger


def sections_scheme(d: Description, source: SourceList) -> Iterator[Statement]:
    """A list's sections: the scheme (``category/<list id>``, a part of the list) and its categories."""
    t = d.t
    scheme = d.shared(_scheme_iri(source.id))
    yield scheme, t.RDF.type, t.SKOS.ConceptScheme
    yield d.label_statement(scheme, t.lit(f"Sections of {source.title or source.path}"))
    yield scheme, t.DCTERMS.isPartOf, d.shared(_list_iri(source.id))
    for path in filter(None, source.sections):
        if (source.id, path) not in d.categories:
            yield from category(d, source.id, path)


def category(d: Description, list_id: str, path: Section) -> Iterator[Statement]:
    """One section of one list: in the list's scheme and in ``mmr:CategoryScheme`` (every list's sections),
    under its parent heading of the same list."""
    d.categories.add((list_id, path))
    t = d.t
    RDF, SKOS, MMR = t.RDF, t.SKOS, t.MMR
    node = d.shared(_category_iri(list_id, path))
    scheme = d.shared(_scheme_iri(list_id))
    yield node, RDF.type, MMR.Category
    yield node, RDF.type, SKOS.Concept
    yield d.label_statement(node, t.lit(path[-1]))
    yield node, SKOS.notation, t.lit(_github_anchor(path[-1]))
    yield node, SKOS.inScheme, MMR.CategoryScheme
    yield node, SKOS.inScheme, scheme
    if len(path) > 1:
        parent = d.shared(_category_iri(list_id, path[:-1]))
        yield node, SKOS.broader, parent
        yield parent, SKOS.narrower, node
    else:
        yield node, SKOS.topConceptOf, MMR.CategoryScheme
        yield MMR.CategoryScheme, SKOS.hasTopConcept, node
        yield node, SKOS.topConceptOf, scheme
        yield scheme, SKOS.hasTopConcept, node


def categories(d: Description, entry: Entry, node: Node | str) -> Iterator[Statement]:
    """The entry's sections (``mmr:category``) and the sections its ``[&X]`` tags name
    (``mmr:secondaryCategory``), each a section of the list that says so."""
    MMR, described = d.t.MMR, d.categories
    for occurrence in entry.occurrences:
        list_id = occurrence.list_id
        kinds = (
            (MMR.category, occurrence.listed_under),
            (MMR.secondaryCategory, occurrence.secondary_sections),
        )
        for prop, paths in kinds:
            for path in filter(None, paths):  # items above the first heading have no category
                if (list_id, path) not in described:
                    yield from category(d, list_id, path)
                yield node, prop, d.shared(_category_iri(list_id, path))


def occurrences(d: Description, entry: Entry, node: Node | str, node_iri: str) -> Iterator[Statement]:
    """Each list's occurrence of the entry (``<entry>/in/<list id>``): its list, lines and section paths,
    and what that list says: its title, description, sections, tags and links (the entry's link records)."""
    t = d.t
    RDF, MMR, lit = t.RDF, t.MMR, t.lit
    several = len(entry.occurrences) > 1
    positions = {(link.iri, link.label): n for n, link in enumerate(entry.links, start=1)} if several else {}
    for occurrence in entry.occurrences:
        occ = t.iri(f"{node_iri}/in/{occurrence.list_id}")
        list_node = d.shared(_list_iri(occurrence.list_id))
        yield node, MMR.occurrence, occ
        yield occ, RDF.type, MMR.Occurrence
        yield occ, MMR.inList, list_node
        for line, section in zip(occurrence.lines, occurrence.sections, strict=True):
            yield occ, MMR.line, lit(line, XSD_POSITIVE_INTEGER)
            yield occ, MMR.sectionPath, d.common(" › ".join(section))
        yield node, t.PROV.wasDerivedFrom, list_node
        yield from _what_it_says(d, occurrence, occ, node_iri, positions)


def _what_it_says(
    d: Description,
    occurrence: Occurrence,
    occ: Node | str,
    node_iri: str,
    positions: dict[tuple[str, str], int],
) -> Iterator[Statement]:
    t = d.t
    MMR, shared = t.MMR, d.shared
    if occurrence.title:
        yield occ, t.DCTERMS.title, t.lit(occurrence.title)
    if occurrence.description:
        yield occ, t.DCTERMS.description, t.lit(occurrence.description)
    for path in filter(None, occurrence.listed_under):
        yield occ, MMR.listedUnder, shared(_category_iri(occurrence.list_id, path))
    tags = occurrence.tags
    for notation in tags.modalities:
        yield occ, MMR.listedTag, shared(_concept_iri("modality", notation))
    for venue in tags.venues:
        yield occ, MMR.listedTag, shared(_venue_edition_iri(venue.series, venue.year))
    for notation in tags.roles:
        yield occ, MMR.listedTag, shared(_concept_iri("dataset-role", notation))
    for plain in tags.plain:
        yield occ, MMR.listedTag, shared(_tag_iri(plain))
    for n, link in enumerate(occurrence.links, start=1):
        position = positions[(link.iri, link.label)] if positions else n
        yield occ, MMR.listedLink, t.iri(f"{node_iri}/link/{position}")
