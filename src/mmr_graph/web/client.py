"""The project's one HTTP client: every outbound request goes through :class:`WebClient`.

It holds the policy once (see the package docstring for the whole contract):

- a total deadline per request: connection, headers and body within ``timeout`` seconds, and everything
  (retries and redirects included) before the caller's ``deadline``, enforced on every socket operation;
- a bound on the size of what is read (``max_bytes``);
- redirects followed here, never by httpx: reads follow up to ``max_redirects`` hops; a write (POST, PUT,
  PATCH, DELETE) follows one only to the same origin with its method and body kept (307, 308, 301, 302),
  and any other redirect of a write is an error; credentials (``Authorization``, the URL's userinfo, the
  caller's own headers) never go to another origin, nor to any hop after the chain left the origin;
- the private-address guard on every hop that is not the trusted origin the user named;
- retries of reads with exponential backoff after a transient failure (timeout, broken connection, 408,
  429, 5xx), honouring ``Retry-After`` up to ``max_retry_after`` seconds (a longer one is not waited for);
- conditional requests and a dated on-disk copy (:class:`~mmr_graph.web.cache.ResponseCache`), offline mode;
- a User-Agent naming the project and its version; errors that hold neither a secret nor remote content.
"""

from __future__ import annotations

import base64
import datetime as dt
import ssl
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpcore
import httpx

from mmr_graph.web import urls
from mmr_graph.web.addresses import AddressGuard
from mmr_graph.web.errors import (
    BrokenAnswer,
    ConnectFailed,
    NotCached,
    RedirectRefused,
    Timeout,
    TLSFailed,
    TooLarge,
    WebError,
)
from mmr_graph.web.headers import parse_retry_after, reason_phrase, user_agent
from mmr_graph.web.transport import GuardedTransport, Hop, hop

if TYPE_CHECKING:
    from mmr_graph.web.cache import ResponseCache

REDIRECTS = frozenset({301, 302, 303, 307, 308})
TRANSIENT = frozenset({408, 429, 500, 502, 503, 504})
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_RETRIED = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Policy:
    """Limits of every request a :class:`WebClient` makes (each can be narrowed per call)."""

    timeout: float = 30.0  # seconds for one request: connection, headers and body
    max_bytes: int = 32 * 2**20  # largest body read
    max_redirects: int = 10
    retries: int = 2  # extra attempts of a read after a transient failure
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_retry_after: float = 30.0  # longest Retry-After waited for


@dataclass
class Reply:
    """An HTTP answer. URLs are redacted (no userinfo); ``body`` is empty when it was not read."""

    url: str  # where the answer came from, after redirects
    status: int
    headers: httpx.Headers
    body: bytes = b""
    method: str = "GET"
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, target) per hop followed
    attempts: int = 1
    seconds: float = 0.0  # the last attempt's time
    retry_after: float | None = None  # set when a Retry-After longer than allowed ended the retries
    from_cache: bool = False
    fetched_at: str = ""  # when this content was fetched (ISO 8601, UTC)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def reason(self) -> str:
        return reason_phrase(self.status)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class WebClient:
    """Makes requests under one :class:`Policy`, one :class:`AddressGuard` and (optionally) one cache.

    Thread-safe: one client can serve a pool of worker threads. Close it (or use it as a context
    manager) to close its pooled connections."""

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        guard: AddressGuard | None = None,
        cache: ResponseCache | None = None,
        offline: bool = False,
        max_connections: int = 64,
    ) -> None:
        self.policy = policy or Policy()
        self.guard = guard or AddressGuard()
        self.cache = cache
        self.offline = offline
        self._transport = GuardedTransport(self.guard, max_connections=max_connections)

    def __enter__(self) -> WebClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    # -----------------------------------------------------------------------------------------------
    # reads, with the cache

    def get(
        self,
        url: str,
        *,
        trusted: bool = False,
        deadline: float | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        headers: dict[str, str] | None = None,
        conditional: bool = True,
        max_age: float | None = None,
    ) -> Reply:
        """GET ``url`` and read its body. With a cache: offline answers from it only (or
        :class:`NotCached`); a copy younger than ``max_age`` seconds is used as it is; otherwise, with
        ``conditional``, the request carries the copy's ETag / Last-Modified and a 304 returns the copy
        (``from_cache``); a 200 replaces the copy."""
        store = self.cache
        entry = store.load(url) if store is not None else None
        if self.offline:
            if entry is None:
                raise NotCached(f"offline, and the cache has no copy of {urls.redact(url)}", attempts=0)
            return entry.reply()
        if entry is not None and max_age is not None and entry.age() <= max_age:
            return entry.reply()
        sent = dict(headers or {})
        if entry is not None and conditional:
            sent.update(entry.validators())
        reply = self.request(
            "GET", url, headers=sent, trusted=trusted, deadline=deadline, timeout=timeout, max_bytes=max_bytes
        )
        if store is None:
            return reply
        if reply.status == 304 and entry is not None:
            return store.revalidated(entry).reply(attempts=reply.attempts)
        if reply.status == 200:
            store.save(url, reply)
        return reply

    # -----------------------------------------------------------------------------------------------
    # any request

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        credentials: tuple[str, str] | None = None,
        trusted: bool = False,
        deadline: float | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        read_body: bool = True,
        retries: int | None = None,
    ) -> Reply:
        """One request under the policy (redirects followed, reads retried); any HTTP status is returned,
        a failure to get one raises a :class:`~mmr_graph.web.errors.WebError`.

        ``trusted``: the URL was named by the user, so its own origin is not subject to the address guard.
        ``credentials``: (user, password) for Basic authentication, sent to that origin only; userinfo in
        ``url`` is used the same way. ``deadline``: a :func:`time.monotonic` time by which everything ends.
        """
        method = method.upper()
        target, from_url = urls.without_userinfo(urls.parse(url))
        credentials = credentials or from_url
        allowed = self.policy.retries if retries is None else retries
        if method not in _RETRIED:
            allowed = 0
        attempts = failures = 0
        while True:
            attempts += 1
            try:
                reply = self._follow(method, target, body, headers, credentials, trusted, deadline,
                                     timeout, max_bytes, read_body)  # fmt: skip
            except WebError as exc:
                exc.attempts = attempts
                if not exc.transient or failures >= allowed or getattr(exc, "run_deadline", False):
                    raise
                failures += 1
                if not self._pause(self.policy.backoff * 2 ** (failures - 1), deadline):
                    raise
                continue
            reply.attempts = attempts
            if reply.status not in TRANSIENT or failures >= allowed:
                return reply
            wait = parse_retry_after(reply.headers.get("Retry-After")) if reply.status in (429, 503) else None
            if wait is not None and wait > self.policy.max_retry_after:
                reply.retry_after = wait
                return reply
            failures += 1
            if not self._pause(self.policy.backoff * 2 ** (failures - 1) if wait is None else wait, deadline):
                return reply

    @staticmethod
    def _pause(seconds: float, deadline: float | None) -> bool:
        """Sleep ``seconds`` unless that would pass ``deadline``; whether it slept."""
        if deadline is not None and time.monotonic() + seconds >= deadline:
            return False
        time.sleep(seconds)
        return True

    def _follow(
        self,
        method: str,
        url: httpx.URL,
        body: bytes | None,
        headers: dict[str, str] | None,
        credentials: tuple[str, str] | None,
        trusted: bool,
        deadline: float | None,
        timeout: float | None,
        max_bytes: int | None,
        read_body: bool,
    ) -> Reply:
        """One attempt: the request and the redirects it is allowed to follow."""
        first = urls.origin(url)
        redirects: list[tuple[int, str]] = []
        current, left_origin = url, False
        while True:
            left_origin = left_origin or urls.origin(current) != first
            sent = self._headers(headers, credentials, own=not left_origin)
            start = time.monotonic()
            limits = self._hop(start, timeout, deadline, guarded=not (trusted and not left_origin))
            status, answer, content = self._exchange(
                method, current, body, sent, limits, max_bytes, read_body and method != "HEAD"
            )
            seconds = time.monotonic() - start
            location = answer.get("Location")
            if status not in REDIRECTS or not location:
                return Reply(urls.redact(current), status, answer, content, method, redirects,
                             seconds=round(seconds, 3), fetched_at=_now())  # fmt: skip
            if len(redirects) >= self.policy.max_redirects:
                limit = self.policy.max_redirects
                raise RedirectRefused(f"more than {limit} redirects from {urls.redact(url)}")
            try:
                following, _ = urls.without_userinfo(urls.parse(current.join(location.strip())))
            except (urls.BadURL, httpx.InvalidURL):
                raise RedirectRefused(
                    f"{urls.redact(current)} answered {status} {reason_phrase(status)} with a redirect to "
                    "something that is not an http(s) URL"
                ) from None
            if method in WRITES and (status == 303 or urls.origin(following) != first):
                where = "to another origin" if urls.origin(following) != first else "as a read (303)"
                raise RedirectRefused(
                    f"{urls.redact(current)} answered {status} {reason_phrase(status)}: a {method} "
                    f"redirected {where} is not followed (nothing is known to have been stored)"
                )
            redirects.append((status, urls.redact(following)))
            current = following

    def _hop(self, start: float, timeout: float | None, deadline: float | None, *, guarded: bool) -> Hop:
        own = start + (self.policy.timeout if timeout is None else timeout)
        if deadline is not None and deadline <= own:
            return Hop(deadline, guarded, run_deadline=True)
        return Hop(own, guarded)

    @staticmethod
    def _headers(
        extra: dict[str, str] | None, credentials: tuple[str, str] | None, *, own: bool
    ) -> httpx.Headers:
        """The defaults, plus (to the origin the caller named only) its own headers and credentials."""
        headers = httpx.Headers({"User-Agent": user_agent(), "Accept": "*/*", "Accept-Encoding": "gzip"})
        if own:
            headers.update(extra or {})
            if credentials is not None:
                token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode("ascii")
                headers["Authorization"] = f"Basic {token}"
        return headers

    def _exchange(
        self,
        method: str,
        url: httpx.URL,
        body: bytes | None,
        headers: httpx.Headers,
        limits: Hop,
        max_bytes: int | None,
        read_body: bool,
    ) -> tuple[int, httpx.Headers, bytes]:
        """One HTTP exchange on this hop: (status, headers, body read up to ``max_bytes``)."""
        limit = self.policy.max_bytes if max_bytes is None else max_bytes
        request = httpx.Request(method, url, headers=headers, content=body)
        left = max(0.001, limits.deadline - time.monotonic())
        request.extensions["timeout"] = {"connect": None, "read": None, "write": None, "pool": left}
        shown = urls.redact(url)
        with hop(limits):
            try:
                response = self._transport.handle_request(request)
                try:
                    content = self._read(response, limit, shown) if read_body else b""
                finally:
                    response.close()
            except Timeout as exc:
                if not exc.transient:  # a name lookup that took too long says so
                    raise
                message = f"no complete answer from {shown} in time"
                raise Timeout(message, run_deadline=limits.run_deadline) from None
            except WebError:
                raise
            except (httpcore.TimeoutException, httpx.TimeoutException):
                message = f"no complete answer from {shown} in time"
                raise Timeout(message, run_deadline=limits.run_deadline) from None
            except httpcore.ConnectError as exc:
                if isinstance(exc.__cause__, ssl.SSLError):
                    reason = getattr(exc.__cause__, "reason", None) or "handshake failed"
                    raise TLSFailed(f"TLS with {shown} failed: {reason}") from None
                raise ConnectFailed(f"cannot connect to {shown}") from None
            except (httpcore.UnsupportedProtocol, httpcore.LocalProtocolError) as exc:
                raise urls.BadURL(f"cannot request {shown}: {type(exc).__name__}") from None
            except (httpcore.ProtocolError, httpcore.NetworkError, httpx.DecodingError, OSError):
                raise BrokenAnswer(f"{shown} closed the connection or did not answer in HTTP") from None
        return response.status_code, response.headers, content

    @staticmethod
    def _read(response: httpx.Response, limit: int, shown: str) -> bytes:
        """The body, decoded (gzip, deflate) and never more than ``limit`` bytes, even while decoding."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"{shown} answers {int(declared)} bytes, more than the {limit} allowed")
        coding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if coding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise BrokenAnswer(f"{shown} answers in an encoding that is not supported")
        decoder = None if coding in ("identity", "") else zlib.decompressobj(32 + zlib.MAX_WBITS)
        chunks: list[bytes] = []
        total = 0
        for raw in response.iter_raw():
            pending = raw
            while pending:
                if decoder is None:
                    piece, pending = pending, b""
                else:
                    try:
                        piece = decoder.decompress(pending, limit - total + 1)
                    except zlib.error:
                        raise BrokenAnswer(f"{shown} sent a body that does not decode") from None
                    pending = decoder.unconsumed_tail
                total += len(piece)
                if total > limit:
                    raise TooLarge(f"{shown} answers more than the {limit} bytes allowed")
                chunks.append(piece)
        if decoder is not None:
            tail = decoder.flush()
            if total + len(tail) > limit:
                raise TooLarge(f"{shown} answers more than the {limit} bytes allowed")
            chunks.append(tail)
        return b"".join(chunks)
