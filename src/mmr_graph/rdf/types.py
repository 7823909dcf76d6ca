"""Type aliases shared by the RDF modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from rdflib.term import Node

Triple: TypeAlias = tuple[Node, Node, Node]
# a term in either spelling of :mod:`mmr_graph.rdf.terms`: an rdflib term, or its N-Triples text
Term: TypeAlias = Node | str
# a statement of a description (:mod:`mmr_graph.rdf.describe`), its terms in one of the two spellings
Statement: TypeAlias = tuple[Term, Term, Term]
# builds a literal from a value and an optional datatype IRI: rdflib's Literal, or N-Triples text
Literals: TypeAlias = Callable[..., Term]
