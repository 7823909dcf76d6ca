"""The same queries on rdflib's SPARQL engine, with answers in the same terms as Oxigraph's.

Users who load the Turtle into another store should get what the named queries promise; the tests run every
named query on both engines and compare, and the benchmark times both.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from mmr_graph.export.files import to_oxigraph_term
from mmr_graph.query.engine import Answer, Term


def rdflib_graph(triples: Iterable[ox.Triple]) -> Graph:
    """An rdflib graph with the same triples (parsed from N-Triples, as a user's tool would read a file)."""
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    graph = Graph(bind_namespaces="none")
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def to_oxigraph(term: Node | None) -> Term | None:
    return None if term is None else to_oxigraph_term(term)


def run_rdflib(graph: Graph, sparql: str) -> Answer:
    """Run ``sparql`` with rdflib; the answer is materialized (rdflib evaluates eagerly anyway)."""
    result = graph.query(sparql)
    if result.type == "ASK":
        return Answer("boolean", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = [ox.Triple(*map(to_oxigraph, t)) for t in result]  # type: ignore[misc]
        return Answer("graph", triples=iter(triples))
    variables = tuple(str(v) for v in result.vars or ())
    rows = [tuple(to_oxigraph(term) for term in row) for row in result]
    return Answer("solutions", variables=variables, rows=iter(rows))
