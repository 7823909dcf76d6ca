"""The curation rules of data/README.md, checked on every record of data/curated.yaml and on the schemes.

Each test is one rule. Where a rule is about meaning (is this a baseline? is the reward learned?), the test
reads the record's note, which the rule asks to state what the method list rests on.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from conftest import ROOT
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.catalog import default_list
from mmr_graph.ingest.curated import load_records
from mmr_graph.ingest.entry_facts import extract_methods
from mmr_graph.resources import ontology_files
from mmr_graph.vocab import label_key, load_vocabulary

VOCAB = load_vocabulary()
RECORDS = load_records(ROOT / "data" / "curated.yaml", VOCAB)
IDS = [r.key for r in RECORDS.values()]

NOT_NAMED = "teacher not named in the sources read"
TRAINING_FREE = {"TF", "COT", "TTS", "SEARCH", "MCTS", "TOOL"}
POLICY_TRAINING = {
    "RL",
    "GRPO",
    "DAPO",
    "DRGRPO",
    "PPO",
    "REINFORCE",
    "REINFORCEPP",
    "RLOO",
    "PO",
    "DPO",
    "MPO",
}
LEARNED_REWARDS = {"RM", "ORM", "PRM"}


def _schemes() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph


def test_no_two_concepts_share_a_label_in_any_scheme() -> None:
    """prefLabels and altLabels, compared as the matcher compares them (case, spaces, hyphens, dots ignored)."""
    graph = _schemes()
    owners: dict[str, set[str]] = defaultdict(set)
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, prop):
                owners[label_key(str(label))].add(str(concept))
    shared = {label: sorted(c) for label, c in owners.items() if len(c) > 1}
    assert not shared, f"labels naming several concepts: {shared}"


def test_no_notation_is_another_concepts_label_in_its_scheme() -> None:
    """Notations are matched as labels too (``Scheme.match``), so within a scheme they must not collide."""
    graph = _schemes()
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        for scheme in graph.objects(concept, SKOS.inScheme):
            for prop in (SKOS.notation, SKOS.prefLabel, SKOS.altLabel):
                for label in graph.objects(concept, prop):
                    owners[(str(scheme), label_key(str(label)))].add(str(concept))
    shared = {key: sorted(c) for key, c in owners.items() if len(c) > 1}
    assert not shared


@pytest.mark.parametrize("name", ["Flow-GRPO", "Share-GRPO", "Step-GRPO", "StepGRPO"])
def test_a_works_name_is_not_a_method_label(name: str) -> None:
    assert VOCAB.methods.match(name) is None


@pytest.mark.parametrize(
    ("title", "methods"),
    [
        ("Flow-GRPO: Training Flow Matching Models via Online RL", ("RL",)),
        (
            "R1-ShareVL: Incentivizing Reasoning Capability of Multimodal Large Language Models via Share-GRPO",
            (),
        ),
        ("MM-RLHF: The Next Step Forward in Multimodal LLM Alignment", ()),
        ("Reason-RFT: Reinforcement Fine-Tuning for Visual Reasoning", ("RL",)),
        ('R1-Zero\'s "Aha Moment" in Visual Reasoning on a 2B Non-SFT Model', ("RL",)),
        (
            "Can We Generate Images with CoT? Let's Verify and Reinforce Image Generation Step by Step",
            ("COT",),
        ),
        ("InfLVG: Reinforce Inference-Time Consistent Long Video Generation with GRPO", ("GRPO",)),
        ("REINFORCE++: A Simple and Efficient Approach for Aligning Large Language Models", ("REINFORCEPP",)),
        ("ReMax: a simple, effective REINFORCE method", ("REINFORCE",)),
        ("Embodied-Reasoner: Synergizing Visual Search, Reasoning, and Action", ()),
        ("R1-VL: Learning to Reason via Step-wise Group Relative Policy Optimization", ("GRPO",)),
        ("AnomalyR1: A GRPO-based End-to-end MLLM", ("GRPO",)),
    ],
)
def test_a_title_mentioning_a_works_name_does_not_read_as_its_method(
    title: str, methods: tuple[str, ...]
) -> None:
    """A label ending a hyphenated name is part of the name; a label in capitals matches only in capitals."""
    assert extract_methods(title, VOCAB) == methods


def test_no_shipped_title_reads_a_method_out_of_a_hyphenated_name() -> None:
    pattern = VOCAB.methods.label_pattern()
    titles = {e.title for e in build_catalog([default_list()], curated=False).entries}
    for title in titles:
        found = set(extract_methods(title, VOCAB))
        for match in pattern.finditer(title):
            start = match.start(1)
            if start > 1 and title[start - 1] == "-" and title[start - 2].isalnum():
                concept = VOCAB.methods.match(match.group(1))
                others = [m for m in pattern.finditer(title) if m is not match and m.start(1) != start]
                if concept and not any(VOCAB.methods.match(m.group(1)) == concept for m in others):
                    assert concept.notation not in found, (title, match.group(1))


def test_every_entry_of_the_default_list_has_a_record() -> None:
    keys = {e.key for e in build_catalog([default_list()], curated=False).entries}
    assert not sorted(keys - RECORDS.keys())


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_every_method_notation_is_in_the_scheme(record) -> None:  # type: ignore[no-untyped-def]
    assert all(n in VOCAB.methods.concepts for n in record.methods)


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_distillation_names_its_teacher(record) -> None:  # type: ignore[no-untyped-def]
    """DISTILL and distilled_from go together; a library ships trainers and has no teacher of its own; where
    the sources read name no teacher the note says so, and nothing is made up."""
    if record.distilled_from:
        assert "DISTILL" in record.methods, "a teacher without DISTILL"
    if "DISTILL" in record.methods and record.kind != "framework":
        assert record.distilled_from or NOT_NAMED in record.note, "DISTILL without a teacher"
    if NOT_NAMED in record.note:
        assert not record.distilled_from


_DISTILL_WORDING = re.compile(
    r"\b(?:GPT-4o|Gemini|DeepSeek-R1|Claude|o1|R1)[\w.-]*[- ](?:distilled|generated|written|annotated|synthesi[sz]ed)"
    r"|\b(?:generated|written|annotated|synthesi[sz]ed) by (?:GPT-4o|Gemini|DeepSeek-R1|Claude|closed-source)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_training_on_a_stronger_models_outputs_is_distillation(record) -> None:  # type: ignore[no-untyped-def]
    if record.kind in ("benchmark", "collection", "survey") or not (set(record.methods) - TRAINING_FREE):
        return  # nothing trained on the data
    if _DISTILL_WORDING.search(record.note):
        assert "DISTILL" in record.methods, record.note


_REWARD_GIVER = re.compile(
    r"\b(reward models?|LLM-as-judge|[\w-]*-judged|judge(?!,)|(?<!multi-)critic|verifier[\w-]*|GPT-4o scoring)\b",
    re.IGNORECASE,
)
_NOT_A_REWARD = re.compile(
    r"without (a )?reward models?|evaluated with an? (LLM )?judge|LLM-guided scoring", re.I
)


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_a_learned_reward_is_reward_modelling(record) -> None:  # type: ignore[no-untyped-def]
    """A reward model, verifier or judge model giving the reward of a trained policy means RM (or ORM/PRM)."""
    note = record.note
    if (
        _REWARD_GIVER.search(note)
        and not _NOT_A_REWARD.search(note)
        and set(record.methods) & POLICY_TRAINING
    ):
        assert set(record.methods) & LEARNED_REWARDS, note


_TRAINED_ON_COT = re.compile(
    r"\b(?:train\w*|fine-tun\w*|SFT|instruction-tun\w*)\b[^.;]{0,60}\b(?:on|with)\b[^.;]{0,50}"
    r"\b(?:CoT|chain-of-thought|chains? of thought|reasoning chains?|rationales?|thought tokens)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_cot_is_prompting_not_training(record) -> None:  # type: ignore[no-untyped-def]
    """COT is training-free by its definition: a work that trains on chains of thought is SFT (+DISTILL)."""
    if "COT" not in record.methods:
        return
    assert not _TRAINED_ON_COT.search(record.note), "training on CoT is SFT, not COT"
    if set(record.methods) - TRAINING_FREE:  # it also trains something: the note says what is prompted
        assert re.search(r"prompt", record.note, re.IGNORECASE), "COT on a trained work: say what is prompted"


_BASELINE = re.compile(
    r"\b([\w.+-]+(?:, [\w.+-]+)*(?:,? and [\w.+-]+)?) baselines?\b"
    r"|\bbaselines? (?:trained )?(?:by|with) ([\w.+-]+)"
    r"|\bthan ([\w.+-]+)"
    r"|\bcompar\w+ [^.;]*? with ([\w.+-]+)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("record", RECORDS.values(), ids=IDS)
def test_baselines_are_not_methods(record) -> None:  # type: ignore[no-untyped-def]
    """What a work is compared with, or ships as a baseline, is not one of its methods."""
    for match in _BASELINE.finditer(record.note):
        words = re.split(r",\s*|\s+and\s+|\s+", " ".join(g for g in match.groups() if g))
        for word in words:
            concept = VOCAB.methods.match(word)
            if concept is not None and word.isupper():
                assert concept.notation not in record.methods, (word, record.note)
