"""Options shared by the commands that work on a graph (query, serve, push), declared once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def graph_source(graph_help: str) -> Callable[[F], F]:
    """``--graph FILE`` (an RDF file) or ``--from LIST.md`` (lists to build); default: the embedded list."""

    def decorate(command: F) -> F:
        command = click.option(
            "--from",
            "sources",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Build the graph from these markdown lists (repeatable; default: the embedded snapshot).",
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
