"""RDF terms as canonical N-Triples text, and a graph kept as sorted N-Triples statements.

Building the graph of a large list with rdflib terms costs microseconds per literal; writing each term once as
the N-Triples text that every output is derived from is several times cheaper and takes less memory. The
text is canonical N-Triples exactly as Oxigraph prints it (tests check the escaping against Oxigraph), so
sorting statements by their text gives the same order as sorting Oxigraph triples by ``str()`` of their terms.

:class:`SortedGraph` holds the statements grouped by subject: the subject's text is stored once, each
statement as ``"<predicate> object"``; lines are ``subject + " " + statement + " .\\n"``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Oxigraph's escaping of string literals in N-Triples (and of term text): these characters, nothing else.
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES |= {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff]')
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(["\\btnfr\'"]))')
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


class NT(str):
    """Text of a term that is already in N-Triples syntax (a literal or blank node), not a bare IRI."""

    __slots__ = ()


def escape(value: str) -> str:
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def unescape(body: str) -> str:
    """The string value of an N-Triples string body (the text between the quotes)."""
    if "\\" not in body:
        return body

    def one(m: re.Match[str]) -> str:
        code = m.group(1) or m.group(2)
        return chr(int(code, 16)) if code else _SIMPLE[m.group(3)]

    return _UNESCAPE.sub(one, body)


def literal(value: object, datatype: str | None = None) -> NT:
    """A literal: ``"value"`` or ``"value"^^<datatype>`` (the lexical form is ``str(value)``)."""
    return NT(literal_text(value, datatype))


def literal_text(value: object, datatype: str | None = None) -> str:
    """The text of :func:`literal` as a plain string, for text that is never taken for a bare IRI."""
    text = value if value.__class__ is str else str(value)
    if _NEEDS_ESCAPE.search(text) is not None:  # type: ignore[arg-type]
        text = text.translate(_ESCAPES)  # type: ignore[union-attr]
    if datatype is None or datatype == XSD_STRING:
        return f'"{text}"'
    return f'"{text}"^^<{datatype}>'


def term(node: Node | str) -> str:
    """Canonical N-Triples text of an rdflib term (or of an :class:`NT`, returned as it is)."""
    if isinstance(node, NT):
        return node
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = '"' + escape(str(node)) + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != XSD_STRING:
            return f"{text}^^<{node.datatype}>"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term: {node!r}")


def split_literal(text: str) -> tuple[str, str | None, str | None]:
    """``(value, datatype IRI or None, language or None)`` of a literal's N-Triples text."""
    end = text.rindex('"')
    value = unescape(text[1:end])
    rest = text[end + 1 :]
    if rest.startswith("^^<"):
        return value, rest[3:-1], None
    if rest.startswith("@"):
        return value, None, rest[1:]
    return value, None, None


class SortedGraph:
    """Statements grouped by subject text, deduplicated and sorted: the canonical order of every output."""

    def __init__(self, groups: dict[str, list[str]]) -> None:
        """Take ``groups`` (subject -> statements, any order, repeats allowed) and sort them in place."""
        self.subjects = sorted(groups)
        self.groups = groups
        size = 0
        for subject, statements in groups.items():
            if len(statements) > 1:
                statements.sort()  # in place: a large graph has millions of statements
                distinct = len(set(statements))
                if distinct < len(statements):  # repeats are rare: only then is a new list made
                    statements = groups[subject] = sorted(set(statements))
            size += len(statements)
        self.size = size

    @classmethod
    def of(cls, triples: Iterable[tuple[Node, Node, Node]]) -> SortedGraph:
        """From any rdflib triples (duplicates allowed)."""
        groups: dict[str, list[str]] = {}
        for s, p, o in triples:
            groups.setdefault(term(s), []).append(f"{term(p)} {term(o)}")
        return cls(groups)

    def add(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Add triples (the graph's self-description, say), keeping the order and each statement once."""
        for s, p, o in triples:
            subject = term(s)
            statements = self.groups.get(subject)
            if statements is None:
                bisect.insort(self.subjects, subject)
                statements = self.groups[subject] = []
            statement = f"{term(p)} {term(o)}"
            i = bisect.bisect_left(statements, statement)
            if i == len(statements) or statements[i] != statement:
                statements.insert(i, statement)
                self.size += 1

    def merge(self, other: SortedGraph) -> None:
        """Add the statements of ``other`` (another part of the graph, sorted apart), each once. Its
        groups are taken as they are (not copied): ``other`` is not to be used afterwards."""
        both = other.groups.keys() & self.groups.keys()
        for subject in both:
            statements = self.groups[subject]
            merged = self.groups[subject] = sorted({*statements, *other.groups.pop(subject)})
            self.size += len(merged) - len(statements)
        self.subjects += [s for s in other.subjects if s not in both] if both else other.subjects
        self.subjects.sort()  # two runs in order: merged in one pass
        self.groups.update(other.groups)
        self.size += sum(map(len, other.groups.values()))

    def __len__(self) -> int:
        return self.size

    def chunks(self) -> Iterator[str]:
        """The N-Triples document, one subject's lines at a time."""
        for subject in self.subjects:
            prefix = subject + " "
            yield prefix + (" .\n" + prefix).join(self.groups[subject]) + " .\n"

    def statements(self) -> Iterator[tuple[str, list[str]]]:
        """``(subject text, ["<predicate> object", ...])`` in order."""
        for subject in self.subjects:
            yield subject, self.groups[subject]
