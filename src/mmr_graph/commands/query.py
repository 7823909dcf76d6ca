"""``mmr-graph query``: run SPARQL (inline, a file or a named question) on the graph and print the answer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mmr_graph.commands.options import graph_source, max_memory, one_source

if TYPE_CHECKING:
    from mmr_graph.query.engine import Answer
    from mmr_graph.query.named import NamedQuery

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
    "Query this RDF file (.ttl, .nt, .nq, .trig, .jsonld, .rdf) or a build's output folder instead of the "
    "freshly built graph."
)
@max_memory("the process that loaded the graph")
def query(
    query: str | None,
    list_queries: bool,
    show: bool,
    params: tuple[str, ...],
    fmt: str,
    graph: Path | None,
    sources: tuple[str, ...],
    max_memory: int,
) -> None:
    """Run a SPARQL QUERY on the graph: inline text, a .rq file, a named question, or - for stdin.

    The graph is the embedded snapshot, built on the fly (or --from lists, or a --graph file or folder). The
    project's prefixes (mmr:, entry:, method:, modality:, dcterms:, skos:...) need no PREFIX lines.
    A syntax error prints its line and column and exits with status 2. Updates and SERVICE are
    refused; the query is evaluated in a process that cannot open network connections.

    \b
    Example:
      mmr-graph query --list
      mmr-graph query method-on-modality -p method=PPO -p modality=image
      mmr-graph query 'SELECT ?e WHERE { ?e mmr:usesMethod method:GRPO } LIMIT 5'
      mmr-graph query my-question.rq --graph out/graph.ttl --format csv
      mmr-graph query class-counts --graph out/
      mmr-graph query added-between-snapshots --from april.md --from may.md
    """
    from mmr_graph.query import named

    if list_queries:
        _print_named_queries()
        return
    if not query:
        raise click.UsageError("give a query: inline SPARQL, a .rq file, a named query (see --list) or -")
    one_source(graph, sources)
    values = named.parse_params(params)
    if query == "-":
        if values:
            raise click.UsageError("--param applies to named queries only")
        sparql, source = sys.stdin.read(), "standard input"
    else:
        sparql, source = named.resolve(query, values)
    if show:
        click.echo(sparql, nl=not sparql.endswith("\n"))
        return
    bound = named.named_queries().get(query) if values else None
    _answer(sparql, source, fmt, graph, list(sources), max_memory, (bound, values) if bound else None)


def _print_named_queries() -> None:
    from mmr_graph.query.named import named_queries

    queries = named_queries()
    width = max(map(len, queries))
    for name, q in queries.items():
        defaults = q.defaults()
        params = f"  [{', '.join(f'{k}={v}' for k, v in defaults.items())}]" if defaults else ""
        click.echo(f"{name.ljust(width)}  {q.title}{params}")


def _answer(
    sparql: str,
    source: str,
    fmt: str,
    graph: Path | None,
    sources: list[str],
    max_memory: int,
    parameters: tuple[NamedQuery, dict[str, str]] | None = None,
) -> None:
    from collections.abc import Iterator

    import pyoxigraph as ox

    from mmr_graph.commands.options import graph_of
    from mmr_graph.identity.namespaces import PREFIXES
    from mmr_graph.query import engine, isolated, results, syntax

    checked = syntax.check(sparql, source, PREFIXES)  # syntax and refusals first, before building anything
    store = graph_of(graph, sources).store()
    if parameters:  # a value the graph does not know is an error, not an empty answer

        def accepted(sparql: str) -> list[str]:
            rows = engine.run(store, sparql, "the values of a parameter").rows
            return [row[0].value for row in rows if row and isinstance(row[0], ox.Literal | ox.NamedNode)]

        named, values = parameters
        named.check_values(values, accepted)

    results.warm_up()  # what the locked process will need, imported before
    if syntax.may_give_triples(checked):  # CONSTRUCT, DESCRIBE: the graph writers too (else not imported)
        from mmr_graph.export.serialize import warm_up as warm_up_graph_formats

        warm_up_graph_formats()

    def work() -> Iterator[bytes]:
        data = _render(engine.run(store, sparql, source), fmt)
        # ended with a line break (a JSON document, a bare ``true``), as terminals and line tools expect
        yield data if not data or data.endswith(b"\n") else data + b"\n"

    out = sys.stdout.buffer
    try:
        for chunk in isolated.evaluate(work, max_memory):
            out.write(chunk)
    except isolated.UsageProblem as exc:
        raise click.UsageError(str(exc)) from None


def _render(answer: Answer, fmt: str) -> bytes:
    from mmr_graph.query import isolated, results

    if answer.kind == "graph":
        from mmr_graph.export.serialize import serialize  # imported before the lock (a graph answer)

        return serialize(answer.triples, _GRAPH_FORMAT.get(fmt, "ttl"))
    if fmt in ("ttl", "nt", "jsonld"):
        raise isolated.UsageProblem(
            f"a {answer.kind} answer has no {fmt} form: use table, csv, tsv, json or xml"
        )
    if answer.kind == "boolean":
        if fmt == "table":
            return b"true\n" if answer.boolean else b"false\n"
        return results.write_boolean(answer.boolean, fmt)
    if fmt == "table":
        return results.table(answer.variables, answer.rows).encode()
    return results.write_solutions(answer.variables, answer.rows, fmt)
