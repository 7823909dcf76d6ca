"""Facts -> triples: an entry's kind, methods, base models, teachers and (untagged) modalities.

Each fact is a direct triple (``entry mmr:usesMethod method:GRPO``) so that queries stay simple, plus a
qualified :class:`mmr:Assertion` node saying where it came from: ``fact-source/curated`` with the evidence
URL, or ``fact-source/extracted`` (matched in the title).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from rdflib import Literal, URIRef
from rdflib import namespace as rdfns

from mmr_graph.model import Entry
from mmr_graph.rdf import iris
from mmr_graph.rdf import namespace as mmrns
from mmr_graph.rdf.bound import Bound
from mmr_graph.rdf.namespace import ID_IRI
from mmr_graph.rdf.types import Literals, Triple

# terms as plain attributes and memoized IRIs: this runs for every entry of every list
RDF, RDFS, MMR = Bound(rdfns.RDF), Bound(rdfns.RDFS), Bound(mmrns.MMR)
_concept_iri = cache(iris.concept_iri)
_slug = cache(iris.slug)


def model_iri(name: str) -> URIRef:
    """A Hugging Face id (owner/name) is its model page; any other name gets an IRI in our namespace."""
    if "/" in name and " " not in name:
        return URIRef(f"https://huggingface.co/{name}")
    return URIRef(f"{ID_IRI}model/{iris.slug(name)}")


def fact_triples(entry: Entry, node: URIRef, lit: Literals = Literal) -> Iterator[Triple]:
    facts = entry.facts
    if facts is None:
        return
    source = _concept_iri("fact-source", facts.source)
    statements: list[tuple[URIRef, URIRef]] = []
    if facts.kind:
        statements.append((MMR.kind, _concept_iri("kind", facts.kind)))
    statements += [(MMR.usesMethod, _concept_iri("method", m)) for m in facts.methods]
    for prop, names in ((MMR.baseModel, facts.base_models), (MMR.distilledFrom, facts.distilled_from)):
        for name in names:
            model = model_iri(name)
            statements.append((prop, model))
            yield model, RDF.type, MMR.Model
            yield model, RDFS.label, lit(name)
    if not entry.tags.modalities:
        statements += [(MMR.modality, _concept_iri("modality", m)) for m in facts.modalities]
    if facts.note:
        yield node, MMR.note, lit(facts.note)
    for prop, value in statements:
        yield node, prop, value
        local = str(prop).rsplit("#", 1)[1]
        assertion = URIRef(f"{node}/assertion/{local}/{_slug(str(value).rstrip('/').rsplit('/', 1)[-1])}")
        yield node, MMR.assertion, assertion
        yield assertion, RDF.type, MMR.Assertion
        yield assertion, MMR.assertedProperty, prop
        yield assertion, MMR.assertedValue, value
        yield assertion, MMR.factSource, source
        if facts.evidence:
            yield assertion, MMR.evidence, URIRef(facts.evidence)
