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


def test_invisible_characters_are_dropped() -> None:
    """Regression: zero-width spaces of a README reached the shipped excerpt."""
    assert prose("We use\u200b GRPO\u202e here\ufeff.\n") == ["We use GRPO here."]


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


def _readme_facts(tmp_path, items: str, readmes: dict[str, str]) -> dict[str, set[str]]:  # type: ignore[no-untyped-def]
    """Entry title -> the values extraction read in a README, for a list of ``items``."""
    lst = tmp_path / "list.md"
    lst.write_text(f"# Fixture\n\n## Methods\n\n{items}", encoding="utf-8")
    catalog = with_texts(build_catalog([lst], vocab=VOCAB, curated=False), VOCAB, readmes=readmes)
    return {
        entry.title: {f.value for f in entry.facts.found if f.source == "readme"}
        for entry in catalog.entries
        if entry.facts is not None
    }


def test_the_readme_of_a_repository_an_entry_builds_on_is_not_its_own(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: an entry linking its own repository and one it builds on (in its description) was read
    from the other repository's README, whichever of them came first."""
    readmes = {"https://github.com/org/framework": README}
    own_first = (
        "- Foo: Visual Reasoning [[paper]](https://arxiv.org/abs/2599.20011) "
        "[[code]](https://github.com/foo/foo), built on [Framework](https://github.com/org/framework)\n"
    )
    assert _readme_facts(tmp_path, own_first, readmes) == {"Foo: Visual Reasoning": set()}
    other_first = (
        "- Bar: Video Reasoning [[paper]](https://arxiv.org/abs/2599.20012) "
        "[[framework]](https://github.com/org/framework) [[code]](https://github.com/bar/bar)\n"
    )
    assert _readme_facts(tmp_path, other_first, readmes) == {"Bar: Video Reasoning": set()}


def test_the_readme_of_a_repository_several_entries_link_is_read_for_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a repository linked by several works (a family's repository) had its README credited to
    each of them."""
    items = (
        "- Alpha-1: Reasoning [[paper]](https://arxiv.org/abs/2599.20021) [[code]](https://github.com/alpha/alpha-r1)\n"
        "- Alpha-2: More Reasoning [[paper]](https://arxiv.org/abs/2599.20022) [[code]](https://github.com/alpha/alpha-r1)\n"
    )
    found = _readme_facts(tmp_path, items, {"https://github.com/alpha/alpha-r1": README})
    assert found == {"Alpha-1: Reasoning": set(), "Alpha-2: More Reasoning": set()}


def test_a_folder_of_a_repository_is_not_read_as_the_repository(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a link to a folder of a repository (a work of a monorepo) was read from the README at the
    repository's root, which is about the whole repository; a link to the repository at a branch, or to its
    README, is the repository's."""
    items = (
        "- Beta: Reasoning [[paper]](https://arxiv.org/abs/2599.20031) "
        "[[code]](https://github.com/org/mono/tree/main/projects/beta)\n"
        "- Gamma: Reasoning [[paper]](https://arxiv.org/abs/2599.20032) "
        "[[code]](https://github.com/org/gamma/tree/main)\n"
        "- Delta: Reasoning [[paper]](https://arxiv.org/abs/2599.20033) "
        "[[code]](https://github.com/org/delta/blob/main/README.md)\n"
    )
    readmes = {f"https://github.com/org/{name}": README for name in ("mono", "gamma", "delta")}
    found = _readme_facts(tmp_path, items, readmes)
    assert found["Beta: Reasoning"] == set()
    assert "GRPO" in found["Gamma: Reasoning"] and "GRPO" in found["Delta: Reasoning"]


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


def test_sections_on_preference_optimization_and_the_work_s_contributions_are_read() -> None:
    """Regression: a heading with "preference" in it was taken for a references section (the pattern
    matched inside the word), and one on the work's own contributions for a guide to contributing."""
    text = (
        "# Alpha\n\n## Preference Optimization\n\nWe align the model with DPO.\n\n"
        "## Our Contributions\n\n- We train Alpha with GRPO.\n\n"
        "## Contributing\n\nPull requests for the SFT scripts are welcome.\n\n"
        "## Contributors\n\nThe PPO team.\n\n## References\n\n- The RLOO paper.\n"
    )
    lines = prose(text)
    assert "We align the model with DPO." in lines and "We train Alpha with GRPO." in lines
    assert not any(word in line for line in lines for word in ("SFT", "PPO", "RLOO"))
