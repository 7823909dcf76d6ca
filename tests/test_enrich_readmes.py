"""``mmr-graph enrich`` fetching each repository's README through GitHub's REST API
(``GET /repos/{owner}/{name}/readme``: JSON, the file base64-encoded) into the cache, and
``mmr-graph build --cache`` carrying it in its metadata (``Metadata.readmes``) for extraction. Against local
servers speaking GitHub's real format (tests/github_server.py, tests/local_apis.py); nothing reaches the
internet."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from tests.github_server import FakeGitHub, Repository, readme_answer

from local_apis import READMES, ApiServer
from mmr_graph.cli import main
from mmr_graph.enrich import github, stored
from mmr_graph.enrich.records import Metadata, ReadmeMetadata
from mmr_graph.enrich.targets import Targets
from mmr_graph.identity.namespaces import GITHUB, MMR
from mmr_graph.web import Reply, ResponseCache
from test_enrich import HF_SECRET, LIST, TOKEN, run_enrich

PR1 = "linkangheng/PR1"
REMOTE_WORDS = "Words-The-Server-Chose"  # never to be echoed


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()


def answer(files: dict[str, bytes], owner: str = "o", name: str = "r") -> bytes:
    repo = Repository(owner, name)
    data = readme_answer(repo, repo.add(files, "2025-06-01T12:00:00Z"), "https://api.example.test")
    return json.dumps(data).encode()


def shaped(content: object, **fields: object) -> bytes:
    """A README answer in GitHub's shape with ``content`` (and other fields) as given."""
    data = json.loads(answer({"README.md": b"x"}))
    return json.dumps({**data, "content": content, **fields}).encode()


def readme_line(output: str) -> str:
    return next(line.strip() for line in output.splitlines() if line.strip().startswith("GitHub READMEs:"))


def build_with_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, *lists: str, extra: tuple[str, ...] = ()
) -> tuple[str, Metadata]:
    """Run ``build --cache`` (into ``tmp_path/out``) and return its output and the metadata it used; with
    ``--no-curated``, as a list of one's own: READMEs are kept only where extraction reads them (entries
    without a curated record), and the fixture's entries all have one."""
    seen: list[Metadata] = []
    original = stored.build_metadata

    def spy(*args: object, **kwargs: object) -> Metadata:
        seen.append(original(*args, **kwargs))  # type: ignore[arg-type]
        return seen[-1]

    monkeypatch.setattr(stored, "build_metadata", spy)
    out = tmp_path / "out"
    args = ["build", *(lists or (str(LIST),)), "--out", str(out), "--no-html", "--cache", str(cache),
            "--no-shipped-metadata", "--no-curated", *extra]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert len(seen) == 1
    return result.output, seen[0]


# -------------------------------------------------------------------------------------------------------
# reading GitHub's answer


def test_githubs_answer_is_decoded() -> None:
    text = "# Tool\n\nWe fine-tune with GRPO — über fast.\n" * 20  # several lines of base64
    readme = github.read_readme(answer({"README.rst": text.encode(), "src/x.py": b""}), "o/r", "t")
    assert readme == ReadmeMetadata(full_name="o/r", path="README.rst", text=text, fetched_at="t")
    broken = github.read_readme(answer({"README.md": b"caf\xe9 GRPO"}), "o/r", "t")
    assert broken is not None and broken.text == "caf\ufffd GRPO"  # invalid UTF-8: replaced, not refused


@pytest.mark.parametrize(
    "body",
    [
        b'{"message": "Not Found", "documentation_url": "https://docs", "status": "404"}',
        shaped("@@@" + REMOTE_WORDS),  # not base64
        shaped("QUJD\nR===\n"),  # padding where none may be
        shaped("QU=JD"),  # padding inside
        shaped(base64.b64encode(b"abc").decode() + " "),  # a stray character
        shaped("", encoding="none", size=2_000_000),  # what GitHub says of a file too large to encode
        shaped("QUJD", type="dir"),
        shaped("QUJD", type="symlink"),
        shaped("QUJD", path="README\x1b[31m.md"),  # a control character in the path
        shaped("QUJD", path=""),
        shaped(["QUJD"]),
        shaped(None),
        b"[1, 2, 3]",
        b"<html><body>" + REMOTE_WORDS.encode() + b"</body></html>",
        b"[" * 100_000 + b"]" * 100_000,  # nested past the parser's depth
        b"\xff\xfe not json",
    ],
)
def test_anything_but_a_base64_file_is_refused(body: bytes) -> None:
    assert github.read_readme(body, "o/r", "t") is None


def test_a_long_readme_is_cut_at_the_limit_without_a_broken_character() -> None:
    text = "é" * github.README_LIMIT  # 2 bytes each: the limit falls between characters, then inside one
    for prefix in ("", "a"):
        readme = github.read_readme(answer({"README.md": (prefix + text).encode()}), "o/r", "t")
        assert readme is not None
        kept = readme.text.encode()
        assert github.README_LIMIT - 1 <= len(kept) <= github.README_LIMIT
        assert readme.text.startswith(prefix + "éé") and "\ufffd" not in readme.text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_answer_is_a_readme_or_none(body: bytes) -> None:
    readme = github.read_readme(body, "o/r", "t")
    assert readme is None or isinstance(readme.text, str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([60, 76, 10**6]))
def test_any_file_round_trips(content: bytes, width: int) -> None:
    encoded = base64.b64encode(content).decode()
    lines = "\n".join(encoded[i : i + width] for i in range(0, len(encoded), width))
    readme = github.read_readme(shaped(lines), "o/r", "t")
    assert readme is not None and readme.text == content.decode("utf-8", errors="replace")


# -------------------------------------------------------------------------------------------------------
# the command


def test_enrich_fetches_each_readme_and_build_carries_it(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    code, output = run_enrich(api, cache)
    assert code == 0, output
    assert "GitHub: 2 of 2 repositories (2 requests, 0 answers from the cache)" in output
    # Seg-Zero has no README: GitHub answers 404, which is no problem
    assert readme_line(output) == (
        "GitHub READMEs: 1 of 2 repositories (2 requests, 0 answers from the cache), 1 without a README"
    )
    assert "Not Found" not in output and "404" not in output
    asked = [r for r in api.state.seen if r.path.endswith("/readme")]
    assert sorted(r.path for r in asked) == ["/repos/dvlab-research/Seg-Zero/readme", f"/repos/{PR1}/readme"]
    for request in asked:  # the repository request's headers, token included
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"
        assert request.headers["Accept"] == "application/vnd.github+json"
    assert TOKEN not in output and HF_SECRET not in output

    output, metadata = build_with_cache(tmp_path, cache, monkeypatch)
    readme = metadata.readmes[GITHUB + PR1]
    assert list(metadata.readmes) == [GITHUB + PR1]
    assert (readme.full_name, readme.path, readme.text) == (PR1, "README.md", READMES[PR1])
    assert readme.licence == "Apache-2.0"  # the repository's, from its own answer in the cache
    day = readme.fetched_at[:10]
    assert f"GitHub READMEs 1 (cache, fetched {day})" in output


def test_readmes_are_kept_for_max_age_and_read_offline(api: ApiServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run_enrich(api, cache)[0] == 0
    asked = len(api.state.seen)
    cached = "GitHub READMEs: 1 of 2 repositories (0 requests, 2 answers from the cache), 1 without a README"
    code, output = run_enrich(api, cache)  # within --max-age: the absent README is remembered too
    assert code == 0 and len(api.state.seen) == asked and readme_line(output) == cached
    code, output = run_enrich(api, cache, "--offline", "--max-age", "0")
    assert code == 0 and len(api.state.seen) == asked and readme_line(output) == cached
    assert "not in the cache" not in output
    code, output = run_enrich(api, cache, "--max-age", "0")  # asked again, with the copy's ETag: 304
    assert code == 0 and readme_line(output).startswith("GitHub READMEs: 1 of 2 repositories (2 requests")
    again = [r for r in api.state.seen[asked:] if r.path == f"/repos/{PR1}/readme"]
    assert len(again) == 1 and again[0].headers.get("If-None-Match") == '"rm-1"'


def test_offline_with_an_older_cache_says_which_readmes_it_lacks(api: ApiServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for name in (PR1, "dvlab-research/Seg-Zero"):  # refused (as a private repository's may be): not kept
        api.state.raw[f"/repos/{name}/readme"] = (403, {"Content-Type": "application/json"}, b"{}")
    code, output = run_enrich(api, cache)
    assert code == 0 and f"/repos/{PR1}/readme answered 403 Forbidden" in output
    code, output = run_enrich(api, cache, "--offline")
    assert code == 0
    assert readme_line(output) == "GitHub READMEs: 0 of 2 repositories (0 requests, 0 answers from the cache)"
    assert f"not in the cache: {api.base}/repos/{PR1}/readme" in output
    assert "GitHub: 2 of 2 repositories (0 requests, 2 answers from the cache)" in output


@pytest.mark.parametrize(
    "body",
    [
        shaped("!!" + REMOTE_WORDS + "!!"),
        shaped(base64.b64encode(REMOTE_WORDS.encode()).decode(), type="dir"),
        json.dumps({"message": REMOTE_WORDS}).encode(),
        b"<html>" + REMOTE_WORDS.encode() + b"</html>",
        shaped(base64.b64encode(REMOTE_WORDS.encode() * 900_000).decode()),  # 19 MB: over the read limit
    ],
    ids=["bad-base64", "wrong-type", "error-json", "html", "huge"],
)
def test_a_malformed_readme_answer_is_ignored_harmlessly(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    api.state.raw[f"/repos/{PR1}/readme"] = (200, {"Content-Type": "application/json"}, body)
    cache = tmp_path / "cache"
    code, output = run_enrich(api, cache)
    assert code == 0 and REMOTE_WORDS not in output and "Traceback" not in output
    assert "GitHub: 2 of 2 repositories" in output
    assert readme_line(output).startswith("GitHub READMEs: 0 of 2 repositories")
    problem = next(line for line in output.splitlines() if f"{PR1}/readme" in line)
    assert len(problem) < 200
    output, metadata = build_with_cache(tmp_path, cache, monkeypatch)
    assert metadata.readmes == {} and "GitHub READMEs" not in output
    assert "GitHub 2 (cache" in output


def test_a_readme_longer_than_the_limit_is_kept_cut(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = ("GRPO " * 400_000).encode()  # 2 MB
    api.state.raw[f"/repos/{PR1}/readme"] = (
        200,
        {"Content-Type": "application/json"},
        answer({"README.md": long}),
    )
    cache = tmp_path / "cache"
    code, output = run_enrich(api, cache)
    assert code == 0 and readme_line(output).startswith("GitHub READMEs: 1 of 2")
    _, metadata = build_with_cache(tmp_path, cache, monkeypatch)
    assert metadata.readmes[GITHUB + PR1].text.encode() == long[: github.README_LIMIT]


def test_a_rate_limit_on_a_readme_stops_the_requests_to_github(api: ApiServer, tmp_path: Path) -> None:
    api.state.fail_once["/repos/dvlab-research/Seg-Zero/readme"] = (
        403, {"X-RateLimit-Remaining": "0", "Content-Type": "application/json"},
        json.dumps({"message": REMOTE_WORDS}).encode(),
    )  # fmt: skip
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0 and REMOTE_WORDS not in output
    assert "GitHub: 1 of 2 repositories" in output and readme_line(output).startswith(
        "GitHub READMEs: 0 of 1"
    )
    assert output.count("stopped early: rate limit reached") == 2  # one API, one limit: both lines say so
    assert not any(r.path.startswith(f"/repos/{PR1}") for r in api.state.seen)


def test_a_short_retry_after_on_a_readme_is_waited_for(api: ApiServer, tmp_path: Path) -> None:
    api.state.fail_once[f"/repos/{PR1}/readme"] = (429, {"Retry-After": "1"}, REMOTE_WORDS.encode())
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0 and readme_line(output).startswith("GitHub READMEs: 1 of 2 repositories (2 requests")
    assert [r.path for r in api.state.seen].count(f"/repos/{PR1}/readme") == 2
    assert REMOTE_WORDS not in output


def test_a_repository_github_does_not_describe_is_not_asked_for_its_readme(
    api: ApiServer, tmp_path: Path
) -> None:
    api.state.fail_once[f"/repos/{PR1}"] = (404, {}, b'{"message": "Not Found"}')
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0 and readme_line(output).startswith("GitHub READMEs: 0 of 1 repositories")
    assert not any(r.path == f"/repos/{PR1}/readme" for r in api.state.seen)


def test_a_readme_redirected_to_another_origin_is_not_followed_with_the_token(
    api: ApiServer, tmp_path: Path
) -> None:
    other = ApiServer()
    try:
        api.state.raw[f"/repos/{PR1}/readme"] = (302, {"Location": f"{other.base}/repos/{PR1}/readme"}, b"")
        code, output = run_enrich(api, tmp_path / "cache")
        assert code == 0 and other.state.seen == []
        assert TOKEN not in output
    finally:
        other.close()


def test_a_github_list_and_its_repositories_readmes_from_one_local_github(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list, each repository and its README from a local GitHub; arXiv and the Hub elsewhere: the token
    goes to GitHub's API only."""
    hub = FakeGitHub()
    try:
        listed = (b"# Awesome Tiny\n\n## Papers\n\n- **Tool-R1** [[code](https://github.com/someone/tool)]\n"
                  b"- **Bare** [[code](https://github.com/someone/bare)]\n")  # fmt: skip
        hub.repo("someone", "awesome-tiny").add({"README.md": listed}, "2025-05-30T21:30:00Z")
        tool = hub.repo("someone", "tool")
        tool.stars, tool.licence = 7, "MIT"
        notes = "Tool-R1\n=======\n\nTrained with GRPO after an SFT cold start.\n"
        tool.add({"readme.rst": notes.encode(), "docs/README.md": b"not this one"}, "2025-06-01T00:00:00Z")
        hub.repo("someone", "bare").add({"main.py": b""}, "2025-06-01T00:00:00Z")
        cache = tmp_path / "cache"
        env = {"GITHUB_TOKEN": TOKEN, "MMR_GRAPH_GITHUB_RAW": hub.raw}
        args = ["enrich", "github:someone/awesome-tiny", "--cache", str(cache), "--arxiv-api",
                f"{api.base}/api/query", "--github-api", hub.api, "--hf-endpoint", api.base]  # fmt: skip
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        assert "GitHub: 2 of 2 repositories (2 requests" in result.output
        assert readme_line(result.output) == (
            "GitHub READMEs: 1 of 2 repositories (2 requests, 0 answers from the cache), 1 without a README"
        )
        sent = dict(hub.sent)
        assert sent["/api/repos/someone/tool/readme"]["Authorization"] == f"Bearer {TOKEN}"
        assert not any(TOKEN in str(r.headers) for r in api.state.seen)
        assert not any(TOKEN in p.read_text(errors="replace") for p in cache.rglob("*") if p.is_file())

        output, metadata = build_with_cache(
            tmp_path, cache, monkeypatch, "github:someone/awesome-tiny",
            extra=("--github-api", hub.api, "--github-raw", hub.raw, "--offline"),
        )  # fmt: skip
        readme = metadata.readmes[GITHUB + "someone/tool"]
        assert (readme.path, readme.text, readme.licence) == ("readme.rst", notes, "MIT")
        assert list(metadata.readmes) == [GITHUB + "someone/tool"]
        assert "GitHub READMEs 1 (cache" in output
        graph = Graph().parse(tmp_path / "out" / "graph.nt", format="nt")
        fact = URIRef("https://w3id.org/mmr-graph/id/entry/github/someone/tool/assertion/usesMethod/grpo")
        assert graph.value(fact, MMR.factSource) == URIRef(
            "https://w3id.org/mmr-graph/id/fact-source/extracted-readme"
        )  # extraction read the README the cache holds
    finally:
        hub.close()


# -------------------------------------------------------------------------------------------------------
# what the cache holds, read back


def test_the_newest_readme_of_the_graphs_own_repositories_is_read_back(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)

    def keep(url: str, body: bytes, fetched_at: str, status: int = 200) -> None:
        kind = httpx.Headers({"Content-Type": "application/json"})
        cache.save(url, Reply(url, status, kind, body, fetched_at=fetched_at))

    keep(
        github.readme_url("https://one.test", PR1), answer({"README.md": b"old"}), "2026-11-01T00:00:00+00:00"
    )
    keep(
        github.readme_url("https://two.test/api", PR1),
        answer({"README.md": b"new"}),
        "2026-12-01T00:00:00+00:00",
    )
    keep(
        github.readme_url("https://one.test", "o/r"),
        answer({"README.md": b"not ours"}),
        "2026-12-01T00:00:00+00:00",
    )
    keep(
        github.readme_url("https://one.test", "a/b"),
        b'{"message": "Not Found"}',
        "2026-12-02T00:00:00+00:00",
        404,
    )
    keep(github.readme_url("https://one.test", "c/d"), shaped("%%%"), "2026-12-02T00:00:00+00:00")
    keep("https://one.test/repos/a/readme", answer({"README.md": b"a repository named readme"}), "2026-12-03")
    found = stored.metadata_in(cache, Targets(repositories=(PR1, "a/b", "c/d", "a/readme")))
    assert {iri: r.text for iri, r in found.readmes.items()} == {GITHUB + PR1: "new"}
    assert [(o.api, o.resources, o.newest) for o in found.origins] == [
        ("readme", 1, "2026-12-01T00:00:00+00:00")
    ]
    assert found.readmes[GITHUB + PR1].licence is None  # the cache does not describe the repository
