"""A small on-disk cache of GET answers, dated, for conditional requests and offline use.

Where: ``--cache DIR``, else ``$MMR_GRAPH_CACHE``, else the per-user cache folder (``platformdirs``:
``~/.cache/mmr-graph`` on Linux, honouring ``$XDG_CACHE_HOME``). Each URL (userinfo left out) is stored
under ``http/<2 hex>/<sha256 of the URL>``: ``.body`` holds the bytes, ``.json`` the metadata: the URL
(redacted), where it was fetched from after redirects, ``fetched_at`` (when these bytes were received),
``checked_at`` (when the server last confirmed them, by a 304), the ``ETag`` and ``Last-Modified``
validators, the byte count and the body's sha256. A copy whose body does not match its metadata is not
used. Writes are atomic (temporary file and rename); two processes sharing the cache see whole entries.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import httpx

from mmr_graph.web import urls
from mmr_graph.web.client import Reply

CACHE_VARIABLE = "MMR_GRAPH_CACHE"
_VERSION = 1


def default_cache_dir() -> Path:
    """``$MMR_GRAPH_CACHE`` if set, else the per-user cache folder of mmr-graph."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("mmr-graph", appauthor=False))


def cache_key(url: str) -> str:
    """The sha256 of ``url`` as it is requested (normalized by httpx, without userinfo)."""
    parsed, _ = urls.without_userinfo(urls.parse(url))
    return hashlib.sha256(str(parsed).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedCopy:
    """The metadata of one cached answer; :meth:`reply` reads its body."""

    path: str  # the body file
    url: str
    final_url: str
    status: int
    content_type: str
    etag: str
    last_modified: str
    fetched_at: str
    checked_at: str
    bytes: int
    sha256: str

    def age(self, now: dt.datetime | None = None) -> float:
        """Seconds since the server last gave or confirmed these bytes."""
        checked = dt.datetime.fromisoformat(self.checked_at)
        return ((now or dt.datetime.now(dt.UTC)) - checked).total_seconds()

    def validators(self) -> dict[str, str]:
        """The headers of a conditional request for this copy."""
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}

    def reply(self, attempts: int = 0) -> Reply:
        body = Path(self.path).read_bytes()
        headers = httpx.Headers({"Content-Type": self.content_type} if self.content_type else {})
        return Reply(self.final_url, self.status, headers, body, attempts=attempts, from_cache=True,
                     fetched_at=self.fetched_at)  # fmt: skip


class ResponseCache:
    """The cache folder ``root`` (created when first written)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _files(self, key: str) -> tuple[Path, Path]:
        folder = self.root / "http" / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def load(self, url: str) -> CachedCopy | None:
        """The copy of ``url``, or None (absent, unreadable, or its body does not match)."""
        copy = self._load_file(self._files(cache_key(url))[0])
        if copy is None:
            return None
        try:
            body = Path(copy.path).read_bytes()
        except OSError:
            return None
        return copy if hashlib.sha256(body).hexdigest() == copy.sha256 else None

    def save(self, url: str, reply: Reply) -> CachedCopy:
        """Store a 200 answer's body and validators."""
        from mmr_graph.export.atomic import write_atomic

        meta_path, body_path = self._files(cache_key(url))
        copy = CachedCopy(
            path=str(body_path),
            url=urls.redact(url),
            final_url=reply.url,
            status=reply.status,
            content_type=reply.headers.get("Content-Type", ""),
            etag=reply.headers.get("ETag", ""),
            last_modified=reply.headers.get("Last-Modified", ""),
            fetched_at=reply.fetched_at,
            checked_at=reply.fetched_at,
            bytes=len(reply.body),
            sha256=hashlib.sha256(reply.body).hexdigest(),
        )
        write_atomic(body_path, reply.body)
        self._write_meta(meta_path, copy)
        return copy

    def revalidated(self, copy: CachedCopy) -> CachedCopy:
        """``copy`` confirmed by the server (a 304): its ``checked_at`` is now."""
        fresh = replace(copy, checked_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        meta_path, _ = self._files(Path(copy.path).stem)
        self._write_meta(meta_path, fresh)
        return fresh

    def entries(self) -> list[CachedCopy]:
        """Every copy in the cache, by URL."""
        found = (self._load_file(meta) for meta in (self.root / "http").glob("*/*.json"))
        return sorted((copy for copy in found if copy is not None), key=lambda c: c.url)

    def clear(self) -> int:
        """Remove every cached answer; how many there were. Other files in the folder stay."""
        removed = 0
        for meta in (self.root / "http").glob("*/*.json"):
            for path in (meta, meta.with_suffix(".body")):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed += 1
        return removed

    def _load_file(self, meta: Path) -> CachedCopy | None:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            if data.pop("version", None) != _VERSION:
                return None
            body = meta.with_suffix(".body")
            copy = CachedCopy(path=str(body), **data)
            copy.age()  # a date it can read
            return copy if body.stat().st_size == copy.bytes else None
        except (OSError, ValueError, TypeError):
            return None

    @staticmethod
    def _write_meta(path: Path, copy: CachedCopy) -> None:
        from mmr_graph.export.atomic import write_atomic

        data = {"version": _VERSION, **{k: v for k, v in asdict(copy).items() if k != "path"}}
        write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
