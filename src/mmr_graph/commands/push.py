"""``mmr-graph push``: load the graph into your own triple store (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mmr_graph.commands.options import graph_source

PASSWORD_VARIABLE = "MMR_GRAPH_PASSWORD"


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store's Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph), "
    "http://localhost:3030/ds/data (Fuseki), http://localhost:7200/repositories/REPO/rdf-graphs/service "
    "(GraphDB).",
)
@click.option("--graph-name", metavar="IRI", help="Load into this named graph (default: the default graph).")
@click.option(
    "--replace/--merge",
    default=None,
    help="Replace the target graph (PUT) or add to it (POST). Default: replace a named graph, add to the "
    "default graph.",
)
@graph_source(
    "Push this RDF file (its default graph) or a build's output folder instead of the freshly built graph."
)
@click.option("--user", help=f"User name for HTTP basic authentication (password: ${PASSWORD_VARIABLE}).")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(1),
    help="Seconds for the whole request: connection, sending the graph, the store's answer.",
)
def push(
    endpoint: str,
    graph_name: str | None,
    replace: bool | None,
    graph: Path | None,
    sources: tuple[str, ...],
    user: str | None,
    timeout: float,
) -> None:
    """Load the graph into a triple store of yours over HTTP (SPARQL 1.1 Graph Store Protocol).

    Success is reported only when the store answered the write itself with a 2xx status. A redirect is
    followed only within the endpoint's origin, with the method and body kept; a password in the
    endpoint URL (http://user:password@host/...) is sent as basic authentication and never printed.

    \b
    Example:
      mmr-graph push --endpoint http://localhost:7878/store --graph-name https://w3id.org/mmr-graph/id/graph
      mmr-graph push --endpoint http://localhost:3030/ds/data --graph out/graph.ttl --merge
    """
    import pyoxigraph as ox

    from mmr_graph.commands.options import graph_of, one_source
    from mmr_graph.web.graphstore import push as send

    one_source(graph, sources)
    credentials = None
    if user:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            password = click.prompt(f"password for {user}", hide_input=True, err=True)
        credentials = (user, password)
    # not through a Store: it would turn xsd:positiveInteger into xsd:integer
    triples = graph_of(graph, sources).triples()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    mode = replace if replace is not None else graph_name is not None
    result = send(data, endpoint, graph_name, mode, credentials, timeout)
    target = f"graph <{graph_name}>" if graph_name else "the default graph"
    verb = "replaced" if mode else "added to"
    click.echo(
        f"{verb} {target} with {len(triples)} triples: {result.method} {result.url} -> {result.status} "
        f"{result.reason} in {result.seconds:.2f} s"
    )
