"""Command line: a thin layer over the library. Heavy modules are imported inside each command, so
``mmr-graph --help`` stays instant.

Exit statuses (the README's table): 0 done, 1 an error the user can act on (one line, no traceback),
2 a malformed command line (click's usage errors), 130 interrupted by Ctrl-C, 143 stopped by SIGTERM
(after the same clean-up as Ctrl-C).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import signal
import sys
from typing import Any

import click

# command name -> "module:attribute"; each module imports only click at load time.
COMMANDS = {
    "build": "mmr_graph.commands.build:build",
    "enrich": "mmr_graph.commands.enrich:enrich",
    "validate": "mmr_graph.commands.validate:validate",
    "check-links": "mmr_graph.commands.check_links:check_links",
    "query": "mmr_graph.commands.query:query",
    "serve": "mmr_graph.commands.serve:serve",
    "push": "mmr_graph.commands.push:push",
    "overlap": "mmr_graph.commands.overlap:overlap",
    "diff": "mmr_graph.commands.diff:diff",
    "history": "mmr_graph.commands.history:history",
    "cache": "mmr_graph.commands.cache:cache",
}
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command ended by Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C (``finally`` blocks and context managers clean up)."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated


def _sigterm_unwinds() -> contextlib.AbstractContextManager[None]:
    """While a command runs, SIGTERM raises :class:`Terminated` instead of ending the process at once
    (only where the default action was in place, and only in the main thread, where handlers live)."""
    from mmr_graph.parallel.processes import signal_raises

    return signal_raises(signal.SIGTERM, _terminate)


def summary(command: click.Command) -> str:
    """A command's description for the main ``--help``: its ``short_help``, or the first paragraph of its
    help, whole (click's default cuts it at about 45 characters)."""
    if command.short_help:
        return command.short_help
    text = inspect.cleandoc(command.help or "")
    return " ".join(text.split("\n\n", 1)[0].split())


class _Group(click.Group):
    """Loads subcommands lazily from :data:`COMMANDS`, and reports expected errors (bad input, bad query)
    as one line and an exit code, never a traceback; Ctrl-C as "interrupted" and 130."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, summary(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from mmr_graph.errors import MmrGraphError

        try:
            with _sigterm_unwinds():
                return super().invoke(ctx)
        except MmrGraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(getattr(exc, "exit_code", 1))
        except KeyboardInterrupt:
            _say_stopped("interrupted")
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            _say_stopped("terminated")
            sys.exit(EXIT_TERMINATED)


def _say_stopped(word: str) -> None:
    """One line on standard error; on a terminal it starts on a fresh line (after the echoed ``^C``)."""
    with contextlib.suppress(OSError, ValueError):  # a closed or broken standard error says nothing
        start = "\n" if sys.stderr.isatty() else ""
        click.echo(start + word, err=True)


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
