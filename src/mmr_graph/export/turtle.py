"""Turtle from N-Triples by Oxigraph's serializer, keeping the order.

Oxigraph reads the sorted N-Triples back as a stream (the file, or for a large graph the file as it is being
written: see :mod:`mmr_graph.parallel.children`) and writes Turtle with the project's prefixes.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from mmr_graph.identity.namespaces import PREFIXES


def nt_to_turtle(source: Path | BinaryIO, ttl_path: Path) -> None:
    """Write the Turtle of the N-Triples in ``source`` (a file's path, or a binary stream) to ``ttl_path``."""
    if isinstance(source, Path):
        statements = ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    else:
        statements = ox.parse(source, format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(statements, str(ttl_path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
