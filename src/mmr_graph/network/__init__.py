"""Network: the RDF graph projected onto a networkx graph of entries and what they link to."""

from mmr_graph.network.projection import KINDS, to_networkx

__all__ = ["KINDS", "to_networkx"]
