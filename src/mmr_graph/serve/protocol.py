"""The SPARQL 1.1 Protocol, as pure functions: read a query request, choose the response format.

A request is ``GET /sparql?query=...``, ``POST`` of an HTML form (``application/x-www-form-urlencoded``) or
``POST`` of the query itself (``application/sparql-query``), with optional ``default-graph-uri`` and
``named-graph-uri``. Updates (an ``update`` parameter, ``application/sparql-update``) are refused. The
format follows the ``Accept`` header, or a ``format`` parameter (``json``, ``csv``... or a media type).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from mmr_graph.export.serialize import GRAPH_FORMATS
from mmr_graph.query.results import SOLUTION_FORMATS

# media type -> format name, per kind of answer; the first entry of each is the default
_SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
_ALIASES = {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld", "rdf": "rdfxml", "html": "html"}
TYPES = {"solutions": _SOLUTION_TYPES, "boolean": _SOLUTION_TYPES, "graph": _GRAPH_TYPES}
MEDIA_TYPES = {**SOLUTION_FORMATS, **GRAPH_FORMATS, "html": "text/html"}


class ProtocolError(Exception):
    """A request the endpoint cannot serve; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass
class Job:
    """One query for a worker: the text, the dataset, how to format the answer and how much of it."""

    sparql: str
    accept: str = "*/*"
    format: str | None = None
    default_graph: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_rows: int = 10_000


@dataclass
class Reply:
    """A worker's answer: HTTP status, media type, body; ``truncated`` when rows were cut at the cap."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False


def parse_request(
    method: str, content_type: str, url_query: bytes, body: bytes
) -> tuple[str, list[str], list[str], str | None]:
    """(query, default-graph-uri list, named-graph-uri list, format) of a protocol request."""
    url_params = _params(url_query)
    media = content_type.split(";", 1)[0].strip().lower()
    if method == "POST" and media == "application/sparql-update":
        raise ProtocolError(403, "updates are refused: this endpoint is read-only")
    if method == "POST" and media == "application/sparql-query":
        queries = [_text(body)]
        params = url_params
    elif method == "POST" and media == "application/x-www-form-urlencoded":
        params = url_params + _params(body)
        queries = [v for k, v in params if k == "query"]
    elif method == "POST":
        raise ProtocolError(
            415,
            "POST a query as application/sparql-query or as a form (application/x-www-form-urlencoded)",
        )
    else:
        params = url_params
        queries = [v for k, v in params if k == "query"]
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise ProtocolError(403, "updates are refused: this endpoint is read-only")
    if len(queries) != 1:
        raise ProtocolError(400, "give exactly one query (the 'query' parameter)" if queries else "no query")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    formats = [v for k, v in params if k in ("format", "output")]
    return (
        queries[0],
        [v for k, v in params if k == "default-graph-uri"],
        [v for k, v in params if k == "named-graph-uri"],
        formats[0] if formats else None,
    )


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request is not UTF-8 text") from None


def _params(data: bytes) -> list[tuple[str, str]]:
    try:
        return parse_qsl(_text(data), keep_blank_values=True, strict_parsing=False)
    except ValueError as exc:
        raise ProtocolError(400, f"bad parameters: {exc}") from None


def accepted(accept: str) -> list[str]:
    """Media ranges of an Accept header, most preferred first (q=0 dropped, ties in header order)."""
    ranges = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for piece in pieces[1:]:
            name, _, value = piece.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, position, pieces[0].lower()))
    return [r for _, _, r in sorted(ranges)]


def negotiate(offers: dict[str, str], accept: str | None, explicit: str | None = None) -> str | None:
    """The format name to answer with among ``offers`` (media type -> name, first is the default), from an
    explicit ``format`` parameter or the Accept header; None if nothing offered is acceptable."""
    names = list(dict.fromkeys(offers.values()))
    if explicit:
        wanted = explicit.strip().lower()
        wanted = _ALIASES.get(wanted, wanted)
        if wanted in offers:
            return offers[wanted]
        if wanted in names:
            return wanted
        if wanted == "json" and "jsonld" in names:
            return "jsonld"
        if wanted == "xml" and "rdfxml" in names:
            return "rdfxml"
        return None
    if not accept:
        return names[0]
    for media_range in accepted(accept):
        if media_range in offers:
            return offers[media_range]
        if media_range == "*/*":
            return names[0]
        if media_range.endswith("/*"):
            major = media_range[:-1]
            for media_type, name in offers.items():
                if media_type.startswith(major):
                    return name
    return None


def choose_format(kind: str, accept: str | None, explicit: str | None = None) -> str | None:
    """The result format for an answer of ``kind`` (solutions, boolean, graph)."""
    return negotiate(TYPES[kind], accept, explicit)


def media_type(fmt: str) -> str:
    """The Content-Type header for a format name (UTF-8 declared for text types)."""
    base = MEDIA_TYPES[fmt]
    return f"{base}; charset=utf-8" if base.startswith("text/") else base
