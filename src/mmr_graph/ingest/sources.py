"""Where a list lives: a local file, an ``http(s)://`` URL, or ``github:OWNER/REPO[@REF][:PATH]``.

:func:`resolve_lists` turns what the user typed into :class:`ListSource` values: the list's bytes and where
they came from (the repository, the commit, the date), for :mod:`mmr_graph.ingest.catalog` to read. Every
command that takes lists resolves them here, and fetches through the project's one HTTP client
(:mod:`mmr_graph.web`) into its one cache, with conditional requests; offline, only the cache is used.

- A path that exists locally is always the local file, whatever it looks like.
- ``github:OWNER/REPO[@REF][:PATH]`` (``PATH`` default ``README.md``; ``REF`` default the default branch):
  the ref is resolved to a commit with the GitHub API (``GET /repos/{owner}/{repo}/commits/{ref}``), whose
  answer also gives the commit's date; the file is then read from the raw-content server at that commit
  (an immutable address: a cached copy is used without asking again). When the API gives no answer (rate
  limit, offline without a copy), the file is read at the ref itself, its commit unknown unless the ref is
  one. The base URLs are ``https://api.github.com`` and ``https://raw.githubusercontent.com``, or what
  ``--github-api`` / ``--github-raw`` (``$MMR_GRAPH_GITHUB_API`` / ``$MMR_GRAPH_GITHUB_RAW``) say, e.g. a
  local mirror.
- A URL is read as it is; its date is the day it was fetched (of the cached copy, offline).

A snapshot's date is ``--date`` when given, else the commit's date, else the fetch date. The addresses the
user named (the URL, the GitHub bases) are trusted by the client's address guard; a redirect elsewhere is
not. Failures are :class:`~mmr_graph.errors.InputError` naming the list as given, in one line, with
nothing the server sent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from mmr_graph.errors import InputError
from mmr_graph.identity.keys import slug as slugify

if TYPE_CHECKING:
    from mmr_graph.web import Reply, WebClient

GITHUB_API_VARIABLE = "MMR_GRAPH_GITHUB_API"
GITHUB_RAW_VARIABLE = "MMR_GRAPH_GITHUB_RAW"
DEFAULT_GITHUB_API = "https://api.github.com"
DEFAULT_GITHUB_RAW = "https://raw.githubusercontent.com"
MAX_LIST_BYTES = 32 * 2**20  # the largest list read
MAX_API_BYTES = 8 * 2**20  # a commit's JSON (with its changed files) is bounded too
_IMMUTABLE = float("inf")  # a copy of an address that names a commit never goes stale

_GITHUB_SPEC = re.compile(
    r"github:(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?P<repo>[A-Za-z0-9._-]{1,100})"
    r"(?:@(?P<ref>[^:\s]+))?(?::(?P<path>\S+))?"
)
_REF = re.compile(r"[A-Za-z0-9._/-]{1,200}")
_SHA = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Fetching:
    """How lists that are not local files are fetched (the options every command that takes lists has)."""

    cache_dir: Path | None = None  # None: $MMR_GRAPH_CACHE, else the per-user cache folder
    offline: bool = False
    github_api: str | None = None  # None: $MMR_GRAPH_GITHUB_API, else the public API
    github_raw: str | None = None  # None: $MMR_GRAPH_GITHUB_RAW, else the public raw-content server
    date: dt.date | None = None  # the snapshot's date, instead of the commit's or the fetch's
    timeout: float = 30.0

    def api_base(self) -> str:
        return (self.github_api or os.environ.get(GITHUB_API_VARIABLE) or DEFAULT_GITHUB_API).rstrip("/")

    def raw_base(self) -> str:
        return (self.github_raw or os.environ.get(GITHUB_RAW_VARIABLE) or DEFAULT_GITHUB_RAW).rstrip("/")


@dataclass(frozen=True)
class GitHubSpec:
    """``github:OWNER/REPO[@REF][:PATH]``, checked."""

    owner: str
    repo: str
    ref: str | None
    path: str

    @property
    def repository(self) -> str:
        return f"https://github.com/{self.owner}/{self.repo}"

    def list_id(self) -> str:
        """``owner-repo`` for a README, else ``owner-repo-`` and the file's path without its extension."""
        name = f"{self.owner}-{self.repo}"
        if self.path.lower() != "readme.md":
            name += "-" + self.path.rsplit(".", 1)[0].replace("/", "-")
        return slugify(name.replace(".", "-"), 80)


@dataclass(frozen=True)
class ListSource:
    """One list to read: a local file (``path``) or fetched bytes (``data``), and what is known of where it
    came from. ``name`` is the list as the user gave it, what messages call it."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    id: str | None = None  # None: from the file (data/lists.yaml record, or the file name)
    title: str | None = None  # a title given by a lists file, over the list's own H1
    upstream: str | None = None  # the repository (or page) the list belongs to
    source: str | None = None  # the address of this very version
    commit: str | None = None
    date: dt.date | None = None
    notes: tuple[str, ...] = field(default=())  # what the user should know (e.g. the commit is unknown)
    failure: str | None = None  # why it could not be fetched: reading it raises this

    @property
    def local(self) -> bool:
        return self.data is None and self.failure is None

    def read_bytes(self) -> bytes:
        """The list's bytes; a list that could not be fetched, or a local file that cannot be read, is an
        :class:`InputError`."""
        if self.failure is not None:
            raise InputError(self.name, self.failure)
        if self.data is not None:
            return self.data
        path = self.path or Path(self.name)
        if not path.exists():
            raise InputError(self.name, "no such file")
        if path.is_dir():
            raise InputError(self.name, "is a directory, not a markdown file")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise InputError(self.name, f"cannot read: {exc.strerror or exc}") from None


def is_remote(spec: str) -> bool:
    """Whether ``spec`` names a list to fetch (and no local file of that name exists)."""
    if Path(spec).exists():
        return False
    return spec.startswith("github:") or spec.lower().startswith(("https://", "http://"))


def parse_github(spec: str) -> GitHubSpec:
    """``github:OWNER/REPO[@REF][:PATH]`` checked, or an :class:`InputError` saying what is wrong."""
    m = _GITHUB_SPEC.fullmatch(spec.strip())
    if m is None:
        raise InputError(spec, "not a GitHub list: write github:OWNER/REPO, github:OWNER/REPO@REF:PATH...")
    ref, path = m["ref"], m["path"] or "README.md"
    if ref is not None and (not _REF.fullmatch(ref) or ".." in ref or ref.startswith("/")):
        raise InputError(spec, "not a usable ref (a branch, tag or commit)")
    parts = path.strip("/").split("/")
    if not path.strip("/") or any(part in ("", ".", "..") for part in parts):
        raise InputError(spec, "not a usable path inside the repository")
    return GitHubSpec(m["owner"], m["repo"], ref, "/".join(parts))


def resolve_lists(
    specs: Sequence[str | Path], fetching: Fetching | None = None, *, keep_going: bool = False
) -> list[ListSource]:
    """Each spec as a :class:`ListSource`, fetched if it is not local, in order. A list that cannot be
    fetched raises its :class:`InputError`, or with ``keep_going`` becomes a source that raises it when read
    (so that a build of several lists can skip it and build the others)."""
    fetching = fetching or Fetching()
    found: list[ListSource] = []
    client: WebClient | None = None
    try:
        for spec in specs:
            text = str(spec)
            if isinstance(spec, Path) or not is_remote(text):
                found.append(ListSource(text, path=Path(text), date=fetching.date))
                continue
            if client is None:
                client = _client(fetching)
            try:
                found.append(_fetch(text, client, fetching))
            except InputError as exc:
                if not keep_going:
                    raise
                found.append(ListSource(text, failure=exc.message))
    finally:
        if client is not None:
            client.close()
    return found


def _client(fetching: Fetching) -> WebClient:
    from mmr_graph.web import Policy, ResponseCache, WebClient, default_cache_dir

    cache = ResponseCache(fetching.cache_dir or default_cache_dir())
    policy = Policy(timeout=fetching.timeout, max_bytes=MAX_LIST_BYTES)
    return WebClient(policy, cache=cache, offline=fetching.offline)


def _fetch(spec: str, client: WebClient, fetching: Fetching) -> ListSource:
    from mmr_graph.web import NotCached, WebError

    try:
        if spec.startswith("github:"):
            return _fetch_github(spec, parse_github(spec), client, fetching)
        return _fetch_url(spec, client, fetching)
    except NotCached:
        message = "offline, and the cache holds no copy (fetch it once without --offline)"
        raise InputError(spec, message) from None
    except WebError as exc:
        raise InputError(spec, exc.message) from None


def _fetch_url(spec: str, client: WebClient, fetching: Fetching) -> ListSource:
    from mmr_graph.web import redact

    reply = client.get(spec, trusted=True)
    _check(spec, reply)
    parts = urlsplit(redact(spec))
    name = f"{parts.hostname or ''}{parts.path.rsplit('.', 1)[0] if '.' in parts.path else parts.path}"
    shown = redact(spec)
    return ListSource(
        spec,
        data=reply.body,
        id=slugify(name.replace("/", "-").replace(".", "-"), 80),
        upstream=shown,
        source=shown,
        date=fetching.date or _day(reply.fetched_at),
    )


def _fetch_github(spec: str, github: GitHubSpec, client: WebClient, fetching: Fetching) -> ListSource:
    from mmr_graph.web import WebError

    notes: list[str] = []
    commit: str | None = None
    committed: dt.date | None = None
    try:
        commit, committed = _resolve_commit(github, client, fetching)
    except (WebError, InputError) as exc:
        notes.append(f"the commit of {github.ref or 'the default branch'} is unknown ({_short(exc)})")
    if commit is None and github.ref and _SHA.fullmatch(github.ref):
        commit = github.ref
    at = commit or github.ref or "HEAD"
    place = "/".join(_quoted(part) for part in (github.owner, github.repo, at, github.path))
    raw = f"{fetching.raw_base()}/{place}"
    reply = client.get(raw, trusted=True, max_age=_IMMUTABLE if commit else None)
    _check(spec, reply)
    source = f"{github.repository}/blob/{at}/{github.path}"
    return ListSource(
        spec,
        data=reply.body,
        id=github.list_id(),
        upstream=github.repository,
        source=source,
        commit=commit,
        date=fetching.date or committed or _day(reply.fetched_at),
        notes=tuple(notes),
    )


def _resolve_commit(github: GitHubSpec, client: WebClient, fetching: Fetching) -> tuple[str, dt.date | None]:
    """(the commit ``github.ref`` names, its committer date), from ``GET /repos/{o}/{r}/commits/{ref}``."""
    ref = github.ref or "HEAD"
    url = f"{fetching.api_base()}/repos/{_quoted(github.owner)}/{_quoted(github.repo)}/commits/{_quoted(ref)}"
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    immutable = bool(_SHA.fullmatch(ref))
    reply = client.get(url, trusted=True, headers=headers, max_bytes=MAX_API_BYTES,
                       max_age=_IMMUTABLE if immutable else None)  # fmt: skip
    if not reply.ok:
        raise InputError(github.repository, f"the API answered {reply.status} {reply.reason}")
    try:
        data = json.loads(reply.body)
        sha = data["sha"]
        when = data["commit"]["committer"]["date"]
    except (ValueError, KeyError, TypeError):
        raise InputError(github.repository, "the API's answer is not a commit") from None
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):
        raise InputError(github.repository, "the API's answer is not a commit")
    return sha, _day(when) if isinstance(when, str) else None


def _check(spec: str, reply: Reply) -> None:
    if reply.status != 200:
        raise InputError(spec, f"{reply.url} answered {reply.status} {reply.reason}")
    if not reply.body.strip():
        raise InputError(spec, f"{reply.url} answered with nothing")


def _day(stamp: str) -> dt.date | None:
    """The date of an ISO 8601 time stamp (``2025-05-30T10:00:00Z``), or None."""
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(dt.UTC).date()
    except ValueError:
        return None


def _quoted(part: str) -> str:
    return quote(part, safe="/")


def _short(exc: Exception) -> str:
    return getattr(exc, "message", None) or type(exc).__name__
