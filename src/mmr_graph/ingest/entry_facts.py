"""The facts of entries: the curated record where there is one, else what the title says.

Curated records (``data/curated.yaml``) win. For entries without one, as in a user's own list, methods are
extracted from the title by matching the method scheme's labels (longest first, whole words), and the kind is
guessed from the section heading. Each :class:`~mmr_graph.model.Facts` says which of the two it is.
"""

from __future__ import annotations

from functools import lru_cache

from mmr_graph.identity.keys import label_key
from mmr_graph.ingest.curated import CuratedRecord
from mmr_graph.model import Facts
from mmr_graph.vocab import Concept, Vocabulary

# section words -> kind notation, for entries without a curated record
_SECTION_KINDS = [
    ("survey", "survey"),
    ("review", "survey"),
    ("benchmark", "benchmark"),
    ("evaluation", "benchmark"),
    ("dataset", "dataset"),
    ("data", "dataset"),
    ("infra", "framework"),
    ("framework", "framework"),
    ("tool", "framework"),
    ("librar", "framework"),
    ("related", "collection"),
    ("collection", "collection"),
    ("awesome", "collection"),
]


def extract_methods(title: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Method notations whose labels occur in ``title`` as whole words (longest label wins an overlap).

    A work's name is not a method: a label that ends a hyphenated name (Flow-GRPO, MM-RLHF, Reason-RFT,
    Non-SFT) is part of that name, and a label written in capitals (GRPO, REINFORCE) matches only in
    capitals, so that the verb in "Verify and Reinforce" is not the REINFORCE algorithm."""
    scheme = vocab.methods
    if not scheme.concepts:
        return ()
    found: list[str] = []
    for match in scheme.label_pattern().finditer(title):
        text, start = match.group(1), match.start(1)
        if start > 1 and title[start - 1] == "-" and title[start - 2].isalnum():
            continue
        concept = scheme.match(text)
        if concept is None or concept.notation in found or _capitals_only(concept, text):
            continue
        found.append(concept.notation)
    return tuple(found)


def _capitals_only(concept: Concept, text: str) -> bool:
    """Whether every label of ``concept`` that ``text`` matches is in capitals and ``text`` is not."""
    key = label_key(text)
    labels = (concept.notation, concept.pref_label, *concept.alt_labels)
    same = [label for label in labels if label_key(label) == key]
    return all(label.isupper() for label in same) and text not in same


@lru_cache(maxsize=1 << 12)  # entries share a few hundred sections
def guess_kind(sections: tuple[tuple[str, ...], ...]) -> str:
    """The kind of work the first section heading naming one suggests (a 'Benchmarks' section...)."""
    for section in sections:
        text = " ".join(section).lower()
        for word, kind in _SECTION_KINDS:
            if word in text:
                return kind
    return "method"


def facts_for(
    title: str, sections: tuple[tuple[str, ...], ...], record: CuratedRecord | None, vocab: Vocabulary
) -> Facts:
    """An entry's facts: its curated record if it has one, else what its title and sections say.

    Called while entries are built, so that each entry is made once, facts included."""
    if record is not None:
        return Facts(
            source="curated",
            kind=record.kind,
            methods=record.methods,
            base_models=record.base_models,
            distilled_from=record.distilled_from,
            modalities=record.modalities,
            evidence=record.evidence,
            note=record.note,
        )
    return _extracted(guess_kind(sections), extract_methods(title, vocab))


@lru_cache(maxsize=1 << 12)
def _extracted(kind: str, methods: tuple[str, ...]) -> Facts:
    """Extracted facts, one shared record per kind and methods: few combinations among many entries."""
    return Facts(source="extracted", kind=kind, methods=methods)
