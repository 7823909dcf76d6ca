"""SPARQL over the graph: an Oxigraph store, the named research questions, and result formats.

- :mod:`mmr_graph.query.engine` loads a store (the freshly built default graph or an RDF file) and runs
  queries on it, turning syntax errors into one-line errors with line and column;
- :mod:`mmr_graph.query.catalogue` reads the named queries shipped in ``queries/*.rq``;
- :mod:`mmr_graph.query.results` writes SPARQL results as JSON, XML, CSV, TSV or an aligned table;
- :mod:`mmr_graph.query.crosscheck` runs the same queries on rdflib, for tests and the benchmark.

The command line (``mmr-graph query``) and the endpoint (``mmr-graph serve``) share all of it, so they give
the same answers.
"""
