"""Export: write the graph as files (Turtle, N-Triples, JSON-LD), atomically (:mod:`.files`), or as bytes in
an RDF syntax (:mod:`.serialize`)."""
