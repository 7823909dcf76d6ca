"""Ingest: markdown awesome-lists -> :class:`mmr_graph.model.Catalog`."""

from mmr_graph.ingest.catalog import build_catalog, read_list

__all__ = ["build_catalog", "read_list"]
