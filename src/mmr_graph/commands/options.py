"""Options shared by the commands that work on a graph (query, serve, validate, check-links, push), declared
once, and the one way they get their graph."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from mmr_graph.loader import LoadedGraph

F = TypeVar("F", bound=Callable[..., object])
FROM_HELP = "Build the graph from these markdown lists (repeatable; default: the embedded snapshot)."


def graph_source(graph_help: str) -> Callable[[F], F]:
    """``--graph PATH`` (an RDF file or a build's output folder) or ``--from LIST.md`` (lists to build);
    default: the embedded list."""

    def decorate(command: F) -> F:
        command = click.option(
            "--from", "sources", multiple=True, type=click.Path(path_type=Path), help=FROM_HELP
        )(command)
        return click.option("-g", "--graph", type=click.Path(path_type=Path), help=graph_help)(command)

    return decorate


class _Size(click.ParamType):  # type: ignore[type-arg] # generic in click 8.5 only
    """A size in bytes, written 512M, 1G, 1.5GiB or a plain number of bytes."""

    name = "SIZE"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from mmr_graph.query.memory import parse_size

        try:
            return parse_size(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def max_memory(what: str) -> Callable[[F], F]:
    """``--max-memory SIZE``: how much resident memory one query may add (default 1 GiB)."""
    return click.option(
        "--max-memory",
        default="1G",
        show_default=True,
        type=_Size(),
        help=f"Resident memory one query may add to {what} (512M, 2G...); a query needing more is stopped.",
    )


def one_source(graph: Path | None, sources: Sequence[Path], graph_option: str = "--graph") -> None:
    """A graph given twice is a usage error."""
    if graph is not None and sources:
        raise click.UsageError(f"use {graph_option} or --from, not both")


def graph_of(graph: Path | None, sources: Sequence[Path], graph_option: str = "--graph") -> LoadedGraph:
    """The graph the options name (see :func:`mmr_graph.loader.load_graph`)."""
    from mmr_graph.loader import load_graph

    one_source(graph, sources, graph_option)
    return load_graph(graph, sources)


def metadata_cache(command: F) -> F:
    """``--cache DIR`` (the project's one cache of fetched answers) and ``--offline`` (the cache only)."""
    command = click.option("--offline", is_flag=True, help="Make no request: use only what the cache holds.")(
        command
    )
    return click.option(
        "--cache",
        "cache_dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="Cache folder of fetched answers (default: $MMR_GRAPH_CACHE, else the per-user cache folder).",
    )(command)
