"""Facts that a Hugging Face model's own Hub metadata states, for the entry that links the model.

The Hub states two facts in a form that a model's authors, or their training library, declare themselves:

- **the model it was made from**: the tags ``base_model:<id>`` and ``base_model:<relation>:<id>`` (relation
  ``finetune``, ``adapter``, ``merge`` or ``quantized``), which the Hub derives from the model card's
  ``base_model``. Whatever the relation, the id names the model this one was made from; a model the entry
  links itself (its own quantized copy, say) is not a base model of the entry;
- **how it was trained**: the tags that the model card declares (``cardData.tags``), where training
  libraries write their trainer (TRL writes ``trl`` with ``sft``, ``dpo``, ``grpo``, ``reward-trainer``...).
  A tag counts when it is exactly a label of a method of the scheme (``skos:prefLabel``, ``altLabel`` or
  ``hiddenLabel``; case, hyphens and spaces aside: :func:`~mmr_graph.identity.keys.label_key`), so the
  vocabulary decides, as it does for text. A notation is an identifier, not a label: a ``search`` or
  ``tool`` tag says what a model is for. A training-free method (``TF`` and narrower) is never read: a
  model's weights were trained, and a ``chain-of-thought`` tag says what the model does.

The other tags (``transformers``, ``safetensors``, ``license:mit``, ``arxiv:…``, ``region:us``, language
codes, the pipeline's task) are no method's label, and the Hub adds them itself, not the card: they never
count.
Datasets give no methods: a dataset's tags describe the tasks it is for, not what its pipeline did.

Pure: the pipeline passes the Hub records in (:func:`mmr_graph.pipeline.hub_models_of`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from mmr_graph.identity.iris import model_iri
from mmr_graph.identity.keys import label_key
from mmr_graph.identity.namespaces import HUGGING_FACE
from mmr_graph.model import Catalog, Finding, LinkKind
from mmr_graph.vocab import Scheme

__all__ = ["ModelTags", "base_models_in", "hub_findings", "hub_models", "methods_in_tags"]

BASE_MODEL = "base_model:"
# how a model was made from its base, as the Hub's base_model:<relation>:<id> tags say it
RELATIONS = frozenset({"finetune", "adapter", "merge", "quantized"})
# a Hub id: a name, or a namespace and a name (96 characters at most each, as the Hub allows)
_PART = r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_HUB_ID = re.compile(rf"{_PART}(?:/{_PART})?")
# the most base models one model names: a merge of many names a dozen or two; an answer naming thousands
# (the Hub's answer is read up to 16 MiB) would give one entry thousands of base models
MAX_BASE_MODELS = 32
# the method the scheme's training-free methods are narrower than (ontology/methods.ttl)
_TRAINING_FREE = "TF"


@dataclass(frozen=True)
class ModelTags:
    """A Hugging Face model's tags: all those the Hub gives, and those its model card declares."""

    tags: tuple[str, ...] = ()
    card_tags: tuple[str, ...] = ()


def base_models_in(tags: Iterable[str]) -> tuple[str, ...]:
    """The Hub ids the ``base_model:`` tags name, in the tags' order, each once (ids differing in case
    only are one: the Hub's ids are), the first :data:`MAX_BASE_MODELS` of them. A tag whose relation or id
    is not the Hub's form names nothing."""
    found: dict[str, str] = {}
    for tag in tags:
        if not tag.startswith(BASE_MODEL):
            continue
        relation, colon, hub_id = tag.removeprefix(BASE_MODEL).partition(":")
        if not colon:
            relation, hub_id = "", relation
        if (not colon or relation in RELATIONS) and _HUB_ID.fullmatch(hub_id):
            found.setdefault(hub_id.casefold(), hub_id)
            if len(found) == MAX_BASE_MODELS:
                break
    return tuple(found.values())


def methods_in_tags(card_tags: Iterable[str], methods: Scheme) -> tuple[str, ...]:
    """The notations of the methods whose label a tag of the model card is, in the tags' order, each
    once; training-free methods are not read (see the module's docstring)."""
    labels = _training_labels(methods)
    found: dict[str, None] = {}
    for tag in card_tags:
        notation = labels.get(label_key(tag))
        if notation is not None:
            found.setdefault(notation)
    return tuple(found)


def hub_findings(
    model: str, tags: ModelTags, methods: Scheme, linked: Iterable[str] = ()
) -> tuple[Finding, ...]:
    """The facts one model's Hub tags state (its methods, its base models), each with the model's Hub
    page as evidence; ``linked`` are the models the entry links, none of which is its base model."""
    own = {model.casefold(), *(iri.casefold() for iri in linked)}
    bases = [b for b in base_models_in(tags.tags) if str(model_iri(b)).casefold() not in own]
    return tuple(
        Finding(field="methods", value=notation, source="hub", evidence=model)
        for notation in methods_in_tags(tags.card_tags, methods)
    ) + tuple(Finding(field="base_models", value=base, source="hub", evidence=model) for base in bases)


def hub_models(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Entry key -> the Hugging Face models whose Hub metadata speaks for the entry: those it links that no
    other entry links (sorted). A model several entries link (a family's, one they all build on) speaks for
    none of them, as a repository several entries link has no README for any
    (:func:`~mmr_graph.ingest.entry_facts.readme_repositories`)."""
    models = {
        entry.key: sorted(
            {
                link.iri
                for link in entry.links
                if link.kind is LinkKind.MODEL and link.iri.startswith(HUGGING_FACE)
            }
        )
        for entry in catalog.entries
    }
    linked = Counter(iri for iris in models.values() for iri in iris)
    owned = {key: tuple(iri for iri in iris if linked[iri] == 1) for key, iris in models.items()}
    return {key: iris for key, iris in owned.items() if iris}


def _on_the_hub(iri: str) -> bool:
    return iri.startswith(HUGGING_FACE)


@lru_cache(maxsize=8)  # one scheme a process, in practice
def _training_labels(methods: Scheme) -> dict[str, str]:
    """Each lexical label's key -> the notation of its method, training-free methods left out."""
    by_iri = {concept.iri: concept for concept in methods.concepts.values()}

    def training_free(notation: str, seen: frozenset[str] = frozenset()) -> bool:
        concept = methods.concepts[notation]
        return notation == _TRAINING_FREE or any(
            b in by_iri and b not in seen and training_free(by_iri[b].notation, seen | {b})
            for b in concept.broader
        )

    return {
        label_key(label): concept.notation
        for concept in methods.concepts.values()
        if not training_free(concept.notation)
        for label in (concept.pref_label, *concept.alt_labels, *concept.hidden_labels)
    }
