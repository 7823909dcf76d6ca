"""The ontology, for people: a page documenting ``ontology/*.ttl`` (``terms``: what it says and examples of
it in a graph; ``page``: the HTML), written by a build beside the view and served by the endpoint."""
