"""Check one URL over HTTP: HEAD (GET when HEAD is refused), redirects followed and recorded, bounded retries.

Requests go through the project's one HTTP client (:mod:`mmr_graph.web`), which holds the policy: every
request ends within ``timeout`` seconds (connection, headers and body together), nothing runs past the
run's deadline, transient failures (timeouts, broken connections, 5xx, 408, 429) are retried at most
``retries`` times with exponential backoff, a ``429``/``503`` ``Retry-After`` is honoured up to
``max_retry_after`` seconds, and only public addresses are reached (after name resolution, on every
redirect) unless ``allow_private``. Only the status line and headers are read, never a body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mmr_graph.web import AddressGuard, Policy, Reply, WebClient, WebError
from mmr_graph.web import errors as web_errors

_PERMANENT = {301, 308}
_GONE = {404, 410}
RUN_DEADLINE = "the run's time limit was reached"


@dataclass(frozen=True)
class ProbeSettings:
    timeout: float = 10.0  # seconds per request: connection, headers and body
    retries: int = 2  # extra attempts after a transient failure
    backoff: float = 1.0  # first wait between attempts; doubles each time
    max_retry_after: float = 30.0  # longest Retry-After honoured; longer ones give up at once
    max_redirects: int = 10
    allow_private: bool = False  # check loopback, private and link-local addresses too

    def policy(self) -> Policy:
        return Policy(
            timeout=self.timeout,
            max_bytes=0,
            max_redirects=self.max_redirects,
            retries=self.retries,
            backoff=self.backoff,
            max_retry_after=self.max_retry_after,
        )


def address_guard(settings: ProbeSettings) -> AddressGuard:
    """The guard of a run: public addresses only, unless ``--allow-private``."""
    return AddressGuard(allow_private=settings.allow_private)


def client_for(settings: ProbeSettings, connections: int = 64) -> WebClient:
    """A client for a run of probes (share it between threads; close it at the end)."""
    return WebClient(settings.policy(), guard=address_guard(settings), max_connections=connections)


@dataclass
class Outcome:
    """What checking one URL found. ``status``: ok, redirected, dead, error, timeout, blocked or skipped."""

    url: str
    status: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)
    method: str = "HEAD"
    attempts: int = 0
    seconds: float = 0.0  # response time of the last request
    error: str | None = None
    checked_at: str = ""


def probe(url: str, settings: ProbeSettings, deadline: float | None = None,
          client: WebClient | None = None) -> Outcome:  # fmt: skip
    """Check ``url``; ``deadline`` is a :func:`time.monotonic` time by which the check ends."""
    if client is None:
        with client_for(settings, connections=4) as own:
            return probe(url, settings, deadline, own)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    outcome = Outcome(url=url, status="error", checked_at=now)
    for method in ("HEAD", "GET"):
        outcome.method = method
        try:
            reply = client.request(method, url, deadline=deadline, read_body=False)
        except WebError as exc:
            outcome.attempts += exc.attempts
            if method == "HEAD" and exc.kind == "protocol":
                continue  # some servers drop or fail HEAD requests: GET decides
            outcome.status, outcome.error = _failure(exc, settings)
            return outcome
        outcome.attempts += reply.attempts
        _record(outcome, reply)
        if reply.retry_after is not None:
            outcome.error = f"HTTP {reply.status} (asks to retry after {reply.retry_after:.0f} s)"
            return outcome
        if reply.status >= 400 and method == "HEAD":
            continue  # HEAD refused or unsupported (403, 404, 405, 501...): GET decides
        outcome.status = _classify(reply.status, outcome.redirects)
        outcome.error = None if outcome.status in ("ok", "redirected") else f"HTTP {reply.status}"
        return outcome
    return outcome


def _record(outcome: Outcome, reply: Reply) -> None:
    outcome.seconds = reply.seconds
    outcome.http_status = reply.status
    outcome.redirects = list(reply.redirects)
    outcome.final_url = reply.url if reply.redirects else None
    outcome.status, outcome.error = "error", f"HTTP {reply.status}"


def _failure(exc: WebError, settings: ProbeSettings) -> tuple[str, str]:
    """(status, error) of a request that got no answer."""
    if isinstance(exc, web_errors.Timeout):
        if exc.run_deadline:
            return "skipped", RUN_DEADLINE
        return "timeout", f"no complete response within {settings.timeout:g} s"
    if isinstance(exc, web_errors.Blocked):
        return "blocked", exc.message
    if isinstance(exc, web_errors.NameNotFound):
        return "dead", "host not found"
    if isinstance(exc, web_errors.ConnectFailed):
        return ("dead" if exc.refused else "error"), exc.message
    if isinstance(exc, web_errors.BadURL):
        return "dead", f"unusable URL: {exc.message}"
    return "error", exc.message


def _classify(status: int, redirects: list[tuple[int, str]]) -> str:
    if 200 <= status < 300:
        return "redirected" if any(code in _PERMANENT for code, _ in redirects) else "ok"
    if status in _GONE:
        return "dead"
    return "error"  # 401, 403, other 4xx, 3xx without Location: the link may work in a browser
