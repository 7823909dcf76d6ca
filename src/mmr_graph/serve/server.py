"""Run the endpoint: bind the socket, get the graph's store on disk for the workers, serve with uvicorn until
stopped."""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mmr_graph.errors import MmrGraphError
from mmr_graph.serve.app import Settings

log = logging.getLogger("mmr_graph.serve")


class ServeError(MmrGraphError):
    """The endpoint cannot start (the port is taken, the host is unknown...)."""


def query_page_data() -> dict[str, Any]:
    """What the query page needs: the project's prefixes and the named queries with their text."""
    from mmr_graph.identity.namespaces import PREFIXES
    from mmr_graph.query.named import named_queries

    return {
        "prefixes": PREFIXES,
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": q.params,
                "defaults": q.defaults(),
                "sparql": q.text,
            }
            for q in named_queries().values()
        ],
    }


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(1024)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def is_loopback(sock: socket.socket) -> bool:
    return ipaddress.ip_address(sock.getsockname()[0]).is_loopback


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def configure_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for name, level in (("mmr_graph.serve", logging.WARNING if quiet else logging.INFO), ("uvicorn", 30)):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level)
        logger.propagate = False


def run(
    graph: Callable[[Path], tuple[Path, int]],
    host: str,
    port: int,
    workers: int,
    settings: Settings,
    announce: Callable[[str], None],
) -> None:
    """Serve a graph until interrupted. ``graph`` (called once the socket is bound, with a scratch folder)
    gives its Oxigraph store on disk, which every worker opens read-only, and its number of statements;
    ``announce`` gets a line to print once the endpoint answers."""
    import uvicorn

    from mmr_graph.serve.app import create_app
    from mmr_graph.serve.connections import BoundedRequestProtocol
    from mmr_graph.serve.hosts import allowed_hosts
    from mmr_graph.serve.pool import WorkerPool

    sock = bind(host, port)  # first: a taken port is reported at once
    url = url_of(sock)
    settings = replace(
        settings, hosts=allowed_hosts(is_loopback(sock), sock.getsockname()[0], settings.allow_hosts)
    )
    with tempfile.TemporaryDirectory(prefix="mmr-graph-serve-") as folder:
        try:
            data, triples = graph(Path(folder))
        except BaseException:
            sock.close()
            raise
        if not is_loopback(sock):
            log.warning("listening on %s: anyone who can reach this address can query the graph", url)

        def ready() -> None:
            announce(f"SPARQL endpoint {url}sparql ({triples} triples); query page {url}")

        pool = WorkerPool(data, workers, settings.timeout, settings.max_memory, triples)
        app = create_app(pool, settings, query_page_data(), on_ready=ready)
        config = uvicorn.Config(
            app,
            http=BoundedRequestProtocol,
            log_config=None,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=3,
        )
        try:
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            sock.close()
