"""The details panel shows enriched metadata (authors, date, stars, the abstract folded), in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from test_enrich import LIST, fixture_cache

PERCEPTION = "entry/arxiv/2504.07954"


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


def source_rows(page) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The details panel's "where the facts come from" rows: (field, value, source label)."""
    return [
        (
            r.locator("th").inner_text(),
            r.locator(".source-value").inner_text(),
            r.locator(".source").inner_text(),
        )
        for r in page.locator("#details .sources-table tr").all()
    ]


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


def test_each_fact_says_where_it_comes_from(open_page, enriched_site: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_page((enriched_site / "index.html").as_uri() + f"#node={PERCEPTION}", width=1366, height=768)
    page = view.page
    rows = page.locator("#details .sources-table tr")
    shown = source_rows(page)
    assert ("Method", "GRPO", "curated · evidence") in shown
    assert ("Kind of work", "method", "curated · evidence") in shown
    assert {name for name, *_ in shown} >= {"Method", "Kind of work", "Base model"}
    evidence = rows.first.locator("a")
    assert evidence.get_attribute("href") == "https://arxiv.org/abs/2504.07954"
    assert evidence.get_attribute("rel") == "noopener noreferrer"
    # the folded abstract and the sources are reachable by keyboard
    page.locator("#close-details").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#details details.folded summary')"):
            break
    else:
        raise AssertionError("the abstract's summary is not reachable with Tab")
    page.keyboard.press("Enter")
    assert page.locator("#details details.folded").get_attribute("open") is not None
    view.shot("enriched-details-sources-1366.png")
    view.check()


def test_extracted_facts_say_so(open_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        main,
        ["build", str(LIST), "--out", str(tmp_path / "out"), "-q", "--no-curated", "--no-shipped-metadata"],
    )  # without the paper's abstract, its methods come from the title
    assert result.exit_code == 0, result.output
    view = open_page((tmp_path / "out" / "index.html").as_uri(), width=1280, height=800)
    page = view.page
    page.locator("#search").fill("VisualPRM")
    page.locator("#search").press("Enter")
    rows = page.locator("#details .sources-table tr")
    shown = source_rows(page)
    method = next(row for row in shown if row[:2] == ("Method", "PRM"))
    assert method[2].startswith("extracted") and "title" in method[2]  # the fact-source concept's label
    assert rows.locator("a").count() == 0  # no evidence for a title match
    view.shot("extracted-details-sources-1280.png")
    view.check()


def test_facts_from_a_shipped_readme_link_to_the_repository(open_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from mmr_graph.enrich.shipped_readmes import shipped_file

    records = [json.loads(line) for line in shipped_file().read_text(encoding="utf-8").splitlines()]
    record = next(r for r in records if any("GRPO" in line for line in r["excerpt"]))
    repository = "https://github.com/" + record["repository"]
    lst = tmp_path / "list.md"
    lst.write_text(f"# My list\n\n## Works\n\n- Zeta work [[code]]({repository})\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(lst), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    view = open_page((tmp_path / "out" / "index.html").as_uri(), width=1366, height=768)
    page = view.page
    page.locator("#search").fill("Zeta work")
    page.locator("#search").press("Enter")
    row = page.locator("#details .sources-table tr").filter(has_text="GRPO").first
    assert row.locator(".source").inner_text().startswith("extracted from the repository")
    assert row.locator("a").first.get_attribute("href") == repository  # the evidence: the repository
    view.shot("readme-details-sources-1366.png")
    view.check()


def test_facts_from_a_model_s_hub_tags_link_to_its_hub_page(open_page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An entry without a curated record whose model TRL trained with GRPO from Qwen2.5-VL-3B (its Hub tags,
    enriched from a local Hub): its method and base model say they come from the model's Hugging Face tags,
    with the model's page as evidence."""
    from test_hub_facts import ZETA, enrich_and_build

    _, out = enrich_and_build(tmp_path)
    view = open_page((out / "index.html").as_uri(), width=1366, height=768)
    page = view.page
    page.locator("#search").fill("Vision-Zeta")
    page.locator("#search").press("Enter")
    shown = source_rows(page)
    label = "extracted from the model's Hugging Face tags · evidence"
    assert ("Method", "GRPO", label) in shown
    assert ("Base model", "Qwen/Qwen2.5-VL-3B-Instruct", label) in shown
    row = page.locator("#details .sources-table tr").filter(has_text="GRPO").first
    assert row.locator("a").first.get_attribute("href") == ZETA  # the evidence: the model's Hub page
    view.shot("hub-details-sources-1366.png")
    view.check()
