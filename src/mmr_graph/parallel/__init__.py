"""The build's process machinery, in one place: the stages below it run serially on whatever they get.

``ingest/``, ``rdf/`` and ``export/`` are plain functions over plain data. This package decides whether a
build's work is done in one piece or in several, and runs the pieces: a large list parsed in pieces by a
pool of forked workers (:mod:`.parse`), a large catalog's graph described half in a forked child
(:mod:`.graph`), the Turtle and JSON-LD of a large graph written by second processes that read the
N-Triples file as it grows (:mod:`.writing`). It also owns what makes processes safe and fast: Ctrl-C held
back while forking and left to the build in its workers, workers that end with the build
(:mod:`.processes`), and the garbage collector's policy (:mod:`.collector`).
"""
