"""The same queries on rdflib's SPARQL engine, with answers in the same terms as Oxigraph's, and rdflib's
triples as Oxigraph's.

Users who load the Turtle into another store should get what the named queries promise; the tests run every
named query on both engines and compare, and the benchmark times both. (Tests import it from here, as they
import ``synthetic``.)
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from mmr_graph.query.engine import Answer, Term


def to_oxigraph_term(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """The pyoxigraph term equal to an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """rdflib triples as Oxigraph's, sorted as the build's files are."""
    term = to_oxigraph_term
    converted = [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]
    converted.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return converted


def store_of(triples: Iterable[ox.Triple]) -> ox.Store:
    """An Oxigraph store of ``triples``."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


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
