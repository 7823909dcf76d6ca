"""``mmr-graph query``: run SPARQL (inline, a file or a named question) on the graph and print the answer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import click

from mmr_graph.commands.options import graph_source

_FORMATS = ["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"]
# a graph answer (CONSTRUCT, DESCRIBE) in each --format
_GRAPH_FORMAT = {"json": "jsonld", "jsonld": "jsonld", "nt": "nt", "xml": "rdfxml"}


@click.command()
@click.argument("query", required=False)
@click.option("-l", "--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--show", is_flag=True, help="Print the named query's SPARQL (with --param values) and exit.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of a named query (repeatable), e.g. -p method=PPO.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default="table",
    show_default=True,
    help="table for people; csv, tsv, json (SPARQL 1.1 results), xml for scripts. CONSTRUCT/DESCRIBE "
    "print Turtle (N-Triples with nt, JSON-LD with json).",
)
@graph_source(
    "Query this RDF file (.ttl, .nt, .nq, .trig, .jsonld, .rdf) instead of the freshly built graph."
)
def query(
    query: str | None,
    list_queries: bool,
    show: bool,
    params: tuple[str, ...],
    fmt: str,
    graph: Path | None,
    sources: tuple[Path, ...],
) -> None:
    """Run a SPARQL QUERY on the graph: inline text, a .rq file, a named question, or - for stdin.

    The graph is the embedded snapshot, built on the fly (or --from lists, or a --graph file). The
    project's prefixes (mmr:, entry:, method:, modality:, dcterms:, skos:...) need no PREFIX lines.
    A syntax error prints its line and column and exits with status 2.

    \b
    Example:
      mmr-graph query --list
      mmr-graph query method-on-modality -p method=PPO -p modality=image
      mmr-graph query 'SELECT ?e WHERE { ?e mmr:usesMethod method:GRPO } LIMIT 5'
      mmr-graph query my-question.rq --graph out/graph.ttl --format csv
      mmr-graph query added-between-snapshots --from april.md --from may.md
    """
    from mmr_graph.query import catalogue

    if list_queries:
        _print_catalogue()
        return
    if not query:
        raise click.UsageError("give a query: inline SPARQL, a .rq file, a named query (see --list) or -")
    if graph and sources:
        raise click.UsageError("use --graph or --from, not both")
    values = catalogue.parse_params(params)
    if query == "-":
        if values:
            raise click.UsageError("--param applies to named queries only")
        sparql, source = sys.stdin.read(), "standard input"
    else:
        sparql, source = catalogue.resolve(query, values)
    if show:
        click.echo(sparql, nl=not sparql.endswith("\n"))
        return
    _answer(sparql, source, fmt, graph, list(sources))


def _print_catalogue() -> None:
    from mmr_graph.query.catalogue import catalogue

    named = catalogue()
    width = max(map(len, named))
    for name, q in named.items():
        defaults = q.defaults()
        params = f"  [{', '.join(f'{k}={v}' for k, v in defaults.items())}]" if defaults else ""
        click.echo(f"{name.ljust(width)}  {q.title}{params}")


def _answer(sparql: str, source: str, fmt: str, graph: Path | None, sources: list[Path]) -> None:
    import pyoxigraph as ox

    from mmr_graph.query import engine, results

    engine.run(ox.Store(), sparql, source)  # syntax and refusals first, before building anything
    if graph:
        store = engine.store_from_file(graph)
    else:
        store = engine.store_from_triples(engine.default_triples(sources))
    answer = engine.run(store, sparql, source)
    out = _Output(click.get_binary_stream("stdout"))
    if answer.kind == "graph":
        out.write(results.write_graph(answer.triples, _GRAPH_FORMAT.get(fmt, "ttl")))
        return
    if fmt in ("ttl", "nt", "jsonld"):
        raise click.UsageError(f"a {answer.kind} answer has no {fmt} form: use table, csv, tsv, json or xml")
    if answer.kind == "boolean":
        if fmt == "table":
            out.write(b"true\n" if answer.boolean else b"false\n")
        else:
            out.write(results.write_boolean(answer.boolean, fmt))
        return
    if fmt == "table":
        out.write(results.table(answer.variables, answer.rows).encode())
    else:
        out.write(results.write_solutions(answer.variables, answer.rows, fmt))


class _Output:
    """Standard output that ends what it is given with a line break (a JSON document, a bare ``true``),
    as a terminal and line-based tools expect."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data if not data or data.endswith(b"\n") else data + b"\n")
