"""The view at laptop sizes (1280×720 and 1440×900): the table fits, the side panels close, the wide table
shows every column, the overview is labelled without overlap, search centres the node with its
neighbourhood, facet names are whole, and counts agree with the build's summary.

With ``MMR_DOCS_SCREENSHOTS=1`` the 1280×720 screenshots are also written to ``docs/`` for the README.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.browser.conftest import docs_shot

from mmr_graph.vocab import load_vocabulary

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1440, 900)]
AGENTTHINK = "entry/arxiv/2505.15298"


def _docs(view: Any, name: str, width: int) -> None:
    """Screenshot to build/screenshots/, and, when asked, to docs/ (1280 px wide only)."""
    docs_shot(view, name, width == 1280)


def settle(page: Any) -> None:
    """Wait until the graph's view stops moving (the focus animation is over), at most 5 s."""
    read = "() => { const n = MMR.getGraph().network; return JSON.stringify([n.getScale(), n.getViewPosition()]); }"
    page.wait_for_timeout(400)
    last = page.evaluate(read)
    for _ in range(50):
        page.wait_for_timeout(100)
        now = page.evaluate(read)
        if now == last:
            return
        last = now


def _box(page: Any, selector: str) -> dict[str, float] | None:
    return page.locator(selector).first.bounding_box()


def _shown_columns(page: Any) -> list[str]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#table thead th'))
          .filter((th) => th.getBoundingClientRect().width > 0).map((th) => th.dataset.col)"""
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_table_fits_the_pane_with_its_key_columns(
    open_page, real_site: Path, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    view = open_page((real_site / "index.html").as_uri() + "#view=table", width=width, height=height)
    page = view.page
    wrap = page.locator("#table-wrap")
    overflow = wrap.evaluate("(w) => w.scrollWidth - w.clientWidth")
    assert overflow <= 1, f"the table is {overflow} px wider than its pane"
    shown = _shown_columns(page)
    assert shown[:2] == ["name", "title"] and {"method", "modality"} <= set(shown), shown
    widths = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('#table thead th'))
          .map((th) => [th.dataset.col, th.getBoundingClientRect().width]))"""
    )
    assert widths["name"] >= 100 and widths["title"] >= 240, widths
    # the columns left out are named, and rows are not tall blank boxes
    hidden = [c for c in widths if c not in shown]
    note = page.locator("#table-hidden").inner_text()
    assert all(page.locator(f'#table th[data-col="{c}"]').inner_text() in note for c in hidden)
    heights = page.evaluate(
        "() => Array.from(document.querySelectorAll('#table tbody tr')).map((r) => r.getBoundingClientRect().height)"
    )
    heights.sort()
    assert heights[len(heights) // 2] < 75, heights[len(heights) // 2]
    # every shown cell's text stays inside its cell
    clipped = page.evaluate(
        """() => Array.from(document.querySelectorAll('#table tbody td')).filter((td) =>
             td.getBoundingClientRect().width > 0 && !td.classList.contains('col-name')
             && td.scrollWidth > td.clientWidth + 1).length"""
    )
    assert clipped == 0
    _docs(view, f"view-table-{width}.png", width)
    view.check()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_details_panel_closes_and_comes_back(open_page, real_site: Path, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    view = open_page(
        (real_site / "index.html").as_uri() + f"#view=table&node={AGENTTHINK}", width=width, height=height
    )
    page = view.page
    assert page.locator("#details-panel").is_visible()
    narrow = _box(page, "#table-wrap")["width"]  # type: ignore[index]
    _docs(view, f"view-details-{width}.png", width)
    page.locator("#close-details").click()
    assert not page.locator("#details-panel").is_visible()
    assert "closed=details" in page.url
    assert page.locator("#toggle-details").get_attribute("aria-expanded") == "false"
    assert _box(page, "#table-wrap")["width"] > narrow + 250  # type: ignore[index]
    # the filters close too; choosing a row shows the details again
    page.locator("#toggle-filters").click()
    assert not page.locator("#filters").is_visible() and "closed=filters,details" in page.url
    page.locator("#table tbody tr", has_text="AlphaDrive").locator("button.row-name").click()
    assert page.locator("#details-panel").is_visible()
    assert "AlphaDrive" in page.locator("#details h2").inner_text()
    # the state survives a reload
    page.locator("#close-details").click()
    page.reload()
    page.wait_for_function("window.MMR && MMR.ready")
    assert not page.locator("#details-panel").is_visible() and not page.locator("#filters").is_visible()
    view.check()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_wide_table_shows_every_column(open_page, real_site: Path, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    view = open_page((real_site / "index.html").as_uri() + "#view=table", width=width, height=height)
    page = view.page
    page.locator("#wide").click()
    assert page.locator("#wide").get_attribute("aria-pressed") == "true" and "wide=1" in page.url
    assert not page.locator("#filters").is_visible() and not page.locator("#details-panel").is_visible()
    assert _shown_columns(page) == [
        "name",
        "title",
        "section",
        "modality",
        "method",
        "venue",
        "month",
        "arxiv",
        "links",
    ]
    assert page.locator("#table-hidden").inner_text() == ""
    assert page.locator("#table-wrap").evaluate("(w) => w.scrollWidth - w.clientWidth") <= 1
    _docs(view, f"view-wide-table-{width}.png", width)
    # a chosen row's details open over the table, and Escape closes them
    page.locator("#table tbody tr", has_text="AgentThink").locator("button.row-name").click()
    panel = _box(page, "#details-panel")
    table = _box(page, "#table-wrap")
    assert (
        panel and table and panel["x"] + panel["width"] == pytest.approx(table["x"] + table["width"], abs=2)
    )
    assert "AgentThink" in page.locator("#details h2").inner_text()
    page.keyboard.press("Escape")
    assert not page.locator("#details-panel").is_visible()
    # the filters button leaves the wide table
    page.locator("#toggle-filters").click()
    assert page.locator("#filters").is_visible() and "wide=1" not in page.url
    view.check()


def _overlaps(rects: list[dict[str, float]]) -> list[tuple[int, int]]:
    found = []
    for i, a in enumerate(rects):
        for j in range(i + 1, len(rects)):
            b = rects[j]
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                found.append((a["id"], b["id"]))
    return found


_DRAWN = """() => MMR.getGraph().labels.drawn().map((d) => Object.assign(d,
  { kind: MMR.model.data.records[d.id].kind, text: MMR.model.data.nodes[d.id].label }))"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_overview_labels_hubs_then_entries_without_overlap(
    open_page, real_site: Path, width: int, height: int
) -> None:  # type: ignore[no-untyped-def]
    view = open_page((real_site / "index.html").as_uri(), width=width, height=height)
    page = view.page
    drawn = page.evaluate(_DRAWN)
    kinds = [d["kind"] for d in drawn]
    assert kinds.count("category") >= 12 and kinds.count("method") >= 6 and kinds.count("modality") >= 4, (
        kinds
    )
    assert "entry" not in kinds and "paper" not in kinds  # at the overview, only what helps to find one's way
    notations = set(load_vocabulary().methods.concepts)
    methods = [d["text"] for d in drawn if d["kind"] == "method"]
    assert methods and set(methods) <= notations, methods  # methods by their notation
    hub = page.evaluate(
        """() => { const m = MMR.model; let best = -1;
          for (let i = 0; i < m.n; i++) if (m.data.records[i].kind === "method"
            && (best < 0 || m.adjacency[i].length > m.adjacency[best].length)) best = i;
          return best; }"""
    )
    # the best-connected method is labelled (labels are kept GAP apart, not twice GAP)
    assert hub in {d["id"] for d in drawn}, methods
    assert _overlaps(drawn) == []
    box = _box(page, "#graph")
    assert all(
        d["x0"] >= 0 and d["x1"] <= box["width"] and d["y0"] >= 0 and d["y1"] <= box["height"] for d in drawn
    )  # type: ignore[index]
    _docs(view, f"view-overview-{width}.png", width)
    # zoomed in on a section, entries get their labels, still without overlap
    page.evaluate(
        """() => { const g = MMR.getGraph(), id = MMR.model.byKey.get("category/papers-projects/visual-understanding")
          || MMR.model.byKey.get("entry/arxiv/2505.15298");
          g.network.moveTo({ position: g.network.getPositions([id])[id], scale: 0.9, animation: false }); }"""
    )
    page.wait_for_timeout(100)
    zoomed = page.evaluate(_DRAWN)
    assert sum(d["kind"] == "entry" for d in zoomed) >= 8
    assert _overlaps(zoomed) == []
    view.shot(f"view-zoomed-{width}.png")
    view.check()


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("query", ["AgentThink", "GRPO", "Battam/3D-CoT", "Driving"])
def test_search_then_enter_centres_the_node_with_its_neighbourhood(  # type: ignore[no-untyped-def]
    open_page, real_site: Path, width: int, height: int, query: str
) -> None:
    view = open_page((real_site / "index.html").as_uri(), width=width, height=height)
    page = view.page
    page.locator("#search").fill(query)
    page.locator("#search").press("Enter")
    settle(page)
    where = page.evaluate(
        """() => { const g = MMR.getGraph(), id = MMR.getState().selected;
          const around = MMR.neighbours(MMR.model, id).map((nb) => nb.id).filter((i) => !g.nodes.get(i).hidden);
          return { node: g.positionOf(id), around: around.map((i) => g.positionOf(i)),
                   labelled: g.labels.drawn().map((d) => d.id), id, count: around.length }; }"""
    )
    box = _box(page, "#graph")
    w, h = box["width"], box["height"]  # type: ignore[index]
    node = where["node"]
    assert abs(node["x"] - w / 2) <= 0.32 * w / 2 + 1 and abs(node["y"] - h / 2) <= 0.32 * h / 2 + 1, (
        node,
        w,
        h,
    )
    assert where["count"] >= 1
    for p in where["around"]:
        assert 0 <= p["x"] <= w and 0 <= p["y"] <= h, (p, w, h)
    assert where["id"] in where["labelled"]  # the found node is labelled
    if query == "GRPO":
        _docs(view, f"view-search-{width}.png", width)
    view.check()


def test_facet_names_show_the_notation_first_and_are_not_cut(open_page, real_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((real_site / "index.html").as_uri(), width=1280, height=720)
    page = view.page
    grpo = page.locator('[data-facet="method"] label', has=page.locator('input[data-value="GRPO"]'))
    assert grpo.locator(".facet-name").inner_text() == "GRPO — Group Relative Policy Optimization"
    assert grpo.locator(".notation").inner_text() == "GRPO"
    names = page.locator('[data-facet="method"] .facet-name').all_inner_texts()
    assert "PPO — Proximal Policy Optimization" in names and "Dr. GRPO" in names  # not "DRGRPO — Dr. GRPO"
    cut = page.evaluate(
        """() => Array.from(document.querySelectorAll('.facet-name')).filter((n) =>
             n.scrollWidth > n.clientWidth + 1 || n.textContent.endsWith('…')).map((n) => n.textContent)"""
    )
    assert cut == []
    view.check()


def test_counts_agree_with_the_build_summary(open_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One definition: a count is the number of distinct nodes of that kind in the graph."""
    from click.testing import CliRunner

    from mmr_graph.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if " entries, " in line)
    summary = {m[2]: int(m[1]) for m in re.finditer(r"(\d+) ([a-z ]+?)(?:,|$)", line.strip())}
    view = open_page((out / "index.html").as_uri(), width=1280, height=720)
    page = view.page
    shown = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('[data-facet="kind"] label'))
          .map((l) => [l.querySelector('input').dataset.value, Number(l.querySelector('.count').textContent)]))"""
    )
    names = {"entry": "entries", "paper": "papers", "code": "code repositories", "dataset": "datasets",
             "collection": "collections", "model": "models"}  # fmt: skip
    for kind, name in names.items():
        assert shown[kind] == summary[name], (kind, shown[kind], summary[name])
    assert (
        summary["code repositories"] == 136 and summary["collections"] == 8
    )  # related lists are collections
    view.check()


def test_datasets_table_describes_every_row(open_page, real_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((real_site / "index.html").as_uri() + "#view=table&rows=dataset", width=1280, height=720)
    page = view.page
    assert page.locator("#table th.col-title").inner_text().startswith("Title / description")
    cells = page.locator("#table tbody td.col-title").all_inner_texts()
    assert len(cells) == 35 and all(cells), [c for c in cells if not c]
    row = page.locator("#table tbody tr", has_text="Battam/3D-CoT")
    assert "Integrating Chain-of-Thought for Multimodal Alignment" in row.locator("td.col-title").inner_text()
    assert page.locator("#table-count").inner_text() == "35 rows"
    view.check()
