"""The Hugging Face Hub API for one dataset or model (``GET {endpoint}/api/datasets/{id}``,
``GET {endpoint}/api/models/{id}``) read into :class:`~mmr_graph.enrich.records.HubMetadata`: downloads,
likes, licence (``cardData.license``, else a ``license:`` tag), tags, and the tags its card declares
(``cardData.tags``: where a training library writes its trainer, :mod:`mmr_graph.ingest.hub_tags`).

The endpoint is ``--hf-endpoint``, else ``$HF_ENDPOINT`` (the variable ``huggingface_hub`` reads too),
else the public Hub; a token (``HF_TOKEN``) is sent as an ``Authorization`` header to it only.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mmr_graph.enrich.records import HubMetadata, keywords

DEFAULT_ENDPOINT = "https://huggingface.co"
ENDPOINT_VARIABLE = "HF_ENDPOINT"
TOKEN_VARIABLE = "HF_TOKEN"
_PATH = re.compile(r"/api/(?P<kind>dataset|model)s/(?P<id>[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?)$")


def hub_url(endpoint: str, kind: str, hub_id: str) -> str:
    return f"{endpoint.rstrip('/')}/api/{kind}s/{hub_id}"


def id_in_path(path: str) -> tuple[str, str] | None:
    """(kind, id) if ``path`` is a dataset's or model's API path."""
    m = _PATH.search(path)
    return (m["kind"], m["id"]) if m else None


def headers(token: str | None) -> dict[str, str]:
    return {"Accept": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def read_hub(body: bytes, kind: str, hub_id: str, fetched_at: str) -> HubMetadata | None:
    """The dataset or model described by a JSON answer, or None if the answer is not one."""
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    tags = keywords(data.get("tags"))
    card = data.get("cardData")
    licence = card.get("license") if isinstance(card, dict) else None
    if isinstance(licence, list):
        licence = licence[0] if licence else None
    if not isinstance(licence, str) or not licence:
        licence = next((t.removeprefix("license:") for t in tags if t.startswith("license:")), None)
    return HubMetadata(
        kind=kind,
        hub_id=hub_id,
        downloads=_count(data.get("downloads")),
        likes=_count(data.get("likes")),
        licence=licence,
        tags=tags,
        fetched_at=fetched_at,
        card_tags=keywords(card.get("tags")) if isinstance(card, dict) else (),
    )
