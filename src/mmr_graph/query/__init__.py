"""SPARQL over the graph: an Oxigraph store, the named research questions, and result formats.

- :mod:`mmr_graph.query.engine` runs queries on a store (of the graph :mod:`mmr_graph.loader` gives),
  turning syntax errors into one-line errors with line and column;
- :mod:`mmr_graph.query.named` reads the named queries shipped in ``queries/*.rq``;
- :mod:`mmr_graph.query.results` writes SPARQL results as JSON, XML, CSV, TSV or an aligned table.

The command line (``mmr-graph query``) and the endpoint (``mmr-graph serve``) share all of it, so they give
the same answers.
"""
