"""Load the graph into someone's own triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

``PUT`` replaces a graph, ``POST`` adds to it; the graph is named with ``?graph=IRI`` or is the store's
default graph (``?default``). The data goes as N-Triples, which Oxigraph, Jena Fuseki and GraphDB all read.
"""

from __future__ import annotations

import base64
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from mmr_graph.errors import MmrGraphError


class PushError(MmrGraphError):
    """The store could not be reached or refused the graph."""


@dataclass
class PushResult:
    url: str
    method: str
    status: int
    reason: str
    seconds: float


def target_url(endpoint: str, graph_name: str | None) -> str:
    """The Graph Store Protocol URL of the graph: ``ENDPOINT?graph=IRI`` or ``ENDPOINT?default``."""
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(
            f"--endpoint must be an http(s) URL of a Graph Store Protocol service, not {endpoint!r}"
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
    method = "PUT" if replace else "POST"
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/n-triples")
    if credentials:
        token = base64.b64encode(f"{credentials[0]}:{credentials[1]}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status, reason = response.status, response.reason
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        hint = f": {detail[0]}" if detail else ""
        raise PushError(f"{url} answered {exc.code} {exc.reason}{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason_text = getattr(exc, "reason", exc)
        raise PushError(f"cannot reach {url}: {reason_text}") from None
    return PushResult(url, method, status, reason, time.perf_counter() - start)
