"""Who is who, below every stage: the namespace IRIs (declared once), the identity of an entry (its key and
the path of its IRI, from the key alone), and the IRIs minted from them.

- :mod:`mmr_graph.identity.namespaces`: the project's namespaces and the reused ones, their prefixes, and the
  ontology's closed namespace;
- :mod:`mmr_graph.identity.keys`: an entry's canonical key and its IRI's path, and the slugs of headings and
  names;
- :mod:`mmr_graph.identity.iris`: the IRIs minted under ``https://w3id.org/mmr-graph/id/``.

``ingest/`` gives entries their keys and ``rdf/`` turns them into IRIs, both from here, so that
neither imports the other.
"""
