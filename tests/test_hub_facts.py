"""Facts from a Hugging Face model's Hub metadata (``base_model:`` tags, the model card's trainer tags) for
the entries without a curated record that link the model (:mod:`mmr_graph.ingest.hub_tags`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from local_apis import ApiServer
from mmr_graph.cli import main
from mmr_graph.identity.keys import label_key
from mmr_graph.identity.namespaces import HUGGING_FACE
from mmr_graph.ingest.catalog import build_catalog
from mmr_graph.ingest.entry_facts import with_texts
from mmr_graph.ingest.hub_tags import ModelTags, base_models_in, hub_findings, hub_models, methods_in_tags
from mmr_graph.model import Catalog, Entry
from mmr_graph.vocab import load_vocabulary
from test_enrich import LIST

METHODS = load_vocabulary().methods
# what TRL's trainers write into a model card's tags (their _tag_names), and LLaMA-Factory's
TRAINER_TAGS = {
    "sft": "SFT",
    "dpo": "DPO",
    "grpo": "GRPO",
    "ppo": "PPO",
    "rloo": "RLOO",
    "prm": "PRM",
    "orpo": "PO",
    "kto": "PO",
    "online-dpo": "DPO",
    "reward-trainer": "RM",
    "gkd": "DISTILL",
}
# tags the Hub adds itself, or that say what a model is for: never a method
GENERIC_TAGS = (
    "transformers", "safetensors", "pytorch", "tf", "jax", "gguf", "text-generation", "image-text-to-text",
    "conversational", "license:mit", "license:apache-2.0", "arxiv:2402.03300", "region:us", "en", "rm",
    "endpoints_compatible", "text-generation-inference", "generated_from_trainer", "trl", "llama-factory",
    "lora", "full", "unsloth", "axolotl", "search", "tool", "tts", "chain-of-thought", "cot", "prompting",
    "zero-shot", "base_model:Qwen/Qwen2.5-VL-7B-Instruct", "dataset:grpo",
)  # fmt: skip


def lexical_keys(notation: str) -> set[str]:
    concept = METHODS.concepts[notation]
    return {label_key(label) for label in (concept.pref_label, *concept.alt_labels, *concept.hidden_labels)}


# -------------------------------------------------------------------------------------------------------
# reading the tags


@pytest.mark.parametrize(("tag", "notation"), sorted(TRAINER_TAGS.items()))
def test_a_trainer_tag_names_its_method(tag: str, notation: str) -> None:
    assert methods_in_tags(("generated_from_trainer", "trl", tag), METHODS) == (notation,)


def test_tags_that_are_no_method_s_label_give_no_method() -> None:
    assert methods_in_tags(GENERIC_TAGS, METHODS) == ()


def test_a_tag_is_read_whole_case_and_hyphens_aside() -> None:
    assert methods_in_tags(("GRPO", "Reward Trainer", "reward_trainer"), METHODS) == ("GRPO", "RM")
    assert methods_in_tags(("grpo-math", "my-grpo", "sft-v2", "grpo:1"), METHODS) == ()


def test_base_models_from_every_relation_once() -> None:
    tags = (
        "base_model:Qwen/Qwen2.5-VL-7B-Instruct",
        "base_model:finetune:Qwen/Qwen2.5-VL-7B-Instruct",
        "base_model:quantized:qwen/qwen2.5-vl-7b-instruct",  # the Hub's ids ignore case
        "base_model:adapter:meta-llama/Llama-3.2-11B-Vision-Instruct",
        "base_model:merge:a/b",
        "base_model:gpt2",
        "transformers",
        "dataset:c/d",
    )
    assert base_models_in(tags) == (
        "Qwen/Qwen2.5-VL-7B-Instruct",
        "meta-llama/Llama-3.2-11B-Vision-Instruct",
        "a/b",
        "gpt2",
    )


@pytest.mark.parametrize(
    "tag",
    [
        "base_model:",
        "base_model:finetune:",
        "base_model:distilled:a/b",  # not a relation the Hub writes
        "base_model:a/b/c",
        "base_model:../x",
        "base_model:a/b c",
        "base_model:a/" + "b" * 97,
        "base_model:https://example.test/a",
        "base_model:finetune:quantized:a/b",
        "base_model_a/b",
        "BASE_MODEL:a/b",
    ],
)
def test_a_base_model_tag_not_in_the_hub_s_form_names_nothing(tag: str) -> None:
    assert base_models_in((tag,)) == ()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_tags_never_crash_and_only_labels_give_methods(tags: list[str]) -> None:
    keys = {label_key(tag) for tag in tags}
    for notation in methods_in_tags(tags, METHODS):
        assert lexical_keys(notation) & keys  # some tag is exactly one of its labels
    for hub_id in base_models_in(tags):
        assert any(tag.startswith("base_model:") and tag.endswith(":" + hub_id) for tag in tags)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(GENERIC_TAGS) | st.text(alphabet="xyz:-_ ", max_size=12), max_size=20))
def test_generic_tags_in_any_number_and_order_never_give_a_fact(tags: list[str]) -> None:
    assert methods_in_tags(tags, METHODS) == ()
    model = HUGGING_FACE + "o/m"
    found = hub_findings(model, ModelTags(tuple(tags), tuple(tags)), METHODS)
    assert {f.field for f in found} <= {"base_models"}  # only base_model: tags, none of them a method


def test_a_model_the_entry_links_is_not_its_base_model() -> None:
    """A quantized copy says it was made from the entry's own model: that is no base model of the entry."""
    own, copy = HUGGING_FACE + "lab/Zeta-7B", HUGGING_FACE + "lab/Zeta-7B-AWQ"
    tags = ModelTags(("base_model:quantized:lab/Zeta-7B", "base_model:lab/zeta-7b"), ())
    assert hub_findings(copy, tags, METHODS, linked=(own, copy)) == ()
    found = hub_findings(copy, tags, METHODS, linked=(copy,))
    assert [(f.field, f.value, f.source, f.evidence) for f in found] == [
        ("base_models", "lab/Zeta-7B", "hub", copy)
    ]


# -------------------------------------------------------------------------------------------------------
# which entries a model speaks for


def catalog(tmp_path: Path, text: str, curated: bool = False) -> Catalog:
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    return build_catalog([path], curated=curated)


def by_title(cat: Catalog) -> dict[str, Entry]:
    return {entry.title: entry for entry in cat.entries}


TRL_MODEL = ModelTags(
    tags=("base_model:Qwen/Qwen2.5-VL-3B-Instruct", "base_model:finetune:Qwen/Qwen2.5-VL-3B-Instruct",
          "generated_from_trainer", "grpo", "license:apache-2.0", "transformers", "trl"),
    card_tags=("generated_from_trainer", "grpo", "trl"),
)  # fmt: skip


def test_a_model_several_entries_link_gives_none_of_them_facts(tmp_path: Path) -> None:
    cat = catalog(
        tmp_path,
        "# L\n\n## Models\n\n"
        "- Alpha: a geometry reasoner [[model]](https://huggingface.co/lab/Alpha-3B)\n"
        "- Beta: a chart reasoner [[paper]](https://arxiv.org/abs/2599.00002) "
        "[[model]](https://huggingface.co/lab/Shared-7B)\n"
        "- Gamma: a table reasoner [[paper]](https://arxiv.org/abs/2599.00003) "
        "[[model]](https://huggingface.co/lab/Shared-7B) [[model]](https://huggingface.co/lab/Gamma-2B)\n",
    )
    alpha, shared, gamma = (HUGGING_FACE + f"lab/{n}" for n in ("Alpha-3B", "Shared-7B", "Gamma-2B"))
    assert hub_models(cat) == {
        next(e.key for e in cat.entries if e.title.startswith("Alpha")): (alpha,),
        next(e.key for e in cat.entries if e.title.startswith("Gamma")): (gamma,),
    }
    models = {shared: TRL_MODEL, alpha: TRL_MODEL}
    enriched = by_title(with_texts(cat, load_vocabulary(), models=models))
    alpha_facts = enriched["Alpha: a geometry reasoner"].facts
    assert alpha_facts is not None
    assert (alpha_facts.methods, alpha_facts.base_models) == (("GRPO",), ("Qwen/Qwen2.5-VL-3B-Instruct",))
    assert alpha_facts.finding("methods", "GRPO").evidence == alpha  # type: ignore[union-attr]
    for title in ("Beta: a chart reasoner", "Gamma: a table reasoner"):
        facts = enriched[title].facts
        assert facts is not None and not facts.methods and not facts.base_models
        assert not any(f.source == "hub" for f in facts.found)


def test_curated_entries_keep_their_record(tmp_path: Path) -> None:
    cat = build_catalog([LIST])
    visual_prm = HUGGING_FACE + "OpenGVLab/VisualPRM-8B"
    models = {visual_prm: ModelTags(("base_model:x/Base-1B",), ("trl", "dpo", "orpo"))}
    assert with_texts(cat, load_vocabulary(), models=models) == cat
    uncurated = build_catalog([LIST], curated=False)
    entry = next(
        e for e in with_texts(uncurated, load_vocabulary(), models=models).entries if "VisualPRM" in e.title
    )
    assert entry.facts is not None and {"DPO", "PO"} <= set(entry.facts.methods)
    assert "x/Base-1B" in entry.facts.base_models


def test_a_hub_id_stands_for_the_text_s_name_of_the_same_model(tmp_path: Path) -> None:
    """The list says "Qwen2.5-VL-3B" (or "Qwen2.5-VL-3B-Instruct"), the Hub "Qwen/Qwen2.5-VL-3B-Instruct": one
    base model, the Hub's id (its page is the model's IRI); two would be two statements whose IRIs end alike."""
    cat = catalog(
        tmp_path,
        "# L\n\n## Models\n\n"
        "- Alpha: we fine-tune Qwen2.5-VL-3B with GRPO [[model]](https://huggingface.co/lab/Alpha-3B)\n"
        "- Delta: we fine-tune Qwen2.5-VL-3B-Instruct, and we also fine-tune InternVL3-8B [[model]](https://huggingface.co/lab/Delta-3B)\n",
    )
    models = {HUGGING_FACE + "lab/Alpha-3B": TRL_MODEL, HUGGING_FACE + "lab/Delta-3B": TRL_MODEL}
    enriched = by_title(with_texts(cat, load_vocabulary(), models=models))
    alpha = enriched["Alpha: we fine-tune Qwen2.5-VL-3B with GRPO"].facts
    assert alpha is not None and alpha.base_models == ("Qwen/Qwen2.5-VL-3B-Instruct",)
    assert alpha.finding("methods", "GRPO").source == "title"  # type: ignore[union-attr]  # read there first
    assert alpha.finding("base_models", "Qwen/Qwen2.5-VL-3B-Instruct").source == "hub"  # type: ignore[union-attr]
    delta = enriched["Delta: we fine-tune Qwen2.5-VL-3B-Instruct, and we also fine-tune InternVL3-8B"].facts
    assert delta is not None and set(delta.base_models) == {"Qwen/Qwen2.5-VL-3B-Instruct", "InternVL3-8B"}


# -------------------------------------------------------------------------------------------------------
# through the command line: enrich from a local Hub, then build --cache

HUB_LIST = Path(__file__).parent / "fixtures" / "enrich" / "hub_list.md"
ZETA = HUGGING_FACE + "Example-Lab/Vision-Zeta-3B"
SHARED = HUGGING_FACE + "Example-Lab/Shared-Base-7B"
HUB_SOURCE = "https://w3id.org/mmr-graph/id/fact-source/extracted-hub"


def hub_answer(hub_id: str) -> bytes:
    """The fixture answer of the Hub's /api/models/{id}: a model TRL trained with GRPO from Qwen2.5-VL-3B."""
    path = Path(__file__).parent / "fixtures" / "enrich" / "hub_model_trl.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return json.dumps({**data, "id": hub_id, "modelId": hub_id}).encode("utf-8")


def enrich_and_build(root: Path, *build_options: str) -> tuple[str, Path]:
    """``mmr-graph enrich`` of the Hub fixture list against a local Hub (and local arXiv and GitHub, which it
    does not need), then ``mmr-graph build --cache``; the build's output and its folder."""
    server = ApiServer()
    try:
        kind = {"Content-Type": "application/json; charset=utf-8"}
        for model in (ZETA, SHARED):
            hub_id = model.removeprefix(HUGGING_FACE)
            server.state.raw[f"/api/models/{hub_id}"] = (200, kind, hub_answer(hub_id))
        cache = root / "cache"
        enrich = ["enrich", str(HUB_LIST), "--cache", str(cache), "--hf-endpoint", server.base,
                  "--arxiv-api", f"{server.base}/api/query", "--github-api", server.base]  # fmt: skip
        result = CliRunner().invoke(main, enrich, env={"HF_TOKEN": "", "GITHUB_TOKEN": ""})
        assert result.exit_code == 0, result.output
        assert "Hugging Face: 2 of 2" in result.output, result.output
        assert {r.path for r in server.state.seen} >= {"/api/models/Example-Lab/Vision-Zeta-3B"}
    finally:
        server.close()
    out = root / "out"
    build = ["build", str(HUB_LIST), "--out", str(out), "--cache", str(cache), "--no-shipped-metadata"]
    result = CliRunner().invoke(main, [*build, *build_options])
    assert result.exit_code == 0, result.output
    return result.output, out


def test_enrich_then_build_reads_the_models_hub_tags(tmp_path: Path) -> None:
    output, out = enrich_and_build(tmp_path, "--no-html")
    assert "1 in Hugging Face tags" in output
    graph = Graph().parse(out / "graph.ttl")
    rows = graph.query(
        """PREFIX mmr: <https://w3id.org/mmr-graph/ns#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?property ?value ?evidence ?label WHERE {
          ?entry mmr:assertion ?a ; ?property ?value ; dcterms:title ?title .
          ?a mmr:assertedProperty ?property ; mmr:assertedValue ?value ; mmr:factSource ?source ;
             mmr:evidence ?evidence .
          ?source skos:prefLabel ?label .
        }""",
        initBindings={"source": URIRef(HUB_SOURCE)},
    )
    found = {(str(r[0]), str(r[1]).rsplit("#", 1)[-1], str(r[2]), str(r[3]), str(r[4])) for r in rows}  # type: ignore[index]
    zeta = "Vision-Zeta: Small-Scale Geometry Reasoning"
    label = "extracted from the model's Hugging Face tags"
    assert found == {
        (zeta, "baseModel", HUGGING_FACE + "Qwen/Qwen2.5-VL-3B-Instruct", ZETA, label),
        (zeta, "usesMethod", "https://w3id.org/mmr-graph/id/method/GRPO", ZETA, label),
    }  # the model the two other entries share speaks for neither
    result = CliRunner().invoke(main, ["validate", str(out / "graph.ttl")])
    assert result.exit_code == 0 and "conforms" in result.output, result.output


def test_a_model_names_a_bounded_number_of_base_models() -> None:
    """A hostile answer (up to 16 MiB) could name hundreds of thousands of base models for one entry."""
    from mmr_graph.ingest.hub_tags import MAX_BASE_MODELS

    tags = [f"base_model:merge:lab/part-{i}" for i in range(10_000)]
    assert base_models_in(tags) == tuple(f"lab/part-{i}" for i in range(MAX_BASE_MODELS))


def test_a_merge_keeps_each_base_the_hub_names_and_the_text_s_name_joins_them() -> None:
    """A merge of Qwen2.5-VL-3B-Instruct and Qwen2.5-VL-3B: both Hub ids stay, each credited to the Hub, and
    the text's "Qwen2.5-VL-3B" is no third model."""
    from mmr_graph.ingest.entry_facts import _from_texts

    model = HUGGING_FACE + "lab/Merged-3B"
    hub = hub_findings(
        model,
        ModelTags(
            ("base_model:merge:Qwen/Qwen2.5-VL-3B-Instruct", "base_model:merge:Qwen/Qwen2.5-VL-3B"), ()
        ),
        METHODS,
    )
    facts = _from_texts(METHODS, "Merged: we fine-tune Qwen2.5-VL-3B", (), "", None, hub=hub)
    assert facts.base_models == ("Qwen/Qwen2.5-VL-3B-Instruct", "Qwen/Qwen2.5-VL-3B")
    assert all(f.source == "hub" for f in facts.found if f.field == "base_models")


def test_a_dataset_s_tags_give_no_facts() -> None:
    """A dataset's tags say what tasks it is for, not what its pipeline did: the build passes extraction the
    models' tags only."""
    from mmr_graph.enrich.records import HubMetadata, Metadata
    from mmr_graph.pipeline import hub_models_of

    def record(kind: str, hub_id: str) -> HubMetadata:
        tags = ("base_model:Qwen/Qwen2.5-VL-3B-Instruct", "grpo", "trl")
        return HubMetadata(kind, hub_id, 1, 1, None, tags, "2026-12-01T00:00:00+00:00", card_tags=tags[1:])

    metadata = Metadata(
        hub={
            HUGGING_FACE + "datasets/lab/traces": record("dataset", "lab/traces"),
            HUGGING_FACE + "lab/Model-3B": record("model", "lab/Model-3B"),
        }
    )
    assert hub_models_of(metadata) == {
        HUGGING_FACE + "lab/Model-3B": ModelTags(
            ("base_model:Qwen/Qwen2.5-VL-3B-Instruct", "grpo", "trl"), ("grpo", "trl")
        )
    }
