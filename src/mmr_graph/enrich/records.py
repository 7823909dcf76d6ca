"""What enrichment knows about a resource: one immutable record per paper, repository and hub entry, each
dated with when its source answered (``fetched_at``, ISO 8601 UTC)."""

from __future__ import annotations

from dataclasses import dataclass, field

# the shipped arXiv metadata (mmr_graph.enrich.shipped): where it was read, and the licence arXiv gives it
SHIPPED_SOURCE = "https://arxiv.org/"
SHIPPED_LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/"


@dataclass(frozen=True)
class PaperMetadata:
    """An arXiv paper as the arXiv API (or the shipped file, :mod:`mmr_graph.enrich.shipped`) describes it,
    authors in the paper's order. ``fetched_at`` is when it was read: an ISO 8601 UTC date-time for an API
    answer, a date (YYYY-MM-DD) for a shipped record."""

    arxiv_id: str  # without version
    title: str
    authors: tuple[str, ...]
    abstract: str
    published: str | None  # first submission date, YYYY-MM-DD (None: not known)
    categories: tuple[str, ...]  # primary category first
    doi: str | None
    journal_ref: str | None
    fetched_at: str
    abstract_complete: bool = True  # False: only the beginning of the abstract could be read


@dataclass(frozen=True)
class RepositoryMetadata:
    """A GitHub repository as GitHub's REST API describes it."""

    full_name: str  # owner/name, as the graph's IRI spells it
    stars: int
    licence: str | None  # SPDX identifier
    language: str | None
    topics: tuple[str, ...]
    pushed_at: str | None  # ISO 8601 date-time
    archived: bool
    fetched_at: str


@dataclass(frozen=True)
class ReadmeMetadata:
    """A GitHub repository's README: as GitHub's REST API gives it (``GET /repos/{owner}/{name}/readme``,
    the whole Markdown text), or as shipped (:mod:`mmr_graph.enrich.shipped_readmes`: the sentences of it that
    name a method or a model, one paragraph each). Extraction reads its prose
    (:mod:`mmr_graph.ingest.readme_text`)."""

    full_name: str  # owner/name, as the graph's IRI spells it
    path: str  # the README's path in the repository (README.md)
    text: str  # Markdown
    fetched_at: str
    commit: str | None = None  # the commit it was read at, where known
    licence: str | None = None  # SPDX identifier of the repository's licence, where known


# the topics or tags kept of one resource, and the characters of one: GitHub allows 20 topics of 50
# characters and a Hub card has tens of tags; a hostile answer of 16 MiB must not become a million triples
MAX_KEYWORDS = 256
MAX_KEYWORD = 200


def keywords(value: object) -> tuple[str, ...]:
    """Topics or tags as an API gives them (a list of strings; a model card may give one as a string):
    sorted, each once, none longer than :data:`MAX_KEYWORD`, at most :data:`MAX_KEYWORDS` (the first in
    sorted order, so that the same answer always keeps the same ones)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(sorted({t for t in value if isinstance(t, str) and 0 < len(t) <= MAX_KEYWORD}))[
        :MAX_KEYWORDS
    ]


@dataclass(frozen=True)
class HubMetadata:
    """A Hugging Face dataset or model as the Hub API describes it."""

    kind: str  # "dataset" or "model"
    hub_id: str  # namespace/name (or name)
    downloads: int | None
    likes: int | None
    licence: str | None
    tags: tuple[str, ...]
    fetched_at: str
    card_tags: tuple[str, ...] = ()  # the tags its model card declares (cardData.tags), among ``tags``


@dataclass(frozen=True)
class Origin:
    """One body of metadata that went into a build: which API, from where (``cache``, or ``shipped``: the
    file that comes with mmr-graph), how many resources and the dates of its oldest and newest answer."""

    api: str  # "arxiv", "github", "readme" (GitHub READMEs) or "huggingface"
    where: str  # "cache" or "shipped"
    resources: int
    oldest: str
    newest: str


@dataclass(frozen=True)
class Metadata:
    """Everything a build adds from enrichment, keyed by the resources' canonical IRIs."""

    papers: dict[str, PaperMetadata] = field(default_factory=dict)
    repositories: dict[str, RepositoryMetadata] = field(default_factory=dict)
    hub: dict[str, HubMetadata] = field(default_factory=dict)
    origins: tuple[Origin, ...] = ()
    readmes: dict[str, ReadmeMetadata] = field(default_factory=dict)  # by repository IRI

    def __bool__(self) -> bool:
        return bool(self.papers or self.repositories or self.hub or self.readmes)
