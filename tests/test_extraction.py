"""Extraction of methods, base models, teachers and kind from an entry's list text and abstract: uses,
not comparisons, baselines, a work's name or prior work; each fact with the text it was read in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from mmr_graph.identity.namespaces import MMR
from mmr_graph.ingest.catalog import build_catalog
from mmr_graph.ingest.entry_facts import with_texts
from mmr_graph.ingest.extraction import methods_in
from mmr_graph.ingest.model_names import models_in
from mmr_graph.vocab import load_vocabulary

VOCAB = load_vocabulary()
SRC = "https://w3id.org/mmr-graph/id/fact-source/"


def methods(text: str, name: str = "", abstract: bool = True) -> set[str]:
    return set(methods_in(text, VOCAB.methods, name, background=abstract))


# -------------------------------------------------------------------------------------------------------
# methods: uses count, comparisons, baselines, names and prior work do not


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the work's own training, in sentences of real abstracts
        ("We propose PathVLM-R1. Firstly, we conduct supervised fine-tuning guided by pathological data. "
         "Subsequently, we introduce Group Relative Policy Optimization (GRPO).", {"SFT", "GRPO"}),
        ("Drive-R1 first undergoes the supervised finetuning on a elaborate dataset containing both long and "
         "short COT data.", {"SFT"}),
        ("We further propose a model fine-tuned with supervised learning and enhanced via group relative "
         "policy optimization (GRPO), a rule-based RL approach.", {"SFT", "GRPO", "RL"}),
        ("In this paper we train a thinking reward model that evaluates the quality of the thinking process.",
         {"RM"}),
        ("We distill reasoning traces into a small model.", {"DISTILL"}),
    ],
)  # fmt: skip
def test_uses_are_found(text: str, expected: set[str]) -> None:
    assert methods(text, name="Drive-R1") == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # comparisons and baselines (real sentences)
        ("Experimental results indicate that our RL-based model surpasses Supervised Fine-Tuning (SFT) in "
         "generalization ability.", "SFT"),
        ("Compared to supervised fine-tuning (SFT), which requires costly additional grounding annotations, "
         "our approach trains LMMs with RL.", "SFT"),
        ("Our model consistently outperforms both supervised fine-tuning and conventional RL baselines.", "SFT"),
        ("We show that our method reduces contradictions compared to strong GRPO and SFT baselines.", "GRPO"),
        ("We show that our method is better than DPO on three benchmarks.", "DPO"),
        ("Unlike PPO, our method needs no value model.", "PPO"),
        ("Our method does not rely on additional data curation, external reward models, or proprietary "
         "models.", "RM"),
        ("We propose a vision-guided RL algorithm, eliminating the need for specialized reward models.", "RM"),
        ("Our approach removes the need for a reward model.", "RM"),
        ("Our GRPO variant obviates the need for a separate reward model.", "RM"),
        ("We skip the resource-intensive SFT step and employ efficient pure-RL training.", "SFT"),
        # regressions found in READMEs: a need lessened or an avoided step is not a use
        ("This approach mitigates the need for complex reward modeling and reduces reward hacking.", "RM"),
        ("Our recipe avoids SFT entirely and trains with RL from the base model.", "SFT"),
        ("We bypass the reward model by using rule-based rewards.", "RM"),
        # "instruction-tuned" describing the model a work starts from
        ("The experiments use the instruction-tuned variants of Qwen2/2.5-VL.", "SFT"),
        # a reward signal is not a reward model
        ("We design a cross-modal process reward and an outcome accuracy reward.", "PRM"),
        ("We design a cross-modal process reward and an outcome accuracy reward.", "RM"),
        # a work's name (or another work's) is not a method
        ("We compare our method with Flow-GRPO on image generation.", "GRPO"),
        ("We evaluate GRPO-CARE and our models on the benchmark.", "GRPO"),
        # background before the sentences about the work
        ("Recent advances have shown that direct preference optimization (DPO) aligns models. In this paper "
         "we study video reasoning.", "DPO"),
        # training on chains of thought is not chain-of-thought prompting
        ("We construct a chain-of-thought dataset and train the model by supervised fine-tuning.", "COT"),
        # a problem named after a method, a baseline the work ships, a verb that names RL only in a title
        ("To address this cold-start problem, we design a multi-turn template.", "SFT"),
        ("We also release a reasoning model as the baseline that is trained via reinforcement learning.", "RL"),
        ("We propose a training strategy, thereby reinforcing the weaknesses of the base model.", "RL"),
        # regressions: a contrast reaches to the end of its clause; a method said to be unneeded
        ("Unlike prior work that distills from GPT-4o, we train with RL only.", "DISTILL"),
        ("In contrast to methods that rely on a reward model, we use rule-based rewards.", "RM"),
        ("We find that SFT is unnecessary: RL alone suffices.", "SFT"),
        ("Our results show that reward models are not required for this task.", "RM"),
        # what might be done is not what was done
        ("Our benchmark shows that designing reinforcement learning for chart reasoning is a potential "
         "direction.", "RL"),
        ("We plan to support DPO and other preference methods in our codebase.", "DPO"),
        ("Extending our pipeline with a learned reward model is left for future work.", "RM"),
        # a method the text finds fault with, or one most other works use, is not the work's
        ("In this paper we train Foo with GRPO. We find that SFT-based approaches struggle to generalize.", "SFT"),
        ("In this paper we train Foo with GRPO. We show that supervised fine-tuning leads to catastrophic "
         "forgetting.", "SFT"),
        ("In this paper we train Foo with GRPO. We analyze the limitations of SFT for visual reasoning.", "SFT"),
        ("In this paper we train Foo with GRPO. Our experiments show that cold-start SFT is not always "
         "beneficial.", "SFT"),
        ("In this paper we train Foo with GRPO. Most MLLMs are trained with SFT on curated data.", "SFT"),
        # a comparison reaches through a relative clause ("than methods that rely on ...")
        ("Our method is more efficient than methods that rely on external reward models.", "RM"),
    ],
)  # fmt: skip
def test_comparisons_baselines_names_and_background_are_not_uses(text: str, absent: str) -> None:
    assert absent not in methods(text)


def test_a_fault_denied_is_no_verdict() -> None:
    assert "SFT" in methods("We show that our cold-start SFT does not hurt generalization, then apply GRPO.")
    assert "SFT" in methods("In our recipe, SFT never degrades the base model's perception.")
    assert "SFT" in methods("We find that SFT doesn't hurt when followed by RL.")


def test_a_method_the_work_improves_or_praises_is_still_its_own() -> None:
    assert "GRPO" in methods("We find that standard GRPO suffers from gradient stagnation, so we fix it.")
    assert "SFT" in methods("We show that SFT is effective for format learning, then apply GRPO.")
    assert "SFT" in methods("Our model, trained with SFT, struggles less on charts than its baselines.")


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("We train Foo-R1 with GRPO; code and models will be released in the future.", {"GRPO"}, set()),
        ("In this paper we fine-tune Qwen2.5-VL with SFT and GRPO, opening a promising direction for video "
         "reasoning.", {"SFT", "GRPO"}, set()),
        ("We apply GRPO to video QA, and leave the study of DPO to future work.", {"GRPO"}, {"DPO"}),
        ("We train Foo-R1 with GRPO and, in the future, will support DPO.", {"GRPO"}, {"DPO"}),
    ],
)  # fmt: skip
def test_a_plan_or_a_future_direction_reaches_over_its_own_clause_not_the_sentence(
    text: str, kept: set[str], dropped: set[str]
) -> None:
    """Regression: a sentence naming future work or a promising direction anywhere lost every method it
    stated, the work's own training before the clause about the future included."""
    found = methods(text)
    assert kept <= found and not dropped & found


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("In this paper we apply GRPO to problems where the model fails.", "GRPO"),
        ("In this paper we use SFT when the model struggles to follow the output format.", "SFT"),
        ("Our reward model scores each step, and we apply DPO to pairs if the policy fails.", "DPO"),
    ],
)  # fmt: skip
def test_a_verdict_in_a_subordinate_clause_is_not_on_the_method(text: str, method: str) -> None:
    """Regression: a failure of the model in a clause of its own ("where the base model fails") read as
    a verdict on the method named before it, which the work does use."""
    assert method in methods(text)


@pytest.mark.parametrize(
    "text",
    [
        "We propose Foo-R1. Trained with GRPO on only 2K samples, the resulting 7B model outperforms many "
        "larger models.",
        "We propose Foo-R1. Trained with GRPO, the 7B model surpasses most open-source MLLMs on MathVista.",
        "We propose Foo-R1. Trained with GRPO, the 7B model scores higher than most open-source models.",
    ],
)
def test_a_result_that_beats_most_models_is_not_about_prior_work(text: str) -> None:
    """Regression: "outperforms many larger models" made a sentence about the work's own result read as
    background, as "most models are trained with SFT" rightly does."""
    assert "GRPO" in methods(text)


def test_a_negation_ends_where_the_work_s_own_verb_begins() -> None:
    """Regression: "trained without distillation, uses GRPO" read GRPO as negated too."""
    assert "GRPO" in methods("Our model, trained without distillation, uses GRPO on 8k samples.")
    assert methods("We train without SFT, DPO or reward models.") == set()
    assert "RM" not in methods("It does not rely on data curation, external reward models, or other models.")


def test_avoid_and_bypass_govern_only_their_object() -> None:
    """Regression: "avoid" reached 8 words like "without", so "avoid reward hacking by GRPO" lost GRPO."""
    assert "GRPO" in methods("We avoid reward hacking by GRPO with a length penalty.")
    assert "SFT" not in methods("We avoid the costly SFT stage.")


def test_a_model_in_a_contrast_is_not_a_teacher() -> None:
    """Regression: "Unlike prior work that distills from GPT-4o" named GPT-4o the teacher."""
    assert models_in("Unlike prior work that distills from GPT-4o, we train with RL only.") == ((), ())


def test_a_variant_the_work_introduces_uses_the_method_in_an_abstract_not_in_a_title() -> None:
    sentence = "We propose the Trust-GRPO method, which weights the thinking reward."
    assert "GRPO" in methods(sentence)
    assert "GRPO" not in methods("Trust-GRPO: Weighted Rewards", abstract=False)


def test_the_work_itself_is_named_by_its_name_in_its_abstract() -> None:
    text = "Reasoning matters. DINO-R1 is trained with GRPO on detection data."
    assert "GRPO" in methods(text, name="DINO-R1")
    assert "GRPO" not in methods("Reasoning matters. Other models are typically trained with GRPO.")


# -------------------------------------------------------------------------------------------------------
# base models and teachers


@pytest.mark.parametrize(
    ("text", "bases", "teachers"),
    [
        ("We have based our model on Qwen2.5-VL-7B-Instruct and enhanced it with GRPO.",
         ("Qwen2.5-VL-7B-Instruct",), ()),
        ("Our RL-trained agent, built upon a Qwen2-VL-2B, outperforms its SFT-initialized counterpart.",
         ("Qwen2-VL-2B",), ()),
        ("We fine-tune InternVL3-8B on our data.", ("InternVL3-8B",), ()),
        ("We train on 60k reasoning traces distilled from DeepSeek-R1.", (), ("DeepSeek-R1",)),
        ("Our dataset has captions generated by GPT-4o and answers written by Gemini 2.5 Pro.", (),
         ("GPT-4o", "Gemini 2.5 Pro")),
        ("Our 7B model even outperforms GPT-4o and LLaVA-OneVision-72B on most benchmarks.", (), ()),
        ("We evaluate Qwen2.5-VL-72B and GPT-4o on the benchmark.", (), ()),
        # the student distilled from a teacher is not a teacher
        ("We train with GRPO on Qwen2.5-VL-7B distilled from GPT-4o.", ("Qwen2.5-VL-7B",), ("GPT-4o",)),
        ("Our model is a Qwen2.5-VL-7B distilled from GPT-4o.", (), ("GPT-4o",)),
        ("We train on DeepSeek-R1-generated traces.", (), ("DeepSeek-R1",)),
        # the work's base named as such, even in a comparison with it; a baseline or an API model is not
        ("Our EgoVLM-3B outperforms the base Qwen2.5-VL 3B and 7B models by 14 points.", ("Qwen2.5-VL",), ()),
        ("Our model improves over its backbone, InternVL3-8B, on all tasks.", ("InternVL3-8B",), ()),
        ("Our model beats the Qwen2.5-VL-7B base model on MathVista.", ("Qwen2.5-VL-7B",), ()),
        ("Our model surpasses the baseline Qwen2.5-VL-7B-Instruct by 10%.", (), ()),
        ("We outperform the base GPT-4o.", (), ()),
        # teachers behind a data engine; an unnamed one annotating
        ("We build a CoT dataset with a data engine based on Gemini 2.5 Pro.", (), ("Gemini 2.5 Pro",)),
    ],
)  # fmt: skip
def test_base_models_and_teachers(text: str, bases: tuple[str, ...], teachers: tuple[str, ...]) -> None:
    assert models_in(text) == (bases, teachers)


# -------------------------------------------------------------------------------------------------------
# never raises, deterministic, bounded


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.text(max_size=40))
def test_extraction_never_raises_and_is_deterministic(text: str, name: str) -> None:
    first = (methods_in(text, VOCAB.methods, name), models_in(text, name))
    assert first == (methods_in(text, VOCAB.methods, name), models_in(text, name))
    assert set(first[0]) <= set(VOCAB.methods.concepts)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["GRPO", "Qwen2.5-VL-7B", "fine-tuned on", "than", "-", " ", "a", ".", ","]),
                max_size=200))  # fmt: skip
def test_extraction_of_label_soup_is_deterministic(words: list[str]) -> None:
    text = " ".join(words)
    assert methods_in(text, VOCAB.methods) == methods_in(text, VOCAB.methods)
    assert models_in(text) == models_in(text)


def test_a_long_text_is_read_in_bounded_time() -> None:
    import time

    text = ("Qwen" + "2" * 5000 + "-") * 20 + " fine-tuned on " + "a-" * 20000
    start = time.perf_counter()
    methods_in(text, VOCAB.methods)
    models_in(text)
    assert time.perf_counter() - start < 5


# -------------------------------------------------------------------------------------------------------
# entries: sources and evidence of each fact, abstracts after metadata

LIST = """# A list

## Methods

- Foo-R1: Teaching Video Models to Reason with Reinforcement Learning [[paper]](https://arxiv.org/abs/2599.00001)
- [Bar-Data](https://huggingface.co/datasets/x/bar) - reasoning traces distilled from DeepSeek-R1

## Benchmarks

- BazBench: How Good Are MLLMs at Puzzles? [[paper]](https://arxiv.org/abs/2599.00002)
"""
ABSTRACT = (
    "Reinforcement learning has shown promise. In this paper, we present Foo-R1, built upon "
    "Qwen2.5-VL-7B. We first train it by supervised fine-tuning on chains of thought generated by GPT-4o, then train it with "
    "Group Relative Policy Optimization. Foo-R1 outperforms DPO."
)


def test_facts_name_the_text_they_were_read_in(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    catalog = build_catalog([path], curated=False)
    entries = {e.short_name: e for e in catalog.entries}
    foo = entries["Foo-R1"].facts
    assert foo is not None and foo.methods == ("RL",)
    assert foo.finding("methods", "RL") is not None and foo.finding("methods", "RL").source == "title"  # type: ignore[union-attr]
    bar = entries["Bar-Data"].facts
    assert bar is not None and bar.distilled_from == ("DeepSeek-R1",) and "DISTILL" in bar.methods
    assert bar.finding("distilled_from", "DeepSeek-R1").source == "list text"  # type: ignore[union-attr]
    assert entries["BazBench"].facts.kind == "benchmark"  # type: ignore[union-attr]

    enriched = with_texts(catalog, VOCAB, {"https://arxiv.org/abs/2599.00001": ABSTRACT})
    foo = {e.short_name: e for e in enriched.entries}["Foo-R1"].facts
    assert foo is not None
    assert set(foo.methods) == {"RL", "SFT", "DISTILL", "GRPO"}  # not DPO: a comparison
    assert foo.base_models == ("Qwen2.5-VL-7B",) and foo.distilled_from == ("GPT-4o",)
    grpo = foo.finding("methods", "GRPO")
    assert grpo is not None and (grpo.source, grpo.evidence) == (
        "abstract",
        "https://arxiv.org/abs/2599.00001",
    )
    assert foo.finding("methods", "RL").source == "title"  # type: ignore[union-attr] # first text that says it
    assert with_texts(catalog, VOCAB, {"https://arxiv.org/abs/2599.00001": ABSTRACT}) == enriched


def test_curated_facts_are_not_read_again(tmp_path: Path) -> None:
    from mmr_graph.ingest.catalog import default_list

    catalog = build_catalog([default_list()])
    curated = [e for e in catalog.entries if e.facts and e.facts.source == "curated"]
    paper = next(
        link.iri for e in curated for link in e.links if link.iri.startswith("https://arxiv.org/abs/")
    )
    assert with_texts(catalog, VOCAB, {paper: ABSTRACT}) is catalog


def test_the_fact_sources_are_concepts_with_labels_for_people() -> None:
    graph = VOCAB.graph
    labels = {
        str(graph.value(URIRef(SRC + name), SKOS.prefLabel))
        for name in ("extracted-title", "extracted-list-text", "extracted-abstract")
    }
    assert labels == {
        "extracted from the title",
        "extracted from the list's text",
        "extracted from the abstract",
    }


def assertion_sources(graph: Graph, entry_word: str) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(property, value) -> (fact source notation, evidence) of an entry's assertions."""
    out = {}
    for entry in graph.subjects(MMR.assertion, None):
        if entry_word not in str(entry):
            continue
        for assertion in graph.objects(entry, MMR.assertion):
            prop = str(graph.value(assertion, MMR.assertedProperty)).rsplit("#", 1)[-1]
            value = str(graph.value(assertion, MMR.assertedValue)).rsplit("/", 1)[-1]
            source = str(graph.value(assertion, MMR.factSource)).rsplit("/", 1)[-1]
            evidence = graph.value(assertion, MMR.evidence)
            out[(prop, value)] = (source, str(evidence) if evidence is not None else None)
    return out


def test_the_built_graph_says_where_each_extracted_fact_was_read_and_is_valid(tmp_path: Path) -> None:
    from mmr_graph.check.shacl import validate_graph
    from mmr_graph.enrich.records import Metadata, PaperMetadata
    from mmr_graph.pipeline import build

    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    paper = PaperMetadata("2599.00001", "Foo-R1", ("Ada Example",), ABSTRACT, "2025-01-02", ("cs.CV",),
                          None, None, "2026-12-01T00:00:00+00:00")  # fmt: skip
    result = build([path], tmp_path / "out", formats=("ttl",), html=False,
                   metadata=lambda _: Metadata(papers={"https://arxiv.org/abs/2599.00001": paper}))  # fmt: skip
    graph = Graph().parse(result.files["ttl"])
    sources = assertion_sources(graph, "arxiv/2599.00001")
    assert sources[("usesMethod", "GRPO")] == ("extracted-abstract", "https://arxiv.org/abs/2599.00001")
    assert sources[("usesMethod", "RL")] == ("extracted-title", None)  # a local file: no URL to cite
    assert sources[("distilledFrom", "gpt-4o")][0] == "extracted-abstract"
    assert ("usesMethod", "DPO") not in sources
    label = graph.value(URIRef(SRC + "extracted-abstract"), SKOS.prefLabel)
    assert label == Literal("extracted from the abstract", lang="en")
    assert result.coverage()["from abstracts"] == 1
    report = validate_graph(graph)
    assert not report.violations, report.violations


def arxiv_entry(arxiv_id: str, title: str, abstract: str) -> str:
    """An ``<entry>`` of the arXiv API's Atom answer."""
    return f"""<entry>
    <id>http://arxiv.org/abs/{arxiv_id}v1</id>
    <updated>2025-01-02T00:00:00Z</updated>
    <published>2025-01-02T00:00:00Z</published>
    <title>{title}</title>
    <summary>{abstract}</summary>
    <author><name>Ada Example</name></author>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>"""


def test_build_command_reads_abstracts_from_the_cache(tmp_path: Path) -> None:
    """``mmr-graph build LIST --cache DIR`` on a list without curated records: facts with their sources."""
    import httpx
    from click.testing import CliRunner

    from local_apis import feed
    from mmr_graph.cli import main
    from mmr_graph.enrich import arxiv
    from mmr_graph.web import Reply, ResponseCache

    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    cache = ResponseCache(tmp_path / "cache")
    ids = ["2599.00001", "2599.00002"]
    entries = {"2599.00001": arxiv_entry("2599.00001", "Foo-R1", ABSTRACT)}
    url = arxiv.query_urls("https://api.example.test/api/query", ids)[0][0]
    reply = Reply(url, 200, httpx.Headers({"Content-Type": "application/atom+xml"}), feed(ids, entries),
                  fetched_at="2026-12-01T00:00:00+00:00")  # fmt: skip
    cache.save(url, reply)
    runner = CliRunner()
    outputs = []
    for name in ("a", "b"):
        args = [
            "build",
            str(path),
            "--out",
            str(tmp_path / name),
            "--no-html",
            "--cache",
            str(tmp_path / "cache"),
        ]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name / "graph.nt").read_bytes())
    assert outputs[0] == outputs[1]  # deterministic
    assert (
        "(0 curated, 2 extracted: 1 of them read in abstracts, 0 in READMEs, 0 in Hugging Face tags, 1 in the list's text alone)"
        in result.output
    )
    graph = Graph().parse(tmp_path / "a" / "graph.ttl")
    sources = assertion_sources(graph, "arxiv/2599.00001")
    assert sources[("usesMethod", "GRPO")] == ("extracted-abstract", "https://arxiv.org/abs/2599.00001")
    assert sources[("baseModel", "qwen2-5-vl-7b")][0] == "extracted-abstract"
    assert sources[("kind", "method")][0] == "extracted-list-text"
    plain = runner.invoke(main, ["build", str(path), "--out", str(tmp_path / "plain"), "--no-html"])
    assert (
        "(0 curated, 2 extracted: 0 of them read in abstracts, 0 in READMEs, 0 in Hugging Face tags, 2 in"
        in plain.output
    )
    assert ("usesMethod", "GRPO") not in assertion_sources(
        Graph().parse(tmp_path / "plain" / "graph.ttl"), "foo-r1"
    )


def test_a_survey_reviews_methods_and_uses_none(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# L\n\n## Surveys\n\n- Reinforced MLLM: A Survey on RL-Based Reasoning [[paper]](https://arxiv.org/abs/2599.00009)\n",
        encoding="utf-8",
    )
    facts = build_catalog([path], curated=False).entries[0].facts
    assert facts is not None and (facts.kind, facts.methods) == ("survey", ())


def test_a_work_that_trains_is_a_method_whatever_data_it_introduces(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# L\n\n## Papers\n\n- Foo-R1: Reasoning [[paper]](https://arxiv.org/abs/2599.00001)\n", "utf-8"
    )
    catalog = build_catalog([path], curated=False)
    dataset = "In this paper, we introduce a large dataset of reasoning chains for charts."
    trains = dataset + " We train Foo-R1 on it with Group Relative Policy Optimization."
    kinds = [
        with_texts(catalog, VOCAB, {"https://arxiv.org/abs/2599.00001": text}).entries[0].facts.kind  # type: ignore[union-attr]
        for text in (dataset, trains)
    ]
    assert kinds == ["dataset", "method"]


def test_a_graph_built_in_memory_reads_abstracts_as_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``query``/``serve`` on a list build it in memory (``loader.built_graph``) with the shipped metadata:
    the abstracts are read for extracted facts there too, so a query gives what ``build`` wrote."""
    from mmr_graph import loader
    from mmr_graph.enrich import stored
    from mmr_graph.enrich.records import Metadata, PaperMetadata

    path = tmp_path / "list.md"
    path.write_text(LIST, encoding="utf-8")
    paper = PaperMetadata("2599.00001", "Foo-R1", ("Ada Example",), ABSTRACT, "2025-01-02", ("cs.CV",),
                          None, None, "2026-12-01T00:00:00+00:00")  # fmt: skip
    metadata = Metadata(papers={"https://arxiv.org/abs/2599.00001": paper})
    monkeypatch.setattr(stored, "build_metadata", lambda catalog, cache, **_: metadata)
    quads = loader.built_graph([path]).quads
    abstract_facts = {q.subject.value for q in quads if q.object.value == SRC + "extracted-abstract"}
    assert any(s.endswith("/assertion/usesMethod/grpo") for s in abstract_facts), abstract_facts


def test_a_contrast_ends_where_the_work_s_own_clause_begins() -> None:
    """Regression: a contrast without a comma before the work's own clause ("instead of SFT we apply GRPO")
    reached over that clause, so the method, base model or teacher the work itself uses was lost."""
    found = methods("Instead of costly SFT we directly apply GRPO.")
    assert "GRPO" in found and "SFT" not in found
    found = methods("Unlike prior work that relies on PPO our model is trained with GRPO.")
    assert "GRPO" in found and "PPO" not in found
    assert "DPO" in methods("Rather than imitation we use DPO.")
    assert models_in("Unlike prior work, we fine-tune Qwen2.5-VL-7B with GRPO.") == (("Qwen2.5-VL-7B",), ())
    assert models_in("Rather than SFT, we build on Qwen2.5-VL-7B.") == (("Qwen2.5-VL-7B",), ())
    assert models_in("Instead of costly human annotation we distill from GPT-4o.") == ((), ("GPT-4o",))
    # the contrast still governs its own clause
    assert models_in("Unlike prior work that distills from GPT-4o, we train with RL only.") == ((), ())
    assert models_in("We train Qwen2-VL-7B rather than Qwen2-VL-72B.") == (("Qwen2-VL-7B",), ())
    assert models_in("Unlike our earlier work that distills from GPT-4o, we train with RL only.") == ((), ())
    assert "PPO" not in methods("Unlike our earlier model trained with PPO, this one uses GRPO.")


def test_one_model_spelt_two_ways_or_a_runaway_name_keeps_the_graph_valid(tmp_path: Path) -> None:
    """Regression: two spellings of one model ("Qwen2.5-VL-7B", "Qwen2.5-vl-7B") share an IRI and each gave
    it an rdfs:label, so the build broke its own shapes (one label a model); so did two long runs of a
    family's name (a hostile text's "Qwen2.5-VL-x7-x7-...") cut to one IRI. A model has one label, and a
    "name" longer than a model IRI keeps is not a model's."""
    from mmr_graph.check.shacl import validate_graph
    from mmr_graph.pipeline import build

    run = "-".join(["x7"] * 300)
    path = tmp_path / "list.md"
    path.write_text(
        "# L\n\n## Methods\n\n"
        "- Foo: one, we fine-tune Qwen2.5-VL-7B with GRPO [[code]](https://github.com/foo/foo)\n"
        "- Bar: two, we fine-tune Qwen2.5-vl-7B with GRPO [[code]](https://github.com/bar/bar)\n"
        f"- Baz: three, we fine-tune Qwen2.5-VL-{run}-A [[code]](https://github.com/baz/baz)\n"
        f"- Qux: four, we fine-tune Qwen2.5-VL-{run}-B [[code]](https://github.com/qux/qux)\n",
        encoding="utf-8",
    )
    result = build([path], tmp_path / "out", formats=("ttl",), html=False)
    graph = Graph().parse(result.files["ttl"])
    report = validate_graph(graph)
    assert not report.violations, report.violations
    models = set(graph.subjects(RDF.type, MMR.Model))
    assert [str(m).rsplit("/", 1)[-1] for m in models] == ["qwen2-5-vl-7b"]
    assert graph.value(models.pop(), RDFS.label) == Literal("Qwen2.5-VL-7B")  # the first spelling read


def test_a_dataset_s_methods_are_its_pipeline_s_not_the_training_it_is_for(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# L\n\n## Datasets\n\n- Qux-Data: Reasoning Traces Distilled from DeepSeek-R1 for SFT and GRPO "
        "[[data]](https://huggingface.co/datasets/x/qux)\n\n## Papers\n\n"
        "- Foo-R1: Reasoning Traces Distilled from DeepSeek-R1 for SFT and GRPO [[paper]](https://arxiv.org/abs/2599.00001)\n",
        encoding="utf-8",
    )
    facts = {e.short_name: e.facts for e in build_catalog([path], curated=False).entries}
    qux, foo = facts["Qux-Data"], facts["Foo-R1"]
    assert qux is not None and (qux.kind, qux.methods, qux.distilled_from) == (
        "dataset",
        ("DISTILL",),
        ("DeepSeek-R1",),
    )
    assert foo is not None and foo.kind == "method" and {"SFT", "GRPO", "DISTILL"} <= set(foo.methods)


def test_one_model_spelt_two_ways_in_one_entry_is_one_statement(tmp_path: Path) -> None:
    """Regression: an entry whose title says "Qwen2.5-VL-7B" and whose notes say "Qwen2.5-vl-7B" had two
    base-model findings for one model, so the one statement about it (…/assertion/baseModel/qwen2-5-vl-7b)
    had two sources and the build broke its own shapes (MaxCount on mmrsh:AssertionShape). The first
    spelling read is kept, with its source."""
    from mmr_graph.check.shacl import validate_graph
    from mmr_graph.pipeline import build

    path = tmp_path / "list.md"
    path.write_text(
        "# L\n\n## Methods\n\n"
        "- Foo: we fine-tune Qwen2.5-VL-7B with GRPO [[code]](https://github.com/foo/foo)\n"
        "  - We fine-tune Qwen2.5-vl-7B with GRPO on a new dataset, distilled from GPT-4o and GPT-4O.\n",
        encoding="utf-8",
    )
    result = build([path], tmp_path / "out", formats=("ttl",), html=False)
    (entry,) = result.catalog.entries
    assert entry.facts is not None
    assert entry.facts.base_models == ("Qwen2.5-VL-7B",)
    assert len(entry.facts.distilled_from) == 1
    assert entry.facts.finding("base_models", "Qwen2.5-VL-7B").source == "title"  # type: ignore[union-attr]
    report = validate_graph(Graph().parse(result.files["ttl"]))
    assert not report.violations, report.violations


@pytest.mark.parametrize(
    ("text", "unnamed"),
    [
        ("We utilize advanced closed-source models to generate structured reasoning chains.", True),
        ("We employ commercial models for CoT annotation, resulting in a 340k SFT set.", True),
        ("We compare against commercial models for reference.", False),
        ("Larger models generally reason better.", False),
    ],
)
def test_a_teacher_the_text_does_not_name(text: str, unnamed: bool) -> None:
    from mmr_graph.ingest.model_names import unnamed_teacher

    assert unnamed_teacher("We train Foo. " + text) is unnamed
