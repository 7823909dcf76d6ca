"""Overlap of a field's lists: the command's counts against counts made independently from the raw lists
(arXiv ids by regular expression), the named queries against the command, formats and skipped lists."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main

# three lists sharing some papers, written in several shapes (items, a table, versions and PDF links)
LISTS = {
    "vision": """# Vision Reasoning

## Papers
- **Alpha: Seeing** [[paper](https://arxiv.org/abs/2501.00001)] [[code](https://github.com/a/alpha)]
- **Beta: Looking** [[paper](https://arxiv.org/pdf/2501.00002v2)]
- **Gamma: Charts** [[paper](https://arxiv.org/abs/2502.00003)]
- **Delta: Only here** [[paper](https://arxiv.org/abs/2502.00004)]
- **A tool** [[code](https://github.com/x/tool)]
""",
    "video": """# Video Reasoning

| Title | Paper | Code |
|---|---|---|
| Beta: Looking | [arXiv](https://arxiv.org/abs/2501.00002) | |
| Gamma: Charts | [arXiv](https://arxiv.org/abs/2502.00003v1) | [code](https://github.com/g/gamma) |
| Epsilon: Frames | [arXiv](https://arxiv.org/abs/2503.00005) | |
""",
    "audio": """# Audio Reasoning

1. **Gamma: Charts** [paper](https://arxiv.org/abs/2502.00003)
2. **Zeta: Sounds** [paper](https://arxiv.org/abs/2503.00006)
3. **Eta: Songs** [paper](https://arxiv.org/pdf/2503.00007.pdf)
""",
}
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")


def raw_papers(text: str) -> set[str]:
    """The arXiv ids a raw list cites, by regular expression (not the parser)."""
    return set(ARXIV.findall(text))


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text in LISTS.items():
        path = tmp_path / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_counts_agree_with_the_raw_lists(files: list[Path]) -> None:
    code, out, err = invoke(["overlap", *map(str, files), "--format", "json"])
    assert code == 0, err
    report = json.loads(out)
    papers = {name: raw_papers(text) for name, text in LISTS.items()}
    assert [(x["id"], x["title"], x["papers"]) for x in report["lists"]] == [
        (name, f"{name.title()} Reasoning", len(papers[name])) for name in LISTS
    ]
    assert [x["entries"] for x in report["lists"]] == [5, 3, 3]
    expected_pairs = [
        {"a": a, "b": b, "shared_papers": len(papers[a] & papers[b]),
         "jaccard": round(len(papers[a] & papers[b]) / len(papers[a] | papers[b]), 4)}
        for a, b in combinations(LISTS, 2)
    ]  # fmt: skip
    assert report["pairs"] == expected_pairs
    every = [p for ids in papers.values() for p in ids]
    in_k = {str(k): sum(1 for p in set(every) if every.count(p) == k) for k in (1, 2, 3)}
    assert report["in_k_lists"] == in_k == {"1": 5, "2": 1, "3": 1}
    only = {name: sorted(f"https://arxiv.org/abs/{p}" for p in ids if every.count(p) == 1)
            for name, ids in papers.items()}  # fmt: skip
    assert report["only_in"] == only


def test_the_named_queries_answer_the_same(files: list[Path]) -> None:
    _, out, _ = invoke(["overlap", *map(str, files), "--format", "json"])
    report = json.loads(out)
    sources = [arg for f in files for arg in ("--from", str(f))]

    def rows(name: str) -> list[dict[str, str]]:
        code, text, err = invoke(["query", name, *sources, "--format", "csv"])
        assert code == 0, err
        return list(csv.DictReader(io.StringIO(text)))

    short = lambda iri: iri.rsplit("/", 1)[-1]  # noqa: E731
    sizes = {short(r["list"]): (int(r["entries"]), int(r["papers"])) for r in rows("list-sizes")}
    assert sizes == {x["id"]: (x["entries"], x["papers"]) for x in report["lists"]}
    pairs = {frozenset((short(r["a"]), short(r["b"]))): (int(r["shared"]), float(r["jaccard"]))
             for r in rows("list-pairs")}  # fmt: skip
    assert pairs == {frozenset((p["a"], p["b"])): (p["shared_papers"], p["jaccard"]) for p in report["pairs"]}
    in_k = {r["lists"]: int(r["papers"]) for r in rows("papers-in-k-lists")}
    assert in_k == {k: n for k, n in report["in_k_lists"].items() if n}
    only: dict[str, list[str]] = {x["id"]: [] for x in report["lists"]}
    for r in rows("papers-only-in"):
        only[short(r["list"])].append(r["paper"])
    assert only == report["only_in"]


def test_table_and_csv(files: list[Path]) -> None:
    code, out, _ = invoke(["overlap", *map(str, files)])
    assert code == 0
    assert re.search(r"vision\s+5\s+4\s+2\s+Vision Reasoning", out)
    assert re.search(r"vision\s+video\s+2\s+0\.4000", out)
    assert "papers in 1 list: 5, 2 lists: 1, 3 lists: 1" in out
    code, out, _ = invoke(["overlap", *map(str, files), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"measure": "shared_papers", "a": "video", "b": "audio", "k": "", "value": "1"} in rows
    assert {"measure": "in_k_lists", "a": "", "b": "", "k": "3", "value": "1"} in rows


def test_a_list_that_cannot_be_read_is_skipped(files: list[Path], tmp_path: Path) -> None:
    code, out, err = invoke(
        ["overlap", str(files[0]), str(tmp_path / "gone.md"), str(files[1]), "--format", "json"]
    )
    assert code == 3
    assert "gone.md:1: warning: no such file; list skipped" in err
    assert [x["id"] for x in json.loads(out)["lists"]] == ["vision", "video"]
    code, _, err = invoke(["overlap", "--strict", str(files[0]), str(tmp_path / "gone.md")])
    assert code == 1 and err.count("\n") == 1


def test_nothing_to_compare_is_a_usage_error() -> None:
    assert invoke(["overlap"])[0] == 2


def test_a_build_of_several_lists_says_how_they_overlap(files: list[Path], tmp_path: Path) -> None:
    code, out, err = invoke(["build", *map(str, files), "--no-html", "--out", str(tmp_path / "out")])
    assert code == 0, err
    assert "vision: 5 entries, 4 papers, 2 only here" in out
    assert "vision & video: 2 shared, Jaccard 0.4" in out
    assert "papers by number of lists: 1: 5, 2: 1, 3: 1" in out


def test_lists_that_share_no_paper_are_a_pair_with_zero(tmp_path: Path) -> None:
    """The named query gives a pair sharing nothing its row too (0 shared, Jaccard 0), as the command does."""
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text(
        "# One\n\n## Papers\n- **Alpha** [paper](https://arxiv.org/abs/2501.00001)\n", encoding="utf-8"
    )
    two.write_text(
        "# Two\n\n## Papers\n- **Beta** [paper](https://arxiv.org/abs/2501.00002)\n", encoding="utf-8"
    )
    code, out, err = invoke(["overlap", str(one), str(two), "--format", "json"])
    assert code == 0, err
    assert [(p["shared_papers"], p["jaccard"]) for p in json.loads(out)["pairs"]] == [(0, 0.0)]
    code, text, err = invoke(
        ["query", "list-pairs", "--from", str(one), "--from", str(two), "--format", "csv"]
    )
    assert code == 0, err
    assert [(r["shared"], float(r["jaccard"])) for r in csv.DictReader(io.StringIO(text))] == [("0", 0.0)]
