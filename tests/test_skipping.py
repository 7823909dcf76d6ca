"""Tolerant merging: of several lists, one that cannot be fetched or read or has no entries is reported and
skipped, the others are built, and the exit status is 3; --strict makes a skip an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import RDF
from tests.github_server import FakeGitHub

from mmr_graph.cli import main

MMR = Namespace("https://w3id.org/mmr-graph/ns#")
GOOD = """# Good

- **Alpha: Seeing** [[paper](https://arxiv.org/abs/2501.00001)]
- **Beta: Hearing** [[paper](https://arxiv.org/abs/2501.00002)]
"""
OTHER = "# Other\n\n- **Gamma: Charts** [[paper](https://arxiv.org/abs/2502.00003)]\n"


@pytest.fixture
def lists(tmp_path: Path) -> dict[str, Path]:
    files = {"good": GOOD, "other": OTHER, "empty": "# Nothing here\n\nJust words.\n"}
    paths = {}
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.md"
        paths[name].write_text(text, encoding="utf-8")
    paths["latin1"] = tmp_path / "latin1.md"
    paths["latin1"].write_bytes(b"# Caf\xe9\n")
    paths["missing"] = tmp_path / "missing.md"
    return paths


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    server.repo("someone", "other").add({"README.md": OTHER.encode()}, "2025-01-01T00:00:00Z")
    yield server
    server.close()


def build(args: list[str], tmp_path: Path, github: FakeGitHub | None = None) -> tuple[int, str, str]:
    env = {"MMR_GRAPH_CACHE": str(tmp_path / "cache")}
    if github is not None:
        env |= {"MMR_GRAPH_GITHUB_API": github.api, "MMR_GRAPH_GITHUB_RAW": github.raw}
    result = CliRunner().invoke(main, ["build", "--no-html", "--out", str(tmp_path / "out"), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def entries(tmp_path: Path) -> int:
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    return len(set(graph.subjects(RDF.type, MMR.Entry)))


def test_unreadable_and_empty_lists_are_skipped_and_the_rest_builds(
    lists: dict[str, Path], tmp_path: Path
) -> None:
    given = [lists[name] for name in ("missing", "good", "empty", "latin1", "other")]
    code, out, err = build([str(p) for p in given], tmp_path)
    assert code == 3, err
    assert entries(tmp_path) == 3
    assert f"{lists['missing']}:1: warning: no such file; list skipped" in err
    assert f"{lists['empty']}:1: warning: no list entries found" in err
    assert f"{lists['latin1']}:1: warning: not UTF-8 text" in err
    assert f"built {lists['good'].name}, {lists['other'].name} -> " in out
    assert "3 of 5 lists skipped" in out
    assert "Traceback" not in err


def test_a_list_that_cannot_be_fetched_is_skipped(
    lists: dict[str, Path], tmp_path: Path, github: FakeGitHub
) -> None:
    code, out, err = build(
        [str(lists["good"]), "github:someone/nothing", "github:someone/other"], tmp_path, github
    )
    assert code == 3, err
    assert "github:someone/nothing:1: warning: " in err and "404 Not Found; list skipped" in err
    assert entries(tmp_path) == 3
    assert "1 of 3 lists skipped: github:someone/nothing" in out


def test_strict_makes_a_skip_an_error(lists: dict[str, Path], tmp_path: Path, github: FakeGitHub) -> None:
    for bad in (str(lists["empty"]), str(lists["missing"]), "github:someone/nothing"):
        code, _, err = build(["--strict", str(lists["good"]), bad], tmp_path, github)
        assert code == 1, err
        assert err.startswith(f"error: {bad}: ") and err.count("\n") == 1
        assert not (tmp_path / "out" / "graph.ttl").exists()


def test_quiet_still_reports_a_skip(lists: dict[str, Path], tmp_path: Path) -> None:
    code, out, err = build(["-q", str(lists["good"]), str(lists["missing"])], tmp_path)
    assert (code, out) == (3, "")
    assert "no such file; list skipped" in err


def test_nothing_left_to_build_is_an_error(lists: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = build([str(lists["missing"]), str(lists["empty"])], tmp_path)
    assert code == 1
    assert err == f"error: {lists['missing']}: no such file\n"
    code, _, err = build([str(lists["empty"])], tmp_path)
    assert code == 1 and "no list entries found" in err


def test_all_lists_read_is_exit_zero(lists: dict[str, Path], tmp_path: Path) -> None:
    code, out, _ = build([str(lists["good"]), str(lists["other"])], tmp_path)
    assert code == 0
    assert "skipped" not in out
