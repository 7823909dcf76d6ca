"""The local SPARQL endpoint (``mmr-graph serve``): a SPARQL 1.1 Protocol service over an Oxigraph store,
a query page, and dereferenceable entity IRIs.

- :mod:`~mmr_graph.serve.protocol` reads protocol requests and negotiates result formats (pure functions);
- :mod:`~mmr_graph.serve.worker` answers queries in a separate process, one query at a time;
- :mod:`~mmr_graph.serve.pool` keeps those processes and stops a query past the time limit by ending its
  process;
- :mod:`~mmr_graph.serve.app` is the ASGI application (Starlette); :mod:`~mmr_graph.serve.pages` its HTML;
- :mod:`~mmr_graph.serve.server` runs it with uvicorn.
"""
