"""``mmr-graph enrich``: fetch public metadata (arXiv, GitHub, Hugging Face) of a graph's resources into
the cache, for ``mmr-graph build --cache`` to use."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mmr_graph.commands.options import metadata_cache


@click.command()
@click.argument("lists", nargs=-1, metavar="[LIST]...")
@metadata_cache
@click.option(
    "--max-age",
    default="7d",
    show_default=True,
    help="Use cached answers younger than this without asking again (45s, 30m, 12h, 7d; 0: always ask).",
)
@click.option(
    "--arxiv-api",
    default="https://export.arxiv.org/api/query",
    show_default=True,
    metavar="URL",
    help="The arXiv API's query URL.",
)
@click.option(
    "--github-api",
    default="https://api.github.com",
    show_default=True,
    metavar="URL",
    envvar="MMR_GRAPH_GITHUB_API",
    help="GitHub's REST API, for repositories and for github: lists ($MMR_GRAPH_GITHUB_API).",
)
@click.option(
    "--hf-endpoint",
    metavar="URL",
    help="The Hugging Face Hub (default: $HF_ENDPOINT, else https://huggingface.co).",
)
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds for each request.")  # fmt: skip
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def enrich(
    lists: tuple[str, ...],
    cache_dir: Path | None,
    offline: bool,
    max_age: str,
    arxiv_api: str,
    github_api: str,
    hf_endpoint: str | None,
    timeout: float,
    quiet: bool,
) -> None:
    """Fetch public metadata of the resources of LISTS (default: the embedded snapshot) into the cache.

    A LIST is a local file, an https:// URL or github:OWNER/REPO[@REF][:PATH], fetched into the same cache
    as `mmr-graph build` fetches it.

    arXiv papers (title, authors, abstract, first submission date, categories, DOI, journal reference),
    GitHub repositories (stars, licence, language, topics, last push, archived; and the README, which
    extraction reads for methods and models) and Hugging Face datasets and models (downloads, likes,
    licence, tags). Answers are kept, dated, in the cache; `mmr-graph build --cache DIR` puts them into
    the graph. Tokens: GITHUB_TOKEN, HF_TOKEN (never printed).

    \b
    Example:
      mmr-graph enrich --cache .cache
      mmr-graph build --cache .cache
      mmr-graph enrich --offline --cache .cache     # what the cache already holds
      mmr-graph enrich github:yuanpinz/awesome-deep-multimodal-reasoning --cache .cache

    Papers the cache does not hold may still have the metadata shipped with mmr-graph (the default list's
    arXiv papers), which `mmr-graph build` uses: the summary says how many.
    """
    from mmr_graph.commands.check_links import parse_duration
    from mmr_graph.enrich.fetch import Apis
    from mmr_graph.enrich.fetch import enrich as run
    from mmr_graph.enrich.huggingface import DEFAULT_ENDPOINT, ENDPOINT_VARIABLE
    from mmr_graph.enrich.shipped import shipped_papers
    from mmr_graph.enrich.targets import targets_of
    from mmr_graph.ingest.sources import Fetching, resolve_lists
    from mmr_graph.loader import load_graph
    from mmr_graph.web import Policy, ResponseCache, WebClient, default_cache_dir
    from mmr_graph.web.urls import BadURL, parse

    try:
        seconds = parse_duration(max_age)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint="--max-age") from None
    endpoint = hf_endpoint or os.environ.get(ENDPOINT_VARIABLE) or DEFAULT_ENDPOINT
    for option, url in (
        ("--arxiv-api", arxiv_api),
        ("--github-api", github_api),
        ("--hf-endpoint", endpoint),
    ):
        try:
            parse(url)
        except BadURL as exc:
            raise click.BadParameter(str(exc), param_hint=option) from None
    apis = Apis(
        arxiv=arxiv_api,
        github=github_api,
        huggingface=endpoint,
        github_token=os.environ.get("GITHUB_TOKEN") or None,
        hf_token=os.environ.get("HF_TOKEN") or None,
    )
    folder = cache_dir or default_cache_dir()
    fetching = Fetching(cache_dir=folder, offline=offline, github_api=github_api, timeout=timeout)
    graph = load_graph(None, resolve_lists(lists, fetching) if lists else ())
    targets = targets_of(graph.triples())
    say = (lambda _: None) if quiet else (lambda line: click.echo(line, err=True))
    policy = Policy(timeout=timeout, max_bytes=16 * 2**20, max_retry_after=120.0)
    with WebClient(policy, cache=ResponseCache(folder), offline=offline) as web:
        result = run(targets, web, apis, seconds, say)
    if quiet:
        return
    click.echo(f"enriched {graph.name} -> cache {folder}/")
    for label, tally, noun in (
        ("arXiv", result.arxiv, "papers"),
        ("GitHub", result.github, "repositories"),
        ("GitHub READMEs", result.readmes, "repositories"),
        ("Hugging Face", result.huggingface, "datasets and models"),
    ):
        click.echo(
            f"  {label}: {tally.found} of {tally.asked} {noun} "
            f"({tally.requests} requests, {tally.cached} answers from the cache)"
            + (f", {tally.absent} without a README" if tally is result.readmes and tally.absent else "")
        )
        if tally.stopped:
            click.echo(f"    stopped early: {tally.stopped}")
        for problem in tally.problems[:10]:
            click.echo(f"    {problem}", err=True)
        if len(tally.problems) > 10:
            click.echo(f"    … and {len(tally.problems) - 10} more problems", err=True)
        if tally is result.arxiv:
            shipped = len(set(shipped_papers()) & set(targets.arxiv) - set(tally.found_ids))
            if shipped:
                click.echo(f"    {shipped} more shipped with mmr-graph (build uses them)")
