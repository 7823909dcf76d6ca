"""GitHub's REST API for one repository (``GET {api}/repos/{owner}/{name}``) read into
:class:`~mmr_graph.enrich.records.RepositoryMetadata`: ``stargazers_count``, ``license.spdx_id``,
``language``, ``topics``, ``pushed_at`` and ``archived``.

A token (``GITHUB_TOKEN``) raises the rate limit from 60 requests an hour; it is sent as an
``Authorization`` header to the API's origin only, and never written anywhere.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mmr_graph.enrich.records import RepositoryMetadata

DEFAULT_API = "https://api.github.com"
TOKEN_VARIABLE = "GITHUB_TOKEN"
ACCEPT = "application/vnd.github+json"
_PATH = re.compile(r"/repos/(?P<name>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)$")


def repository_url(api: str, full_name: str) -> str:
    return f"{api.rstrip('/')}/repos/{full_name}"


def name_in_path(path: str) -> str | None:
    """``owner/name`` if ``path`` is a repository's API path."""
    m = _PATH.search(path)
    return m["name"] if m else None


def headers(token: str | None) -> dict[str, str]:
    sent = {"Accept": ACCEPT, "X-GitHub-Api-Version": "2022-11-28"}
    if token:
        sent["Authorization"] = f"Bearer {token}"
    return sent


def read_repository(body: bytes, full_name: str, fetched_at: str) -> RepositoryMetadata | None:
    """The repository described by a JSON answer, or None if the answer is not one (or not this one's:
    a renamed repository answers with its new name, which is still accepted)."""
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("stargazers_count"), int):
        return None
    licence = data.get("license")
    spdx = licence.get("spdx_id") if isinstance(licence, dict) else None
    topics = data.get("topics")
    pushed = data.get("pushed_at")
    language = data.get("language")
    return RepositoryMetadata(
        full_name=full_name,
        stars=data["stargazers_count"],
        licence=spdx if isinstance(spdx, str) and spdx not in ("", "NOASSERTION") else None,
        language=language if isinstance(language, str) and language else None,
        topics=tuple(sorted(t for t in topics if isinstance(t, str))) if isinstance(topics, list) else (),
        pushed_at=pushed if isinstance(pushed, str) and pushed else None,
        archived=data.get("archived") is True,
        fetched_at=fetched_at,
    )
