"""Which requests the endpoint answers at all: the ``Host`` it is called by and, for a POST, the page that
sent it.

- **Host** (against DNS rebinding: a web page whose name an attacker points at 127.0.0.1 reaches a loopback
  endpoint as "same origin"): bound to a loopback address, the endpoint answers only requests whose
  ``Host`` is a loopback name (``localhost``, ``127.0.0.1``, ``[::1]``, any port) or a name given with
  ``--allow-host``; others get 403. Bound to another address, any ``Host`` is answered unless
  ``--allow-host`` names the accepted ones (then those, the loopback names and the bound address).
  ``--allow-host '*'`` accepts any.
- **Origin** (against a web page that POSTs a form to the endpoint): a POST that carries an ``Origin``
  header other than the endpoint's own (``http://`` + its ``Host``), or ``Origin: null``, or no ``Origin``
  but ``Sec-Fetch-Site: cross-site``/``same-site``, gets 403. Tools that send neither (curl, scripts) are
  answered.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
_CROSS = {"cross-site", "same-site"}

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def allowed_hosts(bound_loopback: bool, bound_host: str, extra: Iterable[str]) -> frozenset[str] | None:
    """The host names to answer to (without ports), or None for any."""
    names = {_name(n) for n in extra}
    if "*" in names:
        return None
    if not bound_loopback and not names:
        return None
    bound = f"[{bound_host}]" if ":" in bound_host else bound_host
    return frozenset(LOOPBACK_NAMES | names | ({bound.lower()} if not bound_loopback else set()))


# a Host header: a bracketed IPv6 address or a name, then an optional port (RFC 9110, section 7.2)
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[^\s:\[\]@/]+)(?::[0-9]+)?")


def _name(host: str) -> str:
    """``Host`` header value -> the name without its port, lower case (``[::1]:7070`` -> ``[::1]``); a
    value that is not a host (``[::1]evil.example``) is returned whole, which names no allowed host."""
    host = host.strip().lower()
    m = _HOST.fullmatch(host)
    return m.group(1) if m else host


def refusal(headers: dict[str, str], method: str, hosts: frozenset[str] | None) -> str | None:
    """Why the request is refused, or None. ``headers``: lower-case names."""
    host = headers.get("host")
    if hosts is not None and host is not None and _name(host) not in hosts:
        shown = ", ".join(sorted(hosts))
        return (
            f"this endpoint answers to the host names {shown} only "
            "(start it with --allow-host NAME to answer to another)"
        )
    if method in ("GET", "HEAD", "OPTIONS"):
        return None
    origin = headers.get("origin")
    if origin is not None:
        if host is None or origin.strip().lower() != f"http://{host.strip().lower()}":
            return "a POST from another origin (a web page elsewhere) is refused"
    elif headers.get("sec-fetch-site", "").lower() in _CROSS:
        return "a POST from another site is refused"
    return None


class HostGuard:
    """ASGI middleware answering 403 (plain text) to the requests :func:`refusal` refuses."""

    def __init__(self, app: Any, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Any, send: Send) -> None:
        if scope["type"] == "http":
            pairs = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]]
            headers = dict(pairs)
            names = [k for k, _ in pairs]
            if names.count("host") > 1 or names.count("origin") > 1:
                why: str | None = "a request with two Host or two Origin headers is refused"
            else:
                why = refusal(headers, scope["method"], self.hosts)
            if why is not None:
                body = (why + "\n").encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 403,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
