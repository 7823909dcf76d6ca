"""The view's lists and time in Chromium: the list facet's counts, the overlap matrix (a cell shows the
entries two lists share), the timeline (a bar shows a month's entries), what is new in the latest version,
all by keyboard too, at laptop sizes; on the output of ``mmr-graph build`` of three lists and of
``mmr-graph history`` of a temporary git repository. With ``MMR_DOCS_SCREENSHOTS=1`` the 1280×800 pictures
of both go to ``docs/`` for the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.browser.conftest import docs_shot

from git_repos import make_repo
from mmr_graph.cli import main
from test_html_overview import VERSIONS, version
from test_overlap import LISTS

pytestmark = pytest.mark.browser
SIZES = [(1366, 768), (1280, 800)]
_SHOWN = """() => { const v = MMR.visibility(MMR.model, MMR.getState());
  return MMR.model.entries.filter((id) => v.entryPass[id]).map((id) => MMR.model.data.records[id].label).sort(); }"""


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def lists_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("three-lists")
    paths = []
    for name, text in LISTS.items():
        (root / f"{name}.md").write_text(text, encoding="utf-8")
        paths.append(str(root / f"{name}.md"))
    run("build", *paths, "--out", str(root / "out"), "-q")
    return root / "out"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history-site")
    repo = make_repo(root / "demo", [(date, version(numbers)) for date, numbers in VERSIONS])
    run("history", str(repo), "--out", str(root / "out"), "-q")
    return root / "out"


def facet_counts(page: Any, facet: str) -> dict[str, int]:
    rows = page.locator(f'#filters [data-facet="{facet}"] .facet-value')
    names = rows.locator(".facet-name").all_inner_texts()
    counts = rows.locator(".count").all_inner_texts()
    return {name: int(count) for name, count in zip(names, counts, strict=True)}


def tab_to(page: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector`` (it must be reachable by keyboard)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def fits(page: Any, selector: str) -> bool:
    """No content of the element is cut off or scrolls sideways."""
    return bool(
        page.evaluate(
            "(s) => Array.from(document.querySelectorAll(s)).every((e) => e.scrollWidth <= e.clientWidth + 1)",
            selector,
        )
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_list_facet_and_overlap_matrix(open_page, lists_site: Path, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    view = open_page((lists_site / "index.html").as_uri(), width=width, height=height)
    page = view.page
    assert facet_counts(page, "list") == {"Audio Reasoning": 3, "Video Reasoning": 3, "Vision Reasoning": 5}
    page.locator('#filters [data-facet="list"] .facet-value', has_text="Audio").locator("input").check()
    assert page.evaluate(_SHOWN) == ["Eta", "Gamma", "Zeta"]
    # counts of the other lists: what ticking them too would show (Gamma is in all three)
    assert facet_counts(page, "list")["Video Reasoning"] == 3
    page.locator("#reset").click()

    page.locator("#tab-overview").click()
    assert "view=overview" in page.url
    cell = page.locator('#overlap-matrix button[data-a="video"][data-b="vision"]')
    assert cell.inner_text().split() == ["2", "J", "0.40"]
    assert "Jaccard 0.40" in (cell.get_attribute("aria-label") or "")
    diagonal = page.locator('#overlap-matrix button[data-a="vision"][data-b="vision"]')
    assert diagonal.inner_text().split() == ["4", "2", "only"]
    assert (
        page.locator("#overlap .overview-note").inner_text()
        == "5 papers in 1 list · 1 paper in 2 lists · 1 paper in 3 lists"
    )
    # darker cells for larger Jaccard, and readable text on them
    colours = page.evaluate(
        """() => Array.from(document.querySelectorAll('#overlap-matrix .cell:not(.diagonal)'))
             .map((b) => [b.getAttribute('aria-label'), getComputedStyle(b).backgroundColor])"""
    )
    assert len({c for _, c in colours}) == 3  # three different Jaccard values, three shades
    assert fits(page, "#overlap-matrix .cell") and fits(page, "#overview-view")
    view.shot(f"overview-lists-{width}.png")

    # by keyboard: Tab to the cell, Enter
    page.locator("#tab-overview").focus()
    tab_to(page, '#overlap-matrix button[data-a="video"][data-b="vision"]')
    page.keyboard.press("Enter")
    assert page.evaluate(_SHOWN) == ["Beta", "Gamma"]
    assert "both=video,vision" in page.url
    assert (
        page.locator('#overlap-matrix button[data-a="video"][data-b="vision"]').get_attribute("aria-pressed")
        == "true"
    )
    assert page.locator("#status").inner_text().endswith("2 entries")
    assert "in all of 2" in page.locator('#filters [data-facet="list"] .facet-chosen').inner_text()
    docs_shot(view, f"view-lists-{width}.png", width == 1280)
    page.locator("#tab-table").click()
    assert page.locator("#table tbody tr button.row-name").all_inner_texts() == ["Beta", "Gamma"]
    assert "both=video,vision" in page.url
    # the address restores it; choosing the cell again shows all
    page.reload()
    page.wait_for_function("window.MMR && MMR.ready")
    assert page.evaluate(_SHOWN) == ["Beta", "Gamma"]
    page.locator("#tab-overview").click()
    page.locator('#overlap-matrix button[data-a="vision"][data-b="video"]').click()
    assert len(page.evaluate(_SHOWN)) == 8 and "both=" not in page.url
    view.check()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_timeline_and_new_in_the_latest_version(
    open_page, history_site: Path, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    view = open_page((history_site / "index.html").as_uri() + "#view=overview", width=width, height=height)
    page = view.page
    assert page.locator("#overlap").is_hidden()  # one list: no matrix
    bars = page.locator("#timeline button.month")
    assert bars.evaluate_all("(b) => b.map((x) => x.dataset.month)") == [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
    ]
    assert page.locator("#timeline .month-count").all_inner_texts() == ["3", "2", "1", "2"]
    assert "first listed" in page.locator("#timeline-card h2").inner_text()
    assert fits(page, "#overview-view")
    view.shot(f"overview-timeline-{width}.png")

    # a month by keyboard: Tab to its bar, Space
    page.locator("#tab-overview").focus()
    tab_to(page, '#timeline button[data-month="2025-04"]')
    page.keyboard.press("Space")
    assert page.evaluate(_SHOWN) == ["Work 7", "Work 8"] and "month=2025-04" in page.url
    assert page.locator('#timeline button[data-month="2025-04"]').get_attribute("aria-pressed") == "true"
    page.locator('#timeline button[data-month="2025-02"]').click()
    assert page.evaluate(_SHOWN) == ["Work 4", "Work 5"]
    page.locator("#clear-months").click()
    assert len(page.evaluate(_SHOWN)) == 8

    # what the latest version added
    new = page.locator("#new-only")
    assert new.inner_text() == "2 entries new in the latest version (2025-04-01)"
    new.click()
    assert page.evaluate(_SHOWN) == ["Work 7", "Work 8"] and "change=new" in page.url
    assert (
        page.locator('#filters [data-facet="change"] .facet-value', has_text="New")
        .locator("input")
        .is_checked()
    )
    assert page.locator("#timeline .month-count").all_inner_texts() == ["0", "0", "0", "2"]
    docs_shot(view, f"view-history-{width}.png", width == 1280)
    page.locator("#tab-graph").click()
    rings = page.evaluate(
        """() => MMR.model.entries.filter((id) => MMR.getGraph().nodes.get(id).borderWidth === 3)
             .map((id) => MMR.model.data.records[id].label).sort()"""
    )
    assert rings == ["Work 7", "Work 8"]
    assert "New in the latest version" in page.locator("#legend").inner_text()
    page.locator("#tab-table").click()
    row = page.locator("#table tbody tr", has_text="Work 8")
    assert row.locator(".change-badge").inner_text() == "new"
    row.locator("button.row-name").click()
    assert page.locator("#details .change-note").inner_text() == "New in the latest version (2025-04-01)"
    # the removed entry says so
    page.locator("#reset").click()
    page.locator('#filters [data-facet="change"] .facet-value', has_text="Removed").locator("input").check()
    assert page.evaluate(_SHOWN) == ["Work 2"]
    view.check()


# arXiv ids spanning six years: 2019 to 2025
LONG = ["1905.00001", "2003.00002", "2003.00003", "2108.00004", "2301.00005", "2402.00006", "2402.00007",
        "2405.00008", "2501.00009", "2503.00010", "2503.00011", "2503.00012"]  # fmt: skip


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long")
    items = "".join(
        f"- **Work {i}**: a work [[paper]](https://arxiv.org/abs/{a})\n" for i, a in enumerate(LONG)
    )
    (root / "long.md").write_text("# Six Years\n\n## Works\n" + items, encoding="utf-8")
    run("build", str(root / "long.md"), "--out", str(root / "out"), "-q")
    return root / "out"


def test_a_long_timeline_has_years_then_months(open_page, long_site: Path) -> None:  # type: ignore[no-untyped-def]
    """Papers over six years: a bar per year before the last two years, then every month (empty ones too),
    the latest in view; the bars add up to the entries, and a year's bar shows that year's entries."""
    view = open_page((long_site / "index.html").as_uri() + "#view=overview", width=1280, height=800)
    page = view.page
    years = page.locator("#timeline button[data-year]")
    assert years.evaluate_all("(b) => b.map((x) => x.dataset.year)") == ["2019", "2020", "2021", "2023"]
    assert page.locator("#timeline .month-label").first.inner_text() == "’19"
    months = page.locator("#timeline button[data-month]").evaluate_all("(b) => b.map((x) => x.dataset.month)")
    assert months == [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]
    counts = [int(c) for c in page.locator("#timeline .month-count").all_inner_texts()]
    assert counts == [1, 2, 1, 1] + [0, 2, 0, 0, 1] + [0] * 7 + [1, 0, 3]
    assert sum(counts) == len(LONG)
    assert page.locator("#timeline button[data-month='2024-03']").is_disabled()  # nothing to show
    assert page.locator("#timeline").evaluate("(t) => t.scrollLeft + t.clientWidth >= t.scrollWidth - 1")
    page.locator("#timeline button[data-year='2020']").click()
    assert page.evaluate(_SHOWN) == ["Work 1", "Work 2"]
    assert page.locator("#timeline button[data-year='2020']").get_attribute("aria-pressed") == "true"
    assert page.locator("#timeline-card .overview-chosen").inner_text().startswith("Showing 2020")
    assert fits(page, "#overview-view")
    view.shot("overview-long-timeline-1280.png")
    view.check()
