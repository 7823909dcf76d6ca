"""Compact JSON-LD from sorted triples, with the context generated from the ontology.

rdflib's JSON-LD serializer is slow on large graphs and its node order follows its store; this writer groups
the already-sorted triples by subject and compacts IRIs with the project's prefixes and the ontology's term
definitions (object properties coerce to ``@id``, typed datatype properties to their range). Tests check that
the output parses to the same graph with rdflib and with pyoxigraph.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import groupby
from json.encoder import encode_basestring as _string  # type: ignore[attr-defined]
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mmr_graph.rdf.namespace import NS_IRI, PREFIXES
from mmr_graph.rdf.ntriples import split_literal

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


@cache
def _namespaces() -> dict[str, str]:
    """Namespace -> prefix, the first (longest-first order) prefix of each namespace."""
    _, prefixes = _term_index()
    found: dict[str, str] = {}
    for namespace, prefix in prefixes:
        if namespace[-1] not in "/#":  # compact_iri only looks for namespaces ending there
            raise ValueError(f"namespace of prefix {prefix!r} must end with '/' or '#': {namespace}")
        found.setdefault(namespace, prefix)
    return found


def compact_iri(iri: str) -> str:
    """``prefix:local`` with the longest namespace of the context that ``iri`` starts with, else ``iri``."""
    cut = max(iri.rfind("/"), iri.rfind("#")) + 1
    namespace = _namespace_of(iri[:cut], cut == len(iri))
    return iri if namespace is None else f"{namespace[1]}:{iri[len(namespace[0]) :]}"


@lru_cache(maxsize=1 << 16)  # one per directory: papers, repositories, an entry's links...
def _namespace_of(directory: str, nothing_after: bool) -> tuple[str, str] | None:
    """(namespace, prefix) for the IRIs in ``directory`` (an IRI up to its last ``/`` or ``#``).

    Every namespace ends with ``/`` or ``#``, so the candidates are the directory's own prefixes that end
    there, tried longest first; the local part must be non-empty and must not start with ``//``. The answer
    is the same for every IRI of the directory, so it is looked for once."""
    namespaces = _namespaces()
    end = len(directory) if not nothing_after else len(directory) - 1
    while end > 0:
        prefix = namespaces.get(directory[:end])
        if prefix is not None and not directory.startswith("//", end):
            return directory[:end], prefix
        end = max(directory.rfind("/", 0, end - 1), directory.rfind("#", 0, end - 1)) + 1
    return None


def _value(obj: str, coercion: str | None) -> Any:
    """The JSON-LD value of an object in N-Triples syntax, under the property's type coercion."""
    if obj[0] == "<":
        iri = compact_iri(obj[1:-1])
        return iri if coercion == "@id" else {"@id": iri}
    if obj[0] == "_":
        return {"@id": obj}
    value, datatype, language = split_literal(obj)
    if language is not None:
        return {"@value": value, "@language": language}
    datatype = datatype or _XSD_STRING
    if (coercion is None and datatype == _XSD_STRING) or (coercion is not None and coercion == datatype):
        return value
    return {"@value": value, "@type": _compact_cached(datatype)}


@cache
def _compact_cached(iri: str) -> str:
    return compact_iri(iri)


@cache
def _property(predicate: str) -> tuple[str, str | None]:
    """(name in the document, type coercion) of a predicate IRI."""
    by_iri, _ = _term_index()
    return by_iri.get(predicate, (compact_iri(predicate), None))


def _entry(statement: str) -> tuple[str, str, str]:
    """(key, value as JSON text alone, value as JSON text in a list) of one ``"<predicate> object"``
    statement in a node."""
    cut = statement.index("> ")
    predicate, obj = statement[1:cut], statement[cut + 2 :]
    if predicate == _RDF_TYPE and obj[0] == "<":
        text = _string(compact_iri(obj[1:-1]))
        return "@type", text, text
    name, coercion = _property(predicate)
    value = _value(obj, coercion)
    if isinstance(value, str):
        text = _string(value)
        return name, text, text
    alone = "{" + ",".join("\n    " + _string(k) + ": " + _string(v) for k, v in value.items()) + "\n   }"
    listed = "{" + ",".join("\n     " + _string(k) + ": " + _string(v) for k, v in value.items()) + "\n    }"
    return name, alone, listed


# Most statements of a large graph repeat (types, fact sources, list membership...): their text is
# remembered, so each is worked out once; the memory is emptied when it holds this many.
_REMEMBERED = 200_000


def _node(subject: str, statements: list[str], seen: dict[str, tuple[str, str, str]]) -> str:
    """The JSON text of a subject's node, as ``json.dumps(node, ensure_ascii=False, indent=1)`` prints it
    two levels deep in the document: ``@id``, then a key per predicate (``@type`` for ``rdf:type``) in
    order, one value as itself and several as a list."""
    node: dict[str, list[tuple[str, str, str]]] = {}
    for statement in statements:
        entry = seen.get(statement)
        if entry is None:
            entry = _entry(statement)
            if len(seen) >= _REMEMBERED:
                seen.clear()  # nodes of one kind are sorted together: the repeats in use come back at once
            seen[statement] = entry
        values = node.get(entry[0])
        if values is None:
            node[entry[0]] = [entry]
        else:
            values.append(entry)
    node_id = compact_iri(subject[1:-1]) if subject[0] == "<" else subject
    parts = ['{\n   "@id": ', _string(node_id)]
    for key, values in node.items():
        parts.append(",\n   " + _string(key) + ": ")
        if len(values) == 1:
            parts.append(values[0][1])
        else:
            parts.append("[\n    " + ",\n    ".join([v[2] for v in values]) + "\n   ]")
    parts.append("\n  }")
    return "".join(parts)


def write_jsonld(statements: Iterable[tuple[str, list[str]]], out: TextIO) -> None:
    """Write one compact JSON-LD document with an inline context: a node per subject, in the given order.

    ``statements`` are ``(subject, ["<predicate> object", ...])`` in N-Triples syntax, as
    :meth:`mmr_graph.rdf.ntriples.SortedGraph.statements` gives them. The text is what ``json.dumps`` with
    ``indent=1`` would print for the document, written one node at a time."""
    context_text = json.dumps(context(), ensure_ascii=False, indent=1).replace("\n", "\n ")
    out.write('{\n "@context": ' + context_text + ',\n "@graph": [')
    separator = "\n  "
    empty = True
    seen: dict[str, tuple[str, str, str]] = {}
    for subject, group in statements:
        out.write(separator + _node(subject, group, seen))
        separator, empty = ",\n  ", False
    out.write("]\n}\n" if empty else "\n ]\n}\n")


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """The JSON-LD document of Oxigraph triples (sorted by subject) as bytes."""
    buffer = io.StringIO()
    groups = groupby(triples, key=lambda t: t.subject)
    write_jsonld(((str(s), [f"{t.predicate} {t.object}" for t in g]) for s, g in groups), buffer)
    return buffer.getvalue().encode("utf-8")


if __name__ == "__main__":  # regenerate ontology/context.jsonld
    print(json.dumps({"@context": context()}, indent=2, ensure_ascii=False))
