"""The data of the view's Overview tab: how the lists overlap and when entries came.

The overlap figures are those of ``mmr-graph overlap`` (``mmr_graph.overlap.overlap_report``, computed once
by the projection); this only renames them for the page and keeps counts where the report lists papers.
The timeline's bars are the values of the ``month`` facet, counted in the browser like every facet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx


def overview_data(
    g: nx.DiGraph[str], facets: list[dict[str, Any]], value_id: Callable[[str], str]
) -> dict[str, Any]:
    """``overlap`` (lists, pairs, papers in k lists; ``None`` with fewer than two lists, and in a focused
    view) and ``timeline``
    (what a month means, the latest snapshot's date, how many entries are new or removed there).
    ``value_id`` turns a list's key into its value of the ``list`` facet."""
    report = g.graph.get("overlap")
    overlap = None
    # a focused view (a node and its neighbours) shows no matrix: the figures are the whole graph's
    if report and len(report["lists"]) > 1 and g.graph.get("focus") is None:
        overlap = {
            "lists": [
                {
                    "id": value_id(item["id"]),
                    "title": item["title"],
                    "entries": item["entries"],
                    "papers": item["papers"],
                    "only": len(report["only_in"][item["id"]]),
                }
                for item in report["lists"]
            ],
            "pairs": [
                {
                    "a": value_id(pair["a"]),
                    "b": value_id(pair["b"]),
                    "shared": pair["shared_papers"],
                    "jaccard": pair["jaccard"],
                }
                for pair in report["pairs"]
            ],
            "in_k": report["in_k_lists"],
        }
    timeline = g.graph.get("timeline", {})
    changes = {"new": 0, "removed": 0}
    for _, data in g.nodes(data=True):
        change = data.get("change", "")
        if change in changes:
            changes[change] += 1
    months = next((f for f in facets if f["id"] == "month"), None)
    return {
        "overlap": overlap,
        "timeline": {
            "basis": timeline.get("basis", "paper"),
            "latest": timeline.get("latest_date", ""),
            "months": len(months["values"]) if months else 0,
            **changes,
        },
    }
