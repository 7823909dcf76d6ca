"""Load the graph into someone's own triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``PUT`` replaces a graph, ``POST`` adds to it; the graph is named with ``?graph=IRI`` or is the store's
default graph (``?default``). The data goes as N-Triples, which Oxigraph, Jena Fuseki and GraphDB all read.

What a push promises: success is reported only when the store itself answered the write with a 2xx
status; the whole request (connection, headers and body, same-origin redirects included) ends within
``timeout`` seconds; a redirect is followed only to the same origin with the method and body kept (a 303,
or a redirect to another origin, is an error); credentials go to the endpoint's origin only; a password
given in the endpoint URL is sent as Basic authentication and never shown; nothing the store sends back
is shown. The endpoint is named by the user, so it may be a local or private address.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from mmr_graph.errors import MmrGraphError
from mmr_graph.web import urls
from mmr_graph.web.client import Policy, WebClient
from mmr_graph.web.errors import RedirectRefused, WebError

_ANSWER_LIMIT = 2**20  # a store's answer to a write is read (and dropped) up to this size


class PushError(MmrGraphError):
    """The store could not be reached or refused the graph."""


@dataclass
class PushResult:
    url: str  # redacted
    method: str
    status: int
    reason: str
    seconds: float


def target_url(endpoint: str, graph_name: str | None) -> str:
    """The Graph Store Protocol URL of the graph: ``ENDPOINT?graph=IRI`` or ``ENDPOINT?default``."""
    try:
        parts = urlsplit(endpoint)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        usable = False
    if not usable:
        raise PushError(
            "--endpoint must be an http(s) URL of a Graph Store Protocol service, "
            f"not {urls.redact(endpoint)!r}"
        )
    if graph_name is not None:
        name = urlsplit(graph_name)
        if not name.scheme or any(c in graph_name for c in ' <>"{}|\\^`'):
            raise PushError(f"--graph-name must be an absolute IRI, not {graph_name!r}")
    query = urlencode({"graph": graph_name}) if graph_name is not None else "default"
    return f"{endpoint}{'&' if parts.query else '?'}{query}"


def push(
    data: bytes,
    endpoint: str,
    graph_name: str | None = None,
    replace: bool = True,
    credentials: tuple[str, str] | None = None,
    timeout: float = 60.0,
) -> PushResult:
    """Send N-Triples ``data`` to the store: ``PUT`` (replace the graph) or ``POST`` (add to it)."""
    url = target_url(endpoint, graph_name)
    shown = urls.redact(url)
    method = "PUT" if replace else "POST"
    start = time.monotonic()
    with WebClient(Policy(timeout=timeout, max_bytes=_ANSWER_LIMIT, retries=0)) as client:
        try:
            reply = client.request(
                method,
                url,
                body=data,
                headers={"Content-Type": "application/n-triples"},
                credentials=credentials,
                trusted=True,
                deadline=start + timeout,
                retries=0,
            )
        except RedirectRefused as exc:
            raise PushError(exc.message) from None
        except WebError as exc:
            raise PushError(f"cannot reach {shown}: {exc.message} (nothing was stored)") from None
    if not reply.ok:
        raise PushError(f"{shown} answered {reply.status} {reply.reason}: nothing was stored")
    return PushResult(shown, method, reply.status, reply.reason, time.monotonic() - start)
