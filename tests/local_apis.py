"""A local server (127.0.0.1, threads) speaking the three APIs enrichment uses, in their real formats:
arXiv's ``/api/query?id_list=…`` (Atom 1.0 with the arXiv and OpenSearch namespaces), GitHub's REST
``/repos/{owner}/{repo}`` (JSON, ETag and 304) and ``/repos/{owner}/{repo}/readme`` (GitHub's base64 JSON,
:func:`tests.github_server.readme_answer`; 404 for a repository without one) and the Hugging Face Hub's ``/api/datasets/{id}`` and
``/api/models/{id}`` (JSON). It records every request; ``fail_once`` makes a path answer an error once."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.github_server import Repository, readme_answer
from tests.local_servers import LocalServer, QuietHandler

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
_FEED_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list={ids}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list={ids}&amp;start=0&amp;max_results=10</title>
  <id>http://arxiv.org/api/fixture</id>
  <updated>2026-12-05T00:00:00-05:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{n}</opensearch:itemsPerPage>
"""


def arxiv_entries() -> dict[str, str]:
    """arXiv id (no version) -> the ``<entry>`` element of the fixture, as text."""
    text = (FIXTURES / "arxiv_entries.xml").read_text(encoding="utf-8")
    found = {}
    for block in re.findall(r"<entry>.*?</entry>", text, re.S):
        m = re.search(r"arxiv\.org/abs/([^<v]+)v\d+</id>", block)
        assert m is not None
        found[m[1]] = block
    return found


def feed(ids: list[str], entries: dict[str, str]) -> bytes:
    present = [entries[i] for i in ids if i in entries]
    head = _FEED_HEAD.format(ids=",".join(ids), n=len(present))
    return (head + "\n".join(present) + "\n</feed>\n").encode("utf-8")


REPOSITORIES = {
    "linkangheng/PR1": {
        "stargazers_count": 412,
        "license": {"key": "apache-2.0", "spdx_id": "Apache-2.0"},
        "language": "Python",
        "topics": ["mllm", "grpo"],
        "pushed_at": "2025-06-01T12:00:00Z",
        "archived": False,
    },
    "dvlab-research/Seg-Zero": {
        "stargazers_count": 1290,
        "license": None,
        "language": "Python",
        "topics": [],
        "pushed_at": "2025-05-02T08:30:00Z",
        "archived": True,
    },
}
READMES = {  # Seg-Zero has none
    "linkangheng/PR1": "# Perception-R1\n\nPerception-R1 trains Qwen2-VL-2B-Instruct with **GRPO** on visual "
    "perception tasks.\n\n```bash\npip install -e .\n```\n\nÜber-simple: no SFT stage.\n",
}
HUB = {
    ("datasets", "Ricky06662/refCOCOg_2k_840"): {
        "downloads": 321,
        "likes": 7,
        "cardData": {"license": "cc-by-4.0"},
        "tags": ["task_categories:image-segmentation", "license:cc-by-4.0"],
    },
    ("models", "OpenGVLab/VisualPRM-8B"): {
        "downloads": 5120,
        "likes": 44,
        "cardData": {"license": "mit"},
        "tags": ["transformers", "license:mit"],
    },
    # base models the curated records name
    **{
        ("models", name): {"downloads": 1000 + i, "likes": i, "tags": ["transformers"]}
        for i, name in enumerate(
            [
                "OpenGVLab/InternVL2_5-8B",
                "Qwen/Qwen2-VL-2B-Instruct",
                "Qwen/Qwen2.5-VL-3B-Instruct",
                "Qwen/Qwen2.5-VL-7B-Instruct",
            ]
        )
    },
}


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


@dataclass
class ApiState:
    entries: dict[str, str] = field(default_factory=arxiv_entries)
    seen: list[Request] = field(default_factory=list)
    fail_once: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    raw: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)  # path -> fixed answer


class ApiServer(LocalServer):
    def __init__(self) -> None:
        self.state = ApiState()
        super().__init__(_Handler)


class _Handler(QuietHandler):
    server: ApiServer

    def do_GET(self) -> None:
        state = self.server.state
        state.seen.append(Request(self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        if parts.path in state.fail_once:
            self.answer(*state.fail_once.pop(parts.path))
        elif parts.path in state.raw:
            self.answer(*state.raw[parts.path])
        elif parts.path == "/api/query":
            ids = parse_qs(parts.query).get("id_list", [""])[0].split(",")
            self.answer(
                200, {"Content-Type": "application/atom+xml; charset=utf-8"}, feed(ids, state.entries)
            )
        elif m := re.fullmatch(r"/repos/([^/]+)/([^/]+)/readme", parts.path):
            self._readme(m[1], m[2])
        elif m := re.fullmatch(r"/repos/([^/]+/[^/]+)", parts.path):
            self._json(REPOSITORIES.get(m[1]), {"full_name": m[1], "name": m[1].split("/")[1]}, '"gh-1"')
        elif m := re.fullmatch(r"/api/(datasets|models)/(.+)", parts.path):
            self._json(
                HUB.get((m[1], m[2])), {"id": m[2], "author": m[2].split("/")[0], "private": False}, ""
            )
        else:
            self.answer(404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}')

    def _readme(self, owner: str, name: str) -> None:
        readme = READMES.get(f"{owner}/{name}")
        if readme is None:
            missing = {"message": "Not Found", "status": "404",
                       "documentation_url": "https://docs.github.com/rest/repos/contents#get-a-repository-readme"}  # fmt: skip
            self.answer(
                404, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(missing).encode()
            )
            return
        repo = Repository(owner, name)
        commit = repo.add({"README.md": readme.encode("utf-8")}, "2025-06-01T12:00:00Z")
        self._json(readme_answer(repo, commit, f"http://{self.headers['Host']}"), {}, '"rm-1"')

    def _json(self, data: dict[str, object] | None, extra: dict[str, object], etag: str) -> None:
        if data is None:
            self.answer(404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}')
        elif etag and self.headers.get("If-None-Match") == etag:
            self.answer(304, {"ETag": etag}, b"")
        else:
            headers = {"Content-Type": "application/json; charset=utf-8", **({"ETag": etag} if etag else {})}
            self.answer(200, headers, json.dumps({**extra, **data}).encode("utf-8"))
