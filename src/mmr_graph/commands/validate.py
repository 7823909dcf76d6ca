"""``mmr-graph validate``: check a graph against the SHACL shapes and print each violation."""

from __future__ import annotations

from pathlib import Path

import click

from mmr_graph.commands.options import FROM_HELP, list_fetching


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--from", "sources", multiple=True, metavar="LIST", help=FROM_HELP)
@list_fetching()
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, dir_okay=False),
    help="SHACL shapes to use instead of the shipped ontology/shapes.ttl.",
)
@click.option(
    "--max-results",
    default=200,
    show_default=True,
    type=click.IntRange(min=1),
    help="Print at most this many results (all are counted).",
)
def validate(file: Path | None, sources: tuple[str, ...], shapes: Path | None, max_results: int) -> None:
    """Validate FILE (an RDF file such as Turtle, N-Triples or JSON-LD, by extension, or a build's output
    folder) against the SHACL shapes.

    Without FILE, the embedded default list (or the --from lists) is built in memory and validated. Each
    violation is printed with its focus node, property path and message; the exit status is 1 if there is
    any violation.

    \b
    Example:
      mmr-graph validate                  # the freshly built default graph
      mmr-graph validate out/graph.ttl
      mmr-graph validate out/             # the graph a build wrote there
      mmr-graph validate out/graph.jsonld --shapes my-shapes.ttl
      mmr-graph validate --from my-list.md
    """
    from mmr_graph.check.shacl import format_report, load_shapes, validate_graph
    from mmr_graph.commands.options import graph_of
    from mmr_graph.errors import InputError

    loaded = graph_of(file, sources, graph_option="FILE")
    graph = loaded.rdflib_graph()
    name = f"{loaded.name} (built in memory)" if loaded.built else loaded.name
    if shapes is not None and not shapes.is_file():
        raise InputError(shapes, "no such shapes file")
    try:
        shapes_graph = load_shapes(shapes)
    except Exception as exc:  # rdflib raises many parser exception types
        raise InputError(shapes or "shapes", f"cannot read SHACL shapes: {exc}".splitlines()[0]) from None
    report = validate_graph(graph, shapes_graph)
    lines = format_report(report, name)
    shown = lines[: max_results + 1]
    click.echo("\n".join(shown))
    if len(lines) > len(shown):
        click.echo(f"  ... {len(lines) - len(shown)} more lines (raise --max-results)")
    if not report.conforms:
        raise SystemExit(1)
