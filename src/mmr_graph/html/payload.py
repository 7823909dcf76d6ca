"""networkx projection -> pyvis Network -> the data the page embeds (nodes, edges, options, details, facets).

pyvis holds the vis-network nodes, edges and options. Nodes and edges are built with pyvis's ``Node`` and
``Edge`` records and appended directly, because ``Network.add_node``/``add_edge``/``from_nx`` check for
duplicates with list scans (quadratic: tens of seconds at 5,000 nodes); the projection's ids are unique
already. Everything is in a sorted order, so the same graph gives the same bytes.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import networkx as nx

from mmr_graph.html.layout import anchor, initial_positions, is_fixed
from mmr_graph.html.overview import overview_data
from mmr_graph.html.style import DIMMED, EDGE_COLOR, KIND_STYLES, groups, node_size, short_label
from mmr_graph.network.projection import KINDS

LAYOUT_SEED = 20250530
ITERATION_BUDGET = 25_000  # node-iterations of physics before the first frame
MAX_ITERATIONS = 300
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

# Facets on entries: id, heading, and where the values come from (edge relations or a fact's name).
FACETS: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("section", "Section", ("category", "secondaryCategory"), None),
    ("modality", "Modality", ("modality",), None),
    ("method", "Method", ("usesMethod",), None),
    ("venue", "Venue", ("venue",), None),
    ("work", "Kind of work", (), "Kind of work"),
)
# The values of the "change" facet (network/dates.py says which entries have them).
CHANGES = {"new": "New in the latest version", "removed": "Removed from the list"}
NEW_BORDER = "#1f2328"  # new entries: a dark, thick ring (dimming keeps it: mmr-graph.js)


def stabilization_iterations(nodes: int) -> int:
    """Physics iterations before the first frame. One iteration costs time proportional to the number of
    nodes (about 15-25 µs per node in headless Chromium here), so the count is inversely proportional:
    the stabilization stays around half a second at any size. Big graphs get few iterations; their seeded
    layout is already untangled, and physics can be switched on to keep going."""
    return max(0, min(MAX_ITERATIONS, ITERATION_BUDGET // max(nodes, 1)))


def notation(data: dict[str, Any]) -> str:
    """The node's ``skos:notation`` (``GRPO``), or ``""``."""
    return next((values[0] for name, values in data["facts"] if name == "Notation" and values), "")


def canvas_label(data: dict[str, Any]) -> str:
    """The label written on the canvas: a method by its notation (GRPO), anything else by its short label."""
    if data["kind"] == "method" and notation(data):
        return notation(data)
    return short_label(data["label"])


def _squeeze(text: str) -> str:
    """Letters and digits only, case-folded: ``Dr. GRPO`` -> ``drgrpo``."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def facet_label(g: nx.DiGraph[str], node: str) -> str:
    """A facet value's name in full: a method as ``GRPO — Group Relative Policy Optimization`` (its
    notation first, unless the name already spells it), a section with its parents and, when the graph
    has several lists, its list's title (``Datasets (Awesome Deep Multimodal Reasoning)``)."""
    data = g.nodes[node]
    label = _path_label(g, node)
    if data["kind"] == "category" and data.get("list") and len(g.graph.get("lists", ())) > 1:
        return f"{label} ({data['list']})"
    code = notation(data) if data["kind"] == "method" else ""
    if code and _squeeze(code) not in _squeeze(label):
        return f"{code} — {label}"
    return label


def facet_value_id(key: str) -> str:
    """``method/GRPO`` -> ``GRPO``: short, stable ids for the URL."""
    return key.split("/", 1)[1] if "/" in key else key


def _fact_value_id(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def _pyvis() -> tuple[Any, Any, Any, Any]:
    """pyvis's ``Edge``, ``Network``, ``Node`` and ``Layout``, imported without IPython.

    ``pyvis.network`` imports ``IPython.display.IFrame`` at module level, only for ``Network.show()`` in a
    notebook, which this page never calls. IPython takes a third of a second to import, a third of a cold
    build of the real list; unless it is loaded already, a stand-in ``IPython.display`` is in
    ``sys.modules`` while pyvis is imported, and is removed right after, so a real ``import IPython``
    later still gets the real package."""
    import sys
    import types

    shims: dict[str, types.ModuleType] = {}
    if "pyvis.network" not in sys.modules and "IPython" not in sys.modules:
        display = types.ModuleType("IPython.display")
        display.IFrame = _NoNotebook  # type: ignore[attr-defined] # a module made here, its names set here
        package = types.ModuleType("IPython")
        package.display = display  # type: ignore[attr-defined] # a module made here, its names set here
        shims = {"IPython": package, "IPython.display": display}
        sys.modules.update(shims)
    try:
        from pyvis.edge import Edge
        from pyvis.network import Network
        from pyvis.node import Node
        from pyvis.options import Layout
    finally:
        for name, module in shims.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return Edge, Network, Node, Layout


class _NoNotebook:
    """What pyvis gets for ``IPython.display.IFrame`` when IPython is kept out (see :func:`_pyvis`)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("notebook display is not available: import IPython before mmr_graph.html")


def build_network(g: nx.DiGraph[str]) -> Any:
    """A pyvis Network with one vis node per graph node (kind group, short label, size by degree, seeded
    position) and one edge per graph edge, and the page's vis-network options."""
    Edge, Network, Node, Layout = _pyvis()
    net = Network(directed=False, cdn_resources="local")
    ids = {node: i for i, node in enumerate(g.nodes)}
    positions = initial_positions(g)
    fixed = {node: is_fixed(g, node) for node in g.nodes}
    entries = [node for node, data in g.nodes(data=True) if data["kind"] == "entry"]
    anchors = {node: anchor(g, node) for node in entries}
    for node, data in g.nodes(data=True):
        kind = data["kind"]
        x, y = positions[node]
        look: dict[str, Any] = {"group": kind, "x": x, "y": y}
        if not KIND_STYLES[kind].label_inside:
            look["size"] = node_size(kind, g.degree(node))
        if fixed[node]:
            look["physics"] = False
        if data.get("change") == "new":
            fill = KIND_STYLES[kind].color
            highlight = {"background": fill, "border": "#000000"}
            ring = {"background": fill, "border": NEW_BORDER, "highlight": highlight}
            look.update(borderWidth=3, color=ring)
        record = Node(ids[node], KIND_STYLES[kind].shape, label=canvas_label(data), **look)
        net.nodes.append(record.options)
        net.node_ids.append(ids[node])
        net.node_map[ids[node]] = record.options
    for source, target, data in g.edges(data=True):
        options: dict[str, Any] = {"rel": ",".join(data["relations"])}
        if anchors.get(source) == target:
            # the spring that holds an entry in its section's disc, at its seeded distance
            (x1, y1), (x2, y2) = positions[source], positions[target]
            options["length"] = round(math.hypot(x1 - x2, y1 - y2))
        elif fixed[source] or fixed[target]:
            options["physics"] = False
        net.edges.append(Edge(ids[source], ids[target], **options).options)

    n = len(net.nodes)
    big = n > 1500
    net.options.layout = Layout(randomSeed=LAYOUT_SEED, improvedLayout=False)
    net.options.layout.hierarchical.enabled = False
    net.barnes_hut(
        gravity=-900, central_gravity=0.0, spring_length=45, spring_strength=0.08, damping=0.5, overlap=0.2
    )
    net.options.physics.stabilization.iterations = stabilization_iterations(n)
    net.options.physics.stabilization.updateInterval = 1000
    net.options.edges.toggle_smoothness("continuous")
    net.options.edges.smooth.enabled = False
    net.options.edges.inherit_colors(False)
    net.toggle_hide_edges_on_drag(big)
    return net


def vis_options(net: Any) -> dict[str, Any]:
    """pyvis's options, completed with what pyvis has no setter for (groups, colours, interaction)."""
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["physics"]["barnesHut"]["theta"] = 1.0  # coarser, twice as fast as the default 0.5
    options["physics"]["minVelocity"] = 1.0
    options["physics"]["timestep"] = 0.4
    options["groups"] = groups()
    options["nodes"] = {
        "borderWidth": 1,
        "borderWidthSelected": 3,
        "font": {"size": 13, "face": FONT, "strokeWidth": 3, "strokeColor": "#ffffff"},
    }
    options["edges"].update(
        {"color": {"color": EDGE_COLOR, "highlight": "#39424e", "inherit": False}, "width": 1,
         "selectionWidth": 1.5}
    )  # fmt: skip
    options["interaction"].update(
        {"hover": False, "tooltipDelay": 300, "hideEdgesOnZoom": len(net.nodes) > 1500, "multiselect": False,
         "navigationButtons": False, "keyboard": False}
    )  # fmt: skip
    return options


def _path_label(g: nx.DiGraph[str], node: str) -> str:
    """A concept's label with its broader chain: ``Papers/Projects › Visual Understanding`` for sections."""
    labels = [g.nodes[node]["label"]]
    seen = {node}
    while g.nodes[node]["kind"] == "category":
        parents = sorted(t for t in g.successors(node) if "broader" in g.edges[node, t]["relations"])
        if not parents or parents[0] in seen:
            break
        node = parents[0]
        seen.add(node)
        labels.append(g.nodes[node]["label"])
    return " › ".join(reversed(labels))


def _facets(
    g: nx.DiGraph[str], ids: dict[str, int]
) -> tuple[list[dict[str, Any]], dict[int, dict[str, list[str]]]]:
    """Facet definitions with their values, and each entry's values per facet."""
    values: dict[str, dict[str, dict[str, Any]]] = {facet: {} for facet, _ in _headings(g)}
    per_entry: dict[int, dict[str, list[str]]] = {}
    for node, data in g.nodes(data=True):
        if data["kind"] != "entry":
            continue
        mine: dict[str, list[str]] = {}
        for facet, _, relations, fact in FACETS:
            found: list[str] = []
            for target in g.successors(node):
                if set(g.edges[node, target]["relations"]) & set(relations):
                    value = facet_value_id(g.nodes[target]["key"])
                    if value not in values[facet]:
                        label = facet_label(g, target)
                        values[facet][value] = {"id": value, "label": label, "node": ids[target]}
                        if label.startswith(f"{notation(g.nodes[target])} — "):
                            values[facet][value]["notation"] = notation(g.nodes[target])
                    found.append(value)
            if fact:
                for name, texts in data["facts"]:
                    if name == fact:
                        for text in texts:
                            value = _fact_value_id(text)
                            values[facet].setdefault(value, {"id": value, "label": text})
                            found.append(value)
            if found:
                mine[facet] = sorted(set(found))
        mine.update(_own_facets(data, values))
        per_entry[ids[node]] = mine
    for key, title in g.graph.get("lists", ()):
        if facet_value_id(key) in values["list"]:
            values["list"][facet_value_id(key)]["label"] = title
    facets = []
    for facet, heading in _headings(g):
        if values[facet] and (facet != "list" or len(values[facet]) > 1):
            ordered = sorted(values[facet].values(), key=lambda v: (v["label"].casefold(), v["id"]))
            facets.append({"id": facet, "name": heading, "values": ordered})
    return facets, per_entry


def _headings(g: nx.DiGraph[str]) -> list[tuple[str, str]]:
    """Every facet in sidebar order: the lists first, then FACETS, then the history and the months."""
    month = "First seen" if g.graph.get("timeline", {}).get("basis") == "first seen" else "Paper month"
    return [("list", "List")] + [(f, h) for f, h, *_ in FACETS] + [("change", "History"), ("month", month)]


def _own_facets(data: dict[str, Any], values: dict[str, dict[str, dict[str, Any]]]) -> dict[str, list[str]]:
    """An entry's values of the facets read from its own attributes: its lists, what changed in the
    latest snapshot, its month. Adds the values to ``values`` (lists get their titles later)."""
    mine: dict[str, list[str]] = {}
    lists = [facet_value_id(key) for key in data.get("lists", ())]
    for value in lists:
        values["list"].setdefault(value, {"id": value, "label": value})
    if lists:
        mine["list"] = sorted(set(lists))
    change = data.get("change", "")
    if change:
        values["change"].setdefault(change, {"id": change, "label": CHANGES[change]})
        mine["change"] = [change]
    month = data.get("month", "")
    if month:
        values["month"].setdefault(month, {"id": month, "label": month})
        mine["month"] = [month]
    return mine


def page_data(g: nx.DiGraph[str]) -> dict[str, Any]:
    """Everything the page needs, JSON-ready."""
    net = build_network(g)
    ids = {node: i for i, node in enumerate(g.nodes)}
    facets, per_entry = _facets(g, ids)
    records = []
    for node, data in g.nodes(data=True):
        record: dict[str, Any] = {
            "key": data["key"],
            "kind": data["kind"],
            "label": data["label"],
            "title": data["title"],
            "facts": data["facts"],
            "links": data["links"],
            "search": data["search"],
        }
        if ids[node] in per_entry:
            record["facets"] = per_entry[ids[node]]
        if data.get("sources"):
            record["sources"] = data["sources"]
        records.append(record)
    present = {data["kind"] for _, data in g.nodes(data=True)}
    kinds = [
        {"id": kind, "name": KIND_STYLES[kind].name, "singular": KIND_STYLES[kind].singular,
         "color": KIND_STYLES[kind].color,
         "border": KIND_STYLES[kind].border, "shape": KIND_STYLES[kind].shape}
        for kind in KINDS if kind in present
    ]  # fmt: skip
    focus = g.graph.get("focus")
    return {
        "title": g.graph.get("title", "mmr-graph"),
        "sources": [list(s) for s in g.graph.get("sources", [])],
        "focus": ids.get(focus) if focus is not None else None,
        "dimmed": DIMMED,
        "kinds": kinds,
        "facets": facets,
        "overview": overview_data(g, facets, facet_value_id),
        "nodes": net.nodes,
        "edges": net.edges,
        "records": records,
        "options": vis_options(net),
    }


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` can end
    the element or start markup, and the line separators JavaScript once choked on are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return text
