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
