"""The ontology as a person reads it: its classes, properties and concept schemes from ``ontology/*.ttl``,
with, for each, an example from a real graph.

Examples are chosen the same way from an rdflib graph's triples (:func:`examples_from_triples`, as a build
has them) and from a SPARQL store (:func:`example_queries` and :func:`examples_from_answers`, as the
endpoint has it), so that a build and the endpoint serving its graph give the same page: for a class its
first instance (by IRI), for a property the first subject using it and that subject's first value, for a
concept scheme its first concept; each example with its label (``skos:prefLabel``, else ``rdfs:label``,
else ``dcterms:title``: the smallest of each).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from mmr_graph.identity.namespaces import NS_IRI, PREFIXES

ONTOLOGY_IRI = NS_IRI.rstrip("#")
VANN = "http://purl.org/vocab/vann/"
_LABELS = (str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title))
# types every term of its section has: not repeated on each
_STRUCTURAL = frozenset(
    map(str, (SKOS.Concept, SKOS.ConceptScheme, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty))
)


@dataclass(frozen=True)
class Term:
    """A class, property, concept scheme or concept, as the page shows it."""

    iri: str
    label: str
    definition: str = ""
    kind: str = ""  # "class", "object property", "datatype property", "concept scheme", "concept"
    parents: tuple[str, ...] = ()  # rdfs:subClassOf, rdfs:subPropertyOf or skos:broader
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()
    notation: str = ""
    also: tuple[str, ...] = ()  # skos:altLabel
    types: tuple[str, ...] = ()  # a concept's classes besides skos:Concept
    matches: tuple[str, ...] = ()  # skos:exactMatch, skos:closeMatch, mmr:introducedBy


@dataclass(frozen=True)
class Ontology:
    header: dict[str, tuple[str, ...]]  # property IRI -> values, of the owl:Ontology node
    classes: tuple[Term, ...]
    properties: tuple[Term, ...]
    schemes: tuple[Term, ...]
    concepts: dict[str, tuple[Term, ...]]  # scheme IRI -> its concepts
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace), longest namespace first
    turtle: str  # the source files, one after the other

    def compact(self, iri: str) -> str:
        """``mmr:Entry`` for an IRI in a known namespace, else the IRI."""
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def terms(self) -> dict[str, Term]:
        """Every documented term by IRI."""
        found = {t.iri: t for t in (*self.classes, *self.properties, *self.schemes)}
        for concepts in self.concepts.values():
            found.update({c.iri: c for c in concepts})
        return found


@dataclass(frozen=True)
class Example:
    subject: str
    value: str = ""  # a property's value: an IRI or a literal's text
    value_is_iri: bool = False


@dataclass
class Examples:
    of: dict[str, Example] = field(default_factory=dict)  # term IRI -> example
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> label


def _texts(graph: Graph, node: Node, prop: URIRef) -> tuple[str, ...]:
    values = [o for o in graph.objects(node, prop)]
    english = [v for v in values if not isinstance(v, Literal) or v.language in (None, "en")]
    return tuple(sorted({str(v) for v in english}))


def _iris(graph: Graph, node: Node, *props: URIRef) -> tuple[str, ...]:
    return tuple(sorted({str(o) for p in props for o in graph.objects(node, p) if isinstance(o, URIRef)}))


def _term(graph: Graph, node: Node, kind: str) -> Term:
    label = (_texts(graph, node, RDFS.label) or _texts(graph, node, SKOS.prefLabel) or (str(node),))[0]
    return Term(
        iri=str(node),
        label=label,
        definition=" ".join(_texts(graph, node, SKOS.definition)),
        kind=kind,
        parents=_iris(graph, node, RDFS.subClassOf, RDFS.subPropertyOf, SKOS.broader),
        domain=_iris(graph, node, RDFS.domain),
        range=_iris(graph, node, RDFS.range),
        notation=next(iter(_texts(graph, node, SKOS.notation)), ""),
        also=tuple(a for a in _texts(graph, node, SKOS.altLabel) if a.casefold() != label.casefold()),
        types=tuple(t for t in _iris(graph, node, RDF.type) if t not in _STRUCTURAL),
        matches=_iris(graph, node, SKOS.exactMatch, SKOS.closeMatch, URIRef(NS_IRI + "introducedBy")),
    )


def read_ontology(files: Sequence[Path], parsed: Graph | None = None) -> Ontology:
    """The ontology of these Turtle files (``mmr_graph.resources.ontology_files()``); ``parsed``: their
    graph, if it is parsed already."""
    graph = parsed if parsed is not None else Graph(bind_namespaces="none")
    texts = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        texts.append(f"# ---- {path.name}\n{text.rstrip()}\n")
        if parsed is None:
            graph.parse(data=text, format="turtle")
    ours = [s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS_IRI)]

    def of_type(cls: URIRef, kind: str) -> tuple[Term, ...]:
        nodes = sorted({s for s in ours if (s, RDF.type, cls) in graph}, key=lambda s: str(s).casefold())
        return tuple(_term(graph, s, kind) for s in nodes)

    properties = of_type(OWL.ObjectProperty, "object property")
    properties += of_type(OWL.DatatypeProperty, "datatype property")
    schemes = of_type(SKOS.ConceptScheme, "concept scheme")
    concepts = {
        scheme.iri: tuple(
            sorted(
                (_term(graph, c, "concept") for c in graph.subjects(SKOS.inScheme, URIRef(scheme.iri))),
                key=lambda t: (t.notation or t.label).casefold(),
            )
        )
        for scheme in schemes
    }
    header = {
        str(p): tuple(sorted(str(o) for o in graph.objects(URIRef(ONTOLOGY_IRI), p)))
        for p in sorted(set(graph.predicates(URIRef(ONTOLOGY_IRI))), key=str)
    }
    known = dict(PREFIXES) | {p: str(n) for p, n in graph.namespaces() if p}
    prefixes = sorted(known.items(), key=lambda pn: (-len(pn[1]), pn[0]))
    return Ontology(
        header=header,
        classes=of_type(OWL.Class, "class"),
        properties=properties,
        schemes=schemes,
        concepts=concepts,
        prefixes=tuple(prefixes),
        turtle="".join(texts),
    )


@cache
def shipped_ontology() -> Ontology:
    """The project's own ontology (read once)."""
    from mmr_graph.resources import ontology_files
    from mmr_graph.vocab import load_vocabulary

    return read_ontology(ontology_files(), load_vocabulary().graph)  # parsed once for both


def _labelled(ontology: Ontology) -> tuple[set[str], set[str], set[str]]:
    return (
        {t.iri for t in ontology.classes},
        {t.iri for t in ontology.properties},
        {t.iri for t in ontology.schemes},
    )


def examples_from_triples(triples: Sequence[tuple[Node, Node, Node]], ontology: Ontology) -> Examples:
    """Examples of the ontology's terms in these triples (see the module's docstring for which)."""
    classes, properties, schemes = _labelled(ontology)
    rdf_type, in_scheme = str(RDF.type), str(SKOS.inScheme)
    first: dict[str, str] = {}
    for s, p, o in triples:
        if not isinstance(s, URIRef):
            continue
        predicate, subject = str(p), str(s)
        if predicate in properties and subject < first.get(predicate, "\uffff"):
            first[predicate] = subject
        obj = str(o)
        typed = (predicate == rdf_type and obj in classes) or (predicate == in_scheme and obj in schemes)
        if typed and subject < first.get(str(o), "\uffff"):
            first[str(o)] = subject
    wanted = {(subject, p) for p, subject in first.items() if p in properties}
    values: dict[tuple[str, str], str] = {}
    for s, p, o in triples:
        key = (str(s), str(p))
        if key in wanted:
            text = ("i" if isinstance(o, URIRef) else "l") + str(o)
            if text < values.get(key, "\uffff"):
                values[key] = text
    examples = Examples()
    for term, subject in first.items():
        value = values.get((subject, term), "")
        examples.of[term] = Example(subject, value[1:], value.startswith("i"))
    named = {e.subject for e in examples.of.values()}
    named |= {e.value for e in examples.of.values() if e.value_is_iri}
    labels: dict[str, list[str]] = {}
    for s, p, o in triples:
        if str(s) in named and str(p) in _LABELS and isinstance(o, Literal):
            labels.setdefault(str(s), ["", "", ""])
            at = _LABELS.index(str(p))
            if not labels[str(s)][at] or str(o) < labels[str(s)][at]:
                labels[str(s)][at] = str(o)
    examples.labels = {iri: next(v for v in found if v) for iri, found in labels.items() if any(found)}
    return examples


def _values(name: str, iris: Iterable[str]) -> str:
    return f"VALUES ?{name} {{ {' '.join(f'<{iri}>' for iri in sorted(iris))} }}"


def example_queries(ontology: Ontology) -> tuple[str, str]:
    """Two SPARQL queries whose answers (:func:`examples_from_answers`) give the examples: the first
    subject of each term, then each property's first value for that subject (``?key`` = ``i`` or ``l``
    and the text, so that IRIs and literals order as :func:`examples_from_triples` orders them)."""
    classes, properties, schemes = _labelled(ontology)
    first = f"""SELECT ?term (MIN(STR(?s)) AS ?first) WHERE {{
  {{ {_values("term", classes)} ?s a ?term }}
  UNION {{ {_values("term", schemes)} ?s <{SKOS.inScheme}> ?term }}
  UNION {{ {_values("term", properties)} ?s ?term ?o }}
  FILTER (isIRI(?s))
}} GROUP BY ?term"""
    value = """SELECT ?term ?s (MIN(CONCAT(IF(isIRI(?o), "i", "l"), STR(?o))) AS ?key) WHERE {
  VALUES (?term ?s) { %s }
  ?s ?term ?o
} GROUP BY ?term ?s"""
    return first, value


def value_query(template: str, firsts: dict[str, str], ontology: Ontology) -> str:
    """The second query of :func:`example_queries` for the first subjects found by the first."""
    properties = {t.iri for t in ontology.properties}
    rows = " ".join(f"(<{term}> <{s}>)" for term, s in sorted(firsts.items()) if term in properties)
    return template % (rows or "(<urn:x:none> <urn:x:none>)")


def label_query(iris: Iterable[str]) -> str:
    """The labels of these IRIs, as :func:`examples_from_triples` picks them."""
    return f"""SELECT ?s (MIN(STR(?a)) AS ?pref) (MIN(STR(?b)) AS ?label) (MIN(STR(?c)) AS ?title) WHERE {{
  {_values("s", set(iris) or {"urn:x:none"})}
  OPTIONAL {{ ?s <{SKOS.prefLabel}> ?a }}
  OPTIONAL {{ ?s <{RDFS.label}> ?b }}
  OPTIONAL {{ ?s <{DCTERMS.title}> ?c }}
}} GROUP BY ?s"""


def examples_from_answers(
    firsts: dict[str, str], values: dict[str, str], labels: dict[str, tuple[str, str, str]]
) -> Examples:
    """Examples from the answers of the three queries: ``firsts`` term -> first subject, ``values``
    property -> ``i``/``l`` + text, ``labels`` IRI -> (prefLabel, rdfs:label, title), blanks for none."""
    examples = Examples()
    for term, subject in firsts.items():
        value = values.get(term, "")
        examples.of[term] = Example(subject, value[1:], value.startswith("i"))
    examples.labels = {iri: next(v for v in found if v) for iri, found in labels.items() if any(found)}
    return examples
