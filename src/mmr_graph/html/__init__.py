"""HTML: the interactive graph view (pyvis/vis-network), written next to the RDF files."""

from mmr_graph.html.page import render_page, render_site, site_files, write_site

__all__ = ["render_page", "render_site", "site_files", "write_site"]
