"""Compact JSON-LD from sorted triples, with the context generated from the ontology.

rdflib's JSON-LD serializer is slow on large graphs and its node order follows its store; this writer groups
the already-sorted triples by subject and compacts IRIs with the project's prefixes and the ontology's term
definitions (object properties coerce to ``@id``, typed datatype properties to their range). Tests check that
the output parses to the same graph with rdflib and with pyoxigraph.
"""

from __future__ import annotations

import json
from functools import cache
from itertools import groupby
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mmr_graph.rdf.namespace import NS_IRI, PREFIXES

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context: the prefixes, and one term per ontology property (named by its local name)."""
    from mmr_graph.vocab import load_vocabulary

    graph: Graph = load_vocabulary().graph
    terms: dict[str, Any] = {}
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty)):
        if str(prop).startswith(NS_IRI):
            terms[str(prop)[len(NS_IRI) :]] = {"@id": "mmr:" + str(prop)[len(NS_IRI) :], "@type": "@id"}
    for prop in sorted(graph.subjects(RDF.type, OWL.DatatypeProperty)):
        if str(prop).startswith(NS_IRI):
            name = str(prop)[len(NS_IRI) :]
            rng = graph.value(prop, RDFS.range)
            if rng is None or str(rng) == _XSD_STRING:
                terms[name] = {"@id": "mmr:" + name}
            else:
                terms[name] = {"@id": "mmr:" + name, "@type": "xsd:" + str(rng).rsplit("#", 1)[1]}
    # a prefix whose name is also a property term (category, venue...) is left out: the term wins, and
    # IRIs under it compact with the broader "mmrid" prefix instead
    ctx: dict[str, Any] = {k: v for k, v in sorted(PREFIXES.items()) if k not in terms}
    ctx.update(sorted(terms.items()))
    return ctx


@cache
def _term_index() -> tuple[dict[str, tuple[str, str | None]], list[tuple[str, str]]]:
    ctx = context()
    by_iri: dict[str, tuple[str, str | None]] = {}
    prefixes = sorted(((v, k) for k, v in ctx.items() if isinstance(v, str)), key=lambda p: -len(p[0]))
    for name, definition in ctx.items():
        if isinstance(definition, dict):
            prefix, local = definition["@id"].split(":", 1)
            coercion = definition.get("@type")
            if coercion and coercion != "@id":
                tp, tl = coercion.split(":", 1)
                coercion = ctx[tp] + tl
            by_iri[ctx[prefix] + local] = (name, coercion)
    return by_iri, prefixes


def compact_iri(iri: str) -> str:
    _, prefixes = _term_index()
    for namespace, prefix in prefixes:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _value(obj: ox.NamedNode | ox.Literal | ox.BlankNode, coercion: str | None) -> Any:
    if isinstance(obj, ox.NamedNode):
        return compact_iri(obj.value) if coercion == "@id" else {"@id": compact_iri(obj.value)}
    if isinstance(obj, ox.BlankNode):
        return {"@id": f"_:{obj.value}"}
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    datatype = obj.datatype.value
    if coercion is None and datatype == _XSD_STRING:
        return obj.value
    if coercion is not None and coercion == datatype:
        return obj.value
    return {"@value": obj.value, "@type": compact_iri(datatype)}


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """Serialize triples (sorted by subject) as one compact JSON-LD document with an inline context."""
    by_iri, _ = _term_index()
    nodes = []
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict[str, Any] = {"@id": compact_iri(subject.value) if isinstance(subject, ox.NamedNode)
                                else f"_:{subject.value}"}  # fmt: skip
        for triple in group:
            predicate = triple.predicate.value
            if predicate == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                node.setdefault("@type", []).append(compact_iri(triple.object.value))
                continue
            name, coercion = by_iri.get(predicate, (compact_iri(predicate), None))
            node.setdefault(name, []).append(_value(triple.object, coercion))
        nodes.append({k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()})
    document = {"@context": context(), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


if __name__ == "__main__":  # regenerate ontology/context.jsonld
    print(json.dumps({"@context": context()}, indent=2, ensure_ascii=False))
