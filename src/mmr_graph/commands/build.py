"""``mmr-graph build``: lists -> RDF files (and the HTML view) in ``out/``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from mmr_graph.commands.options import list_fetching, lists_file_option, out_folder

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata
    from mmr_graph.ingest.sources import ListSource
    from mmr_graph.model import Catalog


@click.command()
@click.argument("lists", nargs=-1, metavar="[LIST]...")
@out_folder("Folder for the output files (created if needed; files that are not a build's are left alone).")
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
@click.option(
    "--no-curated",
    is_flag=True,
    help="Use no curated facts: every entry's facts are extracted from its texts (the list's, and the "
    "abstracts, READMEs and Hugging Face model tags the metadata holds).",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    metavar="KIND:NOTATION",
    help="Also write a focused HTML page around one node, e.g. method:GRPO or modality:video (repeatable).",
)
@click.option(
    "--no-shipped-metadata",
    is_flag=True,
    help="Leave out the arXiv metadata shipped with mmr-graph (authors, dates, abstracts of the default "
    "list's papers); only what --cache holds goes in.",
)
@click.option("--no-html", is_flag=True, help="Write only the RDF files, not the HTML view.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no progress bar either).")
@click.option(
    "--strict",
    is_flag=True,
    help="A list that cannot be read or has no entries is an error (exit 1), not skipped (exit 3).",
)
@lists_file_option
@list_fetching()
def build(
    lists: tuple[str, ...],
    lists_file: Path | None,
    out_dir: Path,
    formats: tuple[str, ...],
    curated: Path | None,
    no_curated: bool,
    views: tuple[str, ...],
    no_shipped_metadata: bool,
    no_html: bool,
    quiet: bool,
    strict: bool,
) -> None:
    """Build the graph of one or more markdown LISTS (default: the embedded snapshot).

    A LIST is a local file, an https:// URL or github:OWNER/REPO[@REF][:PATH] (PATH default README.md),
    fetched into the cache (--cache) with conditional requests; --offline reads the cache only. A path that
    exists locally is always the local file. Of several lists, one that cannot be read or has no entries
    is reported and skipped, the others are built, and the exit status is 3 (--strict: an error, exit 1).

    Writes graph.ttl, graph.jsonld and graph.nt into --out, the interactive view index.html (open it in a
    browser, no server or network needed) and manifest.json (the files of this build, with their sizes and
    SHA-256), and prints a summary. The folder changes as one: files of the previous build that this one does
    not write again are removed, other files are never touched, and a second build into it waits.

    \b
    Example:
      mmr-graph build
      mmr-graph build data/lists/awesome-deep-multimodal-reasoning.2025-04-24.md --out out/april
      mmr-graph build --view method:GRPO --view modality:video
      mmr-graph build github:yuanpinz/awesome-deep-multimodal-reasoning
      mmr-graph build --lists field.yaml
      mmr-graph build --cache .cache      # with the metadata `mmr-graph enrich --cache .cache` fetched

    The arXiv metadata shipped with mmr-graph (authors, first submission dates, abstracts, categories of the
    default list's papers, read on arxiv.org) goes into the graph of any list that links those papers
    (--no-shipped-metadata: not). With --cache DIR (or --offline: the default cache folder), the metadata
    the cache holds for the graph's papers, repositories, datasets and models goes in too (stars,
    licences...), the newer record of a paper winning; the summary and the graph's description say which
    metadata went in, and of when. A build makes no request.
    """
    from mmr_graph.commands.options import current_fetching, lists_given
    from mmr_graph.errors import EXIT_LISTS_SKIPPED
    from mmr_graph.export.folder import check_output_folder
    from mmr_graph.ingest.catalog import as_source, default_list
    from mmr_graph.loader import list_name
    from mmr_graph.parallel.collector import frozen_at_exit
    from mmr_graph.pipeline import build as run_build
    from mmr_graph.pipeline import steps
    from mmr_graph.progress import terminal_progress
    from mmr_graph.rdf.kinds import counted

    facts: Path | bool = False if no_curated else (curated or True)
    specs = []
    if views:  # networkx is imported only for a build that needs it
        from mmr_graph.network.focus import parse_view

        specs = [parse_view(v) for v in views]
    if specs and no_html:
        raise click.UsageError("--view needs the HTML view; drop --no-html")
    check_output_folder(out_dir)  # before the build: a bad --out is said at once
    several = len(lists) > 1 or lists_file is not None
    given = lists_given(lists, lists_file, keep_going=several and not strict)
    paths: list[Path | ListSource] = [*given] if given else [default_list()]
    enrichment = None
    fetching = current_fetching()
    cache = None
    if fetching.cache_dir is not None or fetching.offline:
        from mmr_graph.web import ResponseCache, default_cache_dir

        cache = ResponseCache(fetching.cache_dir or default_cache_dir())
    if cache is not None or not no_shipped_metadata:
        from mmr_graph.enrich.stored import build_metadata

        def enrichment(catalog: Catalog) -> Metadata:
            return build_metadata(catalog, cache, shipped=not no_shipped_metadata)

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
            skip="none" if strict else "unreadable",
            metadata=enrichment,
        )
    finally:
        if bar is not None:
            bar.close()
    skipped = result.catalog.skipped
    if quiet:
        for warning in skipped:
            click.echo(str(warning), err=True)
        if skipped:
            click.get_current_context().exit(EXIT_LISTS_SKIPPED)
        return
    for source in paths:
        for note in getattr(source, "notes", ()):
            click.echo(f"{list_name(source)}: {note}", err=True)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    counts = result.counts()
    left_out = {w.path for w in skipped}
    built = [list_name(p) for p in paths if as_source(p).name not in left_out]
    click.echo(f"built {', '.join(built)} -> {out_dir}/")
    click.echo("  " + ", ".join(counted(n, kind) for kind, n in counts.items() if n or kind != "collection"))
    cov = result.coverage()
    click.echo(
        f"  methods for {cov['with methods']} of {cov['entries']} entries "
        f"({cov['curated']} curated, {cov['extracted']} extracted: "
        f"{cov['from abstracts']} of them read in abstracts, {cov['from READMEs']} in READMEs, "
        f"{cov['from Hub tags']} in Hugging Face tags, "
        f"{cov['from list text alone']} in the list's text alone)"
    )
    if result.metadata is not None:
        from mmr_graph.enrich.summary import metadata_line

        click.echo("  " + metadata_line(result.metadata))
    click.echo(f"  {result.triples} triples; files: {', '.join(p.name for p in result.files.values())}")
    if result.warnings:
        click.echo(f"  {len(result.warnings)} warnings (see above)")
    if len(result.catalog.lists) > 1:
        from mmr_graph.overlap import members, overlap_report

        report = overlap_report(members(result.catalog))
        click.echo("  overlap (papers; mmr-graph overlap for more):")
        for item in report["lists"]:
            only = len(report["only_in"][item["id"]])
            click.echo(
                f"    {item['id']}: {item['entries']} entries, {item['papers']} papers, {only} only here"
            )
        for pair in report["pairs"]:
            click.echo(
                f"    {pair['a']} & {pair['b']}: {pair['shared_papers']} shared, Jaccard {pair['jaccard']}"
            )
        spread = ", ".join(f"{k}: {n}" for k, n in report["in_k_lists"].items())
        click.echo(f"    papers by number of lists: {spread}")
    if skipped:
        click.echo(f"  {len(skipped)} of {len(paths)} lists skipped: {', '.join(w.path for w in skipped)}")
    click.echo(f"  done in {result.seconds:.2f} s")
    if skipped:
        click.get_current_context().exit(EXIT_LISTS_SKIPPED)
