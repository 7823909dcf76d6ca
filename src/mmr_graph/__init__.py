"""mmr-graph: turn curated research awesome-lists into a linked-data knowledge graph.

The pipeline, one package per stage:

    ingest (markdown -> entries) -> model (pydantic) -> rdf (graph + ontology terms)
        -> export (Turtle, JSON-LD, N-Triples) | query (SPARQL) | network (-> HTML)
"""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    """``__version__``, read from the installed package's metadata when first asked for:
    importlib.metadata takes 20 ms to import, a tenth of ``mmr-graph --help``."""
    if name != "__version__":
        raise AttributeError(f"module 'mmr_graph' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("mmr-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        found = "0+unknown"
    globals()["__version__"] = found
    return found
