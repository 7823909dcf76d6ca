"""Facts -> triples: an entry's kind, methods, base models, teachers and (untagged) modalities.

Each fact is a direct triple (``entry mmr:usesMethod method:GRPO``) so that queries stay simple, plus a
qualified :class:`mmr:Assertion` node saying where it came from: ``fact-source/curated`` with the record's
evidence URL, or, for an extracted fact, the text it was read in (``fact-source/extracted-title``,
``extracted-list-text``, ``extracted-abstract``, ``extracted-readme``, ``extracted-hub``) with that text's URL
(the list, the abstract page, the repository, the model's Hub page).
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

# the fact-source concept of each text an extracted fact is read in (ontology/kinds.ttl)
_EXTRACTED = {
    "title": "extracted-title",
    "list text": "extracted-list-text",
    "abstract": "extracted-abstract",
    "readme": "extracted-readme",
    "hub": "extracted-hub",
}
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

    ``shared`` gives the term of a shared node's IRI; a model whose IRI is in ``described_models`` has had
    its type and label given already (by the first spelling of its name read), and is added to it when they
    are given here.
    """
    facts = entry.facts
    if facts is None:
        return
    t = terms
    RDF, MMR = t.RDF, t.MMR
    curated = shared(_concept_iri("fact-source", "curated"))
    values: list[tuple[str, str, str]] = []  # (property name, IRI of the value, field and value in Facts)
    if facts.kind:
        values.append(("kind", _concept_iri("kind", facts.kind), f"kind {facts.kind}"))
    values += [("usesMethod", _concept_iri("method", m), f"methods {m}") for m in facts.methods]
    for prop, field, names in (
        ("baseModel", "base_models", facts.base_models),
        ("distilledFrom", "distilled_from", facts.distilled_from),
    ):
        for name in names:
            model = _model_iri(name)
            values.append((prop, model, f"{field} {name}"))
            if str(model) not in described_models:  # one label a model, however it is spelt
                described_models.add(str(model))
                yield shared(model), RDF.type, MMR.Model
                yield shared(model), t.RDFS.label, t.lit(name)
    if not entry.tags.modalities:
        values += [("modality", _concept_iri("modality", m), f"modalities {m}") for m in facts.modalities]
    if facts.note:
        yield node, MMR.note, t.lit(facts.note)
    record_evidence = t.iri(facts.evidence) if facts.evidence else None
    found = {f"{f.field} {f.value}": f for f in facts.found}
    for prop_name, value_iri, fact in values:
        source, evidence = curated, record_evidence
        if facts.source == "extracted":
            finding = found.get(fact)
            where = finding.source if finding is not None else "title"
            source = shared(_concept_iri("fact-source", _EXTRACTED[where]))
            evidence = t.iri(finding.evidence) if finding is not None and finding.evidence else None
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
