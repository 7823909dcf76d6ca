"""Answer SPARQL queries with Oxigraph: run a query on a store, get typed answers.

The store holds the graph a command works on (:func:`mmr_graph.loader.load_graph`: the freshly built default
graph, the same triples ``mmr-graph build`` writes, or any RDF file). Queries may use the project's prefixes
(``mmr:``, ``entry:``, ``method:``...) without declaring them. The graph is read-only here: every query is
first read by a SPARQL parser (:mod:`mmr_graph.query.syntax`), which refuses updates, ``SERVICE`` and any text
it cannot read; Oxigraph runs the text that parser read. Syntax errors become
:class:`~mmr_graph.query.errors.QueryError` with line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar, Union

import pyoxigraph as ox

from mmr_graph.identity.namespaces import PREFIXES
from mmr_graph.query import syntax
from mmr_graph.query.errors import QueryError

_T = TypeVar("_T")
_OUTSIDE = "it needed something outside this graph (a network connection?), which is refused"
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]  # noqa: UP007 - a runtime alias


@dataclass
class Answer:
    """What a query gives: solutions (``SELECT``), a boolean (``ASK``) or triples (``CONSTRUCT``,
    ``DESCRIBE``). ``rows`` and ``triples`` are lazy: Oxigraph evaluates while they are read."""

    kind: Literal["solutions", "boolean", "graph"]
    variables: tuple[str, ...] = ()
    rows: Iterator[tuple[Term | None, ...]] = field(default_factory=lambda: iter(()))
    boolean: bool = False
    triples: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))


def run(
    store: ox.Store,
    sparql: str,
    source: str = "query",
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> Answer:
    """Run a SPARQL query. ``source`` names the query in error messages (a file name, a named query).
    ``default_graph``/``named_graphs`` are the protocol's dataset IRIs (default: the store's graphs)."""
    sparql = syntax.check(sparql, source, PREFIXES)
    options: dict[str, object] = {"prefixes": PREFIXES}
    try:
        if default_graph:
            options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    except ValueError as exc:
        raise QueryError(f"{source}: bad graph IRI: {exc}") from None
    try:  # (an ASK is evaluated here already: what fails now may have failed while evaluating)
        result = store.query(sparql, **options)  # type: ignore[arg-type] # each option of its own type
    except SyntaxError as exc:
        raise syntax_error(str(exc), sparql, source) from None
    except (OSError, ValueError, RuntimeError):
        raise QueryError(f"{source}: {_OUTSIDE}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        return Answer("solutions", variables=variables, rows=_guarded((tuple(s) for s in result), source))
    return Answer("graph", triples=_guarded(iter(result), source))


def _guarded(items: Iterator[_T], source: str) -> Iterator[_T]:
    """Evaluation errors surface while results are read; report them like the others, without their text:
    an in-memory store fails while evaluating only when a query reaches outside it, and then the text may
    hold what a remote server sent."""
    try:
        yield from items
    except (OSError, ValueError, RuntimeError):
        raise QueryError(f"{source}: evaluation failed: {_OUTSIDE}") from None


def syntax_error(message: str, sparql: str, source: str) -> QueryError:
    """``error at 2:9: expected ...`` from Oxigraph -> a one-line error naming line, column and the text."""
    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not m:  # not the query's syntax (a remote answer Oxigraph could not read?): its text is not passed on
        return QueryError(f"{source}: evaluation failed: {_OUTSIDE}")
    line, column, detail = int(m.group(1)), int(m.group(2)), " ".join(m.group(3).split())
    lines = sparql.splitlines()
    if not 0 < line <= max(len(lines), 1):  # a position outside the query is not about the query
        return QueryError(f"{source}: evaluation failed: {_OUTSIDE}")
    if detail.startswith("expected one of") and len(detail) > 120:  # a wall of alternatives says little
        detail = "unexpected text"
    near = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    where = f" near {near[:60]!r}" if near else ""
    return QueryError(
        f"SPARQL syntax error in {source} at line {line}, column {column}: {detail}{where}", line, column
    )
