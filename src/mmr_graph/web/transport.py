"""The connection layer under httpx: every byte of a request within its deadline, every connection to a
checked address.

httpx's timeouts bound each socket operation, so a server that sends one byte a second keeps a request
open for ever. Here each request runs under a :class:`Hop` (set by the client for the current thread):
its absolute deadline bounds name resolution, connecting, the TLS handshake, writing the request and
reading every header and body byte, because each of these operations is given only the time that is left.

The network backend resolves names itself (in a thread, within the deadline), checks the addresses with
the :class:`~mmr_graph.web.addresses.AddressGuard` when the hop is guarded, and connects to a checked
address; httpcore then speaks HTTP (and TLS, with the URL's host name for SNI and certificate checks) on
that connection. Guarded and trusted requests never share a pooled connection. Proxies from the
environment are not used: a proxy would resolve names where the guard cannot see.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import ssl
import time
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import httpcore
import httpx

from mmr_graph.web.addresses import AddressGuard
from mmr_graph.web.errors import ConnectFailed, Timeout


@dataclass(frozen=True)
class Hop:
    """The limits of the request being made on this thread: a :func:`time.monotonic` deadline, whether
    the address guard applies, and whether the deadline is the caller's overall one."""

    deadline: float
    guarded: bool
    run_deadline: bool = False


_HOP: contextvars.ContextVar[Hop | None] = contextvars.ContextVar("mmr_graph_web_hop", default=None)


@contextlib.contextmanager
def hop(limits: Hop) -> Iterator[None]:
    """Run the requests and reads inside the block under ``limits``."""
    token = _HOP.set(limits)
    try:
        yield
    finally:
        _HOP.reset(token)


def _current() -> Hop:
    limits = _HOP.get()
    if limits is None:  # only the client makes requests, always inside hop()
        raise RuntimeError("a request outside mmr_graph.web's client")
    return limits


def _left(timeout: float | None, what: str) -> float:
    """Seconds this operation may take: what is left before the deadline (and at most ``timeout``)."""
    limits = _current()
    left = limits.deadline - time.monotonic()
    if left <= 0:
        raise Timeout(f"time is up while {what}", run_deadline=limits.run_deadline)
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the current hop's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, "waiting for the answer"))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, "sending the request"))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, "starting TLS"))
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks (for guarded hops) and connects to a checked address, within the deadline."""

    def __init__(self, guard: AddressGuard, guarded: bool) -> None:
        self._guard = guard
        self._guarded = guarded
        self._sync = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        if _current().guarded != self._guarded:  # a pool is only ever used for its own kind of hop
            raise RuntimeError("guarded and trusted requests mixed in one pool")
        lookup = _left(timeout, "looking up the host")
        try:
            addresses = self._guard.addresses(host, port, lookup, guarded=self._guarded)
        except Timeout as exc:  # the lookup used all the time left: whose deadline was it?
            exc.run_deadline = _current().run_deadline
            raise
        failure: OSError | None = None
        for _family, sockaddr in addresses:
            try:
                # an address literal: no second name lookup, the connection goes where the check looked
                stream = self._sync.connect_tcp(
                    sockaddr[0], port, _left(timeout, "connecting"), local_address, socket_options
                )
            except httpcore.ConnectTimeout:
                message = f"no connection to {host} in time"
                raise Timeout(message, run_deadline=_current().run_deadline) from None
            except httpcore.ConnectError as exc:
                failure = exc.__cause__ if isinstance(exc.__cause__, OSError) else OSError(str(exc))
                continue
            return DeadlineStream(stream)
        refused = isinstance(failure, ConnectionRefusedError)
        raise ConnectFailed(_connect_message(host, failure), refused=refused)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def _connect_message(host: str, failure: OSError | None) -> str:
    if isinstance(failure, ConnectionRefusedError):
        return "connection refused"
    if isinstance(failure, socket.timeout):
        return f"no connection to {host} in time"
    reason = (failure.strerror if failure is not None else None) or "no route"
    return f"cannot connect to {host}: {reason.lower()}"


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport over two httpcore pools (guarded, trusted) on the :class:`GuardedBackend`."""

    def __init__(self, guard: AddressGuard, *, max_connections: int = 64) -> None:
        context = httpx.create_ssl_context(trust_env=True)
        self._pools = {
            guarded: httpcore.ConnectionPool(
                ssl_context=context,
                max_connections=max_connections,
                max_keepalive_connections=max_connections,
                keepalive_expiry=30.0,
                network_backend=GuardedBackend(guard, guarded),
            )
            for guarded in (True, False)
        }

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        answer = self._pools[_current().guarded].handle_request(core)
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()
