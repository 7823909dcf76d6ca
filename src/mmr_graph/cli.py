"""Command line: a thin layer over the library. Heavy modules are imported inside each command, so
``mmr-graph --help`` stays instant."""

from __future__ import annotations

import importlib
import sys

import click

# command name -> "module:attribute"; each module imports only click at load time.
COMMANDS = {
    "build": "mmr_graph.commands.build:build",
    "validate": "mmr_graph.commands.validate:validate",
    "check-links": "mmr_graph.commands.check_links:check_links",
    "query": "mmr_graph.commands.query:query",
    "serve": "mmr_graph.commands.serve:serve",
    "push": "mmr_graph.commands.push:push",
}


class _Group(click.Group):
    """Loads subcommands lazily from :data:`COMMANDS`, and reports expected errors (bad input, bad query)
    as one line and an exit code, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        from mmr_graph.errors import MmrGraphError

        try:
            return super().invoke(ctx)
        except MmrGraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(getattr(exc, "exit_code", 1))


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the installed package's version (looked up only when asked for)."""
    if not value:
        return
    import mmr_graph

    click.echo(f"mmr-graph, version {mmr_graph.__version__}")
    ctx.exit()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Turn curated research awesome-lists into a knowledge graph (RDF, SPARQL, HTML).

    \b
    Example:
      mmr-graph build                 # the embedded default list into out/
      mmr-graph build my-list.md --out site/
    """
