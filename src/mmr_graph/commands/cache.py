"""``mmr-graph cache``: what the HTTP cache holds (fetched lists and metadata), and emptying it."""

from __future__ import annotations

from pathlib import Path

import click

from mmr_graph.commands.options import web_cache_folder


@click.command()
@web_cache_folder
@click.option("--clear", is_flag=True, help="Remove every cached answer (the folder's other files stay).")
def cache(cache_dir: Path | None, clear: bool) -> None:
    """Show the HTTP cache: where it is and each cached URL with its size and dates.

    Commands that fetch keep what they fetched here, dated, and ask the server again with the copy's
    ETag / Last-Modified (a 304 costs nothing); --offline on such a command uses only this cache.
    The folder is --cache DIR, else $MMR_GRAPH_CACHE, else the per-user cache folder.

    \b
    Example:
      mmr-graph cache
      mmr-graph cache --cache /tmp/mmr-cache --clear
    """
    from mmr_graph.web import ResponseCache, default_cache_dir

    root = cache_dir or default_cache_dir()
    store = ResponseCache(root)
    copies = store.entries()
    if clear:
        removed = store.clear()
        click.echo(f"removed {removed} cached answers from {root}")
        return
    click.echo(f"cache: {root} ({len(copies)} answers, {sum(c.bytes for c in copies):,} bytes)")
    for copy in copies:
        click.echo(
            f"  {copy.url}  {copy.bytes:,} bytes, fetched {copy.fetched_at}, checked {copy.checked_at}"
        )
