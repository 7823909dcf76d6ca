"""``mmr-graph enrich`` as issue 18 describes it, against local servers: where each API is (``--hf-endpoint``
over ``$HF_ENDPOINT``), tokens that never leave their API's origin, GitHub's secondary rate limit, lists
from where they live (github:), ``--max-age`` and what the shipped metadata already holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.github_server import FakeGitHub

from local_apis import ApiServer
from mmr_graph.cli import main
from mmr_graph.enrich.assemble import default_list_papers
from mmr_graph.enrich.shipped import shipped_file
from test_enrich import HF_SECRET, LIST, TOKEN, run_enrich


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()


@pytest.fixture
def other() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()


def test_the_hf_endpoint_option_wins_over_the_variable(
    api: ApiServer, other: ApiServer, tmp_path: Path
) -> None:
    args = ["enrich", str(LIST), "--cache", str(tmp_path / "c"), "--arxiv-api", f"{api.base}/api/query",
            "--github-api", api.base, "--hf-endpoint", api.base]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"HF_ENDPOINT": other.base, "HF_TOKEN": HF_SECRET})
    assert result.exit_code == 0, result.output
    assert "Hugging Face: 6 of 6" in result.output
    assert any(r.path.startswith("/api/models/") for r in api.state.seen)
    assert other.state.seen == []


def test_a_token_follows_a_redirect_within_its_origin_only(
    api: ApiServer, other: ApiServer, tmp_path: Path
) -> None:
    # a renamed repository: GitHub answers 301 to the new name, on the same origin
    api.state.raw["/repos/linkangheng/PR1"] = (301, {"Location": f"{api.base}/repos/linkangheng/PR-1"}, b"")
    # a repository whose answer points at another origin
    api.state.raw["/repos/dvlab-research/Seg-Zero"] = (
        302, {"Location": f"{other.base}/repos/dvlab-research/Seg-Zero"}, b"",
    )  # fmt: skip
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0, output
    renamed = [r for r in api.state.seen if r.path == "/repos/linkangheng/PR-1"]
    assert renamed and renamed[0].headers.get("Authorization") == f"Bearer {TOKEN}"
    # another origin on a private address the user did not name: not even asked (the client's tests show
    # that a token never goes to another origin at all, tests/test_web.py)
    assert other.state.seen == [] and "127.0.0.1 is not a public address" in output
    assert TOKEN not in output and HF_SECRET not in output
    assert not any(
        TOKEN in p.read_text(errors="replace") for p in (tmp_path / "cache").rglob("*") if p.is_file()
    )


def test_githubs_secondary_rate_limit_stops_the_requests_to_github(api: ApiServer, tmp_path: Path) -> None:
    api.state.fail_once["/repos/dvlab-research/Seg-Zero"] = (
        403, {"Retry-After": "60", "Content-Type": "application/json"},
        b'{"message": "You have exceeded a secondary rate limit."}',
    )  # fmt: skip
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0
    assert "GitHub: 0 of 2 repositories" in output and "server asks to wait 60 s" in output
    assert not any(r.path == "/repos/linkangheng/PR1" for r in api.state.seen)
    assert "secondary rate limit" not in output  # the server's words are not echoed


def test_a_bad_max_age_is_a_usage_error_naming_the_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["enrich", str(LIST), "--cache", str(tmp_path), "--max-age", "soon"])
    assert result.exit_code == 2 and "--max-age" in result.output and "Traceback" not in result.output


def test_a_github_list_is_enriched_from_where_it_lives(api: ApiServer, tmp_path: Path) -> None:
    github = FakeGitHub()
    try:
        readme = b"# Awesome Tiny\n\n## Papers\n\n- **Perception-R1** [[paper](https://arxiv.org/abs/2504.07954)]\n"
        github.repo("someone", "awesome-tiny").add({"README.md": readme}, "2025-05-30T21:30:00Z")
        args = ["enrich", "github:someone/awesome-tiny", "--cache", str(tmp_path / "c"),
                "--arxiv-api", f"{api.base}/api/query", "--github-api", github.api, "--hf-endpoint", api.base]  # fmt: skip
        result = CliRunner().invoke(main, args, env={"MMR_GRAPH_GITHUB_RAW": github.raw})
        assert result.exit_code == 0, result.output
        assert "enriched github:someone/awesome-tiny" in result.output
        assert "arXiv: 1 of 1 papers (1 requests" in result.output
        assert next(p for p, _ in github.requests) == "/api/repos/someone/awesome-tiny/commits/HEAD"
        offline = CliRunner().invoke(main, [*args, "--offline"], env={"MMR_GRAPH_GITHUB_RAW": github.raw})
        assert (
            offline.exit_code == 0
            and "arXiv: 1 of 1 papers (0 requests, 1 answers from the cache)" in offline.output
        )
    finally:
        github.close()


def test_offline_with_an_empty_cache_says_how_many_papers_are_shipped(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["enrich", "--offline", "--cache", str(tmp_path / "empty")])
    assert result.exit_code == 0, result.output
    shipped = {json.loads(line)["arxiv_id"] for line in shipped_file().read_text().splitlines()}
    papers = default_list_papers()[1]
    assert f"arXiv: 0 of {len(papers)} papers" in result.output
    assert f"{len(shipped & papers)} more shipped with mmr-graph" in result.output
