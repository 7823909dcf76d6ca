"""The named queries over enriched metadata, with their expected rows on a build from a fixture cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.enrich.shipped import shipped_papers
from test_enrich import LIST, fixture_cache


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("enriched")
    fixture_cache(root / "cache", "2026-11-30T10:00:00+00:00")
    args = ["build", str(LIST), "--out", str(root / "out"), "--no-html", "-q", "--cache", str(root / "cache"),
            "--no-shipped-metadata"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return root / "out"


def rows(graph: Path, name: str, *params: str, source: str = "--graph") -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", name, source, str(graph), "--format", "json", *params])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    return [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]


def test_authors_with_most_entries(enriched: Path) -> None:
    found = [(r["name"], r["entries"], r["papers"]) for r in rows(enriched, "authors-with-most-entries")]
    assert found == [("Ada Example", "2", "2"), ("Jürgen Müller", "2", "2"), ("Bo Sample", "1", "1")]


def test_most_starred_repositories_using_grpo(enriched: Path) -> None:
    found = [(r["repository"], r["stars"], r["entry"]) for r in rows(enriched, "most-starred-repositories")]
    assert found == [
        ("https://github.com/dvlab-research/Seg-Zero", "1290", "Seg-Zero"),
        ("https://github.com/linkangheng/PR1", "412", "Perception-R1"),
    ]
    assert rows(enriched, "most-starred-repositories", "--param", "method=PRM") == []
    # a broader method takes in its variants (GRPO is a kind of RL); the notation in any case
    broader = [
        (r["repository"], r["methods"])
        for r in rows(enriched, "most-starred-repositories", "-p", "method=rl")
    ]
    assert broader == [
        ("https://github.com/dvlab-research/Seg-Zero", "GRPO"),
        ("https://github.com/linkangheng/PR1", "GRPO"),
    ]


def test_entries_per_method_per_month(enriched: Path) -> None:
    found = [(r["method"], r["month"], r["entries"]) for r in rows(enriched, "entries-per-method-per-month")]
    assert found == [("GRPO", "2025-03", "1"), ("PRM", "2025-03", "1"), ("TTS", "2025-03", "1"),
                     ("GRPO", "2025-04", "1")]  # fmt: skip


def test_without_a_cache_the_shipped_metadata_and_the_arxiv_ids_month() -> None:
    shipped = shipped_papers()
    papers = [shipped[i] for i in ("2503.06520", "2503.10291", "2504.07954") if i in shipped]
    found = {(r["name"], r["entries"]) for r in rows(LIST, "authors-with-most-entries", source="--from")}
    assert found == {(author, "1") for p in papers for author in p.authors}  # one entry per paper here
    assert rows(LIST, "most-starred-repositories", source="--from") == []  # stars are never shipped
    found_months = [
        (r["method"], r["month"]) for r in rows(LIST, "entries-per-method-per-month", source="--from")
    ]
    months = {p.arxiv_id: (p.published or "")[:7] for p in papers}
    expected = [("GRPO", months.get("2503.06520") or "2025-03"), ("PRM", months.get("2503.10291") or "2025-03"),
                ("TTS", months.get("2503.10291") or "2025-03"), ("GRPO", months.get("2504.07954") or "2025-04")]  # fmt: skip
    assert sorted(found_months) == sorted(expected)
