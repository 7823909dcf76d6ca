"""A GitHub on 127.0.0.1 for the tests of fetching lists and enriching repositories: the REST API's
``GET /repos/{o}/{r}/commits/{ref}`` (JSON in GitHub's format, with ETag and 304 answers to conditional
requests, 422 for an unknown ref), ``GET /repos/{o}/{r}`` (the repository's description) and
``GET /repos/{o}/{r}/readme`` (the default branch's README as GitHub's default media type gives it: JSON with
the file base64-encoded in lines of 60 characters; 404 JSON when there is none), and the raw-content
server's ``GET /{o}/{r}/{ref}/{path}`` (``text/plain; charset=utf-8``, ETag, ``404: Not Found``), all from
small repositories held in memory: commits by branch, files by commit."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import unquote

from tests.local_servers import LocalServer, QuietHandler


@dataclass
class Commit:
    sha: str
    date: str  # ISO 8601, as GitHub writes it: 2025-05-30T10:00:00Z
    files: dict[str, bytes]


@dataclass
class Repository:
    owner: str
    name: str
    default_branch: str = "main"
    branches: dict[str, str] = field(default_factory=dict)  # branch or tag -> sha
    commits: dict[str, Commit] = field(default_factory=dict)
    stars: int = 0
    licence: str | None = None  # SPDX id

    def add(self, files: dict[str, bytes], date: str, branch: str = "main") -> Commit:
        sha = hashlib.sha1(f"{len(self.commits)}{date}{sorted(files)}".encode()).hexdigest()
        commit = Commit(sha, date, files)
        self.commits[sha] = commit
        self.branches[branch] = sha
        return commit

    def resolve(self, ref: str) -> Commit | None:
        if ref == "HEAD":
            ref = self.default_branch
        sha = self.branches.get(ref, ref)
        return self.commits.get(sha)


class FakeGitHub(LocalServer):
    """``api`` and ``raw`` are base URLs (one server answers both, as the two hosts' paths do not clash:
    the API's start with ``/repos/``). ``requests`` records (path, status) of every request, ``sent``
    the headers each request carried."""

    def __init__(self) -> None:
        self.repos: dict[tuple[str, str], Repository] = {}
        self.requests: list[tuple[str, int]] = []
        self.sent: list[tuple[str, dict[str, str]]] = []
        self.api_down = False  # answer the API with 403 rate-limit errors
        super().__init__(_Handler)

    @property
    def api(self) -> str:
        return self.base + "/api"

    @property
    def raw(self) -> str:
        return self.base + "/raw"

    def repo(self, owner: str, name: str) -> Repository:
        return self.repos.setdefault((owner.lower(), name.lower()), Repository(owner, name))


def _commit_json(repo: Repository, commit: Commit, base: str) -> dict[str, object]:
    person = {"name": "A Maintainer", "email": "maintainer@example.org", "date": commit.date}
    url = f"{base}/repos/{repo.owner}/{repo.name}/commits/{commit.sha}"
    return {
        "sha": commit.sha,
        "node_id": "C_" + commit.sha[:20],
        "commit": {
            "author": person,
            "committer": person,
            "message": "Update README.md",
            "tree": {"sha": commit.sha[::-1], "url": url + "/tree"},
            "url": url,
            "comment_count": 0,
            "verification": {"verified": False, "reason": "unsigned", "signature": None, "payload": None},
        },
        "url": url,
        "html_url": f"https://github.com/{repo.owner}/{repo.name}/commit/{commit.sha}",
        "comments_url": url + "/comments",
        "author": None,
        "committer": None,
        "parents": [],
        "stats": {"total": 1, "additions": 1, "deletions": 0},
        "files": [{"filename": name, "status": "modified"} for name in sorted(commit.files)],
    }


def repository_json(repo: Repository, base: str) -> dict[str, object]:
    """``GET /repos/{o}/{r}`` as GitHub answers it (the fields enrichment reads, and a few more)."""
    licence = {"key": repo.licence.lower(), "spdx_id": repo.licence} if repo.licence else None
    latest = repo.resolve("HEAD")
    return {
        "id": int(hashlib.sha1(f"{repo.owner}/{repo.name}".encode()).hexdigest()[:8], 16),
        "name": repo.name,
        "full_name": f"{repo.owner}/{repo.name}",
        "private": False,
        "html_url": f"https://github.com/{repo.owner}/{repo.name}",
        "url": f"{base}/repos/{repo.owner}/{repo.name}",
        "stargazers_count": repo.stars,
        "watchers_count": repo.stars,
        "language": "Python",
        "license": licence,
        "topics": [],
        "archived": False,
        "default_branch": repo.default_branch,
        "pushed_at": latest.date if latest else None,
    }


def readme_answer(repo: Repository, commit: Commit, base: str) -> dict[str, object] | None:
    """``GET /repos/{o}/{r}/readme`` as GitHub answers it: the README at the root of the default branch
    (README, README.md, readme.rst…: any file whose name starts with "readme", case aside), None if none."""
    path = next((p for p in sorted(commit.files) if "/" not in p and p.lower().startswith("readme")), None)
    if path is None:
        return None
    content = commit.files[path]
    encoded = base64.b64encode(content).decode("ascii")
    blob = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    where = f"{repo.owner}/{repo.name}"
    api = f"{base}/repos/{where}/contents/{path}?ref={repo.default_branch}"
    html = f"https://github.com/{where}/blob/{repo.default_branch}/{path}"
    git = f"{base}/repos/{where}/git/blobs/{blob}"
    return {
        "name": path,
        "path": path,
        "sha": blob,
        "size": len(content),
        "url": api,
        "html_url": html,
        "git_url": git,
        "download_url": f"https://raw.githubusercontent.com/{where}/{repo.default_branch}/{path}",
        "type": "file",
        "content": "".join(encoded[i : i + 60] + "\n" for i in range(0, len(encoded), 60)),
        "encoding": "base64",
        "_links": {"self": api, "git": git, "html": html},
    }


class _Handler(QuietHandler):
    server: FakeGitHub

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.server.requests.append((self.path, status))
        self.answer(status, headers, body)

    def _maybe_not_modified(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {**headers, "ETag": etag}
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self._send(304, b"", headers)
        else:
            self._send(status, body, headers)

    def do_GET(self) -> None:
        self.server.sent.append((self.path, dict(self.headers)))
        parts = [unquote(p) for p in self.path.split("?")[0].split("/")[1:]]
        if parts[:2] == ["api", "repos"] and len(parts) >= 6 and parts[4] == "commits":
            self._api(parts[2], parts[3], "/".join(parts[5:]))
        elif parts[:2] == ["api", "repos"] and len(parts) == 4:
            self._api(parts[2], parts[3], None)
        elif parts[:2] == ["api", "repos"] and len(parts) == 5 and parts[4] == "readme":
            self._api(parts[2], parts[3], None, readme=True)
        elif parts[:1] == ["raw"] and len(parts) >= 5:
            self._raw(parts[1], parts[2], parts[3], "/".join(parts[4:]))
        else:
            self._send(404, b"Not Found", {"Content-Type": "text/plain"})

    def _api(self, owner: str, name: str, ref: str | None, readme: bool = False) -> None:
        """A commit (``ref``), else the repository's description, or its README."""
        kind = {"Content-Type": "application/json; charset=utf-8"}
        if self.server.api_down:
            message = {
                "message": "API rate limit exceeded for 127.0.0.1.",
                "documentation_url": "https://docs",
            }
            self._send(403, json.dumps(message).encode(), {**kind, "X-RateLimit-Remaining": "0"})
            return
        repo = self.server.repos.get((owner.lower(), name.lower()))
        latest = repo.resolve("HEAD") if repo else None
        answer = readme_answer(repo, latest, self.server.api) if repo and latest and readme else None
        if repo is None or (readme and answer is None):
            body = {"message": "Not Found", "documentation_url": "https://docs", "status": "404"}
            self._send(404, json.dumps(body).encode(), kind)
            return
        if ref is None:  # the README, or the repository
            data = answer if answer is not None else repository_json(repo, self.server.api)
            self._maybe_not_modified(200, json.dumps(data).encode(), kind)
            return
        commit = repo.resolve(ref)
        if commit is None:
            body = {"message": f"No commit found for SHA: {ref}", "documentation_url": "https://docs",
                    "status": "422"}  # fmt: skip
            self._send(422, json.dumps(body).encode(), kind)
            return
        self._maybe_not_modified(200, json.dumps(_commit_json(repo, commit, self.server.api)).encode(), kind)

    def _raw(self, owner: str, name: str, ref: str, path: str) -> None:
        repo = self.server.repos.get((owner.lower(), name.lower()))
        commit = repo.resolve(ref) if repo else None
        body = commit.files.get(path) if commit else None
        if body is None:
            self._send(404, b"404: Not Found", {"Content-Type": "text/plain; charset=utf-8"})
            return
        self._maybe_not_modified(200, body, {"Content-Type": "text/plain; charset=utf-8"})
