"""Read a query with a SPARQL parser before Oxigraph runs it: is it a query or an update, does it call
``SERVICE``, are its prefixes known. A text the parser cannot read is refused.

The parser is rdflib's (a pyparsing grammar of SPARQL 1.1, https://www.w3.org/TR/sparql11-query/#grammar).
Whether a query calls ``SERVICE`` is decided on its parse tree (a ``ServiceGraphPattern`` anywhere in
it: subqueries, ``EXISTS``, ``OPTIONAL``... included), never by matching text: a keyword inside an IRI, a
string, a comment or an escape is not a keyword, and only a parser knows where those begin and end.

Two parsers read the same text the same way only if nothing about the text is left to interpretation, so
the text is made plain first, and Oxigraph is given that plain text (:func:`plain_text`):

- codepoint escapes (``\\u0022``, ``\\U0001F600``) are replaced by their characters, as the SPARQL grammar
  says they are, before anything else (rdflib does this; Oxigraph reads them only inside strings and IRIs:
  ``"a\\u0022"`` is one string to Oxigraph and a string and the start of another to rdflib); an escape
  that an escape produces (``\\u005Cu0022``) is refused;
- line ends become ``\\n`` (Oxigraph ends a ``#`` comment at a lone carriage return, rdflib does not);
- other control characters are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes_re, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from mmr_graph.query.errors import QueryError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SERVICE = "ServiceGraphPattern"
# what may come before a query's form: blanks, comments, BASE and PREFIX declarations
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^<>]*>|PREFIX\s*[^\s:]*:\s*<[^<>]*>)*", re.IGNORECASE)


class UpdateRefused(QueryError):
    """An update (INSERT, DELETE, LOAD...): the graph is read-only. The endpoint answers 403."""


@dataclass(frozen=True)
class ReadQuery:
    """What the parser found: the plain text (what Oxigraph runs), and whether it calls SERVICE."""

    text: str
    form: Literal["query", "update"]
    calls_service: bool
    prefixes_used: tuple[str, ...]
    prefixes_declared: tuple[str, ...]


def plain_text(sparql: str, source: str = "query") -> str:
    """The text with codepoint escapes replaced, line ends as ``\\n``, and no other control character."""

    def character(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"{source}: {m.group(0)} is not a Unicode character")
        return chr(code)

    text = _ESCAPE.sub(character, sparql)
    if _ESCAPE.search(text) or expandUnicodeEscapes_re.search(text):
        raise QueryError(f"{source}: an escape (\\u...) that spells another escape is refused")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line, column = _position(text, bad.start())
        raise QueryError(
            f"{source}: control character U+{ord(bad.group(0)):04X} at line {line}, column {column}",
            line,
            column,
        )
    return text


def read(sparql: str, source: str = "query") -> ReadQuery:
    """Parse ``sparql`` as a query, else as an update; a text that is neither is a :class:`QueryError`
    naming the line and column where the parser stopped."""
    text = plain_text(sparql, source)
    try:
        tree: Any = parseQuery(text)
        form: Literal["query", "update"] = "query"
    except ParseBaseException as exc:
        try:
            tree = parseUpdate(text)
            form = "update"
        except (ParseBaseException, RecursionError, ValueError):
            raise _syntax_error(exc, text, source) from None
    except RecursionError:
        raise QueryError(f"{source}: the query is nested too deeply to read") from None
    except ValueError as exc:  # a term the parser cannot build (a bad language tag, number...)
        raise QueryError(f"SPARQL syntax error in {source}: {exc}") from None
    nodes = list(_nodes(tree))
    used = tuple(dict.fromkeys(dict.get(n, "prefix", "") for n in nodes if n.name == "pname"))
    declared = tuple(dict.fromkeys(dict.get(n, "prefix", "") for n in nodes if n.name == "PrefixDecl"))
    calls = any(n.name == _SERVICE for n in nodes)
    return ReadQuery(text, form, calls, used, declared)


def check(sparql: str, source: str = "query", known_prefixes: Mapping[str, str] | None = None) -> str:
    """The plain text to run, once the parser has read ``sparql`` as a query that calls no SERVICE and
    uses no unknown prefix; otherwise a :class:`QueryError` (an :class:`UpdateRefused` for updates)."""
    found = read(sparql, source)
    if found.form == "update":
        raise UpdateRefused(
            f"{source}: updates (INSERT, DELETE, LOAD...) are refused: the graph is read-only"
        )
    if found.calls_service:
        raise QueryError(f"{source}: SERVICE (federated query) is refused: queries stay on this graph")
    known = set(known_prefixes or ()) | set(found.prefixes_declared)
    unknown = [p for p in found.prefixes_used if p not in known]
    if unknown:
        raise unknown_prefix(unknown[0], found.text, source, sorted(known))
    return found.text


def may_give_triples(text: str) -> bool:
    """Whether the query ``text`` (as :func:`check` gave it) may be a CONSTRUCT or DESCRIBE, whose answer is a
    graph: False only for a text whose form, after its prologue, is plainly SELECT or ASK."""
    start = _PROLOGUE.match(text)
    rest = text[start.end() if start else 0 :][:9].upper()
    return not (rest.startswith("SELECT") or rest.startswith("ASK"))


def unknown_prefix(prefix: str, text: str, source: str, known: list[str]) -> QueryError:
    """``unknown prefix `foo:``` with where it is first used and the prefixes that are known."""
    where = _first_use(prefix, text)
    names = ", ".join(f"{p}:" for p in known) or "none"
    at = f" at line {where[0]}, column {where[1]}" if where else ""
    return QueryError(
        f"{source}{at}: unknown prefix `{prefix}:` (known: {names}; declare others with PREFIX)",
        *(where or (None, None)),
    )


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every node of a parse tree, depth first, without recursion (a deep tree is no problem here)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ParseResults | list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_error(exc: ParseBaseException, text: str, source: str) -> QueryError:
    """Where the parser stopped, and what it found there."""
    line, column = _position(text, min(exc.loc, len(text)))
    found = text[exc.loc :].split(None, 1)[0][:30] if text[exc.loc :].strip() else ""
    what = f"unexpected {found!r}" if found else "the query ends too early"
    lines = text.splitlines()
    near = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    hint = f" near {near[:60]!r}" if near and near != found else ""
    return QueryError(
        f"SPARQL syntax error in {source} at line {line}, column {column}: {what}{hint}", line, column
    )


# Where a prefixed name may begin: only used to point at an unknown prefix in a message (the parser has
# already said that the prefix is used); strings, IRIs and comments are skipped.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*',
    re.S,
)


def _first_use(prefix: str, text: str) -> tuple[int, int] | None:
    name = re.compile(r"(?<![\w.:?$-])" + re.escape(prefix) + r":")
    position = 0
    for skip in [*_SKIP.finditer(text), None]:
        end = skip.start() if skip else len(text)
        m = name.search(text, position, end)
        if m:
            return _position(text, m.start())
        if skip is None:
            return None
        position = skip.end()
    return None
