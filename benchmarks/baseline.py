"""The same job done the plain way: an rdflib-only pipeline, the baseline of ``run.py``.

It reads the lists with mmr-graph's own ingest (the same catalog, so the graph is the same), then does the
RDF work the straightforward way with rdflib alone: every triple added to an in-memory ``rdflib.Graph``,
the files written by rdflib's Turtle, N-Triples and JSON-LD serializers, and SPARQL answered by rdflib's
engine after loading a Turtle file (the one ``mmr-graph build`` wrote, so both load the same file), as a
user's script would. No HTML view (pyvis's ``from_nx`` grows
quadratically and takes minutes at 10,000 entries), so the baseline does less work than ``mmr-graph build``.

    python benchmarks/baseline.py list.md --out /tmp/baseline --load out/graph.ttl --json /tmp/baseline.json

Prints (or writes with ``--json``) the seconds of each stage; ``run.py`` runs it as a subprocess to measure
wall time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# a GROUP BY over every typed resource: the kind of question the named queries ask
QUERY = (ROOT / "queries" / "class-counts.rq").read_text(encoding="utf-8")


def run(
    paths: list[Path], out_dir: Path, turtle_to_load: Path | None, record: Path | None, turtle: bool = True
) -> dict[str, float]:
    """Every stage, timed; the figures so far are rewritten to ``record`` after each one, so that a run
    stopped for taking too long still tells how far it got. rdflib's Turtle serializer is the slowest part
    by far (it grows faster than the graph): ``turtle=False`` leaves it out."""
    import gc

    from rdflib import Graph

    from mmr_graph.export.jsonld import context
    from mmr_graph.identity.namespaces import PREFIXES
    from mmr_graph.ingest.catalog import catalog_of, read_lists
    from mmr_graph.rdf.graph import iter_triples

    gc.disable()  # the same setting as mmr-graph build: no cyclic collector passes over millions of objects
    stages: dict[str, float] = {}
    last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages[name] = now - last
        last = now
        if record:
            record.write_text(json.dumps(stages), encoding="utf-8")

    parsed = read_lists(paths)
    lap("parse")
    catalog = catalog_of(parsed)
    lap("model")
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in iter_triples(catalog):
        graph.add(triple)
    lap("graph")
    out_dir.mkdir(parents=True, exist_ok=True)
    graph.serialize(out_dir / "graph.nt", format="nt", encoding="utf-8")
    lap("nt")
    graph.serialize(out_dir / "graph.jsonld", format="json-ld", context=context(), auto_compact=True)
    lap("jsonld")
    if turtle:
        graph.serialize(out_dir / "graph.ttl", format="turtle")
        lap("ttl")
    del graph
    if turtle_to_load:  # the same Turtle file mmr-graph's row loads
        loaded = Graph().parse(turtle_to_load, format="turtle")
        lap("sparql load")
        rows = list(loaded.query(QUERY))
        lap("query")
        stages["query rows"] = len(rows)
    return stages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="directory for the files")
    parser.add_argument("--load", type=Path, help="a Turtle file to load and query with rdflib's SPARQL")
    parser.add_argument("--json", type=Path, help="write the stage seconds here, after each stage")
    parser.add_argument("--no-turtle", action="store_true", help="skip rdflib's Turtle serializer")
    args = parser.parse_args(argv)
    stages = run(args.lists, args.out, args.load, args.json, turtle=not args.no_turtle)
    if not args.json:
        for name, value in stages.items():
            print(f"{name:12} {value:10.3f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
