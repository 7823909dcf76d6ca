"""Enrichment: public metadata of a graph's resources (arXiv papers, GitHub repositories, Hugging Face
datasets and models), fetched into the project's one cache by ``mmr-graph enrich``
(:mod:`mmr_graph.enrich.fetch`) and read back from it by ``mmr-graph build --cache DIR``
(:mod:`mmr_graph.enrich.stored`). The triples it adds are made in :mod:`mmr_graph.rdf.enrichment`.
"""
