"""Catalog -> RDF triples under the mmr-graph ontology (a pure transform: no I/O).

Papers, repositories, datasets, collections and models keep their canonical public IRIs; entries, lists,
categories, tags, venues and the graph's own description get IRIs under ``https://w3id.org/mmr-graph/id/``.
Vocabulary choices are explained in ``ontology/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import chain

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.term import Node

from mmr_graph.model import Catalog, Entry, LinkKind, SourceList
from mmr_graph.rdf import iris
from mmr_graph.rdf import namespace as mmrns
from mmr_graph.rdf.bound import Bound
from mmr_graph.rdf.facts import fact_triples
from mmr_graph.rdf.namespace import NS_IRI
from mmr_graph.rdf.ntriples import NT, SortedGraph, term
from mmr_graph.rdf.ntriples import literal as nt_literal
from mmr_graph.rdf.types import Literals, Triple
from mmr_graph.vocab import Vocabulary, load_vocabulary

# the namespaces' terms as plain attributes (see mmr_graph.rdf.bound): the same terms, cheaper to reach
DCAT, DCTERMS, OWL, PROV = map(Bound, (rdfns.DCAT, rdfns.DCTERMS, rdfns.OWL, rdfns.PROV))
RDF, RDFS, SKOS, VOID, XSD = map(Bound, (rdfns.RDF, rdfns.RDFS, rdfns.SKOS, rdfns.VOID, rdfns.XSD))
BIBO, FABIO, MMR, SDO = map(Bound, (mmrns.BIBO, mmrns.FABIO, mmrns.MMR, mmrns.SDO))

# IRIs of shared nodes (categories, concepts, tags, venues, lists) are minted once per distinct name
_category_iri, _concept_iri, _tag_iri = cache(iris.category_iri), cache(iris.concept_iri), cache(iris.tag_iri)
_venue_series_iri, _venue_edition_iri = cache(iris.venue_series_iri), cache(iris.venue_edition_iri)
_list_iri, _github_anchor = cache(iris.list_iri), cache(iris.github_anchor)

GRAPH_LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RIGHTS = (
    "Titles and links are facts taken from the source lists; the lists' text belongs to their authors. "
    "The graph's structure and curated facts are published under CC BY 4.0."
)

_LINK_PROPERTY = {
    LinkKind.PAPER: MMR.paper,
    LinkKind.CODE: MMR.code,
    LinkKind.DATASET: MMR.dataset,
    LinkKind.COLLECTION: MMR.dataCollection,
    LinkKind.MODEL: MMR.model,
    LinkKind.PAGE: MMR.page,
    LinkKind.OTHER: MMR.page,
}
_LINK_CLASS = {
    LinkKind.PAPER: MMR.Paper,
    LinkKind.CODE: MMR.CodeRepository,
    LinkKind.DATASET: MMR.Dataset,
    LinkKind.COLLECTION: MMR.DataCollection,
    LinkKind.MODEL: MMR.Model,
    LinkKind.PAGE: MMR.WebPage,
    LinkKind.OTHER: MMR.WebPage,
}
# Classes counted in the graph's VoID description (and in the build summary).
COUNTED_CLASSES = [MMR.Entry, MMR.Paper, MMR.CodeRepository, MMR.Dataset, MMR.DataCollection, MMR.Model,
                   MMR.WebPage, MMR.Category, MMR.AwesomeList, MMR.Assertion]  # fmt: skip


def arxiv_month(arxiv_id: str) -> str:
    """The year-month an arXiv identifier encodes: 2504.07954 -> 2025-04, hep-th/9901001 -> 1999-01."""
    digits = arxiv_id.split("/")[-1][:4]
    yy, mm = int(digits[:2]), digits[2:4]
    return f"{1900 + yy if yy >= 91 else 2000 + yy}-{mm}"


def to_graph(catalog: Catalog, vocab: Vocabulary | None = None) -> Graph:
    """The RDF graph of a catalog (a new in-memory rdflib Graph with the project's prefixes bound)."""
    from mmr_graph.rdf.namespace import PREFIXES

    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in iter_triples(catalog, vocab):
        graph.add(triple)
    return graph


def iter_triples(catalog: Catalog, vocab: Vocabulary | None = None) -> Iterator[Triple]:
    """Every triple of the catalog's graph as rdflib terms, each once, the VoID self-description last (it
    counts the others)."""
    seen: set[Triple] = set()
    counts: dict[URIRef, set[Node]] = {cls: set() for cls in COUNTED_CLASSES}
    rdf_type = {RDF.type}  # set lookups: hash first, and rdflib's __eq__ only on a match
    for t in _statements(catalog, vocab or load_vocabulary(), _rdflib_literal):
        if t not in seen:
            seen.add(t)
            if t[1] in rdf_type and t[2] in counts:
                counts[t[2]].add(t[0])  # type: ignore[index]
            yield t
    yield from _void(catalog, len(seen), counts, _rdflib_literal)


def sorted_graph(catalog: Catalog, vocab: Vocabulary | None = None) -> SortedGraph:
    """The same graph as :func:`iter_triples`, built as sorted N-Triples text (the fast path of a build)."""
    by_subject: dict[Node, list[str]] = {}  # by the term itself: its text is made once, at the end
    counts: dict[URIRef, set[Node]] = {cls: set() for cls in COUNTED_CLASSES}
    predicates: dict[Node, str] = {}
    rdf_type = {RDF.type}
    # Most statements repeat (a type, a fact source, a short literal such as a link's position): one string
    # for each, shared, takes hundreds of megabytes less for a large list. Links to an entry's own nodes
    # (links, assertions, occurrences) are unique and are not looked up.
    shared: dict[str, str] = {}
    own_nodes = iris.ID_IRI + "entry/"
    subject: Node | None = None
    statements: list[str] = []
    for s, p, o in _statements(catalog, vocab or load_vocabulary(), nt_literal):
        if s is not subject:
            subject = s
            statements = by_subject.get(s)  # type: ignore[assignment]
            if statements is None:
                statements = by_subject[s] = []
        if p in rdf_type and o in counts:
            counts[o].add(s)  # type: ignore[index]
        predicate = predicates.get(p) or predicates.setdefault(p, term(p))
        kind = type(o)
        if kind is NT:  # a literal, already in N-Triples syntax
            text = f"{predicate} {o}"
            statements.append(shared.setdefault(text, text) if len(o) <= 40 else text)
        elif kind is URIRef:
            text = f"{predicate} <{o}>"
            statements.append(text if o.startswith(own_nodes) else shared.setdefault(text, text))
        else:
            statements.append(f"{predicate} {term(o)}")
    groups = {term(s): statements for s, statements in by_subject.items()}
    del by_subject, shared
    graph = SortedGraph(groups)
    graph.add(_void(catalog, len(graph), counts, nt_literal))
    return graph


def _rdflib_literal(value: object, datatype: URIRef | None = None) -> Literal:
    return Literal(value, datatype=datatype)


def _statements(catalog: Catalog, vocab: Vocabulary, lit: Literals) -> Iterator[Triple]:
    """The triples of the vocabulary, the lists and the entries, duplicates included, with one
    ``skos:prefLabel`` per subject (a later, different one becomes a ``skos:altLabel``)."""
    pref_label, alt_label = {SKOS.prefLabel}, SKOS.altLabel
    pref_labels: dict[Node, Node] = {}
    parts = chain(
        [_vocabulary(vocab)],
        (_source_list(source, lit) for source in catalog.lists),
        (_entry(entry, catalog, lit) for entry in catalog.entries),
    )
    for part in parts:
        for t in part:
            if t[1] in pref_label and pref_labels.setdefault(t[0], t[2]) != t[2]:
                t = (t[0], alt_label, t[2])  # another spelling of one tag or heading: SKOS allows one
            yield t


def _vocabulary(vocab: Vocabulary) -> Iterator[Triple]:
    """The SKOS concept schemes (modalities, venues, kinds, methods...) so queries can use their labels."""
    schemes = set(vocab.graph.subjects(RDF.type, SKOS.ConceptScheme))
    for s, p, o in vocab.graph:
        if s in schemes or (isinstance(s, URIRef) and str(s).startswith(iris.ID_IRI)):
            yield s, p, o
    for scheme in (MMR.CategoryScheme, MMR.TagScheme):
        for p, o in vocab.graph.predicate_objects(scheme):
            yield scheme, p, o


def _source_list(source: SourceList, lit: Literals) -> Iterator[Triple]:
    node = _list_iri(source.id)
    yield node, RDF.type, MMR.AwesomeList
    yield node, RDFS.label, lit(source.title or source.path)
    if source.title:
        yield node, DCTERMS.title, lit(source.title)
    if source.source:
        yield node, DCTERMS.source, URIRef(source.source)
    if source.upstream:
        yield node, PROV.wasDerivedFrom, URIRef(source.upstream)
        yield node, SDO.url, URIRef(source.upstream)
    if source.date:
        yield node, DCTERMS.created, lit(source.date.isoformat(), XSD.date)
    for path in filter(None, source.sections):
        yield from _category(path, lit)


def _category(path: tuple[str, ...], lit: Literals) -> Iterator[Triple]:
    node = _category_iri(path)
    yield node, RDF.type, MMR.Category
    yield node, RDF.type, SKOS.Concept
    yield node, SKOS.prefLabel, lit(path[-1])
    yield node, SKOS.notation, lit(_github_anchor(path[-1]))
    yield node, SKOS.inScheme, MMR.CategoryScheme
    if len(path) > 1:
        parent = _category_iri(path[:-1])
        yield node, SKOS.broader, parent
        yield parent, SKOS.narrower, node
    else:
        yield node, SKOS.topConceptOf, MMR.CategoryScheme
        yield MMR.CategoryScheme, SKOS.hasTopConcept, node


def _entry(entry: Entry, catalog: Catalog, lit: Literals) -> Iterator[Triple]:
    node = iris.entry_iri(entry.slug)
    yield node, RDF.type, MMR.Entry
    yield node, DCTERMS.title, lit(entry.title)
    yield node, RDFS.label, lit(entry.short_name)
    yield node, MMR.shortName, lit(entry.short_name)
    if entry.description:
        yield node, DCTERMS.description, lit(entry.description)
    for path in filter(None, entry.sections):  # items above the first heading have no category
        yield from _category(path, lit)
        yield node, MMR.category, _category_iri(path)
    for path in filter(None, entry.secondary_sections):
        yield from _category(path, lit)
        yield node, MMR.secondaryCategory, _category_iri(path)
    tags = entry.tags
    for raw in tags.raw:
        yield node, MMR.rawTag, lit(raw)
    for notation in tags.modalities:
        yield node, MMR.modality, _concept_iri("modality", notation)
    for notation in tags.roles:
        yield node, MMR.datasetRole, _concept_iri("dataset-role", notation)
    for plain in tags.plain:
        tag = _tag_iri(plain)
        yield node, MMR.tag, tag
        yield tag, RDF.type, MMR.Tag
        yield tag, RDF.type, SKOS.Concept
        yield tag, SKOS.prefLabel, lit(plain)
        yield tag, SKOS.inScheme, MMR.TagScheme
    editions = []
    for venue in tags.venues:
        series, edition = (
            _venue_series_iri(venue.series),
            _venue_edition_iri(venue.series, venue.year),
        )
        editions.append(edition)
        yield node, MMR.venue, edition
        yield edition, RDF.type, MMR.VenueEdition
        yield edition, RDF.type, BIBO.Conference
        yield edition, RDFS.label, lit(f"{venue.series} {venue.year}")
        yield edition, DCTERMS.isPartOf, series
        yield edition, MMR.year, lit(str(venue.year), XSD.gYear)
        yield series, RDF.type, MMR.VenueSeries  # known series are also declared in ontology/venues.ttl
        yield series, RDF.type, SKOS.Concept
        yield series, SKOS.inScheme, MMR.VenueScheme
        yield series, SKOS.notation, lit(venue.series)
    in_related_section = any("related" in " ".join(p).lower() for p in entry.sections)
    for position, link in enumerate(entry.links, start=1):
        link_node = URIRef(f"{node}/link/{position}")
        yield node, MMR.link, link_node
        yield link_node, RDF.type, MMR.Link
        yield link_node, RDFS.label, lit(link.label)
        yield link_node, MMR.url, lit(link.url, XSD.anyURI)
        yield link_node, MMR.position, lit(position, XSD.positiveInteger)
        yield link_node, DCAT.hadRole, _concept_iri("link-kind", link.kind.value)
        if not link.iri.startswith("http"):
            continue  # an in-page #anchor: kept as written, not a resource
        target = URIRef(link.iri)
        yield link_node, DCTERMS.relation, target
        yield node, _LINK_PROPERTY[link.kind], target
        yield from _resource(target, link, entry, editions, lit)
        if in_related_section and link.kind is LinkKind.CODE:
            yield target, RDF.type, MMR.AwesomeList
            for source in catalog.lists:
                if any(o.list_id == source.id for o in entry.occurrences):
                    yield _list_iri(source.id), MMR.relatedCollection, target
    yield from fact_triples(entry, node, lit)
    for occurrence in entry.occurrences:
        occ = URIRef(f"{node}/in/{occurrence.list_id}")
        yield node, MMR.occurrence, occ
        yield occ, RDF.type, MMR.Occurrence
        yield occ, MMR.inList, _list_iri(occurrence.list_id)
        for line, section in zip(occurrence.lines, occurrence.sections, strict=True):
            yield occ, MMR.line, lit(line, XSD.positiveInteger)
            yield occ, MMR.sectionPath, lit(" › ".join(section))
        yield node, PROV.wasDerivedFrom, _list_iri(occurrence.list_id)


def _resource(target: URIRef, link, entry: Entry, editions: list[URIRef], lit: Literals) -> Iterator[Triple]:
    kind = link.kind
    yield target, RDF.type, _LINK_CLASS[kind]
    if kind is LinkKind.PAPER:
        is_primary = str(target) == entry.key
        if is_primary:
            yield target, DCTERMS.title, lit(entry.title)
            for edition in editions:
                yield target, BIBO.presentedAt, edition
        if link.arxiv_id:
            yield target, RDF.type, FABIO.Preprint
            yield target, MMR.arxivId, lit(link.arxiv_id)
            yield target, RDFS.label, lit(f"arXiv:{link.arxiv_id}")
            doi = f"10.48550/arXiv.{link.arxiv_id}"
            yield target, BIBO.doi, lit(doi)
            yield target, OWL.sameAs, URIRef(f"https://doi.org/{doi}")
            yield target, DCTERMS.dateSubmitted, lit(arxiv_month(link.arxiv_id), XSD.gYearMonth)
        elif is_primary:
            yield target, RDFS.label, lit(entry.short_name)
    elif kind in (LinkKind.CODE, LinkKind.DATASET, LinkKind.COLLECTION, LinkKind.MODEL):
        path = str(target).split("://", 1)[1].split("/", 1)[1]
        name = path.split("/", 1)[1] if kind in (LinkKind.DATASET, LinkKind.COLLECTION) else path
        if kind is LinkKind.MODEL and path.startswith("models/"):
            name = path.split("/", 1)[1]
        yield target, RDFS.label, lit(name)
        if kind is LinkKind.CODE:
            yield target, SDO.codeRepository, target
        else:
            yield target, DCAT.landingPage, target
    else:
        yield target, SDO.url, target


def _void(
    catalog: Catalog, base_count: int, counts: dict[URIRef, set[Node]], lit: Literals
) -> Iterator[Triple]:
    node = iris.graph_iri([s.id for s in catalog.lists])
    triples: list[Triple] = [
        (node, RDF.type, VOID.Dataset),
        (node, RDF.type, DCAT.Dataset),
        (
            node,
            DCTERMS.title,
            lit("Knowledge graph of " + ", ".join(s.title or s.path for s in catalog.lists)),
        ),
        (node, DCTERMS.license, GRAPH_LICENSE),
        (node, DCTERMS.rights, lit(RIGHTS)),
        (node, VOID.vocabulary, URIRef(NS_IRI)),
        (node, VOID.uriSpace, lit(iris.ID_IRI)),
        (node, VOID.entities, lit(sum(len(v) for v in counts.values()), XSD.integer)),
    ]
    dates = sorted(s.date for s in catalog.lists if s.date)
    if dates:
        triples.append((node, DCTERMS.created, lit(dates[-1].isoformat(), XSD.date)))
    for source in catalog.lists:
        list_node = _list_iri(source.id)
        triples.append((node, PROV.wasDerivedFrom, list_node))
        triples.append((node, DCTERMS.source, URIRef(source.source) if source.source else list_node))
    if catalog.entries:
        triples.append((node, VOID.exampleResource, iris.entry_iri(catalog.entries[0].slug)))
    for cls, members in counts.items():
        part = URIRef(f"{node}/class/{str(cls).rsplit('#', 1)[1]}")
        triples += [
            (node, VOID.classPartition, part),
            (part, VOID["class"], cls),
            (part, VOID.entities, lit(len(members), XSD.integer)),
        ]
    total = base_count + len(triples) + 1
    triples.append((node, VOID.triples, lit(total, XSD.integer)))
    yield from triples
