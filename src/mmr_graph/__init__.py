"""mmr-graph: turn curated research awesome-lists into a linked-data knowledge graph.

The pipeline, one package per stage:

    ingest (markdown -> entries) -> model (pydantic) -> rdf (graph + ontology terms)
        -> export (Turtle, JSON-LD, N-Triples) | query (SPARQL) | network (-> HTML)
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mmr-graph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["__version__"]
