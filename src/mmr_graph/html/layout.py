"""Seeded initial positions, computed in linear time, so the browser only has to relax the layout a little.

Entries are grouped by their section (their first primary category): each group is a sunflower disc with
the section's node in the middle, and every entry's own papers, code and datasets sit in a small ring
around it. Hubs - nodes that cut across sections (methods, modalities, venues, much-reused models or
datasets, parent sections) - sit in the middle of the picture, on rings, each towards the side where its
entries are; the section discs are packed around them along a spiral, largest first. Hubs stay put in the
browser (their edges are drawn but are not springs), so the sections keep their shape.

The same graph always gets the same positions: no randomness, only sorted orders and a CRC of each
node's key for small offsets.
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
CELL = 95.0  # distance scale between neighbouring entries
SATELLITE = 38.0  # radius of an entry's ring of own resources
GAP = 60.0  # free space between section discs
HUB_SPACING = 150.0  # distance between hubs on their rings (room for their labels at the overview)
HUB_KINDS = frozenset({"method", "modality", "venue"})
HUB_DEGREE = 6  # a model, dataset... linked to more entries than this is a hub
_RESOURCES = frozenset({"paper", "code", "dataset", "model", "collection"})

Position = tuple[float, float]


def is_hub(g: nx.DiGraph[str], node: str) -> bool:
    """Methods, modalities, venues, sections without entries of their own (parents), and resources
    linked to many entries."""
    kind = g.nodes[node]["kind"]
    if kind in HUB_KINDS:
        return True
    if kind == "category":
        return not any(g.nodes[n]["kind"] == "entry" for n in g.predecessors(node))
    return kind != "entry" and g.degree(node) > HUB_DEGREE


def is_fixed(g: nx.DiGraph[str], node: str) -> bool:
    """Nodes that keep their seeded position in the browser: everything but the entries and their own
    papers, code and datasets. Only those move, so the physics just spreads each disc evenly; their
    edges to fixed nodes are not springs (except the one to their section, see the page data), since a
    long spring to a shared node across the picture would drag an entry out of its section."""
    kind = g.nodes[node]["kind"]
    return kind != "entry" and (kind == "category" or g.degree(node) > 1 or is_hub(g, node))


def _offset(key: str, radius: float) -> Position:
    h = zlib.crc32(key.encode("utf-8"))
    angle = (h % 3600) / 3600 * 2 * math.pi
    r = radius * (0.5 + ((h >> 12) % 100) / 200)
    return r * math.cos(angle), r * math.sin(angle)


def anchor(g: nx.DiGraph[str], entry: str) -> str | None:
    """The section whose disc holds the entry: its first primary category, else any category."""
    primary = [t for t in g.successors(entry) if "category" in g.edges[entry, t]["relations"]]
    other = [t for t in g.successors(entry) if g.nodes[t]["kind"] == "category"]
    found = primary or other
    return min(found) if found else None


def _pack(radii: list[float], hole: float) -> list[Position]:
    """Centres for discs of the given radii (largest first), each at the first free spot on a spiral that
    starts outside a central hole of radius ``hole``. Steps and pitch scale with the disc, so a few dozen
    tries per disc suffice."""
    placed: list[tuple[float, float, float]] = []
    centres: list[Position] = []
    for radius in radii:
        step = max(radius, 30.0) / 2
        r = hole + radius + GAP if hole or placed else 0.0
        a = 0.0
        while True:
            x, y = r * math.cos(a), r * math.sin(a)
            if all(math.hypot(x - px, y - py) >= radius + pr + GAP for px, py, pr in placed):
                break
            da = step / max(r, step)
            a += da
            r += step * da / (2 * math.pi)  # one disc-half per turn
        placed.append((x, y, radius))
        centres.append((x, y))
    return centres


def _hub_rings(count: int) -> list[tuple[float, int]]:
    """(radius, capacity) of the rings that hold ``count`` hubs, innermost first."""
    rings: list[tuple[float, int]] = []
    left, k = count, 0
    while left > 0:
        radius = HUB_SPACING * (k + 0.5)
        capacity = max(1, int(2 * math.pi * radius / HUB_SPACING))
        rings.append((radius, min(capacity, left)))
        left -= capacity
        k += 1
    return rings


def _place_hubs(
    g: nx.DiGraph[str], hubs: list[str], pos: dict[str, Position], neighbours: dict[str, list[str]]
) -> None:
    """Hubs on rings around the origin, busiest innermost, each ring ordered by the direction of the
    hub's placed neighbours."""

    def direction(node: str) -> float:
        placed = [pos[m] for m in neighbours[node] if m in pos]
        if not placed:
            return (zlib.crc32(g.nodes[node].get("key", node).encode("utf-8")) % 3600) / 3600 * 2 * math.pi
        return math.atan2(sum(p[1] for p in placed), sum(p[0] for p in placed))

    ordered = sorted(hubs, key=lambda n: (-len(neighbours[n]), n))
    start = 0
    for radius, size in _hub_rings(len(ordered)):
        ring = sorted(ordered[start : start + size], key=lambda n: (direction(n), n))
        start += size
        if not ring:
            continue
        first = direction(ring[0])
        for i, node in enumerate(ring):
            a = first + 2 * math.pi * i / len(ring)
            pos[node] = (radius * math.cos(a), radius * math.sin(a))


def initial_positions(g: nx.DiGraph[str]) -> dict[str, Position]:
    kinds: dict[str, str] = {node: data["kind"] for node, data in g.nodes(data=True)}
    neighbours: dict[str, list[str]] = {
        n: sorted(set(g.predecessors(n)) | set(g.successors(n))) for n in g.nodes
    }
    hubs = sorted(n for n in g.nodes if is_hub(g, n))
    hub_set = set(hubs)
    entries = sorted(n for n, k in kinds.items() if k == "entry")
    own: dict[str, list[str]] = {
        e: [n for n in neighbours[e] if kinds[n] in _RESOURCES and len(neighbours[n]) == 1] for e in entries
    }
    groups: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        groups[anchor(g, entry) or ""].append(entry)

    def radius(members: list[str]) -> float:
        return CELL * math.sqrt(len(members) + 0.5) + SATELLITE

    order = sorted(groups, key=lambda a: (-len(groups[a]), a))
    hole = HUB_SPACING * len(_hub_rings(len(hubs))) if hubs else 0.0
    centres = _pack([radius(groups[a]) for a in order], hole)
    pos: dict[str, Position] = {}
    for section, (cx, cy) in zip(order, centres, strict=True):
        if section:
            pos[section] = (cx, cy)
        for j, entry in enumerate(groups[section]):
            r, a = CELL * math.sqrt(j + 1), j * GOLDEN_ANGLE
            ex, ey = cx + r * math.cos(a), cy + r * math.sin(a)
            pos[entry] = (ex, ey)
            mine = own[entry]
            spread = min(0.9, 2 * math.pi / max(len(mine), 1))  # a fan on the side away from the section
            for k, node in enumerate(mine):
                b = a + (k - (len(mine) - 1) / 2) * spread
                pos[node] = (ex + SATELLITE * math.cos(b), ey + SATELLITE * math.sin(b))

    # Shared nodes that are not hubs (a dataset of two entries) start between their placed neighbours.
    for node in sorted(n for n in g.nodes if n not in pos and n not in hub_set):
        placed = [pos[m] for m in neighbours[node] if m in pos]
        dx, dy = _offset(g.nodes[node].get("key", node), SATELLITE)
        if placed:
            mx, my = sum(p[0] for p in placed) / len(placed), sum(p[1] for p in placed) / len(placed)
            pos[node] = (mx + dx, my + dy)
        else:
            pos[node] = (hole + dx, dy)
    _place_hubs(g, [h for h in hubs if h not in pos], pos, neighbours)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
