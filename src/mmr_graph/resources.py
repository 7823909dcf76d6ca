"""Where the shipped files live: the ontology, the embedded lists, the curated facts, the shipped
arXiv metadata and the named queries.

An installed wheel carries them under ``mmr_graph/resources/``; a source checkout (editable install, tests)
reads them from the top-level ``ontology/``, ``data/`` and ``queries/`` folders. Either way callers ask
for a logical name and get a path.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "resources"
_SOURCE_ROOT = Path(__file__).resolve().parents[2]

# logical name -> (path inside the packaged resources, path inside a source checkout)
_LOCATIONS = {
    "ontology": ("ontology", "ontology"),
    "lists": ("lists", "data/lists"),
    "lists.yaml": ("lists.yaml", "data/lists.yaml"),
    "curated.yaml": ("curated.yaml", "data/curated.yaml"),
    "metadata": ("metadata", "data/metadata"),
    "queries": ("queries", "queries"),
    "shapes": ("ontology/shapes.ttl", "ontology/shapes.ttl"),
}


@cache
def resource(name: str) -> Path:
    """Return the path of a shipped resource, packaged copy first, then the source tree."""
    packaged, source = _LOCATIONS[name]
    for candidate in (_PACKAGED / packaged, _SOURCE_ROOT / source):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        f"shipped resource {name!r} is missing (looked in {_PACKAGED} and {_SOURCE_ROOT})"
    )


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology, sorted, SHACL shapes excluded."""
    return sorted(p for p in resource("ontology").glob("*.ttl") if p.name != "shapes.ttl")
