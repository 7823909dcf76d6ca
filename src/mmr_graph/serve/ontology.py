"""The ontology at the endpoint: ``/ontology`` (the page a build writes as ``ontology.html``, with examples
from the served graph), ``/ontology.ttl`` (its Turtle) and the namespace's own path ``/ns``, which answers
the page or the Turtle by the Accept header, so that ``https://w3id.org/mmr-graph/ns#Entry`` resolves to
the term's place on the page."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from mmr_graph.ontology_page.page import STYLESHEET, render_ontology
from mmr_graph.ontology_page.terms import (
    Examples,
    example_queries,
    examples_from_answers,
    label_query,
    shipped_ontology,
    value_query,
)
from mmr_graph.serve.protocol import Job, negotiate

TURTLE = "text/turtle; charset=utf-8"
HTML = "text/html; charset=utf-8"
CSS = "text/css; charset=utf-8"
_NAMESPACE_TYPES = {"text/turtle": "ttl", "text/html": "html", "application/xhtml+xml": "html"}


class OntologyPages:
    """The page, made once (its examples asked of the served graph on first request), and the Turtle."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self._page: bytes | None = None
        self._lock = asyncio.Lock()

    async def _select(self, query: str) -> list[dict[str, str]]:
        reply = await self.pool.submit(Job(query, format="json", max_rows=100_000))
        if reply.status != 200:
            raise RuntimeError(f"the ontology's examples could not be queried ({reply.status})")
        rows = json.loads(reply.body)["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    async def examples(self) -> Examples:
        ontology = shipped_ontology()
        first_query, value_template = example_queries(ontology)
        firsts = {row["term"]: row["first"] for row in await self._select(first_query) if "first" in row}
        found = await self._select(value_query(value_template, firsts, ontology))
        values = {row["term"]: row["key"] for row in found if "key" in row}
        named = set(firsts.values()) | {v[1:] for v in values.values() if v.startswith("i")}
        labels = {
            row["s"]: (row.get("pref", ""), row.get("label", ""), row.get("title", ""))
            for row in await self._select(label_query(named))
        }
        return examples_from_answers(firsts, values, labels)

    async def page(self) -> bytes:
        async with self._lock:
            if self._page is None:
                self._page = render_ontology(shipped_ontology(), await self.examples(), served=True)
        return self._page

    @staticmethod
    def turtle() -> bytes:
        return shipped_ontology().turtle.encode("utf-8")

    @staticmethod
    def stylesheet() -> bytes:
        return STYLESHEET.read_bytes()


def namespace_format(accept: str | None, explicit: str | None) -> str | None:
    """``ttl`` or ``html`` for a request of the namespace's path (Turtle by default), None if neither."""
    return negotiate(_NAMESPACE_TYPES, accept, explicit)
