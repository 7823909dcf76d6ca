"""``mmr-graph enrich``: look up the metadata of a graph's resources and keep the answers in the cache.

Every request goes through the project's one HTTP client (:class:`~mmr_graph.web.WebClient`), which keeps
each answer, dated, in the cache (``--cache DIR``): the build reads them from there
(:mod:`mmr_graph.enrich.stored`). The API base URLs are the user's (``--arxiv-api``, ``--github-api``,
``--hf-endpoint``): they are requested as ``trusted`` (the private-address guard does not apply to the
origin the user named, so a local mirror works), everything else is guarded.

GitHub is asked, for each repository, for its description and then for its README (which extraction reads:
:mod:`mmr_graph.ingest.readme_text`); a repository GitHub does not describe is not asked for a README, and
a 404 for a README means the repository has none: counted, not a problem, and kept in the cache like an
answer, so that ``max_age`` and ``--offline`` know it too (the build reads only 200 answers).

Etiquette: arXiv is asked for at most :data:`~mmr_graph.enrich.arxiv.BATCH` ids a request, one request at a
time, :data:`~mmr_graph.enrich.arxiv.PAUSE` seconds apart. A copy younger than ``max_age`` is used without
a request; an older one is revalidated (``If-None-Match``: GitHub does not count a 304 against the rate
limit). The client retries 429 and 5xx answers as ``Retry-After`` asks; a longer wait, a 403 with
``Retry-After`` (GitHub's secondary rate limit) or GitHub's ``X-RateLimit-Remaining: 0`` stops the requests
to that API for this run (reported, not an error).
Tokens come from ``GITHUB_TOKEN`` and ``HF_TOKEN``, go to their API's origin only and are never printed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from mmr_graph.enrich import arxiv, github, huggingface
from mmr_graph.enrich.targets import Targets
from mmr_graph.web import NotCached, Reply, WebClient, WebError, parse_retry_after


@dataclass(frozen=True)
class Apis:
    """Where each API is, and the tokens to send it."""

    arxiv: str = arxiv.DEFAULT_API
    github: str = github.DEFAULT_API
    huggingface: str = huggingface.DEFAULT_ENDPOINT
    github_token: str | None = field(default=None, repr=False)
    hf_token: str | None = field(default=None, repr=False)


@dataclass
class Tally:
    """What one API gave: resources found, answers fresh from the network or from the cache, problems."""

    asked: int = 0
    found: int = 0
    found_ids: list[str] = field(default_factory=list)  # arXiv: the ids found
    requests: int = 0  # requests that reached the server
    cached: int = 0  # answers the cache gave without a request
    absent: int = 0  # 404 answers where a resource may well not exist (a repository without a README)
    problems: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the requests to this API ended early


@dataclass
class Enrichment:
    arxiv: Tally = field(default_factory=Tally)
    github: Tally = field(default_factory=Tally)
    readmes: Tally = field(default_factory=Tally)  # READMEs, asked of the repositories GitHub described
    huggingface: Tally = field(default_factory=Tally)


class _Session:
    def __init__(self, web: WebClient, max_age: float, say: Callable[[str], None]) -> None:
        self.web, self.max_age, self.say = web, max_age, say
        self.last_request: float | None = None

    def fresh(self, url: str) -> bool:
        """Whether the cache answers ``url`` without a request."""
        cache = self.web.cache
        copy = cache.load(url) if cache is not None else None
        return self.web.offline or (copy is not None and copy.age() <= self.max_age)

    def get(
        self, url: str, tally: Tally, headers: dict[str, str], pause: float = 0.0, may_be_absent: bool = False
    ) -> Reply | None:
        """The answer to ``url``, or None (a problem, noted in ``tally``; with ``may_be_absent`` a 404 is
        counted as ``absent``, not as a problem)."""
        asks = not self.fresh(url)
        if asks and pause and self.last_request is not None:
            time.sleep(max(0.0, self.last_request + pause - time.monotonic()))
        try:
            reply = self.web.get(url, trusted=True, headers=headers, max_age=self.max_age)
        except NotCached:
            tally.problems.append(f"not in the cache: {_shown(url)}")
            return None
        except WebError as exc:
            tally.problems.append(str(exc))
            return None
        finally:
            if asks:  # the pause counts from the last request that went out
                self.last_request = time.monotonic()
        if reply.from_cache and reply.attempts == 0:
            tally.cached += 1
        else:
            tally.requests += 1
        if reply.status == 200:
            return reply
        if reply.status == 404 and may_be_absent:
            tally.absent += 1
            if self.web.cache is not None and not reply.from_cache:  # remembered, as a 200 is, for max_age
                self.web.cache.save(url, reply)
            return None
        wait = reply.retry_after
        if wait is None and reply.status in (403, 429):  # GitHub's secondary rate limit: 403, Retry-After
            wait = parse_retry_after(reply.headers.get("Retry-After"))
        if wait is not None:
            tally.stopped = f"rate limited: the server asks to wait {wait:.0f} s"
        elif reply.status in (403, 429) and reply.headers.get("X-RateLimit-Remaining") == "0":
            tally.stopped = "rate limit reached (set GITHUB_TOKEN for a higher one)"
        elif reply.status == 429:
            tally.stopped = "rate limited (429 Too Many Requests)"
        else:
            tally.problems.append(f"{reply.url} answered {reply.status} {reply.reason}")
        return None


def _shown(url: str) -> str:
    from mmr_graph.web import redact

    return redact(url)


def enrich(
    targets: Targets,
    web: WebClient,
    apis: Apis,
    max_age: float,
    say: Callable[[str], None] = lambda _: None,
) -> Enrichment:
    """Look up every target (answers end up in ``web``'s cache) and tally what was found."""
    session = _Session(web, max_age, say)
    result = Enrichment()
    _arxiv(session, targets, apis, result.arxiv)
    _github(session, targets, apis, result.github, result.readmes)
    _hub(session, targets, apis, result.huggingface)
    return result


def _arxiv(session: _Session, targets: Targets, apis: Apis, tally: Tally) -> None:
    tally.asked = len(targets.arxiv)
    for url, ids in arxiv.query_urls(apis.arxiv, targets.arxiv, arxiv.BATCH):
        reply = session.get(url, tally, {"Accept": "application/atom+xml"}, pause=arxiv.PAUSE)
        if reply is None:
            if tally.stopped:
                return
            continue
        try:
            papers = arxiv.read_feed(reply.body, reply.fetched_at)
        except arxiv.BadFeed as exc:
            tally.problems.append(f"{reply.url}: {exc}")
            continue
        found = sorted({p.arxiv_id for p in papers} & set(ids))
        tally.found += len(found)
        tally.found_ids += found
        session.say(f"arXiv: {tally.found} of {tally.asked} papers")


def _github(session: _Session, targets: Targets, apis: Apis, tally: Tally, readmes: Tally) -> None:
    """Each repository, then (if GitHub described it) its README; a rate limit met by either request stops
    both (one API, one limit)."""
    tally.asked = len(targets.repositories)
    sent = github.headers(apis.github_token)
    for name in targets.repositories:
        reply = session.get(github.repository_url(apis.github, name), tally, sent)
        if _stopped_both(tally, readmes):
            return
        if reply is None:
            continue
        if github.read_repository(reply.body, name, reply.fetched_at) is None:
            tally.problems.append(f"{reply.url}: not a repository's JSON description")
            continue
        tally.found += 1
        readmes.asked += 1
        answer = session.get(github.readme_url(apis.github, name), readmes, sent, may_be_absent=True)
        if _stopped_both(readmes, tally):
            return
        if answer is None:
            continue
        if github.read_readme(answer.body, name, answer.fetched_at) is None:
            readmes.problems.append(f"{answer.url}: not a README in GitHub's JSON (a base64-encoded file)")
            continue
        readmes.found += 1


def _stopped_both(asked: Tally, other: Tally) -> bool:
    """Whether the request just made met a rate limit; if so the other request of the same API stops too."""
    if asked.stopped:
        other.stopped = asked.stopped
    return bool(asked.stopped)


def _hub(session: _Session, targets: Targets, apis: Apis, tally: Tally) -> None:
    wanted = [("dataset", i) for i in targets.datasets] + [("model", i) for i in targets.models]
    tally.asked = len(wanted)
    sent = huggingface.headers(apis.hf_token)
    for kind, hub_id in wanted:
        reply = session.get(huggingface.hub_url(apis.huggingface, kind, hub_id), tally, sent)
        if reply is None:
            if tally.stopped:
                return
            continue
        if huggingface.read_hub(reply.body, kind, hub_id, reply.fetched_at) is None:
            tally.problems.append(f"{reply.url}: not a {kind}'s JSON description")
            continue
        tally.found += 1
