"""Facts -> triples: an entry's kind, methods, base models, teachers and (untagged) modalities.

Each fact is a direct triple (``entry mmr:usesMethod method:GRPO``) so that queries stay simple, plus a
qualified :class:`mmr:Assertion` node saying where it came from: ``fact-source/curated`` with the evidence
URL, or ``fact-source/extracted`` (matched in the title).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from rdflib.term import Node

from mmr_graph.identity import iris
from mmr_graph.identity.keys import slug
from mmr_graph.model import Entry
from mmr_graph.rdf.terms import Terms
from mmr_graph.rdf.types import Statement

# memoized IRIs: this runs for every entry of every list
_concept_iri = cache(iris.concept_iri)
_slug = cache(slug)
_model_iri = cache(iris.model_iri)


def fact_triples(
    entry: Entry,
    node: Node | str,
    node_iri: str,
    terms: Terms,
    shared: Callable[[str], Node | str],
    described_models: set[str],
) -> Iterator[Statement]:
    """The triples of an entry's facts about ``node`` (the term of the entry's IRI ``node_iri``), in
    ``terms``' spelling.

    ``shared`` gives the term of a shared node's IRI; a model named in ``described_models`` has had its
    type and label given already, and is added to it when they are given here.
    """
    facts = entry.facts
    if facts is None:
        return
    t = terms
    RDF, MMR = t.RDF, t.MMR
    source = shared(_concept_iri("fact-source", facts.source))
    values: list[tuple[str, str]] = []  # (property name, IRI of the value)
    if facts.kind:
        values.append(("kind", _concept_iri("kind", facts.kind)))
    values += [("usesMethod", _concept_iri("method", m)) for m in facts.methods]
    for prop, names in (("baseModel", facts.base_models), ("distilledFrom", facts.distilled_from)):
        for name in names:
            model = _model_iri(name)
            values.append((prop, model))
            if name not in described_models:
                described_models.add(name)
                yield shared(model), RDF.type, MMR.Model
                yield shared(model), t.RDFS.label, t.lit(name)
    if not entry.tags.modalities:
        values += [("modality", _concept_iri("modality", m)) for m in facts.modalities]
    if facts.note:
        yield node, MMR.note, t.lit(facts.note)
    evidence = t.iri(facts.evidence) if facts.evidence else None
    for prop_name, value_iri in values:
        prop, value = MMR[prop_name], shared(value_iri)
        yield node, prop, value
        assertion = t.iri(
            f"{node_iri}/assertion/{prop_name}/{_slug(value_iri.rstrip('/').rsplit('/', 1)[-1])}"
        )
        yield node, MMR.assertion, assertion
        yield assertion, RDF.type, MMR.Assertion
        yield assertion, MMR.assertedProperty, prop
        yield assertion, MMR.assertedValue, value
        yield assertion, MMR.factSource, source
        if evidence is not None:
            yield assertion, MMR.evidence, evidence
