"""Turtle from the N-Triples file, by Oxigraph's serializer, in this process or in a second one.

Oxigraph reads the sorted N-Triples back as a stream and writes Turtle with the project's prefixes, keeping
the order. For a large graph this runs in a child process (``python -m mmr_graph.export.turtle NT TTL``) so
that it overlaps with the JSON-LD writer on another core; the parent waits for it before renaming files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from mmr_graph.rdf.namespace import PREFIXES

# below this many triples a second process costs more than it saves
PARALLEL_FROM = 300_000


def nt_to_turtle(nt_path: Path, ttl_path: Path) -> None:
    statements = ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(statements, str(ttl_path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


class TurtleJob:
    """Turtle being written in a child process; :meth:`wait` raises if the child failed."""

    def __init__(self, nt_path: Path, ttl_path: Path) -> None:
        package_root = str(Path(__file__).resolve().parents[2])  # where mmr_graph is importable from
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mmr_graph.export.turtle", str(nt_path), str(ttl_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )

    def wait(self) -> None:
        _, err = self.process.communicate()
        if self.process.returncode != 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"writing Turtle failed: {detail[-1] if detail else self.process.returncode}")

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


if __name__ == "__main__":
    nt_to_turtle(Path(sys.argv[1]), Path(sys.argv[2]))
