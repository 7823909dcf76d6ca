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
from mmr_graph.rdf.ntriples import literal_text, term


class Shared(str):
    """N-Triples text of a term made once and used in many statements (a vocabulary term, a category, a
    link's position): a graph made of text looks such statements up, so each is one string in memory,
    however often it appears, and leaves the others (titles, URLs, an entry's own nodes) alone."""

    __slots__ = ()


class Terms:
    """How a description spells its terms: ``iri(text)``, ``lit(value, datatype=None)``, ``node(term)`` (an
    rdflib term, from the ontology files), ``share(term)`` (a term made once for many uses, see
    :class:`Shared`) and the namespaces' terms as attributes (``terms.MMR.Entry``, shared).

    Datatypes are given as IRIs (``XSD.date`` of rdflib, which both spellings accept).
    """

    def __init__(
        self,
        iri: Callable[[str], Node | str],
        lit: Callable[..., Node | str],
        node: Callable[[Node], Node | str],
        share: Callable[[Node | str], Node | str],
    ) -> None:
        self.iri, self.lit, self.node, self.share = iri, lit, node, share
        form = None if iri is URIRef else (lambda value: share(iri(value)))
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


def _shared_text(node: Node) -> Shared:
    return Shared(term(node))


RDFLIB = Terms(URIRef, _rdflib_literal, _same, _same)
TEXT = Terms(_angle, literal_text, _shared_text, Shared)
