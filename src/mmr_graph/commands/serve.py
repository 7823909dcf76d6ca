"""``mmr-graph serve``: a local, read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mmr_graph.commands.options import graph_source, max_memory


@click.command()
@graph_source(
    "Serve this RDF file (.ttl, .nt, .nq, .trig, .jsonld, .rdf) or a build's output folder instead of the "
    "freshly built graph."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=7070, show_default=True, type=click.IntRange(0, 65535), help="0: any free port."
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run; a longer one is stopped and answered with 503.",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Most rows (or triples) in one answer; a longer one is cut, with header X-SPARQL-MaxRows.",
)
@click.option(
    "--workers",
    default=min(4, max(2, os.cpu_count() or 2)),
    show_default="2-4, by CPU count",
    type=click.IntRange(1, 64),
    help="Query worker processes (queries running at once).",
)
@max_memory("its worker beyond the loaded graph (503, and the worker is replaced)")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host header is NAME (repeatable; '*': any). By default an endpoint "
    "on a loopback address answers only to localhost, 127.0.0.1 and [::1].",
)
@click.option("-q", "--quiet", is_flag=True, help="Log only warnings, not every request.")
def serve(
    graph: Path | None,
    sources: tuple[str, ...],
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory: int,
    allow_hosts: tuple[str, ...],
    quiet: bool,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page, until Ctrl-C.

    GET/POST /sparql answers queries (JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD for graphs);
    updates and SERVICE are refused, and the workers cannot open network connections. A query is
    stopped (503) past --timeout or --max-memory. / is a query page with the named questions as
    examples. Entities of
    https://w3id.org/mmr-graph/id/ are served at /id/... as Turtle or HTML; the ontology's page is at
    /ontology (its Turtle at /ontology.ttl, either at /ns by Accept). It listens on localhost
    unless --host says otherwise, and logs each request on stderr.

    \b
    Example:
      mmr-graph serve
      mmr-graph serve --graph out/graph.ttl --port 8080 --timeout 5
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
          http://127.0.0.1:7070/sparql
    """
    from mmr_graph.commands.options import current_fetching, graph_of, one_source
    from mmr_graph.serve.app import Settings
    from mmr_graph.serve.server import configure_logging, run

    one_source(graph, sources)
    configure_logging(quiet)
    settings = Settings(
        timeout=timeout, max_rows=max_rows, max_memory=max_memory, allow_hosts=tuple(allow_hosts)
    )
    # the graph is loaded once the port is bound: a taken port is reported before any work
    fetching = current_fetching()  # read here, in the command: the graph is loaded later
    load = lambda scratch: graph_of(graph, sources, fetching=fetching).on_disk(scratch)  # noqa: E731
    run(load, host, port, workers, settings, announce=click.echo)
