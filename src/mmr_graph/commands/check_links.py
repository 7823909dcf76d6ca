"""``mmr-graph check-links``: are the graph's outbound links alive? A report on screen and in JSON."""

from __future__ import annotations

import re
from pathlib import Path

import click

from mmr_graph.commands.options import graph_source, out_folder

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> float:
    """Seconds of a duration such as ``45s``, ``30m``, ``12h``, ``7d`` (``0`` means none)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "")
    if not m or (not m.group(2) and float(m.group(1)) != 0):
        raise click.BadParameter(f"{value!r} is not a duration such as 45s, 30m, 12h or 7d")
    return float(m.group(1)) * _UNITS.get(m.group(2) or "s", 1)


@click.command("check-links")
@graph_source(
    "Graph file (.ttl, .nt, .jsonld...) or a build's output folder. Default: build the embedded list in "
    "memory.",
)
@out_folder("Directory of the report (link-report.json) and the cache (.link-cache.json).")
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON report here instead of OUT/link-report.json.",
)
@click.option(
    "--link-cache",
    "cache_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File of the cached link results instead of OUT/.link-cache.json (--cache DIR is the cache of "
    "fetched lists, as in every command).",
)
@click.option("--no-link-cache", "no_cache", is_flag=True, help="Neither read nor write the link results.")
@click.option(
    "--max-age",
    default="7d",
    show_default=True,
    help="Reuse cached results younger than this (45s, 30m, 12h, 7d; 0: never).",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds for each request: connection, headers and body together, however slowly they come.",
)
@click.option(
    "--retries",
    default=2,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Extra attempts after a timeout, a reset, a 5xx or a 429.",
)
@click.option(
    "--backoff",
    default=1.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds before the first retry; doubles each time.",
)
@click.option(
    "--max-retry-after",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Longest Retry-After (429/503) honoured; a longer one gives up on the URL.",
)
@click.option(
    "--workers", default=8, show_default=True, type=click.IntRange(1, 64), help="Requests in flight at once."
)
@click.option(
    "--per-host",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Requests in flight at once to one host.",
)
@click.option(
    "--deadline",
    default=600.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds for the whole run: it ends by then; requests in flight and URLs not started are "
    "reported as skipped.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also check URLs whose host is or resolves to a loopback, private or link-local address "
    "(reported as blocked otherwise).",
)
@click.option(
    "--slow",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="A response slower than this many seconds is reported as slow.",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    type=click.Choice(["dead", "timeout", "error", "blocked", "skipped", "redirected", "slow"]),
    help="Exit with status 1 if any URL is in this category (repeatable), e.g. for CI.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line.")
def check_links(
    graph: Path | None, sources: tuple[str, ...], out_dir: Path, report_file: Path | None,
    cache_file: Path | None, no_cache: bool, max_age: str, timeout: float, retries: int, backoff: float,
    max_retry_after: float, workers: int, per_host: int, deadline: float, allow_private: bool, slow: float,
    fail_on: tuple[str, ...], quiet: bool,
) -> None:  # fmt: skip
    """Check every outbound URL of the graph: HEAD (GET if refused), redirects, retries, a cache.

    Prints the dead, timed-out, failing, blocked, redirected and slow URLs with the entries that use them,
    and writes every result to OUT/link-report.json. A URL whose host is or resolves to a loopback,
    private or link-local address (directly or through a redirect) is not requested but reported as
    blocked, unless --allow-private. When nothing at all can be reached, it says so once and stops.

    Results are cached with their date in OUT/.link-cache.json, so a rerun within --max-age only checks
    what is new or was transient.

    \b
    Example:
      mmr-graph check-links
      mmr-graph check-links --graph out/graph.ttl --fail-on dead
      mmr-graph check-links --graph out/ --quiet
      mmr-graph check-links --timeout 5 --max-age 1d --report links.json
    """
    import time

    from mmr_graph.check.link_report import failing, format_report, offline_note, report_json
    from mmr_graph.check.links import RunSettings, check_urls, load_cache, outbound_urls, save_cache
    from mmr_graph.check.probe import ProbeSettings
    from mmr_graph.commands.options import graph_of
    from mmr_graph.errors import InputError, MmrGraphError
    from mmr_graph.export.atomic import write_atomic

    max_age_seconds = parse_duration(max_age)
    loaded = graph_of(graph, sources)
    graph_name = loaded.name
    urls = outbound_urls(loaded.rdflib_graph())
    cache_path = cache_file or out_dir / ".link-cache.json"
    cache = {} if no_cache else load_cache(cache_path)
    probe_settings = ProbeSettings(timeout, retries, backoff, max_retry_after, allow_private=allow_private)
    run = RunSettings(workers, per_host, deadline, max_age_seconds)
    if not quiet:
        click.echo(f"checking {len(urls)} URLs of {graph_name} ...", err=True)
    start = time.monotonic()
    done = 0

    def progress(_: object) -> None:
        nonlocal done
        done += 1
        if not quiet and done % 50 == 0:
            click.echo(f"  {done} checked", err=True)

    results = check_urls(urls, probe_settings, run, cache=None if no_cache else cache, progress=progress)
    seconds = time.monotonic() - start
    report_path = report_file or out_dir / "link-report.json"
    settings = {"timeout": timeout, "retries": retries, "backoff": backoff,
                "max_retry_after": max_retry_after, "workers": workers, "per_host": per_host,
                "deadline": deadline, "allow_private": allow_private, "slow": slow,
                "max_age": max_age_seconds}  # fmt: skip
    report = report_json(results, graph=graph_name, settings=settings, seconds=seconds, slow=slow)
    target = cache_path
    try:
        if not no_cache:
            save_cache(cache_path, cache)
        target = report_path
        write_atomic(report_path, report)
    except OSError as exc:
        raise InputError(target, f"cannot write: {exc.strerror or exc}") from None
    lines = format_report(results, slow, seconds)
    click.echo("\n".join(lines[:1] if quiet else lines))
    click.echo(f"report: {report_path}")
    note = offline_note(results)
    if note:
        raise MmrGraphError(note)
    bad = failing(results, fail_on, slow)
    if bad:
        error = MmrGraphError(f"{len(bad)} URLs are {'/'.join(fail_on)} (--fail-on)")
        error.exit_code = 1  # type: ignore[attr-defined] # read by the CLI with getattr, default 1
        raise error
