"""One test per bug found, named after it, with its input inline."""

from __future__ import annotations

from pathlib import Path

from mmr_graph.ingest import build_catalog
from mmr_graph.rdf.graph import to_graph


def test_item_above_any_heading_has_no_empty_category(tmp_path: Path) -> None:
    # found by hypothesis: "- [[paper](" crashed with IndexError on the empty section path
    path = tmp_path / "list.md"
    path.write_text("- [[paper](\n", encoding="utf-8")
    graph = to_graph(build_catalog([path]))
    assert len(graph) > 0


def test_link_with_empty_target_lends_its_label_to_the_bare_url_after_it(tmp_path: Path) -> None:
    # upstream list, June 2025: "[[paper]()](https://arxiv.org/abs/2505.24499)" lost the paper link
    path = tmp_path / "list.md"
    path.write_text(
        "- **[Image]** Reason-SVG: Hybrid Reward RL [[paper]()](https://arxiv.org/abs/2505.24499)\n", encoding="utf-8"
    )
    (entry,) = build_catalog([path]).entries
    assert [(link.label, link.iri) for link in entry.links] == [("paper", "https://arxiv.org/abs/2505.24499")]


def test_tags_without_bold_are_tags(tmp_path: Path) -> None:
    # upstream list, March 2025: "[Training] [LLaVA-R1-100k](url)" took "[Training]" as the title
    path = tmp_path / "list.md"
    path.write_text(
        "- [Training] [LLaVA-R1-100k](https://www.modelscope.cn/datasets/modelscope/LLaVA-R1-100k) - 数据集\n",
        encoding="utf-8",
    )
    (entry,) = build_catalog([path]).entries
    assert entry.title == "LLaVA-R1-100k"
    assert entry.tags.roles == ("training",)
    assert entry.description == "数据集"
