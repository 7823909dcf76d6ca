"""The metadata the cache holds for a graph's resources, for ``mmr-graph build --cache DIR``.

Every answer ``enrich`` kept is recognised by its URL's path (so whatever base URL it came from):
``…/api/query?id_list=…`` (arXiv Atom), ``…/repos/{owner}/{name}`` (GitHub), ``…/repos/{owner}/{name}/readme``
(GitHub READMEs; the repository's licence, where the cache describes it, goes with its README),
``…/api/datasets/{id}`` and ``…/api/models/{id}`` (Hugging Face). Answers are read with the same parsers
as when fetched; one that does not parse is ignored. When several answers describe one resource, the
newest wins (then the URL, for a deterministic choice). Only the graph's own resources are kept.

:func:`merged` puts the shipped metadata (:mod:`mmr_graph.enrich.shipped`) and the cache's together: for each
resource the newer record wins (a cache answer of the day a shipped record was read is the newer).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from mmr_graph.enrich import arxiv, github, huggingface
from mmr_graph.enrich.records import (
    HubMetadata,
    Metadata,
    Origin,
    PaperMetadata,
    ReadmeMetadata,
    RepositoryMetadata,
)
from mmr_graph.enrich.targets import Targets, targets_of_catalog
from mmr_graph.identity.namespaces import ARXIV, GITHUB, HUGGING_FACE, HUGGING_FACE_DATASETS
from mmr_graph.model import Catalog
from mmr_graph.web import ResponseCache

Record = PaperMetadata | RepositoryMetadata | HubMetadata | ReadmeMetadata
R = TypeVar("R", PaperMetadata, RepositoryMetadata, HubMetadata, ReadmeMetadata)


def metadata_of(cache: ResponseCache, catalog: Catalog) -> Metadata:
    """What ``cache`` knows of the resources a catalog links to."""
    return metadata_in(cache, targets_of_catalog(catalog))


def metadata_in(cache: ResponseCache, targets: Targets) -> Metadata:
    """What ``cache`` knows of ``targets``, keyed by each resource's canonical IRI."""
    arxiv_ids, repos = set(targets.arxiv), set(targets.repositories)
    hub_ids = {("dataset", i) for i in targets.datasets} | {("model", i) for i in targets.models}
    papers: dict[str, PaperMetadata] = {}
    repositories: dict[str, RepositoryMetadata] = {}
    hub: dict[str, HubMetadata] = {}
    readmes: dict[str, ReadmeMetadata] = {}
    for copy in cache.entries():
        if copy.status != 200:
            continue
        parts = urlsplit(copy.url)
        try:
            body = _body(copy.path)
        except OSError:
            continue
        if parts.path.endswith("/api/query") and "id_list" in parse_qs(parts.query):
            try:
                found = arxiv.read_feed(body, copy.fetched_at)
            except arxiv.BadFeed:
                continue
            for paper in found:
                if paper.arxiv_id in arxiv_ids:
                    _keep(papers, ARXIV + paper.arxiv_id, paper)
        elif (name := github.name_in_path(parts.path)) in repos and name is not None:
            repository = github.read_repository(body, name, copy.fetched_at)
            if repository is not None:
                _keep(repositories, GITHUB + name, repository)
        elif (name := github.readme_name_in_path(parts.path)) in repos and name is not None:
            readme = github.read_readme(body, name, copy.fetched_at)
            if readme is not None:
                _keep(readmes, GITHUB + name, readme)
        elif (found_id := huggingface.id_in_path(parts.path)) in hub_ids and found_id is not None:
            kind, hub_id = found_id
            entry = huggingface.read_hub(body, kind, hub_id, copy.fetched_at)
            if entry is not None:
                base = HUGGING_FACE_DATASETS if kind == "dataset" else HUGGING_FACE
                _keep(hub, base + hub_id, entry)
    for iri, readme in readmes.items():
        repository = repositories.get(iri)
        if repository is not None and repository.licence is not None:
            readmes[iri] = replace(readme, licence=repository.licence)
    apis: tuple[tuple[str, dict[str, Any]], ...] = (
        ("arxiv", papers),
        ("github", repositories),
        ("readme", readmes),
        ("huggingface", hub),
    )
    origins = tuple(origin for api, records in apis if (origin := _origin(api, records.values())) is not None)
    return Metadata(_sorted(papers), _sorted(repositories), _sorted(hub), origins, _sorted(readmes))


def merged(*bodies: Metadata) -> Metadata:
    """Several bodies of metadata as one: for each resource, the newest record of any of them; the origins
    say how many resources each body gave (a body none of whose records won is not named)."""
    where: dict[int, str] = {}  # id of a record -> where its body came from
    papers: dict[str, PaperMetadata] = {}
    repositories: dict[str, RepositoryMetadata] = {}
    hub: dict[str, HubMetadata] = {}
    readmes: dict[str, ReadmeMetadata] = {}
    for body in bodies:
        places = {o.api: o.where for o in body.origins}
        _merge(papers, body.papers, places.get("arxiv", "cache"), where)
        _merge(repositories, body.repositories, places.get("github", "cache"), where)
        _merge(hub, body.hub, places.get("huggingface", "cache"), where)
        _merge(readmes, body.readmes, places.get("readme", "cache"), where)
    apis: tuple[tuple[str, dict[str, Any]], ...] = (
        ("arxiv", papers),
        ("github", repositories),
        ("readme", readmes),
        ("huggingface", hub),
    )
    origins = tuple(
        origin
        for api, records in apis
        for place in ("shipped", "cache")
        if (origin := _origin(api, [r for r in records.values() if where[id(r)] == place], place))
    )
    return Metadata(_sorted(papers), _sorted(repositories), _sorted(hub), origins, _sorted(readmes))


def _merge(found: dict[str, R], records: dict[str, R], place: str, where: dict[int, str]) -> None:
    for iri, record in records.items():
        where[id(record)] = place
        _keep(found, iri, record)


def _body(path: str) -> bytes:
    from pathlib import Path

    return Path(path).read_bytes()


def _keep(found: dict[str, R], iri: str, record: R) -> None:
    """Keep the newest record of each resource (equal dates: the greater record, so order never matters)."""
    held = found.get(iri)
    if held is None or (record.fetched_at, repr(record)) > (held.fetched_at, repr(held)):
        found[iri] = record


def _sorted(found: dict[str, R]) -> dict[str, R]:
    return dict(sorted(found.items()))


def _origin(api: str, records: Iterable[Record], where: str = "cache") -> Origin | None:
    dates = sorted(r.fetched_at for r in records)
    if not dates:
        return None
    return Origin(api=api, where=where, resources=len(dates), oldest=dates[0], newest=dates[-1])


def build_metadata(catalog: Catalog, cache: ResponseCache | None, shipped: bool = True) -> Metadata:
    """The metadata a build puts into a catalog's graph: the shipped arXiv metadata of its papers and README
    excerpts of its repositories (unless ``shipped`` is false) and what ``cache`` holds (if given), the newer
    record of each resource winning. READMEs are kept only where extraction reads them (the one repository
    of an entry without a curated record): the graph's description names no README that said nothing."""
    read = _readmes_read(catalog)
    bodies = []
    if shipped:
        from mmr_graph.enrich.shipped import shipped_metadata
        from mmr_graph.enrich.shipped_readmes import shipped_readmes

        bodies.append(shipped_metadata(targets_of_catalog(catalog).arxiv))
        bodies.append(shipped_readmes(name.removeprefix(GITHUB) for name in read))
    if cache is not None:
        found = metadata_of(cache, catalog)
        bodies.append(replace(found, readmes={k: v for k, v in found.readmes.items() if k in read}))
    return merged(*bodies)


def _readmes_read(catalog: Catalog) -> set[str]:
    """The repository IRIs whose README extraction reads: each speaking for an entry without a curated
    record (:func:`mmr_graph.ingest.entry_facts.readme_repositories`)."""
    from mmr_graph.ingest.entry_facts import readme_repositories

    extracted = {e.key for e in catalog.entries if e.facts is not None and e.facts.source == "extracted"}
    return {iri for key, iri in readme_repositories(catalog).items() if key in extracted}
