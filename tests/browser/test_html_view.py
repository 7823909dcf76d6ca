"""The HTML view in a real browser: offline load, search, filters, clicking nodes, details, table, URL
state, focused views, and a hostile list that must run nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PERCEPTION = "entry/arxiv/2504.07954"
CLUES = "entry/openreview/lq2jDWv3w0"

_VISIBLE_ENTRIES = """() => MMR.model.entries
  .filter((id) => !MMR.getGraph().nodes.get(id).hidden)
  .map((id) => MMR.model.data.records[id].key).sort()"""
_DIMMED = """(key) => { const id = MMR.model.byKey.get(key);
  return MMR.getGraph().nodes.get(id).color?.background === MMR.model.data.dimmed; }"""


def click_node(page: Any, key: str) -> None:
    """Bring the node to the middle of the canvas and click it with the mouse, as a person would."""
    point = page.evaluate(
        """(key) => {
          const id = MMR.model.byKey.get(key), g = MMR.getGraph();
          g.network.moveTo({ position: g.network.getPositions([id])[id], scale: 1.2, animation: false });
          const p = g.positionOf(id), box = document.getElementById("graph").getBoundingClientRect();
          return { x: box.left + p.x, y: box.top + p.y };
        }""",
        key,
    )
    page.mouse.click(point["x"], point["y"])


def details_text(page: Any) -> str:
    return page.locator("#details").inner_text()


def test_loads_offline_with_a_stable_seeded_layout(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    url = (kitchen_site / "index.html").as_uri()
    view = open_page(url)
    page = view.page
    assert page.locator("body").get_attribute("data-state") == "ready"
    assert page.locator("#graph canvas").count() == 1
    legend = page.locator("#legend").inner_text()
    for kind in ("Entries", "Papers", "Code", "Datasets", "Methods", "Modalities", "Venues", "Sections"):
        assert kind in legend
    total = page.evaluate("MMR.model.n")
    assert page.locator("#status").inner_text().startswith(f"{total} of {total} nodes")
    assert page.evaluate("MMR.getGraph().isStabilized()")
    positions = page.evaluate("JSON.stringify(MMR.getGraph().network.getPositions())")
    view.shot("kitchen-overview.png")
    # physics: off once stabilized, switchable, and kept in the URL
    assert not page.evaluate("MMR.getGraph().network.physics.physicsEnabled")
    page.locator("#physics").check()
    assert page.evaluate("MMR.getGraph().network.physics.physicsEnabled")
    assert "physics=1" in page.url
    page.locator("#physics").uncheck()
    view.check()
    again = open_page(url).page
    assert again.evaluate("JSON.stringify(MMR.getGraph().network.getPositions())") == positions


def test_search_by_arxiv_id_title_or_short_name(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((kitchen_site / "index.html").as_uri())
    page = view.page
    search = page.locator("#search")
    for query in ("2504.07954", "arXiv:2504.07954", "pioneering perception", "Perception-R1"):
        search.fill(query)
        first = page.locator("#suggestions li").first
        assert "Perception-R1" in first.inner_text(), query
    search.fill("2504.07954")
    view.shot("kitchen-search.png")
    overview = page.evaluate("MMR.getGraph().network.getScale()")
    search.press("Enter")
    page.wait_for_timeout(500)  # the focus animation
    assert "Perception-R1: Pioneering Perception Policy" in details_text(page)
    assert f"node={PERCEPTION}" in page.url
    selected = page.evaluate("MMR.getGraph().network.getSelectedNodes()")
    assert selected == [page.evaluate(f"MMR.model.byKey.get('{PERCEPTION}')")]
    # highlighted: the node and its neighbours keep their colour, the rest is dimmed
    assert not page.evaluate(_DIMMED, PERCEPTION)
    assert not page.evaluate(_DIMMED, "arxiv.org/abs/2504.07954")
    assert page.evaluate(_DIMMED, "entry/arxiv/2503.06520")
    # moved to it: near the middle, with its neighbourhood in view (see test_view_layout for more)
    assert page.evaluate("MMR.getGraph().network.getScale()") >= overview * 0.6
    point = page.evaluate(f"MMR.getGraph().positionOf(MMR.model.byKey.get('{PERCEPTION}'))")
    box = page.locator("#graph").bounding_box()
    assert abs(point["x"] - box["width"] / 2) <= 0.32 * box["width"] / 2
    assert abs(point["y"] - box["height"] / 2) <= 0.32 * box["height"] / 2
    search.fill("no such thing at all")
    assert "No match" in page.locator("#suggestions").inner_text()
    view.check()


def test_filters_drive_graph_table_and_counts(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    """What uses GRPO on video? Tick the facets; graph, counts and table follow."""
    view = open_page((kitchen_site / "index.html").as_uri())
    page = view.page
    grpo = page.locator('[data-facet="method"] label', has=page.locator('input[data-value="GRPO"]'))
    assert grpo.locator(".count").inner_text() == "3"
    grpo.locator("input").check()
    assert page.evaluate(_VISIBLE_ENTRIES) == sorted(
        ["entry/openreview/lq2jDWv3w0", PERCEPTION, "entry/arxiv/2503.06749"]
    )
    video = page.locator('[data-facet="modality"] label', has=page.locator('input[data-value="video"]'))
    assert video.locator(".count").inner_text() == "1"  # among GRPO entries
    video.locator("input").check()
    assert page.evaluate(_VISIBLE_ENTRIES) == [CLUES]
    assert page.locator("#status").inner_text().endswith(" nodes · 1 entry")
    assert "method=GRPO" in page.url and "modality=video" in page.url
    # what is linked to the remaining entry stays, the rest goes
    assert not page.evaluate("(k) => MMR.getGraph().nodes.get(MMR.model.byKey.get(k)).hidden", "method/GRPO")
    assert page.evaluate(
        "(k) => MMR.getGraph().nodes.get(MMR.model.byKey.get(k)).hidden", "github.com/linkangheng/PR1"
    )
    view.shot("kitchen-filtered.png")
    page.locator("#tab-table").click()
    rows = page.locator("#table tbody tr")
    assert rows.count() == 1 and "Following Clues" in rows.first.inner_text()
    # hiding a kind
    page.locator('[data-facet="method"] input[data-value="GRPO"]').uncheck()
    page.locator('[data-facet="modality"] input[data-value="video"]').uncheck()
    page.locator('[data-facet="kind"] input[data-value="paper"]').uncheck()
    assert "hide=paper" in page.url
    page.locator("#table-kind").select_option("paper")
    assert page.locator("#table tbody tr").count() == 0
    page.locator("#reset").click()
    assert page.locator("#table tbody tr").count() > 20 and "hide=" not in page.url
    view.check()


def test_click_a_node_for_details_and_links(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((kitchen_site / "index.html").as_uri())
    page = view.page
    click_node(page, "entry/arxiv/2503.06520")
    text = details_text(page)
    assert "Seg-Zero: Reasoning-Chain Guided Segmentation" in text
    assert "Listed under" in text and "Visual Understanding" in text
    links = page.locator("#details .links a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert (
        "https://arxiv.org/pdf/2503.06520" in hrefs
        and "https://huggingface.co/datasets/Ricky06662/refCOCOg_2k_840" in hrefs
    )
    for i in range(links.count()):
        assert links.nth(i).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(i).get_attribute("target") == "_blank"
    assert "node=entry/arxiv/2503.06520" in page.url
    view.shot("kitchen-details.png")
    # follow a connection: the method, then filter entries by it
    page.locator("#details .chip", has_text="Proximal Policy Optimization").click()
    assert "Proximal Policy Optimization" in page.locator("#details h2").inner_text()
    assert "Seg-Zero" in page.locator("#details .connected").first.inner_text()
    page.locator("#details button", has_text="Filter entries by this method").click()
    assert page.evaluate(_VISIBLE_ENTRIES) == ["entry/arxiv/2503.06520"]
    # clicking the empty background clears the selection
    page.evaluate("MMR.getGraph().network.moveTo({position: {x: 1e6, y: 1e6}, animation: false})")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "Explore the list" in details_text(page) and "node=" not in page.url
    view.check()


def test_table_sorts_and_lists_any_kind(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((kitchen_site / "index.html").as_uri())
    page = view.page
    page.locator("#tab-table").click()
    names = lambda: page.locator("#table tbody td:first-child").all_inner_texts()  # noqa: E731
    first = names()
    assert first == sorted(first, key=str.casefold) and len(first) == page.evaluate(
        "MMR.model.entries.length"
    )
    page.locator('#table th[data-col="name"] button').click()
    assert names()[0] == first[-1]
    assert "sort=-name" in page.url
    page.locator('#table th[data-col="venue"] button').click()
    venues = page.locator("#table tbody td:nth-child(6)").all_inner_texts()
    assert venues[0] and venues[-1] == ""  # blanks last
    # which datasets are reused? rows of another kind, most-used first
    page.locator("#table-kind").select_option("dataset")
    used = [int(t) for t in page.locator("#table tbody td:nth-child(3)").all_inner_texts()]
    assert used == sorted(used, reverse=True) and used[0] >= 1
    # search narrows the table too, and a row opens the details
    page.locator("#table-kind").select_option("entry")
    page.locator("#search").fill("vision-r1")
    assert page.locator("#table tbody tr").count() == 2
    page.locator("#table tbody tr").first.locator("button.row-name").click()
    assert "Vision-R1" in page.locator("#details h2").inner_text()
    view.shot("kitchen-table.png")
    view.check()


def test_url_hash_restores_the_view(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    state = f"#node={PERCEPTION}&method=GRPO&hide=code&view=table&sort=-name"
    view = open_page((kitchen_site / "index.html").as_uri() + state)
    page = view.page
    assert page.locator("#tab-table").get_attribute("aria-selected") == "true"
    assert page.locator('[data-facet="method"] input[data-value="GRPO"]').is_checked()
    assert not page.locator('[data-facet="kind"] input[data-value="code"]').is_checked()
    names = page.locator("#table tbody td:first-child").all_inner_texts()
    assert names == ["Vision-R1", "Perception-R1", "Following Clues"]
    assert "Perception-R1: Pioneering" in page.locator("#details h2").inner_text()
    assert page.locator("#table tbody tr.selected").inner_text().startswith("Perception-R1")
    # change the state, reload: the same state comes back, graph included
    page.locator("#tab-graph").click()
    page.locator('[data-facet="modality"] input[data-value="video"]').check()
    saved = page.url
    page.reload()
    page.wait_for_function("window.MMR && MMR.ready")
    assert page.url == saved
    assert page.evaluate(_VISIBLE_ENTRIES) == [CLUES]
    assert (
        page.evaluate("MMR.getGraph().network.getSelectedNodes().length") == 0
    )  # Perception-R1 is filtered out
    assert "Perception-R1" in page.locator("#details h2").inner_text()
    assert "Hidden by the current filters" in details_text(page)
    # a hand-edited hash applies too; unknown values are ignored
    page.evaluate("location.hash = '#node=method/GRPO&modality=nope&hide=bogus'")
    page.wait_for_function("document.querySelector('#details h2')?.textContent.includes('Group Relative')")
    assert page.evaluate(_VISIBLE_ENTRIES) == page.evaluate(
        "MMR.model.entries.map((id) => MMR.model.data.records[id].key).sort()"
    )
    view.check()


def test_focused_view_page(open_page, kitchen_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((kitchen_site / "view-method-GRPO.html").as_uri())
    page = view.page
    assert "Group Relative Policy Optimization" in page.locator("#details h2").inner_text()
    entries = page.evaluate(_VISIBLE_ENTRIES)
    assert entries == sorted([CLUES, PERCEPTION, "entry/arxiv/2503.06749"])
    assert "(method)" in page.title()
    view.shot("kitchen-view-grpo.png")
    page.locator("a.back").click()  # back to the whole graph, next to it
    # the new page first: a predicate polled while the old one unloads can be refused by its CSP (flaky)
    page.wait_for_url("**/index.html", wait_until="load")
    page.wait_for_function("window.MMR && MMR.ready && MMR.model.data.focus === null")
    view.check()


def test_hostile_list_runs_nothing_and_shows_text(open_page, hostile_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((hostile_site / "index.html").as_uri())
    page = view.page
    assert "<script>" in page.title()  # the list title, as text
    body = page.locator("body")
    # search shows markup as text
    page.locator("#search").fill("<img")
    suggestions = page.locator("#suggestions").inner_text()
    assert "<img src=x onerror=alert('img')> Img-R1" in suggestions
    page.locator("#search").press("Enter")
    assert "<img src=x onerror=alert('img')> Img-R1" in details_text(page)
    assert "<img src=x onerror=alert('label')>" in details_text(page)  # a dataset link label
    for key, literal in [
        ("entry/arxiv/2501.00014", "</script><script>alert('close')</script>"),
        ("entry/arxiv/2501.00013", "\"><svg onload=alert('quote')>"),
        ("entry/arxiv/2501.00015", "<script>alert('entity')</script>"),
        ("method/EVIL", "\"><script>alert('definition')</script>"),
    ]:
        page.evaluate("(key) => { location.hash = 'node=' + key; }", key)
        page.wait_for_function("(t) => document.getElementById('details').innerText.includes(t)", arg=literal)
    # the entry with bad links: none of them became a link
    page.evaluate("location.hash = 'node=entry/arxiv/2501.00014'")
    page.wait_for_function("document.getElementById('details').innerText.includes('vbscript:msgbox(1)')")
    text = details_text(page)
    for url in (
        "javascript:alert('link')",
        "JaVaScRiPt:alert('case')",
        "data:text/html,<script>alert('data')</script>",
    ):
        assert url in text
    assert "<b onmouseover=alert('label90')>bad 90</b>" in text
    view.shot("hostile-details.png")
    page.locator("#tab-table").click()
    assert "<script>alert('entry')</script>" in page.locator("#table").inner_text()
    view.shot("hostile-table.png")
    page.locator("#tab-graph").click()
    click_node(page, "method/EVIL")
    assert "<img src=x onerror=alert('method')>" in page.locator("#details h2").inner_text()
    # nothing the data asked for exists in the document
    assert (
        page.locator("img, iframe, object, embed, svg[onload], [onerror], [onload], [onmouseover]").count()
        == 0
    )
    assert page.locator("script").count() == 10  # the data block and the nine inline scripts of the page
    for href in page.locator("a").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))"):
        assert href.startswith(("https://", "http://")), href
    assert page.locator("a:not([rel='noopener noreferrer'])").count() == 0
    body.press("Escape")
    view.check()


def test_real_list_screenshot_for_readme(open_page, real_site: Path) -> None:  # type: ignore[no-untyped-def]
    """The shipped list: what uses GRPO on video? (docs/screenshot.png is this page.)"""
    view = open_page(
        (real_site / "index.html").as_uri() + "#node=method/GRPO&modality=video", width=1360, height=820
    )
    page = view.page
    assert page.evaluate("MMR.ready.ms") < 10_000
    assert page.evaluate("MMR.model.entries.length") >= 170
    assert "Group Relative Policy Optimization" in page.locator("#details h2").inner_text()
    shown = page.locator("#details .connected-name").first.inner_text()
    assert shown.startswith("Entries (") and " of " in shown  # some GRPO entries are not about video
    highlighted = page.evaluate(
        """() => { const g = MMR.getGraph(), grpo = MMR.model.byKey.get("method/GRPO");
          return MMR.neighbours(MMR.model, grpo).filter((nb) => !g.nodes.get(nb.id).hidden)
            .map((nb) => MMR.model.data.records[nb.id]).filter((r) => r.kind === "entry")
            .map((r) => r.facets.modality); }"""
    )
    assert highlighted and all("video" in modalities for modalities in highlighted)
    shot = view.shot("real-grpo-video.png")
    if os.environ.get("MMR_DOCS_SCREENSHOTS") == "1":  # the README's first picture, in 256 colours
        from PIL import Image

        with Image.open(shot) as image:
            small = image.convert("RGB").quantize(
                256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
            small.save(Path(__file__).resolve().parents[2] / "docs" / "screenshot.png", optimize=True)
    page.locator("#search").fill("GRPO")
    assert "Group Relative Policy Optimization" in page.locator("#suggestions li").first.inner_text()
    page.locator("#search").press("Escape")
    page.locator("#details .chip").first.click()
    page.wait_for_timeout(500)
    assert page.locator("#details .kind-badge").inner_text().strip().lower() == "entry"
    view.shot("real-entry.png")
    view.check()
