"""Two spellings of the same RDF terms: rdflib objects, or canonical N-Triples text.

The graph of a catalog is described once (:mod:`mmr_graph.rdf.describe`) in terms of a :class:`Terms`.
With :data:`RDFLIB` it gives rdflib triples (for ``to_graph``, the HTML view, queries); with :data:`TEXT`
every term is already the N-Triples text that a build writes, so the fast path never constructs an rdflib
term, and both paths cannot drift apart because they run the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib import namespace as rdfns
from rdflib.term import Node

from mmr_graph.identity import namespaces as mmrns
from mmr_graph.rdf.ntriples import Shared, literal_text, term
from mmr_graph.rdf.types import Term


class Names:
    """A namespace's terms as plain attributes, looked up once: reading ``names.label`` is an ordinary
    attribute lookup (no ``__getattr__`` on the class), for the millions of triples a large list makes; a
    name the namespace does not declare fails with AttributeError."""

    def __init__(self, terms: dict[str, object]) -> None:
        self.__dict__.update(terms)

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    if TYPE_CHECKING:  # the terms are instance attributes, set in __init__

        def __getattr__(self, name: str) -> Any: ...


# Terms of the open namespaces (they declare none) that the graph uses.
_OPEN_TERMS = {
    mmrns.SDO: ("url", "codeRepository"),
    mmrns.BIBO: ("Conference", "presentedAt", "doi"),
    mmrns.FABIO: ("Preprint",),
}


def _declared(namespace: Any) -> Iterable[str]:
    if namespace is mmrns.MMR:
        return mmrns.TERMS
    if namespace in _OPEN_TERMS:
        return _OPEN_TERMS[namespace]
    return [name for name in namespace.__annotations__ if not name.startswith("_")]  # a DefinedNamespace


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

        def names(namespace: Any) -> Names:
            terms = {name: getattr(namespace, name) for name in _declared(namespace)}
            return Names({name: term if iri is URIRef else share(iri(term)) for name, term in terms.items()})

        self.DCAT, self.DCTERMS, self.OWL, self.PROV, self.RDF, self.RDFS, self.SKOS = map(
            names, (rdfns.DCAT, rdfns.DCTERMS, rdfns.OWL, rdfns.PROV, rdfns.RDF, rdfns.RDFS, rdfns.SKOS)
        )
        self.BIBO, self.FABIO, self.MMR, self.SDO = map(
            names, (mmrns.BIBO, mmrns.FABIO, mmrns.MMR, mmrns.SDO)
        )


@cache
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


def _rdflib_literal(value: object, datatype: str | None = None) -> Literal:
    return Literal(value, datatype=None if datatype is None else _datatype(datatype))


def _angle(iri: str) -> str:
    return f"<{iri}>"


def _same(node: Term) -> Term:
    return node


def _shared_text(node: Node) -> Shared:
    return Shared(term(node))


RDFLIB = Terms(URIRef, _rdflib_literal, _same, _same)
TEXT = Terms(_angle, literal_text, _shared_text, Shared)
