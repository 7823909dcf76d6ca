"""The endpoint as an ASGI application (Starlette).

- ``GET|POST /sparql``: the SPARQL 1.1 Protocol, read-only (updates get 403), answers negotiated between
  JSON, XML, CSV and TSV results and Turtle, N-Triples, JSON-LD and RDF/XML graphs;
- ``GET /``: the query page, with the named questions as examples; ``GET /queries``: those as JSON;
- ``GET /id/...``: the entities of ``https://w3id.org/mmr-graph/id/`` as Turtle (or N-Triples, JSON-LD) or
  as an HTML page, by content negotiation.
- ``GET /ontology``, ``/ontology.ttl``: the ontology's page and Turtle; ``GET /ns`` (the namespace's own
  path) answers either by content negotiation.

Every request is logged as one line (client, method, path, status, bytes, milliseconds, the query's start).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from mmr_graph.export.serialize import serialize
from mmr_graph.identity.namespaces import ID_IRI
from mmr_graph.query.memory import GIB
from mmr_graph.serve import ontology as ontology_pages
from mmr_graph.serve import pages
from mmr_graph.serve.hosts import HostGuard
from mmr_graph.serve.ontology import OntologyPages
from mmr_graph.serve.pool import WorkerPool
from mmr_graph.serve.protocol import Job, ProtocolError, media_type, negotiate, parse_request

log = logging.getLogger("mmr_graph.serve")
DESCRIBE_MAX = 20_000  # triples of an entity page (its query already bounds what refers to it)
_IRI_PATH = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")
_PAGE_TYPES = {  # the first is the default (for */* and no Accept header)
    "text/turtle": "ttl",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}
_SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
]

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


@dataclass
class Settings:
    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows (or triples) in one answer
    max_body: int = 1_000_000  # bytes in a POST body
    max_memory: int = GIB  # resident memory a query may add to its worker
    allow_hosts: tuple[str, ...] = ()  # --allow-host names
    hosts: frozenset[str] | None = None  # the Host names answered (None: any), from the bound address


def create_app(
    pool: WorkerPool,
    settings: Settings,
    named: dict[str, Any],
    on_ready: Callable[[], None] | None = None,
) -> ASGIApp:
    """The application; ``pool`` is started and closed with it; ``named`` is what ``GET /queries`` gives
    (prefixes and named queries); ``on_ready`` is called once the workers are ready."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        log.info("%d query workers ready, %d triples each", pool.size, pool.triples)
        if not pool.seccomp:  # the descriptor limit still holds them off the network
            log.warning("no seccomp filter here: the workers are held off the network by their fd limit")
        if on_ready:
            on_ready()
        try:
            yield
        finally:
            await pool.close()

    async def sparql(request: Request) -> Response:
        try:
            body = await _body(request, settings.max_body)
            query, default_graph, named_graphs, fmt = parse_request(
                request.method, request.headers.get("content-type", ""), request.url.query.encode(), body
            )
        except ProtocolError as exc:
            if (
                exc.status == 400
                and request.method == "GET"
                and not request.url.query
                and _wants_html(request)
            ):
                return RedirectResponse("/", status_code=303)
            return PlainTextResponse(f"{exc}\n", status_code=exc.status)
        request.scope["mmr.note"] = " ".join(query.split())[:120]
        job = Job(
            query, request.headers.get("accept", "*/*"), fmt, default_graph, named_graphs, settings.max_rows
        )
        return _response(await pool.submit(job))

    async def entity(request: Request) -> Response:
        fmt = negotiate(_PAGE_TYPES, request.headers.get("accept"), request.query_params.get("format"))
        if fmt is None:
            return PlainTextResponse("formats: ttl, nt, jsonld, rdfxml, html\n", status_code=406)
        # the path as sent (an IRI may hold %XX) and decoded (an IRI may hold non-ASCII characters)
        raw = request.scope.get("raw_path", b"").decode("latin-1")[len("/id/") :]
        iri, triples = "", []
        for path in dict.fromkeys([raw, unquote(raw)]):
            if not _IRI_PATH.fullmatch(path):
                continue
            iri = ID_IRI + path
            reply = await pool.submit(Job(pages.describe_query(iri), format="nt", max_rows=DESCRIBE_MAX))
            if reply.status != 200:
                return _response(reply)
            triples = list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
            if triples:
                break
        if not triples:
            return PlainTextResponse(f"{ID_IRI}{unquote(raw)} is not in this graph\n", status_code=404)
        if fmt == "html":
            html = pages.entity_page(iri, triples)
            return Response(html, media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
        body = serialize(triples, fmt)
        return Response(body, media_type=media_type(fmt), headers={"Vary": "Accept"})

    async def home(request: Request) -> Response:
        return Response(pages.asset("index.html"), media_type="text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in pages.ASSETS:
            return PlainTextResponse("not found\n", status_code=404)
        return Response(pages.asset(name), media_type=pages.ASSETS[name])

    async def queries(request: Request) -> Response:
        return JSONResponse(named)

    ontology = OntologyPages(pool)

    async def ontology_page(request: Request) -> Response:
        return Response(await ontology.page(), media_type=ontology_pages.HTML)

    async def ontology_turtle(request: Request) -> Response:
        return Response(ontology.turtle(), media_type=ontology_pages.TURTLE)

    async def ontology_css(request: Request) -> Response:
        return Response(ontology.stylesheet(), media_type=ontology_pages.CSS)

    async def namespace(request: Request) -> Response:
        accept, explicit = request.headers.get("accept"), request.query_params.get("format")
        fmt = ontology_pages.namespace_format(accept, explicit)
        if fmt is None:
            return PlainTextResponse("formats: ttl, html\n", status_code=406)
        if fmt == "html":
            return Response(await ontology.page(), media_type=ontology_pages.HTML, headers={"Vary": "Accept"})
        return Response(ontology.turtle(), media_type=ontology_pages.TURTLE, headers={"Vary": "Accept"})

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/queries", queries),
            Route("/assets/{name}", asset),
            Route("/id/{path:path}", entity),
            Route("/ontology", ontology_page),
            Route("/ontology.ttl", ontology_turtle),
            Route("/ontology.css", ontology_css),
            Route("/ns", namespace),
        ],
        lifespan=lifespan,
    )
    return AccessLog(HostGuard(app, settings.hosts))


def _wants_html(request: Request) -> bool:
    return negotiate({"text/html": "html", "application/sparql-results+json": "json"},
                     request.headers.get("accept")) == "html"  # fmt: skip


def _response(reply: Any, vary: bool = True) -> Response:
    headers = {"Vary": "Accept"} if vary else {}
    if reply.truncated:
        headers["X-SPARQL-MaxRows"] = "true"
    return Response(reply.body, status_code=reply.status, media_type=reply.media_type, headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    if request.method != "POST":
        return b""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is larger than {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class AccessLog:
    """Logs one line per request and adds the security headers to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status, size = 0, 0

        async def send_logged(message: MutableMapping[str, Any]) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = list(message.get("headers", [])) + _SECURITY_HEADERS
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_logged)
        finally:
            client = scope.get("client") or ("-", 0)
            note = scope.get("mmr.note")
            log.info(
                "%s %s %s %d %dB %.1fms%s",
                client[0],
                scope["method"],
                scope["path"],
                status,
                size,
                (time.perf_counter() - start) * 1000,
                f" {note!r}" if note else "",
            )
