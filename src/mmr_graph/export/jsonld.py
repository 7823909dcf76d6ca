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
from json.encoder import encode_basestring as _string
from typing import Any, TextIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, XSD

from mmr_graph.identity.namespaces import NS_IRI, PREFIXES
from mmr_graph.rdf.ntriples import split_literal, split_statement, statement

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context: the prefixes, and one term per ontology property (named by its local name)."""
    from mmr_graph.vocab import load_vocabulary

    graph: Graph = load_vocabulary().graph
    terms: dict[str, Any] = {}
    for prop in sorted(graph.subjects(RDF.type, OWL.ObjectProperty)):  # type: ignore[type-var] # ordered terms
        if str(prop).startswith(NS_IRI):
            terms[str(prop)[len(NS_IRI) :]] = {"@id": "mmr:" + str(prop)[len(NS_IRI) :], "@type": "@id"}
    for prop in sorted(graph.subjects(RDF.type, OWL.DatatypeProperty)):  # type: ignore[type-var] # ordered terms
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


@lru_cache(maxsize=1 << 12)  # one per directory: papers, repositories, an entry's links...
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


# An entry is a statement's (key, text as the key's only value, text opening a list of values, text of a
# later value in that list): a node's text is these pieces joined, and each is worked out once per statement.
_Entry = tuple[str, str, str, str]


@cache
def _member(predicate: str) -> tuple[str, str | None, str]:
    """(name in the document, type coercion, the text that opens the member: ``,\\n   "name": ``)."""
    name, coercion = _property(predicate)
    return name, coercion, ",\n   " + _string(name) + ": "


@cache
def _type_member(iri: str) -> _Entry:
    """The entry of an ``rdf:type`` statement whose object is the IRI ``iri`` (a few classes, often)."""
    text = _string(compact_iri(iri))
    return _texts("@type", ',\n   "@type": ', text, text)


def _texts(key: str, opening: str, alone: str, listed: str) -> _Entry:
    return key, opening + alone, opening + "[\n    " + listed, ",\n    " + listed


def _entry(said: str) -> _Entry:
    """The entry of one ``"<predicate> object"`` statement in a node.

    The common shapes (an IRI, a plain string, a literal of the property's own type) take short paths that
    print the value directly; the others are built as JSON values first."""
    predicate_text, obj = split_statement(said)
    predicate = predicate_text[1:-1]
    first = obj[0]
    if first == "<":
        if predicate == _RDF_TYPE:
            return _type_member(obj[1:-1])
        name, coercion, opening = _member(predicate)
        text = _string(compact_iri(obj[1:-1]))
        if coercion == "@id":
            return name, opening + text, opening + "[\n    " + text, ",\n    " + text
        return _texts(name, opening, '{\n    "@id": ' + text + "\n   }", '{\n     "@id": ' + text + "\n    }")
    name, coercion, opening = _member(predicate)
    if first == '"' and "\\" not in obj:
        # no escapes: no character that JSON escapes either (N-Triples escapes them all), so the text
        # between the quotes is printed as it is
        end = obj.rindex('"')
        if end == len(obj) - 1 and coercion is None:
            return name, opening + obj, opening + "[\n    " + obj, ",\n    " + obj
        if coercion is not None and obj.startswith("^^<", end + 1) and obj[end + 4 : -1] == coercion:
            text = obj[: end + 1]
            return name, opening + text, opening + "[\n    " + text, ",\n    " + text
    value = _value(obj, coercion)
    if isinstance(value, str):
        text = _string(value)
        return _texts(name, opening, text, text)
    alone = "{" + ",".join("\n    " + _string(k) + ": " + _string(v) for k, v in value.items()) + "\n   }"
    listed = "{" + ",".join("\n     " + _string(k) + ": " + _string(v) for k, v in value.items()) + "\n    }"
    return _texts(name, opening, alone, listed)


# Most statements of a large graph repeat (types, fact sources, list membership...): their text is
# remembered, so each is worked out once; the memory is emptied when it holds this many (at 100k entries,
# four times as many save a tenth of the time and cost 100 MB more).
_REMEMBERED = 50_000
_CLOSE_LIST = "\n   ]"


def _entries(statements: list[str], seen: dict[str, _Entry]) -> list[_Entry]:
    get = seen.get
    entries = [get(statement) for statement in statements]
    if None in entries:
        for i, entry in enumerate(entries):
            if entry is None:
                entry = entries[i] = _entry(statements[i])
                if len(seen) >= _REMEMBERED:  # nodes of one kind are sorted together: the repeats in use
                    seen.clear()  # come back at once
                seen[statements[i]] = entry
    return entries  # type: ignore[return-value] # every None was replaced above


def _members(entries: list[_Entry]) -> list[str] | None:
    """The members' texts when the statements of each key are adjacent (sorted statements group by
    predicate, so nearly always), else None."""
    parts: list[str] = []
    keys: list[str] = []
    previous: _Entry | None = None
    run = 0
    for entry in entries:
        if previous is not None and entry[0] == previous[0]:
            if run == 1:
                parts[-1] = previous[2]
            parts.append(entry[3])
            run += 1
            continue
        if run > 1:
            parts.append(_CLOSE_LIST)
        parts.append(entry[1])
        keys.append(entry[0])
        previous, run = entry, 1
    if run > 1:
        parts.append(_CLOSE_LIST)
    return parts if len(set(keys)) == len(keys) else None


def _members_by_key(entries: list[_Entry]) -> list[str]:
    """The members' texts in the order of each key's first statement, for keys whose statements are not
    adjacent (``rdf:type`` with literal, IRI and blank node objects, say)."""
    by_key: dict[str, list[_Entry]] = {}
    for entry in entries:
        by_key.setdefault(entry[0], []).append(entry)
    parts = []
    for values in by_key.values():
        if len(values) == 1:
            parts.append(values[0][1])
        else:
            parts += [values[0][2], *(v[3] for v in values[1:]), _CLOSE_LIST]
    return parts


def _node(subject: str, statements: list[str], seen: dict[str, _Entry]) -> str:
    """The JSON text of a subject's node, as ``json.dumps(node, ensure_ascii=False, indent=1)`` prints it
    two levels deep in the document: ``@id``, then a key per predicate (``@type`` for ``rdf:type``) in
    order, one value as itself and several as a list."""
    node_id = compact_iri(subject[1:-1]) if subject[0] == "<" else subject
    entries = _entries(statements, seen)
    members = _members(entries)
    if members is None:
        members = _members_by_key(entries)
    return '{\n   "@id": ' + _string(node_id) + "".join(members) + "\n  }"


_FLUSH_EVERY = 256  # nodes: fewer, larger writes


def write_jsonld(statements: Iterable[tuple[str, list[str]]], out: TextIO) -> None:
    """Write one compact JSON-LD document with an inline context: a node per subject, in the given order.

    ``statements`` are ``(subject, ["<predicate> object", ...])`` in N-Triples syntax, as
    :meth:`mmr_graph.rdf.ntriples.SortedGraph.statements` gives them. The text is what ``json.dumps`` with
    ``indent=1`` would print for the document, written a few hundred nodes at a time."""
    open_document(out)
    close_document(out, empty=not write_nodes(statements, out))


def open_document(out: TextIO) -> None:
    """The document up to its first node: the context, and the opening of ``@graph``."""
    context_text = json.dumps(context(), ensure_ascii=False, indent=1).replace("\n", "\n ")
    out.write('{\n "@context": ' + context_text + ',\n "@graph": [')


def write_nodes(statements: Iterable[tuple[str, list[str]]], out: TextIO) -> bool:
    """The nodes of ``statements``, the first after a line break, the others after a comma and a line
    break, as the ``@graph`` list opens with them; returns whether any node was written.

    Nodes written in several runs (by several processes, say) and joined with a comma are the same text as
    one run over all the statements."""
    seen: dict[str, _Entry] = {}
    nodes: list[str] = []
    separator = "\n  "
    for subject, group in statements:
        nodes.append(_node(subject, group, seen))
        if len(nodes) == _FLUSH_EVERY:
            out.write(separator + ",\n  ".join(nodes))
            nodes, separator = [], ",\n  "
    if nodes:
        out.write(separator + ",\n  ".join(nodes))
        separator = ",\n  "
    return separator != "\n  "


def close_document(out: TextIO, empty: bool) -> None:
    """The end of the document; ``empty``: no node was written."""
    out.write("]\n}\n" if empty else "\n ]\n}\n")


def to_jsonld(triples: list[ox.Triple]) -> bytes:
    """The JSON-LD document of Oxigraph triples (sorted by subject) as bytes."""
    buffer = io.StringIO()
    groups = groupby(triples, key=lambda t: t.subject)
    nodes = ((str(s), [statement(str(t.predicate), str(t.object)) for t in g]) for s, g in groups)
    write_jsonld(nodes, buffer)
    return buffer.getvalue().encode("utf-8")


if __name__ == "__main__":  # regenerate ontology/context.jsonld
    print(json.dumps({"@context": context()}, indent=2, ensure_ascii=False))
