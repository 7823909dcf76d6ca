"""``mmr-graph diff OLD NEW``: what changed between two versions of a list."""

from __future__ import annotations

import click

from mmr_graph.commands.options import list_fetching


@click.command()
@list_fetching()
@click.argument("old")
@click.argument("new")
@click.option(
    "--path",
    "path",
    default="README.md",
    show_default=True,
    help="The list's file inside a git repository given as PATH@REF.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "atom"]),
    default="text",
    show_default=True,
    help="text for people, markdown for a page, json for programs, atom for a feed of the added entries.",
)
def diff(old: str, new: str, path: str, fmt: str) -> None:
    """What changed from version OLD to version NEW of a list: entries added, removed, moved between sections,
    retitled, and links added or removed. Each version is a markdown file, an https:// URL,
    github:OWNER/REPO[@REF][:PATH] (fetched through the cache, as build fetches lists), or a local git
    repository as PATH@REF (the file inside it chosen with --path).

    Entries are matched by their key (their paper, else their repository, and so on), so a retitled entry
    stays one entry.

    \b
    Example:
      mmr-graph diff data/lists/awesome-deep-multimodal-reasoning.2025-04-24.md \\
                     data/lists/awesome-deep-multimodal-reasoning.2025-05-30.md
      mmr-graph diff ~/src/awesome-list@HEAD~5 ~/src/awesome-list@HEAD --format json
      mmr-graph diff github:OWNER/REPO@v1 github:OWNER/REPO --format atom
    """
    import sys

    from mmr_graph.commands.options import current_fetching
    from mmr_graph.timeline.diff import diff as compare
    from mmr_graph.timeline.snapshot import read_snapshot
    from mmr_graph.vocab import load_vocabulary

    vocab = load_vocabulary()
    fetching = current_fetching()
    result = compare(read_snapshot(old, path, vocab, fetching), read_snapshot(new, path, vocab, fetching))
    if fmt == "atom":
        from mmr_graph.timeline.atom import as_atom

        sys.stdout.buffer.write(as_atom(result))
        sys.stdout.buffer.flush()
        return
    from mmr_graph.timeline import report

    writer = {"text": report.as_text, "markdown": report.as_markdown, "json": report.as_json}[fmt]
    click.echo(writer(result), nl=False)
