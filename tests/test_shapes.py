"""Lists of other shapes: one test per problem found on real lists (tables, references, nested bullets, HTML
sections, tags with parentheses, dates, venues, "related" sections, letter case, titles, news, odd lines)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from mmr_graph.ingest import build_catalog
from mmr_graph.model import Catalog, Entry, Venue
from mmr_graph.rdf.graph import to_graph

FIXTURES = Path(__file__).parent / "fixtures"
MMR = "https://w3id.org/mmr-graph/ns#"


def catalog_of(tmp_path: Path, text: str, name: str = "list.md") -> Catalog:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build_catalog([path], curated=False)


def titled(catalog: Catalog, title: str) -> Entry:
    (entry,) = [e for e in catalog.entries if e.title == title]
    return entry


def test_a_pandoc_bibliography_resolves_citations_to_their_references() -> None:
    catalog = build_catalog([FIXTURES / "bibliography.md"], curated=False)
    assert catalog.lists[0].title == "Awesome Pandoc Reasoning"  # not "🎇 Introduction"
    flamingo = titled(catalog, "Flamingo, a visual language model for few-shot learning")
    assert [link.iri for link in flamingo.links] == ["https://arxiv.org/abs/2204.14198"]
    assert flamingo.sections == (("Methods",),)
    assert flamingo.tags.venues == (Venue(series="NeurIPS", year=2022),)  # stated by its reference
    assert [e.title for e in catalog.entries][:3] == [
        "Flamingo, a visual language model for few-shot learning",
        "Chain-of-thought prompting elicits reasoning",
        "Toolformer",
    ]
    uncited = catalog.entries[3]  # a reference nobody cites is an entry of its own, in the bibliography
    assert uncited.sections == (("Bibliography",),) and uncited.key == "https://arxiv.org/abs/2401.00001"
    assert len(catalog.entries) == 4
    assert [(w.line, w.message) for w in catalog.warnings] == [(11, "cites #ref-missing, which is not found")]


def test_a_table_is_read_by_its_header(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## Models\n\n| Date | Name | Title | Paper | Github |\n|:-:|:-:|:-|:-:|:-:|\n"
        "| 2025-08 | `Intern-S1` | Intern-S1: A Scientific Model | "
        "[![Paper](https://img.shields.io/badge/paper-A42C25)](https://arxiv.org/abs/2508.15763v1) | "
        "[![Stars](https://img.shields.io/github/stars/InternLM/Intern-S1)](https://github.com/InternLM/Intern-S1) |\n"
        "| - | no | link | here | - |\n",
    )
    (entry,) = catalog.entries
    assert entry.title == "Intern-S1: A Scientific Model" and entry.date == "2025-08"
    assert [link.iri for link in entry.links] == [
        "https://arxiv.org/abs/2508.15763",
        "https://github.com/InternLM/Intern-S1",
    ]
    assert entry.description == "Name: Intern-S1"


def test_lines_under_an_item_describe_it_and_a_sub_item_with_a_paper_is_an_entry(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## Papers\n\n"
        "- [MM-RLHF: The Next Step](https://arxiv.org/abs/2502.10391)\n"
        "  - Yi-Fan Zhang, Tao Yu\n"
        "  - Keyword: Critique-based Reward Model\n"
        "  - Code: [Official](https://github.com/Kwai-YuanQi/MM-RLHF)\n"
        "  - [Follow-up: RLHF-V](https://arxiv.org/abs/2312.00849) (CVPR 2024)\n",
    )
    top, sub = catalog.entries
    assert top.title == "MM-RLHF: The Next Step"
    assert [link.iri for link in top.links] == [
        "https://arxiv.org/abs/2502.10391",
        "https://github.com/Kwai-YuanQi/MM-RLHF",
    ]
    assert top.description == "Yi-Fan Zhang, Tao Yu · Keyword: Critique-based Reward Model"
    assert sub.title == "Follow-up: RLHF-V" and sub.sections == top.sections
    assert sub.tags.venues == (Venue(series="CVPR", year=2024),)


def test_a_numbered_item_whose_links_follow_in_a_second_paragraph(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        '# T\n\n <h3 id="e2e">End-to-end <b>Models</b></h3>\n\n'
        "1. **Flamingo: a Visual Language Model for Few-Shot Learning.** `NeurIPS 2022`\n\n"
        "    *Jean-Baptiste Alayrac, Jeff Donahue.* [[Paper](https://arxiv.org/abs/2204.14198)], 2022.4\n",
    )
    (entry,) = catalog.entries
    assert entry.title == "Flamingo: a Visual Language Model for Few-Shot Learning"
    assert entry.sections == (("End-to-end Models",),)  # an HTML heading, its markup left out
    assert entry.tags.venues == (Venue(series="NeurIPS", year=2022),) and entry.date == "2022-04"
    assert entry.key == "https://arxiv.org/abs/2204.14198"


def test_details_groups_are_sections_and_click_to_expand_is_none(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## Papers\n\n### 2025\n\n<details open>\n  <summary>Click to expand / collapse</summary>\n\n"
        "- [A](https://arxiv.org/abs/2501.00001) (ICLR 2025)\n\n</details>\n\n"
        "<details><summary><b>Agents</b></summary>\n\n- [B](https://arxiv.org/abs/2501.00002)\n\n</details>\n\n"
        "- [C](https://arxiv.org/abs/2501.00003)\n",
    )
    a, b, c = catalog.entries
    assert a.sections == (("Papers", "2025"),) and a.date == "2025"  # a date heading, as a year
    assert b.sections == (("Papers", "2025", "Agents"),)
    assert c.sections == (("Papers", "2025"),)


def test_tags_with_parentheses_are_tags_and_yymm_tags_are_dates(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## S\n\n"
        "- [X-Omni (generation)] X-Omni: RL for image generation [[paper]](https://arxiv.org/abs/2507.22058)\n"
        "* [2502] [Demystifying Long CoT](https://www.alphaxiv.org/abs/2502.03373) (IN.AI)\n",
    )
    omni, cot = catalog.entries
    assert omni.title == "X-Omni: RL for image generation" and omni.tags.raw == ("X-Omni (generation)",)
    assert cot.date == "2025-02" and cot.key == "https://arxiv.org/abs/2502.03373"  # alphaXiv is arXiv


def test_dates_are_typed_by_their_precision(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## S\n\n- <!-- 04-25 --> [A](https://arxiv.org/abs/2504.00001)\n"
        "- [B](https://arxiv.org/abs/2504.00002), released 2025-04-07\n\n## 2024\n\n"
        "- [C](https://arxiv.org/abs/2404.00003)\n",
    )
    graph = to_graph(catalog)
    dates = {
        str(graph.value(entry, DCTERMS.title)): graph.value(entry, DCTERMS.date)
        for entry in graph.subjects(RDF.type, URIRef(MMR + "Entry"))
    }
    assert dates == {
        "A": Literal("2025-04", datatype=XSD.gYearMonth),
        "B": Literal("2025-04-07", datatype=XSD.date),
        "C": Literal("2024", datatype=XSD.gYear),
    }


def test_venue_spellings_are_one_venue(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## S\n\n- **[ACL'23]** A [[paper]](https://arxiv.org/abs/2301.00001)\n"
        "- [B](https://arxiv.org/abs/2301.00002), ACL 2023\n"
        "- C ![](https://img.shields.io/badge/ACL-2023-blue) [[paper]](https://arxiv.org/abs/2301.00003)\n",
    )
    assert {e.tags.venues for e in catalog.entries} == {(Venue(series="ACL", year=2023),)}
    graph = to_graph(catalog)
    editions = set(graph.objects(None, URIRef(MMR + "venue")))
    assert editions == {URIRef("https://w3id.org/mmr-graph/id/venue/ACL-2023")}


def test_a_repository_under_related_work_is_not_an_awesome_list(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## Related Work\n\n- Some Method [[code]](https://github.com/a/method)\n\n"
        "## Related Awesome Lists\n\n- [b/awesome-x](https://github.com/b/awesome-x)\n",
    )
    graph = to_graph(catalog)
    lists = set(graph.subjects(RDF.type, URIRef(MMR + "AwesomeList")))
    assert URIRef("https://github.com/a/method") not in lists
    assert URIRef("https://github.com/b/awesome-x") in lists


def test_github_repositories_differing_in_case_are_one_node(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## S\n\n- A [[code]](https://github.com/OpenRLHF/OpenRLHF)\n"
        "- B [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/openrlhf/openrlhf)\n",
    )
    a, b = catalog.entries
    assert a.key == "https://github.com/OpenRLHF/OpenRLHF"
    assert b.links[1].iri == "https://github.com/OpenRLHF/OpenRLHF"  # the first spelling in input order
    assert b.links[1].url == "https://github.com/openrlhf/openrlhf"  # the URL as written
    graph = to_graph(catalog)
    assert not list(graph.triples((URIRef("https://github.com/openrlhf/openrlhf"), None, None)))


def test_curated_keys_match_repositories_whatever_their_case(tmp_path: Path) -> None:
    curated = tmp_path / "curated.yaml"
    curated.write_text(
        "- key: https://github.com/openrlhf/openrlhf\n  name: OpenRLHF\n  kind: method\n  methods: [PPO]\n"
        "  evidence: https://github.com/OpenRLHF/OpenRLHF\n  note: An RLHF framework.\n",
        encoding="utf-8",
    )
    path = tmp_path / "list.md"
    path.write_text(
        "# T\n\n## S\n\n- OpenRLHF [[code]](https://github.com/OpenRLHF/OpenRLHF)\n", encoding="utf-8"
    )
    (entry,) = build_catalog([path], curated=curated).entries
    assert entry.facts is not None and entry.facts.source == "curated"


def test_news_lines_are_occurrences_never_entries_or_titles(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n## 🎉 News\n\n- **[2025-09]** 🔥 Our survey [is out](https://arxiv.org/abs/2509.08827)!\n"
        "- **[2025-10]** Talks at [BAAI](https://event.baai.ac.cn/x)\n\n## Surveys\n\n"
        "- [A Survey of RL for Large Reasoning Models](https://arxiv.org/abs/2509.08827)\n",
    )
    (entry,) = catalog.entries
    assert entry.title == "A Survey of RL for Large Reasoning Models"
    (occurrence,) = entry.occurrences
    assert occurrence.lines == (5, 10)
    assert entry.sections == (("Surveys",),)


def test_badges_contributors_and_back_to_top_links_are_no_entries(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        "# T\n\n[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) "
        "[![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b/stargazers)\n\n"
        "## Papers\n\n- [A](https://arxiv.org/abs/2501.00001)\n\n[⬆ back to top](#t)\n\n"
        '## Contributors\n\n<a href="https://github.com/a/b/graphs/contributors">'
        '<img src="https://contrib.rocks/image?repo=a/b" /></a>\n\n- [someone](https://github.com/someone)\n\n'
        "## Star History\n\n[![Star History Chart](https://api.star-history.com/svg?repos=a/b)](https://star-history.com/#a/b)\n",
    )
    assert [e.title for e in catalog.entries] == ["A"]


def test_an_odd_line_is_a_warning_with_file_and_line_not_a_failed_build(tmp_path: Path) -> None:
    from mmr_graph.cli import main

    path = tmp_path / "odd.md"
    path.write_text(
        "# T\n\n## S\n\n- [A](https://arxiv.org/abs/2501.00001)\n- A line without any link\n\n"
        "| a | b |\n|---|---|\n| [x](javascript:alert(1)) | y |\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp_path / "out"), "--no-html"])
    assert result.exit_code == 0, result.output
    assert (
        f"{path}:6: warning: list item 'A line without any link' has no usable link; skipped" in result.output
    )
