"""``diff`` of lists fetched from where they live (a local GitHub, a URL), ``history`` of a ``github:`` list
cloned from a local bare repository, and entries whose key changes between versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.github_server import FakeGitHub

from git_repos import git, make_repo
from mmr_graph.cli import main

APRIL = b"""# Awesome Tiny Reasoning

## Papers

- **Alpha-R1: Reasoning in pictures** [[paper](https://arxiv.org/abs/2501.00001)]
- **Beta: Thinking with video** [[code](https://github.com/b/beta)]
"""
# Beta gains a paper link: its key becomes the paper, so it is a new entry (and the old one is removed)
MAY = b"""# Awesome Tiny Reasoning

## Papers

- **Alpha-R1: Reasoning in pictures and charts** [[paper](https://arxiv.org/abs/2501.00001)]
- **Beta: Thinking with video** [[paper](https://arxiv.org/abs/2501.00002)] [[code](https://github.com/b/beta)]
- **Gamma: Charts** [[paper](https://arxiv.org/abs/2502.00003)]
"""


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    repo = server.repo("someone", "awesome-tiny")
    repo.add({"README.md": APRIL}, "2025-04-24T08:00:00Z")
    repo.branches["v1"] = repo.branches["main"]
    repo.add({"README.md": MAY}, "2025-05-30T21:30:00Z")
    yield server
    server.close()


def run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, env=env or {})
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    return result.exit_code, result.stdout, result.stderr


def github_env(github: FakeGitHub, cache: Path) -> dict[str, str]:
    return {
        "MMR_GRAPH_GITHUB_API": github.api,
        "MMR_GRAPH_GITHUB_RAW": github.raw,
        "MMR_GRAPH_CACHE": str(cache),
    }


def test_diff_of_two_github_versions(github: FakeGitHub, tmp_path: Path) -> None:
    env = github_env(github, tmp_path / "cache")
    code, out, err = run(["diff", "github:someone/awesome-tiny@v1", "github:someone/awesome-tiny",
                          "--format", "json"], env)  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    added = {item["key"] for item in report["added"]}
    assert added == {"https://arxiv.org/abs/2502.00003", "https://arxiv.org/abs/2501.00002"}
    assert [item["key"] for item in report["removed"]] == ["https://github.com/b/beta"]  # re-keyed
    assert [(r["old"], r["new"]) for r in report["retitled"]] == [
        ("Alpha-R1: Reasoning in pictures", "Alpha-R1: Reasoning in pictures and charts")
    ]
    head = github.repo("someone", "awesome-tiny").branches["main"]
    assert report["new"]["commit"] == head and report["new"]["date"] == "2025-05-30"
    # the second time, from the cache only
    code, out2, err = run(["diff", "github:someone/awesome-tiny@v1", "github:someone/awesome-tiny",
                           "--format", "json", "--offline"], env)  # fmt: skip
    assert code == 0, err
    assert json.loads(out2)["added"] == report["added"]


def test_diff_of_a_url_against_a_file_and_atom(github: FakeGitHub, tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_bytes(APRIL)
    head = github.repo("someone", "awesome-tiny").branches["main"]
    url = f"{github.raw}/someone/awesome-tiny/{head}/README.md"
    code, out, err = run(["diff", str(old), url, "--format", "atom"], github_env(github, tmp_path / "c"))
    assert code == 0, err
    assert out.count("<entry>") == 2 and "https://w3id.org/mmr-graph/id/entry/arxiv/2502.00003" in out


def test_diff_of_a_missing_remote_list_is_one_line(github: FakeGitHub, tmp_path: Path) -> None:
    code, _, err = run(["diff", "github:someone/nothing", "github:someone/awesome-tiny"],
                       github_env(github, tmp_path / "c"))  # fmt: skip
    assert code != 0
    assert err.startswith("error: github:someone/nothing") and len(err.strip().splitlines()) == 1


@pytest.fixture
def bare_repositories(tmp_path: Path) -> Path:
    """A folder of repositories as GitHub lays them out: OWNER/REPO, each a bare repository."""
    work = make_repo(
        tmp_path / "work",
        [("2025-04-24T08:00:00+00:00", APRIL.decode()), ("2025-05-30T21:30:00+00:00", MAY.decode())],
    )
    root = tmp_path / "git-base"
    (root / "someone").mkdir(parents=True)
    git(tmp_path, "clone", "-q", "--bare", str(work), str(root / "someone" / "awesome-tiny"))
    return root


def test_history_of_a_github_list_is_cloned_from_the_base(bare_repositories: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for base in (str(bare_repositories), bare_repositories.as_uri()):  # a folder, and a file:// URL
        code, text, err = run(["history", "github:someone/awesome-tiny", "--github-git", base, "--out", str(out),
                               "--no-html"])  # fmt: skip
        assert code == 0, err
        assert "history of github:someone/awesome-tiny:README.md" in text
        assert "2 versions" in text
        # Beta re-keyed (a paper link added): its old entry was removed, its new one first seen in May
        assert "4 entries ever listed: 3 in the latest version, 1 removed" in text
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert "https://w3id.org/mmr-graph/id/snapshot/someone-awesome-tiny/" in trig
    code, text, err = run(["history", "github:someone/awesome-tiny", "--out", str(tmp_path / "o2"), "--no-html"],
                          {"MMR_GRAPH_GITHUB_GIT": str(bare_repositories)})  # fmt: skip
    assert code == 0, err


def test_history_of_a_missing_github_repository_is_one_line(bare_repositories: Path, tmp_path: Path) -> None:
    code, _, err = run(["history", "github:someone/nothing", "--github-git", str(bare_repositories),
                        "--out", str(tmp_path / "o")])  # fmt: skip
    assert code != 0
    assert err.startswith("error: someone-nothing: cannot clone") and len(err.strip().splitlines()) == 1
    assert str(bare_repositories) not in err
