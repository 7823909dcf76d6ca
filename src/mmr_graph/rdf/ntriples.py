"""RDF terms as canonical N-Triples text, and a graph kept as sorted N-Triples statements: the one place
that knows the N-Triples line format.

Building the graph of a large list with rdflib terms costs microseconds per literal; writing each term once as
the N-Triples text that every output is derived from is several times cheaper and takes less memory. The
text is canonical N-Triples exactly as Oxigraph prints it (tests check the escaping against Oxigraph), so
sorting statements by their text gives the same order as sorting Oxigraph triples by ``str()`` of their terms.

:class:`SortedGraph` holds the statements grouped by subject: the subject's text is stored once, each
statement as ``"<predicate> object"`` (:func:`statement`); lines are ``subject + " " + statement +
" .\\n"`` (:meth:`SortedGraph.chunks`), and :func:`read_sorted` reads them back.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LINE_END = " .\n"
_BLOCK = 1 << 16

# Oxigraph's escaping of string literals in N-Triples (and of term text): these characters, nothing else.
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)}
_ESCAPES |= {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f\ufffe\uffff]')
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(["\\btnfr\'"]))')
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


class NT(str):
    """Text of a term that is already in N-Triples syntax (a literal or blank node), not a bare IRI."""

    __slots__ = ()


class Shared(str):
    """N-Triples text of a term made once and used in many statements (a vocabulary term, a category, a
    link's position): a graph made of text looks such statements up, so each is one string in memory,
    however often it appears, and leaves the others (titles, URLs, an entry's own nodes) alone."""

    __slots__ = ()


def statement(predicate: str, obj: str) -> str:
    """The statement ``"<predicate> object"`` of two terms' text, as a graph keeps it under its subject."""
    return f"{predicate} {obj}"


def split_statement(text: str) -> tuple[str, str]:
    """``(predicate, object)``, the terms' text, of a statement (a predicate is an IRI: no space in it)."""
    predicate, _, obj = text.partition(" ")
    return predicate, obj


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
    if _NEEDS_ESCAPE.search(text) is not None:  # type: ignore[arg-type,unused-ignore] # a str, by its class
        text = text.translate(_ESCAPES)  # type: ignore[union-attr,unused-ignore] # a str, by its class
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
        self.kinds: dict[str, int] = {}  # distinct nodes of each kind, once known (mmr_graph.rdf.kinds)
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
            groups.setdefault(term(s), []).append(statement(term(p), term(o)))
        return cls(groups)

    def add(self, triples: Iterable[tuple[Node | str, Node | str, Node | str]]) -> None:
        """Add triples (the graph's self-description, say), keeping the order and each statement once."""
        for s, p, o in triples:
            subject = term(s)
            statements = self.groups.get(subject)
            if statements is None:
                bisect.insort(self.subjects, subject)
                statements = self.groups[subject] = []
            text = statement(term(p), term(o))
            i = bisect.bisect_left(statements, text)
            if i == len(statements) or statements[i] != text:
                statements.insert(i, text)
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
            yield prefix + (_LINE_END + prefix).join(self.groups[subject]) + _LINE_END

    def statements(self) -> Iterator[tuple[str, list[str]]]:
        """``(subject text, ["<predicate> object", ...])`` in order."""
        for subject in self.subjects:
            yield subject, self.groups[subject]


@dataclass
class Grouped:
    """Statements (``"<predicate> object"``) by subject, in the order met, repeats kept; and the subjects
    typed with each counted class (by the class's N-Triples text)."""

    groups: dict[str, list[str]]
    members: dict[str, set[str]]


def group(triples: Iterable[tuple[str, str, str]], counted: Iterable[str]) -> Grouped:
    """Triples in N-Triples text (as a description spelt in :data:`~mmr_graph.rdf.terms.TEXT` gives them)
    grouped by subject, the form a graph is collected in before it is sorted (:class:`SortedGraph`);
    ``counted`` are the classes whose members are collected."""
    groups: dict[str, list[str]] = {}
    members: dict[str, set[str]] = {cls: set() for cls in counted}
    # Statements whose object is a shared term (a type, a category, a fact source, a link's position) repeat
    # across entries: one string for each, made once, takes hundreds of megabytes less for a large list.
    made: dict[tuple[str, str], str] = {}  # (predicate, object) -> statement
    rdf_type = RDF_TYPE
    subject: str | None = None
    statements: list[str] = []
    for s, p, o in triples:
        if s is not subject:
            subject = s
            found = groups.get(s)
            if found is None:
                found = groups[s] = []
            statements = found
        if o.__class__ is Shared:
            text = made.get((p, o))
            if text is None:
                text = made[p, o] = f"{p} {o}"  # as statement() makes it, without a call: millions pass
            if p == rdf_type and o in members:
                members[o].add(s)
            statements.append(text)
        else:
            statements.append(f"{p} {o}")
    return Grouped(groups, members)


def read_sorted(source: BinaryIO) -> Iterator[tuple[str, list[str]]]:
    """``(subject, [statement, ...])`` of a sorted N-Triples stream (as :meth:`SortedGraph.chunks` writes
    it), one subject at a time, as :meth:`SortedGraph.statements` gives them."""
    subject, statements = "", list[str]()
    rest = b""
    while block := source.read(_BLOCK):
        cut = block.rfind(b"\n") + 1
        if not cut:
            rest += block
            continue
        lines = (rest + block[:cut]).decode("utf-8").split(_LINE_END)
        rest = block[cut:]
        lines.pop()  # after the last line's end
        for line in lines:
            first, _, text = line.partition(" ")  # a subject is an IRI or a blank node: no space in it
            if first != subject:
                if statements:
                    yield subject, statements
                subject, statements = first, []
            statements.append(text)
    if rest:
        raise ValueError("the N-Triples file does not end with a line break")
    if statements:
        yield subject, statements
