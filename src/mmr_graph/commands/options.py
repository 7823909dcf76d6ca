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
