"""``mmr-graph diff``: checked against counts made independently from the raw lists (regular expressions over
the markdown), on the shipped snapshots and on temporary git repositories."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SNAPSHOTS
from git_repos import make_repo
from mmr_graph.cli import main

ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
URL = re.compile(r"https?://[^\s()<>\]\[]+")
ATOM = "{http://www.w3.org/2005/Atom}"


def arxiv_ids(path: Path) -> set[str]:
    return set(ARXIV.findall(path.read_text(encoding="utf-8")))


def item_urls(path: Path) -> set[str]:
    """Every URL written on a list item's line."""
    return {
        url
        for line in path.read_text(encoding="utf-8").splitlines()
        if LIST_ITEM.match(line)
        for url in URL.findall(line)
    }


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def diff_json(*args: str) -> dict:  # type: ignore[type-arg]
    return json.loads(run("diff", *args, "--format", "json"))


def test_there_are_three_snapshots() -> None:
    assert len(SNAPSHOTS) == 3


@pytest.mark.parametrize(("old", "new"), list(combinations(SNAPSHOTS, 2)), ids=lambda p: p.name[-13:-3])
def test_snapshots_diff_matches_independent_counts(old: Path, new: Path) -> None:
    d = diff_json(str(old), str(new))
    assert set(d) >= {"added", "removed", "moved", "retitled", "links_added", "links_removed"}
    added_ids = {ARXIV.search(item["key"]).group(1) for item in d["added"] if ARXIV.search(item["key"])}  # type: ignore[union-attr]
    removed_ids = {ARXIV.search(item["key"]).group(1) for item in d["removed"] if ARXIV.search(item["key"])}  # type: ignore[union-attr]
    assert added_ids == arxiv_ids(new) - arxiv_ids(old)
    assert removed_ids == arxiv_ids(old) - arxiv_ids(new)
    assert len(added_ids) > 50  # the snapshots grow by dozens of papers each
    assert {item["url"] for item in d["links_added"]} == item_urls(new) - item_urls(old)
    assert {item["url"] for item in d["links_removed"]} == item_urls(old) - item_urls(new)
    for part in ("added", "removed", "moved", "retitled", "links_added", "links_removed"):
        for item in d[part]:
            assert item["key"] and item["title"]
    # reversed, added and removed swap
    back = diff_json(str(new), str(old))
    assert {i["key"] for i in back["removed"]} == {i["key"] for i in d["added"]}
    assert {i["url"] for i in back["links_removed"]} == {i["url"] for i in d["links_added"]}


def test_a_version_against_itself_changes_nothing() -> None:
    d = diff_json(str(SNAPSHOTS[0]), str(SNAPSHOTS[0]))
    assert all(
        d[part] == [] for part in ("added", "removed", "moved", "retitled", "links_added", "links_removed")
    )


V1 = """# Demo list

## Models
- Alpha: one [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/a/alpha)
- Beta: two [[paper]](https://arxiv.org/abs/2501.00002)

## Datasets
- Gamma: three [[paper]](https://arxiv.org/abs/2501.00003)
"""
V2 = """# Demo list

## Models
- Alpha: one, now better [[paper]](https://arxiv.org/abs/2501.00001)
- Delta: four [[paper]](https://arxiv.org/abs/2502.00004) [[code]](https://github.com/d/delta)

## Datasets
- Beta: two [[paper]](https://arxiv.org/abs/2501.00002) [[project]](https://beta.example.org/)
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "demo", [("2025-01-05T10:00:00+00:00", V1), ("2025-02-07T12:30:00+00:00", V2)]
    )


def test_git_versions_each_kind_of_change(repo: Path) -> None:
    d = diff_json(f"{repo}@HEAD~1", f"{repo}@main")
    assert [i["key"] for i in d["added"]] == ["https://arxiv.org/abs/2502.00004"]
    assert [i["key"] for i in d["removed"]] == ["https://arxiv.org/abs/2501.00003"]
    assert [(i["key"], i["from"], i["to"]) for i in d["moved"]] == [
        ("https://arxiv.org/abs/2501.00002", ["Models"], ["Datasets"])
    ]
    assert [(i["old"], i["new"]) for i in d["retitled"]] == [("Alpha: one", "Alpha: one, now better")]
    assert sorted(i["url"] for i in d["links_added"]) == [
        "https://arxiv.org/abs/2502.00004",
        "https://beta.example.org/",
        "https://github.com/d/delta",
    ]
    assert sorted(i["url"] for i in d["links_removed"]) == [
        "https://arxiv.org/abs/2501.00003",
        "https://github.com/a/alpha",
    ]
    assert d["new"]["date"] == "2025-02-07" and len(d["new"]["commit"]) == 40


def test_git_version_against_a_file_and_other_path(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", [("2025-03-01T00:00:00+00:00", V1)], path="docs/list.md")
    (tmp_path / "v2.md").write_text(V2, encoding="utf-8")
    d = diff_json(f"{repo}@HEAD", str(tmp_path / "v2.md"), "--path", "docs/list.md")
    assert len(d["added"]) == 1 and len(d["removed"]) == 1


def test_text_and_markdown(repo: Path) -> None:
    text = run("diff", f"{repo}@HEAD~1", f"{repo}@HEAD")
    assert "1 added, 1 removed, 1 moved, 1 retitled, 3 links added, 2 links removed" in text
    assert "Delta: four" in text
    md = run("diff", f"{repo}@HEAD~1", f"{repo}@HEAD", "--format", "markdown")
    assert "## Added (1)" in md and "## Moved (1)" in md and "Models → Datasets" in md


def test_atom_feed_is_atom_1_0(repo: Path) -> None:
    result = CliRunner().invoke(main, ["diff", f"{repo}@HEAD~1", f"{repo}@HEAD", "--format", "atom"])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(result.stdout_bytes)
    assert root.tag == f"{ATOM}feed"
    for element in (root, *root.iterfind(f"{ATOM}entry")):  # RFC 4287: id, title, updated on each
        for name in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    items = root.findall(f"{ATOM}entry")
    assert len(items) == 1
    item = items[0]
    assert item.findtext(f"{ATOM}id") == "https://w3id.org/mmr-graph/id/entry/arxiv/2502.00004"
    assert item.findtext(f"{ATOM}updated") == "2025-02-07T12:30:00+00:00"
    links = [(link.get("rel"), link.get("href")) for link in item.iterfind(f"{ATOM}link")]
    assert links == [
        ("alternate", "https://arxiv.org/abs/2502.00004"),
        ("related", "https://github.com/d/delta"),
    ]


def test_atom_of_the_snapshots_has_one_item_per_added_entry() -> None:
    d = diff_json(str(SNAPSHOTS[1]), str(SNAPSHOTS[2]))
    result = CliRunner().invoke(main, ["diff", str(SNAPSHOTS[1]), str(SNAPSHOTS[2]), "--format", "atom"])
    root = etree.fromstring(result.stdout_bytes)
    ids = [e.findtext(f"{ATOM}id") for e in root.iterfind(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) == len(d["added"])
    assert {e.findtext(f"{ATOM}updated") for e in root.iterfind(f"{ATOM}entry")} == {
        "2025-07-21T00:00:00+00:00"
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.md", "nope2.md"], "nope.md: no such file"),
        (["{repo}@no-such-ref", "{repo}@HEAD"], "no commit 'no-such-ref'"),
        (["{repo}@HEAD", "{repo}@HEAD", "--path", "other.md"], "no file 'other.md' at this commit"),
        (["{repo}@-x", "{repo}@HEAD"], "not a git revision"),
        (["{repo}", "{repo}@HEAD"], "is a directory"),
    ],
)
def test_bad_versions_are_one_line_errors(repo: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["diff", *(a.format(repo=repo) for a in args)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    result = CliRunner().invoke(main, ["diff", f"{tmp_path / 'plain'}@HEAD", f"{tmp_path / 'plain'}@HEAD"])
    assert result.exit_code == 1 and "Traceback" not in result.output
