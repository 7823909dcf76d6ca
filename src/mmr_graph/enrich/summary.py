"""The build summary's line about the metadata that went into a graph."""

from __future__ import annotations

from mmr_graph.enrich.records import Metadata

_NAMES = {"arxiv": "arXiv", "github": "GitHub", "huggingface": "Hugging Face"}


def metadata_line(metadata: Metadata) -> str:
    """E.g. ``metadata: arXiv 12 papers (cache, fetched 2026-12-01 to 2026-12-05), GitHub 3 (cache, …)``."""
    if not metadata.origins:
        return "metadata: none (the cache holds nothing for this graph's resources)"
    parts = []
    for origin in metadata.origins:
        oldest, newest = origin.oldest[:10], origin.newest[:10]
        when = oldest if oldest == newest else f"{oldest} to {newest}"
        parts.append(
            f"{_NAMES.get(origin.api, origin.api)} {origin.resources} ({origin.where}, fetched {when})"
        )
    return "metadata: " + ", ".join(parts)
