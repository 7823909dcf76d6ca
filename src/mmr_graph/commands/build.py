"""``mmr-graph build``: lists -> RDF files (and the HTML view) in ``out/``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mmr_graph.commands.options import metadata_cache

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata
    from mmr_graph.model import Catalog


@click.command()
@click.argument("lists", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    default=Path("out"),
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for the output files (created if needed; files that are not a build's are left alone).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["ttl", "jsonld", "nt"]),
    help="Only these RDF formats (repeatable). Default: all.",
)
@click.option(
    "--curated",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Curated facts file (default: the shipped data/curated.yaml).",
)
@click.option("--no-curated", is_flag=True, help="Use no curated facts; extract methods from titles only.")
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="KIND:NOTATION",
    help="Also write a focused HTML page around one node, e.g. method:GRPO or modality:video (repeatable).",
)
@metadata_cache
@click.option("--no-html", is_flag=True, help="Write only the RDF files, not the HTML view.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no progress bar either).")
def build(
    lists: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    curated: Path | None,
    no_curated: bool,
    views: tuple[str, ...],
    cache_dir: Path | None,
    offline: bool,
    no_html: bool,
    quiet: bool,
) -> None:
    """Build the graph of one or more markdown LISTS (default: the embedded snapshot).

    Writes graph.ttl, graph.jsonld and graph.nt into --out, the interactive view index.html (open it in a
    browser, no server or network needed) and manifest.json (the files of this build, with their sizes and
    SHA-256), and prints a summary. The folder changes as one: files of the previous build that this one does
    not write again are removed, other files are never touched, and a second build into it waits.

    \b
    Example:
      mmr-graph build
      mmr-graph build data/lists/awesome-deep-multimodal-reasoning.2025-04-24.md --out out/april
      mmr-graph build --view method:GRPO --view modality:video
      mmr-graph build --cache .cache      # with the metadata `mmr-graph enrich --cache .cache` fetched

    With --cache DIR (or --offline: the default cache folder), the metadata the cache holds for the graph's
    papers, repositories, datasets and models goes into the graph (authors, dates, abstracts, stars,
    licences...); the summary and the graph's description say which, and of when. A build makes no request.
    """
    from mmr_graph.export.folder import check_output_folder
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.parallel.collector import frozen_at_exit
    from mmr_graph.pipeline import build as run_build
    from mmr_graph.pipeline import steps
    from mmr_graph.progress import terminal_progress
    from mmr_graph.rdf.kinds import counted

    paths = list(lists) or [default_list()]
    facts: Path | bool = False if no_curated else (curated or True)
    specs = []
    if views:  # networkx is imported only for a build that needs it
        from mmr_graph.network.focus import parse_view

        specs = [parse_view(v) for v in views]
    if specs and no_html:
        raise click.UsageError("--view needs the HTML view; drop --no-html")
    check_output_folder(out_dir)  # before the build: a bad --out is said at once
    enrichment = None
    if cache_dir is not None or offline:
        from mmr_graph.enrich.stored import metadata_of
        from mmr_graph.web import ResponseCache, default_cache_dir

        cache = ResponseCache(cache_dir or default_cache_dir())

        def enrichment(catalog: Catalog) -> Metadata:
            return metadata_of(cache, catalog)

    chosen = formats or ("ttl", "jsonld", "nt")
    frozen_at_exit()  # the collector's last pass at exit would go over every object of the build
    bar = terminal_progress(steps(paths, chosen, html=not no_html), quiet=quiet)  # a terminal only
    try:
        waiting = None if quiet else (lambda line: click.echo(line, err=True))
        result = run_build(
            paths,
            out_dir,
            chosen,
            curated=facts,
            html=not no_html,
            views=specs,
            progress=bar,
            on_wait=waiting,
            metadata=enrichment,
        )
    finally:
        if bar is not None:
            bar.close()
    if quiet:
        return
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    counts = result.counts()
    click.echo(f"built {', '.join(p.name for p in paths)} -> {out_dir}/")
    click.echo("  " + ", ".join(counted(n, kind) for kind, n in counts.items() if n or kind != "collection"))
    cov = result.coverage()
    click.echo(
        f"  methods for {cov['with methods']} of {cov['entries']} entries "
        f"({cov['curated']} curated, {cov['extracted']} extracted from titles)"
    )
    if result.metadata is not None:
        from mmr_graph.enrich.summary import metadata_line

        click.echo("  " + metadata_line(result.metadata))
    click.echo(f"  {result.triples} triples; files: {', '.join(p.name for p in result.files.values())}")
    if result.warnings:
        click.echo(f"  {len(result.warnings)} warnings (see above)")
    click.echo(f"  done in {result.seconds:.2f} s")
