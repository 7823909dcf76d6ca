"""``mmr-graph history REPO``: every version of a list in a git repository's history, built into ``out/``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from mmr_graph.commands.options import out_folder

DEFAULT_GITHUB_GIT = "https://github.com"


@click.command()
@click.argument("repo")
@click.option(
    "--path",
    "path",
    default=None,
    help="The list's file in the repository  [default: README.md, or the PATH of a github: spec]",
)
@click.option(
    "--ref",
    default=None,
    help="The branch, tag or commit whose history is read  [default: HEAD, or the REF of a github: spec]",
)
@click.option(
    "--github-git",
    metavar="URL",
    envvar="MMR_GRAPH_GITHUB_GIT",
    default=DEFAULT_GITHUB_GIT,
    show_default=True,
    help="Where github:OWNER/REPO is cloned from: URL/OWNER/REPO (an https:// or file:// URL, or a local "
    "folder of repositories; $MMR_GRAPH_GITHUB_GIT).",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Only versions committed on or after this date (YYYY-MM-DD).",
)
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Every Nth version (from the oldest; the newest is always read).",
)
@out_folder("Folder for the output files, as for build.")
@click.option("--no-html", is_flag=True, help="Write only the RDF files, not the HTML view.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def history(
    repo: str,
    path: str | None,
    ref: str | None,
    github_git: str,
    since: dt.datetime | None,
    every: int,
    out_dir: Path,
    no_html: bool,
    quiet: bool,
) -> None:
    """Build every version of a list from the history of a git repository REPO: a local clone, or
    github:OWNER/REPO[@REF][:PATH], cloned (bare, into a temporary folder removed afterwards) from
    --github-git.

    Each commit that changed the list's file (--path) is a snapshot with its commit and date. Writes what
    build writes, for the latest version plus the entries that left it, with each entry's first-seen and
    last-seen dates (and whether it was removed) in graph.ttl, and graph.trig: that graph as the default
    graph and one named graph per snapshot.

    \b
    Example:
      mmr-graph history ~/src/awesome-list --out out/history
      mmr-graph history ~/src/awesome-list --path docs/LIST.md --since 2025-05-01 --every 5
      mmr-graph history github:yuanpinz/awesome-deep-multimodal-reasoning --out out/history
    """
    import tempfile

    from mmr_graph.ingest.sources import parse_github

    local = Path(repo)
    if repo.startswith("github:") and not local.exists():
        from mmr_graph.export.folder import check_output_folder

        github = parse_github(repo)
        check_output_folder(out_dir)  # before a clone that may take a while
        path, ref = path or github.path, ref or github.ref or "HEAD"
        with tempfile.TemporaryDirectory(prefix="mmr-graph-clone-") as folder:
            from mmr_graph.timeline.git import clone

            url = f"{github_git.rstrip('/')}/{github.owner}/{github.repo}"
            cloned = clone(url, Path(folder), f"{github.owner}-{github.repo}")
            _history(cloned, repo, path, ref, since, every, out_dir, no_html, quiet)
        return
    _history(local, repo, path or "README.md", ref or "HEAD", since, every, out_dir, no_html, quiet)


def _history(
    repo: Path,
    shown: str,
    path: str,
    ref: str,
    since: dt.datetime | None,
    every: int,
    out_dir: Path,
    no_html: bool,
    quiet: bool,
) -> None:
    """The history of ``repo`` (a local repository; ``shown`` is how the user named it) built into
    ``out_dir``."""
    from collections import Counter

    from mmr_graph.export.folder import check_output_folder
    from mmr_graph.pipeline import build as run_build
    from mmr_graph.timeline.graph import history_triples, union_graph, write_trig_file
    from mmr_graph.timeline.history import read_history

    check_output_folder(out_dir)
    found = read_history(repo, path, since.date() if since else None, every, ref)
    catalog = found.union()
    result = run_build(
        [],
        out_dir,
        html=not no_html,
        catalog=catalog,
        describe=lambda c: union_graph(found, c),
        extra=[("graph.trig", lambda graph, target: write_trig_file(found, graph, target))],
        view_extra=lambda: history_triples(found),
    )
    if quiet:
        return
    for warning in found.skipped:
        click.echo(str(warning), err=True)
    first, last = found.snapshots[0], found.latest
    removed = sum(s.removed_in is not None for s in found.seen.values())
    click.echo(f"history of {shown}:{path} -> {out_dir}/")
    click.echo(
        f"  {len(found.snapshots)} versions, {first.date} ({(first.commit or '')[:7]}) to "
        f"{last.date} ({(last.commit or '')[:7]}); {len(found.skipped)} skipped"
    )
    click.echo(
        f"  {len(found.seen)} entries ever listed: {len(last.catalog.entries)} in the latest version, "
        f"{removed} removed"
    )
    months = Counter(s.first.date.strftime("%Y-%m") for s in found.seen.values() if s.first.date)
    click.echo("  first seen per month: " + ", ".join(f"{m} {n}" for m, n in sorted(months.items())))
    click.echo(f"  {result.triples} triples; files: {', '.join(p.name for p in result.files.values())}")
