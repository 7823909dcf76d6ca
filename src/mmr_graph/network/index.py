"""A read-only index over triples: objects by (subject, predicate), subjects by type.

The projection reads many small lookups; indexing the triples once keeps it linear in the graph's size,
whether the triples come from an rdflib Graph or straight from :func:`mmr_graph.rdf.graph.iter_triples`.
Repeated triples are harmless: lookups return each object once.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

_PREFERRED_LANGUAGES = (None, "en")


class TripleIndex:
    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        out: dict[Node, dict[Node, list[Node]]] = {}
        typed: dict[Node, list[Node]] = {}
        rdf_type = str(RDF.type)
        same = str.__eq__  # C-level text comparison; rdflib's own __eq__ is Python code
        for s, p, o in triples:
            by_predicate = out.get(s)
            if by_predicate is None:
                out[s] = {p: [o]}
            else:
                values = by_predicate.get(p)
                if values is None:
                    by_predicate[p] = [o]
                else:
                    values.append(o)
            if same(p, rdf_type):  # type: ignore[arg-type] # an IRI is a str
                members = typed.get(o)
                if members is None:
                    typed[o] = [s]
                else:
                    members.append(s)
        self._out = out
        self._typed = typed

    def properties(self, subject: Node) -> dict[Node, list[Node]]:
        """Every predicate of ``subject`` with its objects (raw: unsorted, possibly repeated)."""
        return self._out.get(subject, {})

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """Objects of ``subject predicate ?o``, each once, sorted by their text (deterministic)."""
        by_predicate = self._out.get(subject)
        found = by_predicate.get(predicate) if by_predicate else None
        if not found:
            return []
        if len(found) == 1:
            return list(found)
        return sorted(set(found), key=str)

    def of_type(self, cls: Node) -> list[Node]:
        """Subjects of ``?s rdf:type cls``, each once, sorted."""
        return sorted(set(self._typed.get(cls, ())), key=str)

    def literals(self, subject: Node, predicate: Node) -> list[str]:
        """The literal values as text, English or untagged ones first, each text once."""
        by_predicate = self._out.get(subject)
        return texts(by_predicate.get(predicate)) if by_predicate else []

    def literal(self, subject: Node, predicate: Node) -> str:
        """The first of :meth:`literals`, or ``""``."""
        values = self.literals(subject, predicate)
        return values[0] if values else ""

    def iri(self, subject: Node, predicate: Node) -> str:
        """The first IRI object as text, or ``""``."""
        for value in self.objects(subject, predicate):
            if isinstance(value, URIRef):
                return str(value)
        return ""


def texts(values: list[Node] | None) -> list[str]:
    """The literals among ``values`` as text, English or untagged ones first, then sorted, each once."""
    if not values:
        return []
    if len(values) == 1:
        return [str(values[0])] if isinstance(values[0], Literal) else []
    literals = [o for o in values if isinstance(o, Literal)]
    literals.sort(key=lambda lit: (lit.language not in _PREFERRED_LANGUAGES, str(lit)))
    return list(dict.fromkeys(str(v) for v in literals))
