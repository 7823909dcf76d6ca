"""Real awesome lists of other shapes (tests/corpus/): the graph of each holds what an independent count of
its raw text finds (tests/corpus/count.py, no parser), and a list without entries is refused or skipped."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(CORPUS))

from report import DOC, Measure, measure, page, records  # noqa: E402

WITH_ENTRIES = [r for r in records() if r.get("entries", True)]
EMPTY = next(r for r in records() if not r.get("entries", True))
# Entries allowed to link to nothing the count names as an item, by list, each with the reason.
ALLOWED_JUNK: dict[str, dict[str, str]] = {}


@cache
def measured(name: str) -> Measure:
    return measure(CORPUS / "lists" / f"{name}.md")


def ratio(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def test_the_corpus_has_ten_lists_of_different_shapes_with_their_provenance() -> None:
    assert len(WITH_ENTRIES) >= 10
    for record in records():
        assert (CORPUS / "lists" / str(record["file"])).is_file()
        assert str(record["source"]).startswith(f"{record['upstream']}/blob/{record['commit']}/")
        assert record["copy"] in ("full", "excerpt") and record["licence"] and record["date"]
        if record["copy"] == "full":
            assert "none" not in str(record["licence"])
    assert len({str(r["shapes"]) for r in records()}) == len(records())


@pytest.mark.parametrize("record", WITH_ENTRIES, ids=[str(r["id"]) for r in WITH_ENTRIES])
def test_the_graph_holds_what_the_list_cites(record: dict[str, object]) -> None:
    m = measured(str(record["id"]))
    assert ratio(m.arxiv) >= 0.98, m.arxiv
    assert ratio(m.github) >= 0.95, m.github
    assert ratio(m.hf_datasets) >= 0.95 and ratio(m.hf_models) >= 0.95, (m.hf_datasets, m.hf_models)
    assert ratio(m.items) >= 0.95, (m.items, m.missing[:10])
    allowed = ALLOWED_JUNK.get(str(record["id"]), {})
    assert set(m.junk) <= set(allowed), m.junk
    assert len(m.junk) <= 0.02 * m.entries


@pytest.mark.parametrize("record", WITH_ENTRIES, ids=[str(r["id"]) for r in WITH_ENTRIES])
def test_venues_and_dates_an_item_states_are_in_the_graph(record: dict[str, object]) -> None:
    m = measured(str(record["id"]))
    assert ratio(m.venues) >= 0.9, m.venues
    assert ratio(m.dates) >= 0.9, m.dates


def test_the_report_page_is_current() -> None:
    current = page([measured(str(r["id"])) for r in WITH_ENTRIES])
    assert DOC.read_text(encoding="utf-8") == current, "run: python tests/corpus/report.py"


def test_a_list_without_entries_alone_is_a_one_line_error_naming_the_shapes(tmp_path: Path) -> None:
    from mmr_graph.cli import main

    empty = CORPUS / "lists" / str(EMPTY["file"])
    result = CliRunner().invoke(main, ["build", str(empty), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "no list entries found" in line and str(EMPTY["file"]) in line
    for shape in ("list items", "numbered items", "table rows", "reference paragraphs"):
        assert shape in line
    assert "Traceback" not in result.output


def test_a_list_without_entries_among_others_is_skipped_with_a_warning(tmp_path: Path) -> None:
    from mmr_graph.cli import main

    empty = CORPUS / "lists" / str(EMPTY["file"])
    other = CORPUS / "lists" / str(WITH_ENTRIES[-1]["file"])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(empty), str(other), "--out", str(out), "--no-html"])
    assert result.exit_code == 3, result.output  # done, with a list skipped
    assert f"{empty}:1: warning: no list entries found" in result.output
    assert "list skipped" in result.output
    assert (out / "graph.ttl").is_file()
