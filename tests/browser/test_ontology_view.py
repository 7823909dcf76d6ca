"""The ontology page in a real browser, opened from the build's folder (file://, network blocked): styled by
its own inline stylesheet (the page's policy allows exactly it), no console error, anchors that take a
person from a property to its domain and range. With ``MMR_DOCS_SCREENSHOTS=1`` docs/ontology.png is
written for the README."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def watched(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 720})

    def route(route: Any) -> None:
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            problems.append(f"external request {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.on(
        "console",
        lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield page, problems
    context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1440, 900)])
def test_ontology_page_offline(
    watched: tuple[Any, list[str]], real_site: Path, width: int, height: int
) -> None:
    page, problems = watched
    page.set_viewport_size({"width": width, "height": height})
    page.goto((real_site / "ontology.html").as_uri())
    assert page.title() == "mmr-graph ontology"
    # the inline stylesheet applied (a blocked one would leave the browser's defaults)
    assert page.evaluate("getComputedStyle(document.querySelector('.term')).borderTopStyle") == "solid"
    assert page.evaluate("getComputedStyle(document.querySelector('.toc')).position") == "sticky"
    assert page.locator("script").count() == 0
    # the contents lead to a property; its range leads to the class, whose example is from the graph
    page.locator('.toc a[href="#usesMethod"]').click()
    assert page.url.endswith("#usesMethod")
    uses = page.locator("#usesMethod")
    assert "MedCoT" in uses.inner_text() and "Chain-of-thought prompting" in uses.inner_text()
    box = uses.bounding_box()
    assert box and -2 <= box["y"] < 80  # scrolled to it
    uses.locator('dd a[href="#Method"]').first.click()
    assert page.url.endswith("#Method") and "method" in page.locator("#Method h3").inner_text()
    # nothing overflows the window sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto((real_site / "ontology.html").as_uri() + "#usesMethod")
    shot = SCREENSHOTS / f"ontology-{width}.png"
    page.screenshot(path=str(shot))
    if width == 1280 and os.environ.get("MMR_DOCS_SCREENSHOTS") == "1":
        from PIL import Image

        with Image.open(shot) as image:
            small = image.convert("RGB").quantize(
                256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
            small.save(DOCS / "ontology.png", optimize=True)
    assert problems == []
