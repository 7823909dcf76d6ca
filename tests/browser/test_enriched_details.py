"""The details panel shows enriched metadata (authors, date, stars, the abstract folded), in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from test_enrich import LIST, fixture_cache

PERCEPTION = "entry/perception-r1-2504.07954"


@pytest.fixture(scope="module")
def enriched_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("enriched-site")
    fixture_cache(root / "cache", "2026-11-30T10:00:00+00:00")
    result = CliRunner().invoke(
        main,
        ["build", str(LIST), "--out", str(root / "out"), "-q", "--cache", str(root / "cache"),
         "--no-shipped-metadata"],  # the fixture cache's records only
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return root / "out"


def facts(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    names = page.locator("#details dl.facts dt").all_inner_texts()
    values = page.locator("#details dl.facts dd").all_inner_texts()
    return dict(zip(names, values, strict=True))


def test_entry_details_show_authors_date_stars_and_a_folded_abstract(open_page, enriched_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((enriched_site / "index.html").as_uri() + f"#node={PERCEPTION}")
    page = view.page
    shown = facts(page)
    assert shown["Authors"].splitlines() == ["Ada Example", "Jürgen Müller"]
    assert shown["First submitted"] == "2025-04-10"
    assert shown["Stars"] == "412 (linkangheng/PR1)"
    abstract = page.locator("#details details.folded")
    assert abstract.count() == 1 and abstract.get_attribute("open") is None
    assert abstract.locator("summary").inner_text() == "show (14 words)"
    assert not abstract.locator("p").is_visible()
    abstract.locator("summary").click()
    assert abstract.locator("p").inner_text().startswith("Fixture abstract of the first paper.")
    view.shot("enriched-details.png")
    view.check()


def test_repository_details_show_stars_licence_and_language(open_page, enriched_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((enriched_site / "index.html").as_uri() + "#node=github.com/linkangheng/PR1")
    shown = facts(view.page)
    assert (shown.get("Stars"), shown.get("Licence"), shown.get("Language")) == (
        "412",
        "Apache-2.0",
        "Python",
    )
    view.check()
