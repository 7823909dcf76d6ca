"""A README's prose and its excerpt (mmr_graph.ingest.readme_text), and extraction reading it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mmr_graph.ingest.catalog import build_catalog
from mmr_graph.ingest.entry_facts import with_texts
from mmr_graph.ingest.readme_text import MAX_README, excerpt, markdown_of, prose
from mmr_graph.vocab import load_vocabulary

VOCAB = load_vocabulary()

README = """# Alpha-R1: Reasoning in Videos

<p align="center"><img src="logo.png"></p>

[![badge](https://img.shields.io/badge/x)](https://example.org) Alpha-R1 is trained with GRPO on
[our data](https://huggingface.co/datasets/alpha/data)

## News
- [2025-05] Check out our new work Beta, trained with DPO!
- [ ] Release the SFT code

## Training

We start from Qwen2.5-VL-7B-Instruct and apply a cold start with SFT on 10k traces distilled from GPT-4o.

```bash
python train.py --algo ppo
```

| Model | MVBench |
|---|---|
| PPO baseline | 50.1 |

Our method outperforms DPO by 3 points.

## Acknowledgements

We thank the authors of verl, whose PPO trainer we build on.

## Evaluation

Run `eval.sh`
"""


def test_prose_keeps_headings_paragraphs_and_items_and_leaves_out_the_rest() -> None:
    lines = prose(README)
    assert lines[0] == "Alpha-R1: Reasoning in Videos."
    assert (
        "Alpha-R1 is trained with GRPO on our data." in lines
    )  # link texts kept, addresses and images dropped
    assert not any("png" in line or "<p" in line for line in lines)  # no HTML, no images
    assert not any("--algo" in line or "50.1" in line for line in lines)  # no code, no tables
    assert not any("verl" in line for line in lines)  # the acknowledgements section
    assert "Run eval.sh." in lines  # the next section of that level is read again
    assert not any("Beta" in line or "Release the SFT" in line for line in lines)  # other work, to-do


def test_the_excerpt_keeps_the_lines_naming_a_method_a_model_or_distillation() -> None:
    lines = excerpt(README, VOCAB.methods)
    assert lines == [
        "Alpha-R1 is trained with GRPO on our data.",
        "We start from Qwen2.5-VL-7B-Instruct and apply a cold start with SFT on 10k traces distilled from "
        "GPT-4o.",
        "Our method outperforms DPO by 3 points.",
    ]


def test_an_excerpt_reads_back_as_itself() -> None:
    lines = excerpt(README, VOCAB.methods)
    assert excerpt(markdown_of(lines), VOCAB.methods) == lines
    tricky = ["1. GRPO *is* [used] here: `x_y`.", "# SFT, <b>then</b> \\ RL!", "- DPO | PPO |."]
    assert prose(markdown_of(tricky)) == tricky


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_prose_of_any_text_is_lines_and_an_excerpt_reads_back(text: str) -> None:
    lines = prose(text)
    assert all(line and "\n" not in line for line in lines)
    picked = excerpt(text, VOCAB.methods)
    assert excerpt(markdown_of(picked), VOCAB.methods) == picked


def test_a_long_readme_is_read_up_to_its_bound() -> None:
    text = "word\n\n" * (MAX_README // 6) + "We train with GRPO.\n\n"
    assert len(text) > MAX_README
    assert "GRPO" not in " ".join(prose(text))


def test_extraction_reads_the_readme_of_the_entry_s_repository(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lst = tmp_path / "list.md"
    lst.write_text(
        "# Fixture\n\n## Methods\n\n"
        "- Alpha-R1: Reasoning in Videos [[paper]](https://arxiv.org/abs/2599.20001) "
        "[[code]](https://github.com/alpha/alpha-r1)\n",
        encoding="utf-8",
    )
    catalog = build_catalog([lst], vocab=VOCAB, curated=False)
    repository = "https://github.com/alpha/alpha-r1"
    facts = with_texts(catalog, VOCAB, readmes={repository: README}).entries[0].facts
    assert facts is not None
    assert set(facts.methods) == {
        "GRPO",
        "SFT",
        "DISTILL",
    }  # not DPO (a comparison), PPO (code, table, thanks)
    assert facts.distilled_from == ("GPT-4o",)
    assert facts.base_models == ("Qwen2.5-VL-7B-Instruct",)
    readme_facts = {(f.field, f.value): (f.source, f.evidence) for f in facts.found}
    assert readme_facts[("methods", "GRPO")] == ("readme", repository)
    # a README of another repository says nothing of this entry
    other = with_texts(catalog, VOCAB, readmes={"https://github.com/other/repo": README})
    assert "GRPO" not in (other.entries[0].facts.methods if other.entries[0].facts else ())


def test_reading_readmes_keeps_no_more_of_them_than_extraction_reads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: the memo of extracted facts kept each README's whole excerpt (up to MAX_README characters,
    thousands of entries) although extraction reads only its first MAX_TEXT characters."""
    import gc
    import tracemalloc

    from mmr_graph.ingest.extraction import MAX_TEXT

    count = 30
    items = "".join(
        f"- Work{i}: Reasoning [[paper]](https://arxiv.org/abs/2599.{30000 + i}) "
        f"[[code]](https://github.com/w/work{i})\n"
        for i in range(count)
    )
    line = "We train Qwen2-VL with GRPO on our data number {} and more words to fill the line.\n\n"
    readmes = {
        f"https://github.com/w/work{i}": "".join(line.format(i * 10_000 + j) for j in range(1_100))
        for i in range(count)
    }
    assert all(len(text) > 4 * MAX_TEXT for text in readmes.values())
    lst = tmp_path / "list.md"
    lst.write_text(f"# Fixture\n\n## Methods\n\n{items}", encoding="utf-8")
    catalog = build_catalog([lst], vocab=VOCAB, curated=False)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    read = with_texts(catalog, VOCAB, readmes=readmes)
    assert all("GRPO" in (e.facts.methods if e.facts else ()) for e in read.entries)
    del read
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert kept < count * 2 * MAX_TEXT, kept  # a README's share is what extraction reads of it
