"""How long a client may take to send one request: its headers and its body, from the first byte (or from
the end of the previous answer on a kept-alive connection) to the last.

uvicorn bounds an idle connection (keep-alive) but not one that sends its request a byte at a time: such a
client (slowloris) held a connection open for as long as it kept dripping, and enough of them take every
descriptor the endpoint has. Here a connection whose request is not complete ``REQUEST_SECONDS`` after it
began is closed; the time a query runs is bounded separately (``--timeout``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

REQUEST_SECONDS = 10.0


class BoundedRequestProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a deadline on receiving each request."""

    request_seconds = REQUEST_SECONDS

    def connection_made(self, transport: Any) -> None:  # the base class types it narrower than asyncio
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_after: object = None  # the request answered before the one being received
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._waiting_after = self.cycle
        self._deadline = self.loop.call_later(self.request_seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def handle_events(self) -> None:
        super().handle_events()
        cycle = self.cycle
        if cycle is not None and cycle is not self._waiting_after and not cycle.more_body:
            self._disarm()  # this request is in, body and all

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()  # first: the base class may go on to a pipelined request that is complete already
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()
