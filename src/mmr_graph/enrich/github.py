"""GitHub's REST API for one repository (``GET {api}/repos/{owner}/{name}``) read into
:class:`~mmr_graph.enrich.records.RepositoryMetadata`: ``stargazers_count``, ``license.spdx_id``,
``language``, ``topics``, ``pushed_at`` and ``archived``; and for its README
(``GET {api}/repos/{owner}/{name}/readme``, the default media type: JSON holding the file base64-encoded)
read into :class:`~mmr_graph.enrich.records.ReadmeMetadata`, for extraction to read.

A README answer is taken only in that shape (``"type": "file"``, ``"encoding": "base64"``, strict base64);
its text is decoded as UTF-8 (an invalid byte becomes U+FFFD) and kept up to :data:`README_LIMIT` bytes.

A token (``GITHUB_TOKEN``) raises the rate limit from 60 requests an hour; it is sent as an
``Authorization`` header to the API's origin only, and never written anywhere.
"""

from __future__ import annotations

import base64
import codecs
import json
import re
from typing import Any

from mmr_graph.enrich.records import ReadmeMetadata, RepositoryMetadata, keywords

DEFAULT_API = "https://api.github.com"
TOKEN_VARIABLE = "GITHUB_TOKEN"
ACCEPT = "application/vnd.github+json"
README_LIMIT = 512 * 1024  # bytes of a README kept: a longer one is cut there
_PATH = re.compile(r"/repos/(?P<name>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)$")
_README_PATH = re.compile(r"/repos/(?P<name>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/readme$")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_FILE_PATH = re.compile(r"[^\x00-\x1f\x7f]{1,255}")


def repository_url(api: str, full_name: str) -> str:
    return f"{api.rstrip('/')}/repos/{full_name}"


def readme_url(api: str, full_name: str) -> str:
    return f"{repository_url(api, full_name)}/readme"


def name_in_path(path: str) -> str | None:
    """``owner/name`` if ``path`` is a repository's API path."""
    m = _PATH.search(path)
    return m["name"] if m else None


def readme_name_in_path(path: str) -> str | None:
    """``owner/name`` if ``path`` is the API path of a repository's README."""
    m = _README_PATH.search(path)
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
        topics=keywords(topics) if isinstance(topics, list) else (),
        pushed_at=pushed if isinstance(pushed, str) and pushed else None,
        archived=data.get("archived") is True,
        fetched_at=fetched_at,
    )


def read_readme(body: bytes, full_name: str, fetched_at: str) -> ReadmeMetadata | None:
    """The README in a JSON answer of ``GET /repos/{owner}/{name}/readme``, or None if the answer is not a
    file given in base64 (an error's JSON, a file too large for GitHub to encode, anything else)."""
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("type") != "file" or data.get("encoding") != "base64":
        return None
    content, path = data.get("content"), data.get("path")
    if not isinstance(content, str) or not isinstance(path, str) or not _FILE_PATH.fullmatch(path):
        return None
    encoded = content.replace("\n", "")  # GitHub breaks the base64 into lines
    if not _BASE64.fullmatch(encoded):
        return None
    size = len(encoded) // 4 * 3 - encoded[-2:].count("=")
    raw = base64.b64decode(encoded[: (README_LIMIT // 3 + 1) * 4], validate=True)[:README_LIMIT]
    # a README cut in the middle of a character loses that character's start rather than gaining U+FFFD
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(raw, final=size <= README_LIMIT)
    return ReadmeMetadata(full_name=full_name, path=path, text=text, fetched_at=fetched_at)
