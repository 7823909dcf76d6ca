"""Focused views: the part of the graph around one concept, e.g. everything near ``method:GRPO``.

A view holds the centre, its neighbours, and the neighbours of those neighbours that are entries or
resources (papers, code, datasets, models, collections): for a method that is the entries using it with
their papers, code, datasets, modalities and other methods; for a dataset, the entries using it and theirs.
Hubs (methods, modalities, venues, categories) met on the way are kept but not expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from mmr_graph.errors import MmrGraphError
from mmr_graph.network.projection import KINDS
from mmr_graph.suggestions import suggest

_EXPANDED = frozenset({"entry", "paper", "code", "dataset", "model", "collection"})
_SPEC = re.compile(r"^(?P<kind>[a-z]+):(?P<notation>.+)$")


class ViewError(MmrGraphError):
    """A ``--view KIND:NOTATION`` that is malformed or names nothing in the graph."""


@dataclass(frozen=True)
class ViewSpec:
    kind: str
    notation: str

    @property
    def slug(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "-", self.notation).strip("-.") or "x"
        return f"{self.kind}-{safe[:80]}"

    def __str__(self) -> str:
        return f"{self.kind}:{self.notation}"


def parse_view(text: str) -> ViewSpec:
    """``method:GRPO`` -> ViewSpec('method', 'GRPO'); anything else is a :class:`ViewError`."""
    match = _SPEC.match(text.strip())
    if not match or match["kind"] not in KINDS:
        raise ViewError(f"bad view {text!r}: expected KIND:NOTATION with KIND one of {', '.join(KINDS)}")
    return ViewSpec(match["kind"], match["notation"].strip())


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def find_centre(g: nx.DiGraph[str], spec: ViewSpec) -> str:
    """The node of kind ``spec.kind`` whose key tail, label or notation equals ``spec.notation``.

    Matching ignores case, and spaces equal hyphens; an exact key (``method/GRPO``) matches too.
    """
    wanted = _norm(spec.notation)
    candidates: list[tuple[int, str]] = []
    for node, data in g.nodes(data=True):
        if data["kind"] != spec.kind:
            continue
        key = data["key"]
        names = [key, key.rsplit("/", 1)[-1], data["label"], *data.get("search", ())]
        for rank, name in enumerate(names):
            if _norm(name) == wanted:
                candidates.append((rank, node))
                break
    if not candidates:
        # every node of the kind is a candidate for the suggestion, not only the busiest ones
        known = [d["key"].rsplit("/", 1)[-1] for _, d in g.nodes(data=True) if d["kind"] == spec.kind]
        if not known:
            raise ViewError(f"view {spec}: the graph has no {spec.kind} nodes")
        hint = suggest(spec.notation, known)
        raise ViewError(f"view {spec}: no {spec.kind} called {spec.notation!r} in the graph ({hint})")
    return min(candidates)[1]


def focus(g: nx.DiGraph[str], spec: ViewSpec) -> nx.DiGraph[str]:
    """The subgraph around the node ``spec`` names (a copy, with ``focus`` set in its graph attributes)."""
    centre = find_centre(g, spec)
    keep = {centre}
    first = set(g.predecessors(centre)) | set(g.successors(centre))
    keep |= first
    for node in first:
        if g.nodes[node]["kind"] in _EXPANDED:
            keep |= set(g.predecessors(node)) | set(g.successors(node))
    view = g.subgraph(sorted(keep)).copy()
    view.graph.update(g.graph)
    view.graph["focus"] = centre
    view.graph["title"] = f"{g.nodes[centre]['label']} ({spec.kind}) — {g.graph.get('title', 'mmr-graph')}"
    return view
