"""What each list says of an entry: its title, sections, tags and links per list (in the model and in RDF),
sections that belong to their list, and the rule for the entry's own title."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from mmr_graph.check.shacl import load_shapes, validate_graph
from mmr_graph.cli import main
from mmr_graph.identity.iris import category_iri, entry_iri, list_iri, sections_scheme_iri
from mmr_graph.identity.namespaces import MMR
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.titles import completeness, with_paper_titles
from mmr_graph.query import engine
from mmr_graph.query.named import named_queries
from mmr_graph.rdf.graph import to_graph

PAPER = "https://arxiv.org/abs/2503.21776"
REPO = "https://github.com/tulerfeng/Video-R1"

VISION = """# Vision Reasoning

## News

- [2025.04] Video-R1 is out! [[paper]](https://arxiv.org/abs/2503.21776)

## Datasets

- **[Video]** **[CVPR 2025]** Video-R1: Reinforcing Video Reasoning in MLLMs [[paper]](https://arxiv.org/abs/2503.21776) [[code]](https://github.com/tulerfeng/Video-R1)
- Other-R1: Something Else [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/o/shared)
"""
FIELD = """# Field Notes

## Datasets

- **[Image]** Video-R1 [[paper]](https://arxiv.org/abs/2503.21776)
- Other-R1: Something Else [[paper]](https://arxiv.org/abs/2501.00001) [[code]](https://github.com/o/shared)
"""


@pytest.fixture()
def two_lists(tmp_path: Path) -> list[Path]:
    vision, field = tmp_path / "vision.md", tmp_path / "field.md"
    vision.write_text(VISION, encoding="utf-8")
    field.write_text(FIELD, encoding="utf-8")
    return [field, vision]  # the short listing's list first: the title rule must not be list order


def test_each_occurrence_keeps_what_its_list_said(two_lists: list[Path]) -> None:
    entry = next(e for e in build_catalog(two_lists).entries if e.key == PAPER)
    field, vision = entry.occurrences
    assert (field.list_id, vision.list_id) == ("field", "vision")
    assert field.title == "Video-R1"
    assert vision.title == "Video-R1: Reinforcing Video Reasoning in MLLMs"
    assert [link.iri for link in field.links] == [PAPER]
    assert [link.iri for link in vision.links] == [PAPER, REPO]
    assert field.tags.modalities == ("image",) and vision.tags.modalities == ("video",)
    assert [(v.series, v.year) for v in vision.tags.venues] == [("CVPR", 2025)] and not field.tags.venues
    assert vision.listed_under == (("Datasets",),)  # the news line is an occurrence line, not a section
    assert len(vision.lines) == 2 and vision.sections[0] == ("News",)
    # the entry has the union
    assert {link.iri for link in entry.links} == {PAPER, REPO}
    assert set(entry.tags.modalities) == {"image", "video"}


def test_the_title_is_the_most_complete_listing_never_a_news_line(two_lists: list[Path]) -> None:
    for order in (two_lists, two_lists[::-1]):
        entry = next(e for e in build_catalog(order).entries if e.key == PAPER)
        assert entry.title == "Video-R1: Reinforcing Video Reasoning in MLLMs"
        assert entry.short_name == "Video-R1"


def test_a_tie_goes_to_the_first_list(tmp_path: Path) -> None:
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text("# One\n## A\n- Abc-R1 [[paper]](https://arxiv.org/abs/2501.00001)\n", encoding="utf-8")
    two.write_text("# Two\n## A\n- Xyz-R1 [[paper]](https://arxiv.org/abs/2501.00001)\n", encoding="utf-8")
    assert build_catalog([one, two]).entries[0].title == "Abc-R1"
    assert build_catalog([two, one]).entries[0].title == "Xyz-R1"


def test_tags_and_venues_do_not_make_a_title_more_complete() -> None:
    assert completeness("[CVPR 2025] [Code] Video-R1 (ICLR 2024)") == completeness("Video-R1")
    assert completeness("Video-R1: Reinforcing") > completeness("Video-R1")


def test_the_paper_s_own_title_comes_first(two_lists: list[Path]) -> None:
    catalog = build_catalog(two_lists)
    titled = with_paper_titles(catalog, {PAPER: "Video-R1:  Reinforcing Video\n Reasoning in MLLMs (arXiv)"})
    entry = next(e for e in titled.entries if e.key == PAPER)
    assert entry.title == "Video-R1: Reinforcing Video Reasoning in MLLMs (arXiv)"
    assert entry.short_name == "Video-R1"
    assert [o.title for o in entry.occurrences] == [
        "Video-R1",
        "Video-R1: Reinforcing Video Reasoning in MLLMs",
    ]
    assert with_paper_titles(catalog, {}) is catalog


def test_a_build_titles_entries_by_the_shipped_paper_titles(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[1] / "data" / "metadata" / "arxiv.jsonl"
    records = [json.loads(line) for line in shipped.read_text(encoding="utf-8").splitlines() if line.strip()]
    titles = {r["arxiv_id"]: r["title"] for r in records if "arxiv_id" in r}
    default = Path(__file__).parents[1] / "data" / "lists" / "awesome-deep-multimodal-reasoning.2025-07-21.md"
    result = CliRunner().invoke(
        main, ["build", str(default), "--out", str(tmp_path / "out"), "--format", "nt"]
    )
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "out" / "graph.nt")
    checked = 0
    for arxiv_id, title in titles.items():
        node = entry_iri(f"https://arxiv.org/abs/{arxiv_id}")
        if (node, RDF.type, MMR.Entry) in graph:
            assert graph.value(node, DCTERMS.title) == Literal(" ".join(title.split()))
            checked += 1
    assert checked > 50


def test_sections_belong_to_their_list(two_lists: list[Path]) -> None:
    graph = to_graph(build_catalog(two_lists))
    field_datasets, vision_datasets = (
        category_iri("field", ("Datasets",)),
        category_iri("vision", ("Datasets",)),
    )
    assert field_datasets != vision_datasets
    for list_id, section in (("field", field_datasets), ("vision", vision_datasets)):
        scheme = sections_scheme_iri(list_id)
        assert (section, SKOS.inScheme, scheme) in graph
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        assert (scheme, DCTERMS.isPartOf, list_iri(list_id)) in graph
        assert (section, SKOS.topConceptOf, scheme) in graph
    entry = entry_iri(PAPER)
    assert set(graph.objects(entry, MMR.category)) == {field_datasets, vision_datasets}
    assert set(graph.objects(URIRef(f"{entry}/in/field"), MMR.listedUnder)) == {field_datasets}
    report = validate_graph(graph, load_shapes())
    assert report.conforms, "\n".join(f"{r.focus} {r}" for r in report.violations[:10])


def test_each_occurrence_in_rdf_says_what_its_list_said(two_lists: list[Path]) -> None:
    graph = to_graph(build_catalog(two_lists))
    entry = entry_iri(PAPER)
    field, vision = URIRef(f"{entry}/in/field"), URIRef(f"{entry}/in/vision")
    assert graph.value(field, DCTERMS.title) == Literal("Video-R1")
    assert graph.value(vision, DCTERMS.title) == Literal("Video-R1: Reinforcing Video Reasoning in MLLMs")
    assert graph.value(entry, DCTERMS.title) == Literal("Video-R1: Reinforcing Video Reasoning in MLLMs")

    def targets(occurrence: URIRef) -> set[str]:
        return {
            str(graph.value(link, DCTERMS.relation)) for link in graph.objects(occurrence, MMR.listedLink)
        }

    assert targets(field) == {PAPER} and targets(vision) == {PAPER, REPO}
    for occurrence in (field, vision):  # the listed links are the entry's link records
        assert set(graph.objects(occurrence, MMR.listedLink)) <= set(graph.objects(entry, MMR.link))
    modality = URIRef("https://w3id.org/mmr-graph/id/modality/")
    assert set(graph.objects(field, MMR.listedTag)) == {URIRef(f"{modality}image")}
    assert set(graph.objects(vision, MMR.listedTag)) == {
        URIRef(f"{modality}video"),
        URIRef("https://w3id.org/mmr-graph/id/venue/CVPR-2025"),
    }


SHARED_BY_UNION = """PREFIX mmr: <https://w3id.org/mmr-graph/ns#>
SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?repo WHERE { ?e mmr:code ?repo ; mmr:occurrence/mmr:inList ?list }
  GROUP BY ?repo HAVING (COUNT(DISTINCT ?list) > 1) } }"""
SHARED_PER_LIST = """PREFIX mmr: <https://w3id.org/mmr-graph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?repo WHERE {
  ?occurrence mmr:inList ?list ; mmr:listedLink/dcterms:relation ?repo . ?repo a mmr:CodeRepository }
  GROUP BY ?repo HAVING (COUNT(DISTINCT ?list) > 1) } }"""


def _rows(store: object, sparql: str) -> list[list[str]]:
    answer = engine.run(store, sparql)  # type: ignore[arg-type]
    return [[term.value if term is not None else "" for term in row] for row in answer.rows]


def test_repositories_shared_by_lists_are_counted_per_list(two_lists: list[Path]) -> None:
    """Only one list gives Video-R1's repository: counted by the entry's union it looks shared, counted by
    what each list gives it is not; o/shared is given by both."""
    import pyoxigraph as ox

    store = ox.Store()
    nt = to_graph(build_catalog(two_lists)).serialize(format="nt").encode()
    store.load(nt, ox.RdfFormat.N_TRIPLES)
    assert _rows(store, SHARED_BY_UNION) == [["2"]]
    assert _rows(store, SHARED_PER_LIST) == [["1"]]
    rows = _rows(store, named_queries()["what-each-list-says"].bind({"entry": "Video-R1"}))
    field, vision = str(list_iri("field")), str(list_iri("vision"))
    entry = str(entry_iri(PAPER))
    assert rows == [
        [entry, field, "title", "Video-R1"],
        [entry, field, "section", "Datasets"],
        [entry, field, "tag", "Image"],
        [entry, field, "link", PAPER],
        [entry, vision, "title", "Video-R1: Reinforcing Video Reasoning in MLLMs"],
        [entry, vision, "section", "Datasets"],
        [entry, vision, "tag", "CVPR 2025"],
        [entry, vision, "tag", "Video"],
        [entry, vision, "link", PAPER],
        [entry, vision, "link", REPO],
    ]


def test_the_view_s_section_facet_names_the_list_when_several_are_merged(two_lists: list[Path]) -> None:
    from mmr_graph.html.payload import page_data
    from mmr_graph.network.projection import to_networkx

    merged = page_data(to_networkx(to_graph(build_catalog(two_lists))))
    sections = next(f for f in merged["facets"] if f["id"] == "section")
    labels = sorted(v["label"] for v in sections["values"])
    assert labels == ["Datasets (Field Notes)", "Datasets (Vision Reasoning)"]
    entry = next(
        r for r in merged["records"] if r["kind"] == "entry" and r["key"] == "entry/arxiv/2503.21776"
    )
    assert sorted(entry["facets"]["section"]) == sorted(v["id"] for v in sections["values"])
    alone = page_data(to_networkx(to_graph(build_catalog(two_lists[1:]))))
    sections = next(f for f in alone["facets"] if f["id"] == "section")
    assert [v["label"] for v in sections["values"]] == ["Datasets"]  # one list: no need to name it


def test_sections_of_lists_with_one_title_are_told_apart_in_the_view() -> None:
    from mmr_graph.html.payload import page_data
    from mmr_graph.network.projection import to_networkx

    lists = Path(__file__).resolve().parents[1] / "data" / "lists"
    snapshots = sorted(lists.glob("awesome-deep-multimodal-reasoning.*.md"))[:2]  # two lists, one title
    merged = page_data(to_networkx(to_graph(build_catalog(snapshots))))
    sections = next(f for f in merged["facets"] if f["id"] == "section")
    labels = [v["label"] for v in sections["values"]]
    assert len(set(labels)) == len(labels)
    datasets = sorted(label for label in labels if label.startswith("Datasets ("))
    assert len(datasets) == 2 and all("2025-0" in label for label in datasets)
    # told apart by what of the list's id is not its title: its date, not the title twice
    lists_facet = next(f for f in merged["facets"] if f["id"] == "list")
    assert sorted(v["label"] for v in lists_facet["values"]) == [
        "Awesome-deep-multimodal-reasoning (2025-04-24)",
        "Awesome-deep-multimodal-reasoning (2025-05-30)",
    ]


def test_what_of_a_list_id_is_not_its_title() -> None:
    from mmr_graph.network.projection import _distinct_part

    assert _distinct_part("awesome-x-2025-04-24", "Awesome X") == "2025-04-24"
    assert _distinct_part("awesome-mcot", "Awesome MCoT") == "awesome-mcot"  # nothing left: the whole id
    assert _distinct_part("other-list", "Awesome X") == "other-list"
