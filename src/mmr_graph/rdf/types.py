"""Type aliases shared by the RDF modules."""

from __future__ import annotations

from typing import TypeAlias

from rdflib.term import Node

Triple: TypeAlias = tuple[Node, Node, Node]
