"""Catalog -> the triples of its graph, described once for both spellings of terms (:mod:`.terms`).

The order of the triples is the order of the catalog (vocabulary, lists, then each entry) and is the same
for both spellings. Shared nodes (a category, tag, venue, model, or a repository linked from many entries)
are described the first time they are met and not again: their triples depend on their key alone, so a
repeat would only make duplicates for the graph to drop. ``skos:prefLabel`` is one per subject: the first
label met wins and a later, different one becomes a ``skos:altLabel`` (two spellings of one tag or
heading), so the order of description matters there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import chain

from rdflib import URIRef
from rdflib import namespace as rdfns
from rdflib.term import Node

from mmr_graph.identity import iris
from mmr_graph.identity.keys import entry_path
from mmr_graph.identity.namespaces import ID_IRI, MMR
from mmr_graph.model import Catalog, Entry, Link, LinkKind, SourceList
from mmr_graph.rdf.assertions import fact_triples
from mmr_graph.rdf.occurrences import categories, occurrences, sections_scheme
from mmr_graph.rdf.terms import Names, Terms
from mmr_graph.rdf.types import Statement
from mmr_graph.vocab import Vocabulary

XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH = rdfns.XSD.date, rdfns.XSD.gYear, rdfns.XSD.gYearMonth
XSD_ANYURI, XSD_POSITIVE_INTEGER = rdfns.XSD.anyURI, rdfns.XSD.positiveInteger
_DATE_TYPES = {4: XSD_GYEAR, 7: XSD_GYEARMONTH, 10: XSD_DATE}  # by the length of the ISO text
ENTRY_IRI = ID_IRI + "entry/"

# IRIs of shared nodes are minted once per distinct name (as plain strings, for either spelling)
_concept_iri, _tag_iri = cache(iris.concept_iri), cache(iris.tag_iri)
_venue_series_iri, _venue_edition_iri = cache(iris.venue_series_iri), cache(iris.venue_edition_iri)
_list_iri = cache(iris.list_iri)

_LINK_PROPERTY = {
    LinkKind.PAPER: "paper",
    LinkKind.CODE: "code",
    LinkKind.DATASET: "dataset",
    LinkKind.COLLECTION: "dataCollection",
    LinkKind.MODEL: "model",
    LinkKind.PAGE: "page",
    LinkKind.OTHER: "page",
}
_LINK_CLASS = {
    LinkKind.PAPER: "Paper",
    LinkKind.CODE: "CodeRepository",
    LinkKind.DATASET: "Dataset",
    LinkKind.COLLECTION: "DataCollection",
    LinkKind.MODEL: "Model",
    LinkKind.PAGE: "WebPage",
    LinkKind.OTHER: "WebPage",
}
_NAMED_BY_PATH = (LinkKind.CODE, LinkKind.DATASET, LinkKind.COLLECTION, LinkKind.MODEL)


_NAMES_LISTS = ("awesome", "list", "collection")


def _related_lists(entry: Entry) -> bool:
    """Whether an entry's repositories are related awesome lists: listed under a "related" section that
    says it holds lists ("Related Collections", "Related Awesome Lists"), or named as one ("Awesome-X").
    A repository under "Related Work" is code, not a list, by that alone."""
    for path in entry.sections:
        heading = " ".join(path).lower()
        if "related" in heading and (
            any(word in heading for word in _NAMES_LISTS) or "awesome" in entry.title.lower()
        ):
            return True
    return False


def arxiv_month(arxiv_id: str) -> str:
    """The year-month an arXiv identifier encodes: 2504.07954 -> 2025-04, hep-th/9901001 -> 1999-01."""
    digits = arxiv_id.split("/")[-1][:4]
    yy, mm = int(digits[:2]), digits[2:4]
    return f"{1900 + yy if yy >= 91 else 2000 + yy}-{mm}"


def label_property(first: object, label: object, skos: Names) -> Node | str:
    """The label rule: a subject's first label is its ``skos:prefLabel``, a later one its ``skos:altLabel``
    (or its preferred one again, if it is the same); ``skos`` spells the property (``terms.SKOS``)."""
    prop: Node | str = skos.prefLabel if first == label else skos.altLabel
    return prop


class Description:
    """The triples of one catalog in one spelling of terms; one instance per graph, or per part of a graph
    described on its own (it remembers which shared nodes it has described and which labels it has
    given)."""

    def __init__(self, catalog: Catalog, vocab: Vocabulary, terms: Terms) -> None:
        self.catalog, self.vocab, self.t = catalog, vocab, terms
        self._terms: dict[str, Node | str] = {}  # IRI -> term of a shared node, made once
        self._literals: dict[tuple[object, str | None], Node | str] = {}  # the same for common literals
        # shared nodes already described, by what their triples depend on
        self.categories: set[tuple[str, tuple[str, ...]]] = set()  # (list id, heading path)
        self._tags: set[str] = set()
        self._venues: set[tuple[str, int]] = set()
        self._resources: set[tuple[str, LinkKind, str | None]] = set()
        self._models: set[str] = set()  # IRIs of the models typed and labelled
        self._labels: dict[Node | str, Node | str] = {}  # subject -> its skos:prefLabel
        mmr = terms.MMR
        self._link_property = {kind: mmr[name] for kind, name in _LINK_PROPERTY.items()}
        self._link_class = {kind: mmr[name] for kind, name in _LINK_CLASS.items()}
        self._link_role = {kind: self.shared(_concept_iri("link-kind", kind.value)) for kind in LinkKind}

    def triples(self) -> Iterator[Statement]:
        """The triples of the vocabulary, the lists and the entries (a few repeated: a paper linked from
        two entries, say, is typed twice; the graph keeps one). Chained in C: millions of triples pass."""
        return chain(self.vocabulary_and_lists(), self.entry_triples(self.catalog.entries))

    def vocabulary_and_lists(self) -> Iterator[Statement]:
        """The first part of :meth:`triples`: the vocabulary's and the lists' triples."""
        return chain(self._vocabulary(), chain.from_iterable(map(self._source_list, self.catalog.lists)))

    def entry_triples(self, entries: Iterable[Entry]) -> Iterator[Statement]:
        """The triples of some of the catalog's entries, in order: all of them make the rest of
        :meth:`triples`; a run of them is part of the graph another process can describe."""
        return chain.from_iterable(map(self._entry, entries))

    @property
    def labels(self) -> Mapping[Node | str, Node | str]:
        """Each subject labelled so far and its first label (its ``skos:prefLabel``)."""
        return self._labels

    def shared(self, iri: str) -> Node | str:
        """The term of a shared node's IRI, one object for all its uses."""
        found = self._terms.get(iri)
        if found is None:
            found = self._terms[iri] = self.t.share(self.t.iri(iri))
        return found

    def common(self, value: object, datatype: str | None = None) -> Node | str:
        """The term of a literal that many statements share (a position, a link's label), made once."""
        key = (value, datatype)
        found = self._literals.get(key)
        if found is None:
            found = self._literals[key] = self.t.share(self.t.lit(value, datatype))
        return found

    def label_statement(self, subject: Node | str, label: Node | str) -> Statement:
        """The statement of a subject's label, by :func:`label_property`."""
        first = self._labels.setdefault(subject, label)
        return subject, label_property(first, label, self.t.SKOS), label

    def _vocabulary(self) -> Iterator[Statement]:
        """The SKOS concept schemes (modalities, venues, kinds, methods...), so queries can use labels."""
        graph, node, skos_pref_label = self.vocab.graph, self.t.node, rdfns.SKOS.prefLabel
        schemes = set(graph.subjects(rdfns.RDF.type, rdfns.SKOS.ConceptScheme))
        own = [t for t in graph if t[0] in schemes or (isinstance(t[0], URIRef) and t[0].startswith(ID_IRI))]
        for scheme in (MMR.CategoryScheme, MMR.TagScheme):
            own += [(scheme, p, o) for p, o in graph.predicate_objects(scheme)]
        for s, p, o in own:
            if p == skos_pref_label:
                yield self.label_statement(node(s), node(o))
            else:
                yield node(s), node(p), node(o)

    def _source_list(self, source: SourceList) -> Iterator[Statement]:
        t = self.t
        RDF, RDFS, DCTERMS, MMR = t.RDF, t.RDFS, t.DCTERMS, t.MMR
        node = self.shared(_list_iri(source.id))
        yield node, RDF.type, MMR.AwesomeList
        yield node, RDFS.label, t.lit(source.title or source.path)
        if source.title:
            yield node, DCTERMS.title, t.lit(source.title)
        if source.source:
            yield node, DCTERMS.source, t.iri(source.source)
        if source.upstream:
            yield node, t.PROV.wasDerivedFrom, t.iri(source.upstream)
            yield node, t.SDO.url, t.iri(source.upstream)
        if source.date:
            yield node, DCTERMS.created, t.lit(source.date.isoformat(), XSD_DATE)
        yield from sections_scheme(self, source)

    def _entry(self, entry: Entry) -> Iterator[Statement]:
        t, shared = self.t, self.shared
        lit, RDF, RDFS, DCTERMS, MMR = t.lit, t.RDF, t.RDFS, t.DCTERMS, t.MMR
        node_iri = ENTRY_IRI + entry_path(entry.key)
        node = t.iri(node_iri)
        yield node, RDF.type, MMR.Entry
        yield node, DCTERMS.title, lit(entry.title)
        yield node, RDFS.label, lit(entry.short_name)
        yield node, MMR.shortName, lit(entry.short_name)
        if entry.description:
            yield node, DCTERMS.description, lit(entry.description)
        if entry.date:  # as precise as the list states it: a year, a month or a day
            yield node, DCTERMS.date, self.common(entry.date, _DATE_TYPES[len(entry.date)])
        yield from categories(self, entry, node)
        tags = entry.tags
        for raw in tags.raw:
            yield node, MMR.rawTag, self.common(raw)
        for notation in tags.modalities:
            yield node, MMR.modality, shared(_concept_iri("modality", notation))
        for notation in tags.roles:
            yield node, MMR.datasetRole, shared(_concept_iri("dataset-role", notation))
        for plain in tags.plain:
            tag = shared(_tag_iri(plain))
            yield node, MMR.tag, tag
            if plain not in self._tags:
                self._tags.add(plain)
                yield tag, RDF.type, MMR.Tag
                yield tag, RDF.type, t.SKOS.Concept
                yield self.label_statement(tag, lit(plain))
                yield tag, t.SKOS.inScheme, MMR.TagScheme
        editions = []
        for venue in tags.venues:
            edition = shared(_venue_edition_iri(venue.series, venue.year))
            editions.append(edition)
            yield node, MMR.venue, edition
            if (venue.series, venue.year) not in self._venues:
                self._venues.add((venue.series, venue.year))
                yield from self._venue(venue.series, venue.year, edition)
        in_related_section = _related_lists(entry)
        for position, link in enumerate(entry.links, start=1):
            link_node = t.iri(f"{node_iri}/link/{position}")
            yield node, MMR.link, link_node
            yield link_node, RDF.type, MMR.Link
            yield link_node, RDFS.label, self.common(link.label)
            yield link_node, MMR.url, lit(link.url, XSD_ANYURI)
            yield link_node, MMR.position, self.common(position, XSD_POSITIVE_INTEGER)
            yield link_node, t.DCAT.hadRole, self._link_role[link.kind]
            if not link.iri.startswith("http"):
                continue  # an in-page #anchor: kept as written, not a resource
            target = t.iri(link.iri)
            yield link_node, DCTERMS.relation, target
            yield node, self._link_property[link.kind], target
            if link.kind is LinkKind.PAPER and link.iri == entry.key:
                yield from self._primary_paper(target, link, entry, editions)
            elif (key := (link.iri, link.kind, link.arxiv_id)) not in self._resources:
                self._resources.add(key)  # the same node, described from the link alone
                yield from self._resource(target, link)
            if in_related_section and link.kind is LinkKind.CODE:
                yield target, RDF.type, MMR.AwesomeList
                for source in self.catalog.lists:
                    if any(o.list_id == source.id for o in entry.occurrences):
                        yield shared(_list_iri(source.id)), MMR.relatedCollection, target
        yield from fact_triples(entry, node, node_iri, t, shared, self._models)
        yield from occurrences(self, entry, node, node_iri)

    def _venue(self, series: str, year: int, edition: Node | str) -> Iterator[Statement]:
        t = self.t
        RDF, MMR = t.RDF, t.MMR
        series_node = self.shared(_venue_series_iri(series))
        yield edition, RDF.type, MMR.VenueEdition
        yield edition, RDF.type, t.BIBO.Conference
        yield edition, t.RDFS.label, t.lit(f"{series} {year}")
        yield edition, t.DCTERMS.isPartOf, series_node
        yield edition, MMR.year, t.lit(str(year), XSD_GYEAR)
        yield series_node, RDF.type, MMR.VenueSeries  # known series are also declared in ontology/venues.ttl
        yield series_node, RDF.type, t.SKOS.Concept
        yield series_node, t.SKOS.inScheme, MMR.VenueScheme
        yield series_node, t.SKOS.notation, t.lit(series)

    def _primary_paper(
        self, target: Node | str, link: Link, entry: Entry, editions: list[Node | str]
    ) -> Iterator[Statement]:
        """The paper an entry is about: also its title, venues and (without an arXiv id) its short name."""
        t = self.t
        yield target, t.RDF.type, t.MMR.Paper
        yield target, t.DCTERMS.title, t.lit(entry.title)
        for edition in editions:
            yield target, t.BIBO.presentedAt, edition
        if link.arxiv_id:
            yield from self._preprint(target, link.arxiv_id)
        else:
            yield target, t.RDFS.label, t.lit(entry.short_name)

    def _resource(self, target: Node | str, link: Link) -> Iterator[Statement]:
        """A linked paper, repository, dataset, collection, model or page, from the link alone."""
        t, kind = self.t, link.kind
        yield target, t.RDF.type, self._link_class[kind]
        if kind is LinkKind.PAPER:
            if link.arxiv_id:
                yield from self._preprint(target, link.arxiv_id)
        elif kind in _NAMED_BY_PATH:
            path = link.iri.split("://", 1)[1].split("/", 1)[1]
            name = path.split("/", 1)[1] if kind in (LinkKind.DATASET, LinkKind.COLLECTION) else path
            if kind is LinkKind.MODEL and path.startswith("models/"):
                name = path.split("/", 1)[1]
            yield target, t.RDFS.label, t.lit(name)
            if kind is LinkKind.CODE:
                yield target, t.SDO.codeRepository, target
            else:
                yield target, t.DCAT.landingPage, target
        else:
            yield target, t.SDO.url, target

    def _preprint(self, target: Node | str, arxiv_id: str) -> Iterator[Statement]:
        t = self.t
        doi = f"10.48550/arXiv.{arxiv_id}"
        yield target, t.RDF.type, t.FABIO.Preprint
        yield target, t.MMR.arxivId, t.lit(arxiv_id)
        yield target, t.RDFS.label, t.lit(f"arXiv:{arxiv_id}")
        yield target, t.BIBO.doi, t.lit(doi)
        yield target, t.OWL.sameAs, t.iri(f"https://doi.org/{doi}")
        yield target, t.DCTERMS.dateSubmitted, self.common(arxiv_month(arxiv_id), XSD_GYEARMONTH)
