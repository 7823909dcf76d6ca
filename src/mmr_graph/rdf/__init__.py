"""RDF: the graph of a catalog under the mmr-graph ontology."""

from mmr_graph.rdf.graph import to_graph

__all__ = ["to_graph"]
