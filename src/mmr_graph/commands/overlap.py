"""``mmr-graph overlap``: how much the lists of a field overlap."""

from __future__ import annotations

from pathlib import Path

import click

from mmr_graph.commands.options import list_fetching, lists_file_option


@click.command()
@click.argument("lists", nargs=-1, metavar="[LIST]...")
@lists_file_option
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "json"]),
    help="A table for people, CSV (measure,a,b,k,value) or JSON (lists, pairs, in_k_lists, only_in).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="A list that cannot be read or has no entries is an error (exit 1), not skipped (exit 3).",
)
@list_fetching()
def overlap(lists: tuple[str, ...], lists_file: Path | None, fmt: str, strict: bool) -> None:
    """How much LISTS overlap (files, https:// URLs or github:OWNER/REPO[@REF][:PATH], and those of --lists).

    Per list its entries and papers (the papers its entries link to) and how many of those no other list
    has; per pair of lists the papers they share and their Jaccard index (shared / either); how many papers
    are in 1, 2, 3... of the lists. A list that cannot be read or has no entries is reported and skipped
    (exit status 3).

    \b
    Example:
      mmr-graph overlap data/lists/*.md
      mmr-graph overlap --lists field.yaml --format json
    """
    from mmr_graph.commands.options import lists_given
    from mmr_graph.errors import EXIT_LISTS_SKIPPED
    from mmr_graph.ingest.catalog import catalog_of, read_lists
    from mmr_graph.overlap import as_csv, as_json, as_table, members, overlap_report

    given = lists_given(lists, lists_file, keep_going=not strict)
    if not given:
        raise click.UsageError("name the lists to compare (LIST... or --lists FILE)")
    parsed = read_lists(given, skip="none" if strict else "unreadable")
    catalog = catalog_of(parsed, curated=False)
    for warning in catalog.skipped:
        click.echo(str(warning), err=True)
    report = overlap_report(members(catalog))
    render = {"json": as_json, "csv": as_csv, "table": as_table}[fmt]
    click.echo(render(report), nl=False)
    if catalog.skipped:
        click.get_current_context().exit(EXIT_LISTS_SKIPPED)
