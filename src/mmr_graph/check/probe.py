"""Check one URL over HTTP: HEAD (GET when HEAD is refused), redirects followed and recorded, bounded retries.

Only the status line and headers are read, never a body. Every request has a timeout; transient failures
(timeouts, resets, 5xx, 408, 429) are retried at most ``retries`` times with exponential backoff, and a
``429``/``503`` ``Retry-After`` is honoured up to ``max_retry_after`` seconds. Nothing waits past the
run's deadline.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from mmr_graph import __version__

USER_AGENT = f"mmr-graph/{__version__} (link checker; +https://w3id.org/mmr-graph)"
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_TRANSIENT = {408, 429, 500, 502, 503, 504}
_GONE = {404, 410}
# Characters left as they are in a request target; anything else (spaces, <>, non-ASCII) is %-encoded.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


@dataclass(frozen=True)
class ProbeSettings:
    timeout: float = 10.0  # seconds per request
    retries: int = 2  # extra attempts after a transient failure
    backoff: float = 1.0  # first wait between attempts; doubles each time
    max_retry_after: float = 30.0  # longest Retry-After honoured; longer ones give up at once
    max_redirects: int = 10
    user_agent: str = USER_AGENT


@dataclass
class Outcome:
    """What checking one URL found. ``status``: ok, redirected, dead, error, timeout or skipped."""

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


class _Failure(Exception):
    """A request that got no usable response; ``transient`` ones are worth another attempt."""

    def __init__(self, message: str, status: str, transient: bool, wait: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.transient = transient
        self.wait = wait  # from Retry-After


def request_target(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, ASCII host, port, path?query) of ``url``, %-encoding what HTTP does not allow as is."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = parts.hostname.encode("idna").decode("ascii")
    target = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        target += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return scheme, host, parts.port, target


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())


def _send(method: str, url: str, settings: ProbeSettings) -> tuple[int, str | None, str | None]:
    """One request: (status, Location, Retry-After). Raises OSError and http.client errors."""
    scheme, host, port, target = request_target(url)
    if scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            host, port, timeout=settings.timeout, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(host, port, timeout=settings.timeout)
    try:
        headers = {"User-Agent": settings.user_agent, "Accept": "*/*", "Connection": "close"}
        conn.request(method, target, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Location"), response.getheader("Retry-After")
    finally:
        conn.close()


def probe(url: str, settings: ProbeSettings, deadline: float | None = None) -> Outcome:
    """Check ``url``; ``deadline`` is a :func:`time.monotonic` time after which no request starts."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    outcome = Outcome(url=url, status="error", checked_at=now)
    current, method, failures = url, "HEAD", 0
    while True:
        if deadline is not None and time.monotonic() >= deadline:
            outcome.status, outcome.error = "skipped", "the run's time limit was reached"
            return outcome
        outcome.attempts += 1
        outcome.method = method
        start = time.monotonic()
        try:
            status, location = _attempt(method, current, settings)
        except _Failure as failure:
            outcome.seconds = round(time.monotonic() - start, 3)
            outcome.status, outcome.error = failure.status, str(failure)
            if not failure.transient:
                return outcome
            if method == "HEAD" and failure.status == "error" and failure.wait is None:
                method = "GET"  # some servers drop or fail HEAD requests: GET decides
                continue
            failures += 1
            if failure.wait is not None and failure.wait > settings.max_retry_after:
                outcome.error = f"{failure} (asks to retry after {failure.wait:.0f} s)"
                return outcome
            if failures > settings.retries:
                return outcome
            wait = settings.backoff * 2 ** (failures - 1) if failure.wait is None else failure.wait
            if deadline is not None:
                wait = min(wait, max(0.0, deadline - time.monotonic()))
            time.sleep(wait)
            continue
        outcome.seconds = round(time.monotonic() - start, 3)
        outcome.http_status = status
        if status in _REDIRECTS and location:
            if len(outcome.redirects) >= settings.max_redirects:
                outcome.status, outcome.error = "error", f"more than {settings.max_redirects} redirects"
                return outcome
            current = urljoin(current, location.strip())
            outcome.redirects.append((status, current))
            continue
        if status >= 400 and method == "HEAD":
            method = "GET"  # HEAD refused or unsupported (403, 404, 405, 501...): GET decides
            continue
        outcome.final_url = current if outcome.redirects else None
        outcome.status = _classify(status, outcome.redirects)
        outcome.error = None if outcome.status in ("ok", "redirected") else f"HTTP {status}"
        return outcome


def _attempt(method: str, url: str, settings: ProbeSettings) -> tuple[int, str | None]:
    """One request: (status, Location); failures are sorted into transient and final ones."""
    try:
        status, location, retry_after = _send(method, url, settings)
    except (ValueError, http.client.InvalidURL) as exc:  # not http(s), bad host, port or characters
        raise _Failure(f"unusable URL: {exc}", "dead", transient=False) from None
    except TimeoutError:
        raise _Failure(f"no response within {settings.timeout:g} s", "timeout", transient=True) from None
    except socket.gaierror as exc:
        raise _Failure(f"host not found ({exc.strerror or exc})", "dead", transient=False) from None
    except ConnectionRefusedError:
        raise _Failure("connection refused", "dead", transient=False) from None
    except ssl.SSLError as exc:
        raise _Failure(f"TLS error: {exc.reason or exc}", "error", transient=False) from None
    except (OSError, http.client.HTTPException) as exc:  # reset, closed, malformed response...
        raise _Failure(f"{type(exc).__name__}: {exc}".rstrip(": "), "error", transient=True) from None
    if status in _TRANSIENT:
        wait = parse_retry_after(retry_after) if status in (429, 503) else None
        raise _Failure(f"HTTP {status}", "error", transient=True, wait=wait)
    return status, location


def _classify(status: int, redirects: list[tuple[int, str]]) -> str:
    if 200 <= status < 300:
        return "redirected" if any(code in _PERMANENT for code, _ in redirects) else "ok"
    if status in _GONE:
        return "dead"
    return "error"  # 401, 403, other 4xx, 3xx without Location: the link may work in a browser
