"""The build summary's line about the metadata that went into a graph."""

from __future__ import annotations

from mmr_graph.enrich.records import Metadata

_NAMES = {"arxiv": "arXiv", "github": "GitHub", "readme": "GitHub READMEs", "huggingface": "Hugging Face"}


def metadata_line(metadata: Metadata) -> str:
    """E.g. ``metadata: arXiv 180 (shipped, read 2026-12-05), arXiv 12 (cache, fetched 2026-12-01 to
    2026-12-05), GitHub 3 (cache, …)``."""
    if not metadata.origins:
        return "metadata: none (no shipped or cached metadata of this graph's resources)"
    parts = []
    for origin in metadata.origins:
        oldest, newest = origin.oldest[:10], origin.newest[:10]
        when = oldest if oldest == newest else f"{oldest} to {newest}"
        verb = "read" if origin.where == "shipped" else "fetched"
        parts.append(
            f"{_NAMES.get(origin.api, origin.api)} {origin.resources} ({origin.where}, {verb} {when})"
        )
    return "metadata: " + ", ".join(parts)
