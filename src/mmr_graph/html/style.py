"""How each node kind looks: name, colour and vis-network shape (one group per kind), and node sizes.

Colours follow the Okabe-Ito palette (distinguishable with common colour-vision deficiencies); every kind
also has its own shape or label style, so colour is never the only cue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KindStyle:
    name: str  # legend text, plural
    singular: str
    color: str
    border: str
    shape: str  # a vis-network shape
    font_color: str = "#1f2328"

    @property
    def label_inside(self) -> bool:
        return self.shape in ("box", "ellipse", "circle", "database", "text")


KIND_STYLES: dict[str, KindStyle] = {
    "entry": KindStyle("Entries", "Entry", "#0072B2", "#004f7c", "dot"),
    "paper": KindStyle("Papers", "Paper", "#E69F00", "#a87400", "square"),
    "code": KindStyle("Code", "Code", "#009E73", "#006b4e", "triangle"),
    "dataset": KindStyle("Datasets", "Dataset", "#D55E00", "#963f00", "diamond"),
    "model": KindStyle("Models", "Model", "#CC79A7", "#9a4f7c", "triangleDown"),
    "collection": KindStyle("Collections", "Collection", "#8C6D31", "#5e4920", "hexagon"),
    "method": KindStyle("Methods", "Method", "#56B4E9", "#2a86b8", "star"),
    "modality": KindStyle("Modalities", "Modality", "#F0E442", "#a89f1c", "ellipse"),
    "venue": KindStyle("Venues", "Venue", "#D9D9D9", "#7a7a7a", "ellipse"),
    "category": KindStyle("Sections", "Section", "#3B4252", "#1f2330", "box", font_color="#ffffff"),
}
DIMMED = "#e3e6ea"
EDGE_COLOR = "#b8bfc9"
LABEL_LENGTH = 26


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """A label that fits under a node: whitespace collapsed, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.:;-–—") + "…"


def node_size(kind: str, degree: int) -> float:
    """Marker size grows with the square root of the degree, so hubs stand out without swamping."""
    base = 9.0 if kind == "entry" else 7.0
    return round(min(base + 3.2 * math.sqrt(max(degree - 1, 0)), 46.0), 1)


def groups() -> dict[str, dict[str, Any]]:
    """vis-network ``groups`` option: the look of each kind."""
    result: dict[str, dict[str, Any]] = {}
    for kind, style in KIND_STYLES.items():
        group: dict[str, Any] = {
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": style.border,
                "highlight": {"background": style.color, "border": "#000000"},
            },
            "font": {"color": style.font_color, "strokeWidth": 0}
            if style.label_inside
            else {"color": "#1f2328"},
        }
        if style.label_inside:  # the label layer writes the label over a shape of at least this size
            group["margin"] = 6
            group["widthConstraint"] = {"minimum": 22}
            group["heightConstraint"] = {"minimum": 12}
        result[kind] = group
    return result
