"""Type aliases shared by the RDF modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from rdflib.term import Node

Triple: TypeAlias = tuple[Node, Node, Node]
# builds a literal from a value and an optional datatype IRI: rdflib's Literal, or N-Triples text
Literals: TypeAlias = Callable[..., Node]
