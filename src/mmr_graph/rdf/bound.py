"""Namespace terms as plain attributes, for the hot loops that build millions of triples.

rdflib resolves every ``RDF.type`` or ``MMR.paper`` with a Python ``__getattr__`` call (closed namespaces
also check the term list), which costs more than building the triple it goes into. :class:`Bound` looks a
term up once through the namespace, with all its checks, and keeps it as an ordinary attribute.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef


class Bound:
    """``Bound(MMR).paper`` is ``MMR.paper``; an unknown term fails as it does on the namespace itself."""

    def __init__(self, namespace: Any) -> None:
        object.__setattr__(self, "_namespace", namespace)

    def __getattr__(self, name: str) -> URIRef:  # called once per term, then the attribute is found
        value: URIRef = getattr(self._namespace, name)
        object.__setattr__(self, name, value)
        return value

    def __getitem__(self, name: str) -> URIRef:
        value: URIRef = getattr(self, name)
        return value
