"""What the details panel shows about a node: labelled facts, outbound links and extra search terms.

Read generically from the graph: any of the known properties present on a node becomes a fact, so facts
added later (curated methods, notes, assertions) appear without changes here. Values are plain text; the
page decides how to show them (always as text) and which URLs may become links (http and https only).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS
from rdflib.term import Node

from mmr_graph.identity.namespaces import BIBO, ID_IRI, MMR, SDO
from mmr_graph.network.index import TripleIndex, texts

Fact = tuple[str, tuple[str, ...]]
LinkRef = tuple[str, str]

# Terms looked up once: attribute access on rdflib's closed namespaces is slow in loops.
TITLE, SHORT_NAME, PREF_LABEL, LABEL = DCTERMS.title, MMR.shortName, SKOS.prefLabel, RDFS.label
ARXIV_ID, NOTATION, ALT_LABEL = MMR.arxivId, SKOS.notation, SKOS.altLabel
LINK, POSITION, URL, PAPER = MMR.link, MMR.position, MMR.url, MMR.paper
OCCURRENCE, IN_LIST, SECTION_PATH, LINE = MMR.occurrence, MMR.inList, MMR.sectionPath, MMR.line
ASSERTION, FACT_SOURCE, EVIDENCE = MMR.assertion, MMR.factSource, MMR.evidence
_LABELS = (PREF_LABEL, SHORT_NAME, LABEL, TITLE)

# Literal-valued properties shown as facts, in display order.
_LITERAL_FACTS = (
    (TITLE, "Title"),
    (SHORT_NAME, "Short name"),
    (DCTERMS.description, "Description"),
    (MMR.note, "Note"),
    (SKOS.definition, "Definition"),
    (NOTATION, "Notation"),
    (ALT_LABEL, "Also called"),
    (ARXIV_ID, "arXiv"),
    (BIBO.doi, "DOI"),
    (DCTERMS.dateSubmitted, "Submitted"),
    (MMR.year, "Year"),
    (MMR.rawTag, "Tags"),
    # from enrichment (mmr-graph enrich, then build --cache)
    (DCTERMS.issued, "First submitted"),
    (MMR.arxivCategory, "arXiv categories"),
    (DCTERMS.bibliographicCitation, "Journal"),
    (MMR.stars, "Stars"),
    (MMR.downloads, "Downloads"),
    (MMR.likes, "Likes"),
    (SDO.license, "Licence"),
    (SDO.programmingLanguage, "Language"),
    (MMR.lastPush, "Last push"),
    (MMR.archived, "Archived"),
    (DCTERMS.abstract, "Abstract"),  # the page shows it folded
)
AUTHOR, NAME, CODE = SDO.author, SDO.name, MMR.code
# IRI-valued properties shown by the label of their object (the object is not a node of the view).
_CONCEPT_FACTS = (
    (MMR.kind, "Kind of work"),
    (MMR.datasetRole, "Dataset role"),
)
# IRI-valued properties whose object is a web page worth linking.
_LINK_PROPERTIES = (
    (OWL.sameAs, "same as"),
    (MMR.introducedBy, "introduced by"),
    (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"),
)
_RESOURCE_KINDS = frozenset({"paper", "code", "dataset", "model", "collection"})


def label_of(index: TripleIndex, node: Node) -> str:
    """The best short human label: skos:prefLabel, short name, rdfs:label, title, else the IRI's tail."""
    props = index.properties(node)
    for prop in _LABELS:
        values = texts(props.get(prop))
        if values:
            return values[0]
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def is_web(iri: str) -> bool:
    return iri.startswith(("http://", "https://")) and not iri.startswith(ID_IRI)


def node_facts(index: TripleIndex, node: Node, kind: str) -> list[Fact]:
    props = index.properties(node)
    facts: list[Fact] = []
    for prop, name in _LITERAL_FACTS:
        if prop in props:
            values = texts(props[prop])
            if prop == ALT_LABEL:  # not again what the label or notation already say
                said = {v.casefold() for p in (PREF_LABEL, NOTATION) for v in texts(props.get(p))}
                values = [v for v in values if v.casefold() not in said]
            if values and not (prop == SHORT_NAME and values == texts(props.get(TITLE))):
                facts.append((name, tuple(values)))
    for prop, name in _CONCEPT_FACTS:
        if prop in props:
            facts.append((name, tuple(label_of(index, o) for o in index.objects(node, prop))))
    authors = _authors(index, node)
    if authors:
        facts.insert(0, ("Authors", authors))
    if kind == "entry":
        facts += _enriched_facts(index, node)
        facts += _listing_facts(index, node)
    return facts


def _authors(index: TripleIndex, paper: Node) -> tuple[str, ...]:
    """The names of a paper's authors (in name order: the graph keeps no author order)."""
    names = {name for person in index.objects(paper, AUTHOR) for name in index.literals(person, NAME)}
    return tuple(sorted(names, key=str.casefold))


def _enriched_facts(index: TripleIndex, entry: Node) -> list[Fact]:
    """An entry's view of its paper's and repository's metadata: authors, date, stars, abstract."""
    papers = sorted(index.objects(entry, PAPER), key=str)
    repositories = sorted(index.objects(entry, CODE), key=str)
    found: list[Fact] = []
    authors = tuple(dict.fromkeys(a for paper in papers for a in _authors(index, paper)))
    dates = tuple(sorted({d for paper in papers for d in index.literals(paper, DCTERMS.issued)})) or tuple(
        sorted({d for paper in papers for d in index.literals(paper, DCTERMS.dateSubmitted)})
    )  # the day from enrichment, else the month of the arXiv id
    stars = tuple(
        f"{int(count):,} ({label_of(index, repo)})"
        for repo in repositories
        for count in index.literals(repo, MMR.stars)
        if count.isdigit()
    )
    abstracts = tuple(a for paper in papers for a in index.literals(paper, DCTERMS.abstract))
    for name, values in (
        ("Authors", authors),
        ("First submitted", dates),
        ("Stars", stars),
        ("Abstract", abstracts),
    ):
        if values:
            found.append((name, values))
    return found


def _listing_facts(index: TripleIndex, entry: Node) -> list[Fact]:
    """Where the entry is listed: section path, list and line."""
    places: list[str] = []
    for occurrence in index.objects(entry, OCCURRENCE):
        lists = [label_of(index, lst) for lst in index.objects(occurrence, IN_LIST)]
        sections = index.literals(occurrence, SECTION_PATH)
        lines = sorted(int(v) for v in index.literals(occurrence, LINE) if v.isdigit())
        where = ", ".join(lists)
        if lines:
            where += f", line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))}"
        places.append(" | ".join(filter(None, (" ; ".join(sections), where))))
    return [("Listed under", tuple(places))] if places else []


# The facts an assertion qualifies, by their property, as the details panel names them.
_ASSERTED: dict[Node, str] = {
    MMR.usesMethod: "Method",
    MMR.kind: "Kind of work",
    MMR.baseModel: "Base model",
    MMR.distilledFrom: "Teacher",
    MMR.modality: "Modality",
}
ASSERTED_PROPERTY, ASSERTED_VALUE = MMR.assertedProperty, MMR.assertedValue
FactSource = tuple[str, str, str, str]  # (fact, value, source, evidence URL or "")


def fact_sources(index: TripleIndex, entry: Node) -> list[FactSource]:
    """Each fact an assertion states about the entry, with where it came from: the label of its
    ``mmr:factSource`` concept (whatever sources the scheme has: curated, extracted from the title...) and
    its evidence URL. Sorted by fact (in the order of ``_ASSERTED``), value and source."""
    order: dict[Node, int] = {prop: i for i, prop in enumerate(_ASSERTED)}
    found: set[tuple[int, str, str, str, str]] = set()
    for assertion in index.objects(entry, ASSERTION):
        props = index.objects(assertion, ASSERTED_PROPERTY)
        values = index.objects(assertion, ASSERTED_VALUE)
        sources = [label_of(index, s) for s in index.objects(assertion, FACT_SOURCE)] or ["unknown"]
        evidence = [str(e) for e in index.objects(assertion, EVIDENCE)] or [""]
        for prop in props:
            name = _ASSERTED.get(prop, local_label(prop))
            for value in values:
                shown = _value_label(index, value)
                for source in sources:
                    for url in evidence:
                        found.add((order.get(prop, len(order)), name, shown, source, url))
    return [(name, value, source, url) for _, name, value, source, url in sorted(found)]


def _value_label(index: TripleIndex, value: Node) -> str:
    """A method by its notation (GRPO), anything else by its label; a literal as written."""
    if not isinstance(value, URIRef):
        return str(value)
    return index.literal(value, NOTATION) or label_of(index, value)


def local_label(prop: Node) -> str:
    text = str(prop)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def node_links(index: TripleIndex, node: Node, kind: str) -> list[LinkRef]:
    """Outbound links as (label, url). URLs are passed on as written; the page only links http(s)."""
    links: list[LinkRef] = []
    props = index.properties(node)
    if kind == "entry":
        records = []
        for link in index.objects(node, LINK):
            position = index.literal(link, POSITION)
            label = index.literal(link, LABEL) or "link"
            records.append((int(position) if position.isdigit() else 0, label, index.literal(link, URL)))
        links += [(label, url) for _, label, url in sorted(records) if url]
        evidence = {str(e) for a in index.objects(node, ASSERTION) for e in index.objects(a, EVIDENCE)}
        links += [("evidence", url) for url in sorted(evidence)]
    elif kind in _RESOURCE_KINDS and is_web(str(node)):
        links.append((kind, str(node)))
    for prop, name in _LINK_PROPERTIES:
        if prop in props:
            for target in index.objects(node, prop):
                if isinstance(target, URIRef) and is_web(str(target)):
                    links.append((name, str(target)))
    return list(dict.fromkeys(links))


def search_terms(index: TripleIndex, node: Node, kind: str) -> tuple[str, ...]:
    """Text a search should find the node by, beyond its label and title (arXiv ids, notations...)."""
    props = index.properties(node)
    terms = texts(props.get(ARXIV_ID)) + texts(props.get(NOTATION)) + texts(props.get(ALT_LABEL))
    if kind == "entry":
        for paper in index.objects(node, PAPER):
            terms += index.literals(paper, ARXIV_ID)
    return tuple(dict.fromkeys(terms))
