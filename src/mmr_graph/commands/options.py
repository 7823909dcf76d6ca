"""Options shared by the commands that work on a graph (query, serve, validate, check-links, push), declared
once, and the one way they get their graph."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from mmr_graph.ingest.sources import Fetching, ListSource
    from mmr_graph.loader import LoadedGraph

F = TypeVar("F", bound=Callable[..., object])
FROM_HELP = (
    "Build the graph from this list: a markdown file, an https:// URL or github:OWNER/REPO[@REF][:PATH] "
    "(repeatable; default: the embedded snapshot)."
)
_FETCHING = "mmr_graph.fetching"


def _remember(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Keep a list-fetching option's value where :func:`current_fetching` finds it."""
    ctx.meta.setdefault(_FETCHING, {})[param.name or ""] = value
    return value


def list_fetching() -> Callable[[F], F]:
    """The options of every command that takes lists: where fetched lists are cached, offline, GitHub's base
    URLs and the snapshot's date (read with :func:`current_fetching`; the command's arguments stay as they
    are)."""

    def decorate(command: F) -> F:
        hidden: dict[str, Any] = {"expose_value": False, "callback": _remember}
        options = [
            click.option("--cache", "cache_dir", **hidden, type=click.Path(path_type=Path, file_okay=False),
                         help="Cache folder of fetched lists (default: $MMR_GRAPH_CACHE, else the per-user "
                         "cache folder)."),
            click.option("--offline", **hidden, is_flag=True,
                         help="Fetch nothing: read fetched lists from the cache only."),
            click.option("--github-api", **hidden, metavar="URL", envvar="MMR_GRAPH_GITHUB_API",
                         help="Base URL of the GitHub API (default https://api.github.com; "
                         "$MMR_GRAPH_GITHUB_API)."),
            click.option("--github-raw", **hidden, metavar="URL", envvar="MMR_GRAPH_GITHUB_RAW",
                         help="Base URL of GitHub's raw files (default https://raw.githubusercontent.com; "
                         "$MMR_GRAPH_GITHUB_RAW)."),
            click.option("--date", "snapshot_date", **hidden, type=click.DateTime(["%Y-%m-%d"]),
                         metavar="YYYY-MM-DD",
                         help="The date of the lists' snapshot (default: the commit's, else the fetch's)."),
        ]  # fmt: skip
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def current_fetching() -> Fetching:
    """How this command fetches lists, from its :func:`list_fetching` options (defaults outside a command)."""
    from mmr_graph.ingest.sources import Fetching

    ctx = click.get_current_context(silent=True)
    given: dict[str, object] = ctx.find_root().meta.get(_FETCHING, {}) if ctx is not None else {}
    when = given.get("snapshot_date")
    cache = given.get("cache_dir")
    return Fetching(
        cache_dir=cache if isinstance(cache, Path) else None,
        offline=bool(given.get("offline")),
        github_api=str(given["github_api"]) if given.get("github_api") else None,
        github_raw=str(given["github_raw"]) if given.get("github_raw") else None,
        date=when.date() if hasattr(when, "date") else None,
    )


def lists_file_option(command: F) -> F:
    """``--lists FILE``: a lists file (YAML) naming the lists to take, besides any given as arguments."""
    return click.option(
        "--lists",
        "lists_file",
        type=click.Path(path_type=Path, dir_okay=False),
        help="A lists file (YAML: '- list: github:OWNER/REPO', title:, id:, date:) naming the lists to use.",
    )(command)


def lists_given(specs: Sequence[str], lists_file: Path | None, *, keep_going: bool) -> list[ListSource]:
    """The lists of ``--lists FILE`` (first) and of the arguments, fetched where needed; ``keep_going``
    makes a list that cannot be fetched an error when it is read, for a build of several to skip it."""
    from mmr_graph.ingest.lists_file import read_lists_file, sources_of

    fetching = current_fetching()
    found = sources_of(read_lists_file(lists_file), fetching, keep_going=keep_going) if lists_file else []
    return found + (resolved(specs, fetching, keep_going=keep_going) if specs else [])


def resolved(
    sources: Sequence[str | Path], fetching: Fetching | None = None, *, keep_going: bool = False
) -> list[ListSource]:
    """The lists as given on the command line, fetched where they are not local files (with
    ``keep_going``, one that cannot be fetched is an error when read, for the build to skip it)."""
    from mmr_graph.ingest.sources import resolve_lists

    return resolve_lists(sources, fetching or current_fetching(), keep_going=keep_going)


def out_folder(help_text: str) -> Callable[[F], F]:
    """``--out DIR`` (default ``out``): the folder a command writes into."""
    return click.option(
        "--out",
        "out_dir",
        default=Path("out"),
        show_default=True,
        type=click.Path(path_type=Path),
        help=help_text,
    )


def graph_source(graph_help: str) -> Callable[[F], F]:
    """``--graph PATH`` (an RDF file or a build's output folder) or ``--from LIST`` (lists to build, with the
    :func:`list_fetching` options); default: the embedded list."""

    def decorate(command: F) -> F:
        command = click.option("--from", "sources", multiple=True, metavar="LIST", help=FROM_HELP)(
            list_fetching()(command)
        )
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


def one_source(graph: Path | None, sources: Sequence[str | Path], graph_option: str = "--graph") -> None:
    """A graph given twice is a usage error."""
    if graph is not None and sources:
        raise click.UsageError(f"use {graph_option} or --from, not both")


def graph_of(
    graph: Path | None,
    sources: Sequence[str | Path],
    graph_option: str = "--graph",
    fetching: Fetching | None = None,
) -> LoadedGraph:
    """The graph the options name (see :func:`mmr_graph.loader.load_graph`); lists that are not local files
    are fetched first."""
    from mmr_graph.loader import load_graph

    one_source(graph, sources, graph_option)
    return load_graph(graph, resolved(sources, fetching) if sources else ())


def metadata_cache(command: F) -> F:
    """``--cache DIR`` (the project's one cache of fetched answers) and ``--offline`` (the cache only)."""
    command = click.option("--offline", is_flag=True, help="Make no request: use only what the cache holds.")(
        command
    )
    return web_cache_folder(command)


def web_cache_folder(command: F) -> F:
    """``--cache DIR``: the one cache folder of fetched answers (default ``$MMR_GRAPH_CACHE``, else the
    per-user cache folder)."""
    return click.option(
        "--cache",
        "cache_dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="Cache folder of fetched answers (default: $MMR_GRAPH_CACHE, else the per-user cache folder, "
        "e.g. ~/.cache/mmr-graph).",
    )(command)
