"""Lists from where they live: local files, URLs and github: specs, fetched from a GitHub on 127.0.0.1
through the project's HTTP client and cache, through the command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, RDF
from tests.github_server import FakeGitHub

from mmr_graph.cli import main
from mmr_graph.errors import InputError
from mmr_graph.ingest.sources import parse_github

MMR = Namespace("https://w3id.org/mmr-graph/ns#")

APRIL = b"""# Awesome Tiny Reasoning

## Papers

- **Alpha-R1: Reasoning in pictures** [[paper](https://arxiv.org/abs/2501.00001)]
- **Beta: Thinking with video** [[paper](https://arxiv.org/abs/2501.00002)] [[code](https://github.com/b/beta)]
"""
MAY = APRIL + b"- **Gamma: Charts** [[paper](https://arxiv.org/abs/2502.00003)]\n"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    repo = server.repo("someone", "awesome-tiny")
    repo.add({"README.md": APRIL}, "2025-04-24T08:00:00Z")
    repo.branches["v1"] = repo.branches["main"]
    repo.add({"README.md": MAY, "docs/more.md": APRIL.replace(b"Tiny", b"More")}, "2025-05-30T21:30:00Z")
    yield server
    server.close()


def run(args: list[str], github: FakeGitHub, cache: Path) -> tuple[int, str, str]:
    env = {
        "MMR_GRAPH_GITHUB_API": github.api,
        "MMR_GRAPH_GITHUB_RAW": github.raw,
        "MMR_GRAPH_CACHE": str(cache),
    }
    result = CliRunner().invoke(main, args, env=env)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    return result.exit_code, result.stdout, result.stderr


def list_facts(out: Path) -> tuple[str, str, str]:
    """(source, date, title) of the one list of a build."""
    graph = Graph().parse(out / "graph.ttl")
    (node,) = graph.subjects(RDF.type, MMR.AwesomeList)
    return (
        str(graph.value(node, DCTERMS.source)),
        str(graph.value(node, DCTERMS.created)),
        str(graph.value(node, DCTERMS.title)),
    )


def entries(out: Path) -> int:
    graph = Graph().parse(out / "graph.ttl")
    return len(set(graph.subjects(RDF.type, MMR.Entry)))


def test_a_github_list_is_built_at_its_commit_with_the_commit_date(
    github: FakeGitHub, tmp_path: Path
) -> None:
    head = github.repo("someone", "awesome-tiny").branches["main"]
    code, out, err = run(["build", "github:someone/awesome-tiny", "--out", str(tmp_path / "o"), "--no-html"],
                         github, tmp_path / "cache")  # fmt: skip
    assert code == 0, err
    assert "built github:someone/awesome-tiny" in out
    source, date, title = list_facts(tmp_path / "o")
    assert source == f"https://github.com/someone/awesome-tiny/blob/{head}/README.md"
    assert date == "2025-05-30"
    assert title == "Awesome Tiny Reasoning"
    assert entries(tmp_path / "o") == 3
    paths = [path for path, _ in github.requests]
    assert paths == [
        "/api/repos/someone/awesome-tiny/commits/HEAD",
        f"/raw/someone/awesome-tiny/{head}/README.md",
    ]


def test_a_ref_and_a_path_and_the_date_option(github: FakeGitHub, tmp_path: Path) -> None:
    first = github.repo("someone", "awesome-tiny").branches["v1"]
    code, _, err = run(["build", "github:someone/awesome-tiny@v1", "--out", str(tmp_path / "a"), "--no-html"],
                       github, tmp_path / "cache")  # fmt: skip
    assert code == 0, err
    assert list_facts(tmp_path / "a")[:2] == (
        f"https://github.com/someone/awesome-tiny/blob/{first}/README.md",
        "2025-04-24",
    )
    assert entries(tmp_path / "a") == 2
    spec = "github:someone/awesome-tiny@main:docs/more.md"
    code, _, err = run(["build", spec, "--date", "2026-01-02", "--out", str(tmp_path / "b"), "--no-html"],
                       github, tmp_path / "cache")  # fmt: skip
    assert code == 0, err
    source, date, title = list_facts(tmp_path / "b")
    assert source.endswith("/docs/more.md") and date == "2026-01-02" and title == "Awesome More Reasoning"


def test_a_second_fetch_is_conditional_and_offline_uses_the_cache(github: FakeGitHub, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["build", "github:someone/awesome-tiny", "--no-html", "--out"]
    assert run([*args, str(tmp_path / "a")], github, cache)[0] == 0
    github.requests.clear()
    assert run([*args, str(tmp_path / "b")], github, cache)[0] == 0
    # the branch is asked again, answered "not modified"; the file at a commit is not asked again
    assert github.requests == [("/api/repos/someone/awesome-tiny/commits/HEAD", 304)]
    github.requests.clear()
    code, _, err = run([*args, str(tmp_path / "c"), "--offline"], github, cache)
    assert code == 0, err
    assert github.requests == []
    assert list_facts(tmp_path / "c") == list_facts(tmp_path / "a")


def test_offline_without_a_copy_is_one_line_error(github: FakeGitHub, tmp_path: Path) -> None:
    code, _out, err = run(["build", "github:someone/awesome-tiny", "--offline", "--out", str(tmp_path / "o")],
                         github, tmp_path / "empty-cache")  # fmt: skip
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(
        "error: github:someone/awesome-tiny: offline, and the cache holds no copy"
    )
    assert github.requests == []
    assert not (tmp_path / "o" / "graph.ttl").exists()


def test_a_missing_file_or_repository_is_one_line_error(github: FakeGitHub, tmp_path: Path) -> None:
    for spec in ("github:someone/awesome-tiny:NOPE.md", "github:nobody/nothing"):
        code, _, err = run(["build", spec, "--out", str(tmp_path / "o")], github, tmp_path / "cache")
        assert code == 1
        assert err.count("\n") == 1 and err.startswith(f"error: {spec}: ") and "404 Not Found" in err, err
        assert "404: Not Found" not in err  # nothing the server sent is echoed
        assert "Traceback" not in err


def test_without_the_api_the_file_is_read_at_the_ref(github: FakeGitHub, tmp_path: Path) -> None:
    github.api_down = True
    code, _, err = run(["build", "github:someone/awesome-tiny@v1", "--out", str(tmp_path / "o"), "--no-html"],
                       github, tmp_path / "cache")  # fmt: skip
    assert code == 0, err
    assert "the commit of v1 is unknown (the API answered 403 Forbidden)" in err
    assert "rate limit" not in err
    source, _, _ = list_facts(tmp_path / "o")
    assert source == "https://github.com/someone/awesome-tiny/blob/v1/README.md"
    assert entries(tmp_path / "o") == 2


def test_a_url_is_fetched_and_a_local_path_always_wins(github: FakeGitHub, tmp_path: Path) -> None:
    head = github.repo("someone", "awesome-tiny").branches["main"]
    url = f"{github.raw}/someone/awesome-tiny/{head}/README.md"
    code, _, err = run(["build", url, "--out", str(tmp_path / "o"), "--no-html"], github, tmp_path / "cache")
    assert code == 0, err
    assert entries(tmp_path / "o") == 3
    assert list_facts(tmp_path / "o")[0] == url
    # a file named like a spec is the file
    local = tmp_path / "github:someone" / "awesome-tiny"
    local.parent.mkdir()
    local.write_bytes(APRIL)
    github.requests.clear()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, _out, err = run(["build", "github:someone/awesome-tiny", "--out", "o2", "--no-html"], github,
                             tmp_path / "cache")  # fmt: skip
    finally:
        os.chdir(cwd)
    assert code == 0, err
    assert github.requests == []
    assert entries(tmp_path / "o2") == 2


def test_query_from_a_github_list(github: FakeGitHub, tmp_path: Path) -> None:
    sparql = "SELECT (COUNT(?e) AS ?n) WHERE { ?e a <https://w3id.org/mmr-graph/ns#Entry> }"
    code, out, err = run(["query", sparql, "--from", "github:someone/awesome-tiny@v1", "--format", "csv"],
                         github, tmp_path / "cache")  # fmt: skip
    assert code == 0, err
    assert out.split() == ["n", "2"]
    code, out, err = run(["validate", "--from", "github:someone/awesome-tiny@v1", "--offline"], github,
                         tmp_path / "cache")  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize(
    "spec",
    [
        "github:someone",
        "github:a/b@../x",
        "github:a/b:../secret",
        "github:a/b:",
        "github:-a/b",
        "github:a/b@",
    ],
)
def test_bad_github_specs_are_refused_before_any_request(spec: str) -> None:
    with pytest.raises(InputError):
        parse_github(spec)


def test_a_good_spec_parses() -> None:
    spec = parse_github("github:yuanpinz/awesome-deep-multimodal-reasoning@a1b2:docs/list.md")
    assert (spec.owner, spec.repo, spec.ref, spec.path) == ("yuanpinz", "awesome-deep-multimodal-reasoning",
                                                            "a1b2", "docs/list.md")  # fmt: skip
    assert spec.list_id() == "yuanpinz-awesome-deep-multimodal-reasoning-docs-list"
