"""Export: serialize the graph to files (Turtle, N-Triples, JSON-LD), atomically."""

from mmr_graph.export.files import FORMATS, serialize, write_graph

__all__ = ["FORMATS", "serialize", "write_graph"]
