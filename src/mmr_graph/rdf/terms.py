"""Two spellings of the same RDF terms: rdflib objects, or canonical N-Triples text.

The graph of a catalog is described once (:mod:`mmr_graph.rdf.describe`) in terms of a :class:`Terms`.
With :data:`RDFLIB` it gives rdflib triples (for ``to_graph``, the HTML view, queries); with :data:`TEXT`
every term is already the N-Triples text that a build writes, so the fast path never constructs an rdflib
term, and both paths cannot drift apart because they run the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from rdflib import Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.term import Node

from mmr_graph.rdf import namespace as mmrns
from mmr_graph.rdf.bound import Bound
from mmr_graph.rdf.ntriples import literal, term


class Terms:
    """How a description spells its terms: ``iri(text)``, ``lit(value, datatype=None)``, ``node(term)`` (an
    rdflib term, from the ontology files) and the namespaces' terms as attributes (``terms.MMR.Entry``).

    Datatypes are given as IRIs (``XSD.date`` of rdflib, which both spellings accept).
    """

    def __init__(
        self,
        iri: Callable[[str], Node | str],
        lit: Callable[..., Node | str],
        node: Callable[[Node], Node | str],
    ) -> None:
        self.iri, self.lit, self.node = iri, lit, node
        form = None if iri is URIRef else iri
        self.DCAT, self.DCTERMS, self.OWL, self.PROV, self.RDF, self.RDFS, self.SKOS = (
            Bound(ns, form)
            for ns in (rdfns.DCAT, rdfns.DCTERMS, rdfns.OWL, rdfns.PROV, rdfns.RDF, rdfns.RDFS, rdfns.SKOS)
        )
        self.BIBO, self.FABIO, self.MMR, self.SDO = (
            Bound(ns, form) for ns in (mmrns.BIBO, mmrns.FABIO, mmrns.MMR, mmrns.SDO)
        )


@cache
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


def _rdflib_literal(value: object, datatype: str | None = None) -> Literal:
    return Literal(value, datatype=None if datatype is None else _datatype(datatype))


def _angle(iri: str) -> str:
    return f"<{iri}>"


def _same(node: Node) -> Node:
    return node


RDFLIB = Terms(URIRef, _rdflib_literal, _same)
TEXT = Terms(_angle, literal, term)
