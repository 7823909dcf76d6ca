"""The kitchen-sink fixture: every quirk of the real list comes out right."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmr_graph.errors import InputError
from mmr_graph.identity.keys import entry_path
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.catalog import short_name
from mmr_graph.model import Catalog, Entry


def by_name(catalog: Catalog, name: str) -> list[Entry]:
    return [e for e in catalog.entries if e.short_name == name]


def one(catalog: Catalog, name: str) -> Entry:
    (entry,) = by_name(catalog, name)
    return entry


def kinds(entry: Entry) -> list[tuple[str, str, str]]:
    return [(link.label, link.kind.value, link.iri) for link in entry.links]


def test_blockquote_and_star_history_are_not_entries(kitchen_catalog: Catalog) -> None:
    titles = {e.title for e in kitchen_catalog.entries}
    assert not any("not an entry" in t or "star history" in t.lower() for t in titles)
    assert "https://arxiv.org/abs/2501.00001" not in {
        link.iri for e in kitchen_catalog.entries for link in e.links
    }
    assert len(kitchen_catalog.entries) == 33


def test_list_title_is_the_first_h1_and_not_a_section(kitchen_catalog: Catalog) -> None:
    (source,) = kitchen_catalog.lists
    assert source.title == "Kitchen Sink Awesome List"
    assert all(s[0] != "Kitchen Sink Awesome List" for s in source.sections)


def test_section_path_from_headings(kitchen_catalog: Catalog) -> None:
    assert one(kitchen_catalog, "Seg-Zero").sections == (("Papers/Projects", "Visual Understanding"),)
    assert one(kitchen_catalog, "Alpha Survey").sections == (("Surveys",),)


def test_code_label_pointing_at_arxiv_is_a_paper(kitchen_catalog: Catalog) -> None:
    entry = one(kitchen_catalog, "Integrating Chain-of-Thought for 3D Alignment")
    assert kinds(entry)[0] == ("code", "paper", "https://arxiv.org/abs/2503.06232")
    assert entry.key == "https://arxiv.org/abs/2503.06232"


def test_bracket_variants_give_clean_labels(kitchen_catalog: Catalog) -> None:
    assert kinds(one(kitchen_catalog, "SciVerse"))[1] == (
        "SciVerse", "dataset", "https://huggingface.co/datasets/ZiyuG/SciVerse"
    )  # fmt: skip
    assert kinds(one(kitchen_catalog, "Seg-Zero"))[2][:2] == ("refCOCOg_2k_840", "dataset")
    assert kinds(one(kitchen_catalog, "R1-Zero's \"Aha Moment\" in Visual Reasoning"))[1] == (
        "code", "code", "https://github.com/turningpoint-ai/VisualThinker-R1-Zero"
    )  # fmt: skip


def test_code_label_pointing_at_a_model_is_a_model(kitchen_catalog: Catalog) -> None:
    assert kinds(one(kitchen_catalog, "VisualPRM"))[1] == (
        "code",
        "model",
        "https://huggingface.co/OpenGVLab/VisualPRM-8B",
    )


def test_dataset_items_take_the_link_as_title_and_keep_the_description(kitchen_catalog: Catalog) -> None:
    entry = one(kitchen_catalog, "LLaVA-R1-100k")
    assert entry.description == "LLaVA多模态Reasoning数据集"
    assert entry.tags.roles == ("training",)
    assert kinds(entry) == [
        ("LLaVA-R1-100k", "dataset", "https://modelscope.cn/datasets/modelscope/LLaVA-R1-100k")
    ]
    assert one(kitchen_catalog, "MMMU-Reasoning-R1-Distill-Validation").tags.roles == ("benchmarking",)


def test_related_collections_are_link_only_items(kitchen_catalog: Catalog) -> None:
    entry = one(kitchen_catalog, "srush/awesome-o1")
    assert entry.sections == (("Related Collections",),)
    assert kinds(entry) == [("srush/awesome-o1", "code", "https://github.com/srush/awesome-o1")]


def test_openreview_discussion_fragment_is_dropped(kitchen_catalog: Catalog) -> None:
    entry = one(kitchen_catalog, "Following Clues")
    assert entry.key == "https://openreview.net/forum?id=lq2jDWv3w0"


def test_two_vision_r1_are_two_entries(kitchen_catalog: Catalog) -> None:
    entries = by_name(kitchen_catalog, "Vision-R1")
    assert len(entries) == 2
    assert len({entry_path(e.key) for e in entries}) == 2


def test_same_paper_listed_twice_is_one_entry_with_two_occurrences(kitchen_catalog: Catalog) -> None:
    entry = one(kitchen_catalog, "Perception-R1")
    assert entry.sections == (
        ("Papers/Projects", "Visual Understanding"),
        ("Papers/Projects", "Robotics/Spatial"),
    )
    assert entry.occurrences[0].lines == (16, 38)
    assert [link.iri for link in entry.links] == [
        "https://arxiv.org/abs/2504.07954",
        "https://github.com/linkangheng/PR1",
    ]


def test_same_repository_in_two_entries_is_one_iri(kitchen_catalog: Catalog) -> None:
    repos = [
        link.iri for e in kitchen_catalog.entries for link in e.links if link.iri.endswith("Awesome-Alpha")
    ]
    assert repos == ["https://github.com/Example/Awesome-Alpha"] * 2


@pytest.mark.parametrize(
    ("name", "modalities", "venues", "plain"),
    [
        ("Perception-R1", ("image",), (), ()),
        ("Integrating Chain-of-Thought for 3D Alignment", ("3d",), (), ()),
        ("R1-Omni", ("omni",), (), ()),
        ("Following Clues", ("video",), (("WWW", 2025),), ()),
        ("Another WWW Paper", ("video",), (("WWW", 2025),), ()),
        ("MedCoT", (), (("EMNLP", 2024),), ()),
        ("Can We Generate Images with CoT?", ("image",), (("CVPR", 2025),), ()),
        ("Both Ears Wide Open", ("audio",), (("ICLR", 2025),), ()),
        ("R-Bench", (), (("ICML", 2025),), ()),
        ("RIFT", (), (), ("Traffic",)),
        ("Benchmarking Parallel RL", (), (), ("Robotics",)),
        ("EchoInk-R1", ("visual",), (), ()),
    ],
)
def test_tags(kitchen_catalog: Catalog, name: str, modalities: tuple, venues: tuple, plain: tuple) -> None:
    tags = one(kitchen_catalog, name).tags
    assert tags.modalities == modalities
    assert tuple((v.series, v.year) for v in tags.venues) == venues
    assert tags.plain == plain


def test_ampersand_tags_are_secondary_categories(kitchen_catalog: Catalog) -> None:
    curr_reft = one(kitchen_catalog, "Curr-ReFT").occurrences[0]
    assert curr_reft.secondary_sections == (("Papers/Projects", "Visual Reasoning"),)
    music = one(kitchen_catalog, "Analyzable Chain-of-Musical-Thought Prompting").occurrences[0]
    assert music.secondary_sections == (("Papers/Projects", "Generation"),)


def test_provenance_line_numbers(kitchen_catalog: Catalog, kitchen_sink: Path) -> None:
    lines = kitchen_sink.read_text(encoding="utf-8").splitlines()
    for entry in kitchen_catalog.entries:
        for occurrence in entry.occurrences:
            for line in occurrence.lines:
                assert lines[line - 1].startswith("- "), (entry.title, line)
                assert entry.links[0].url in lines[line - 1] or entry.title.split(":")[0] in lines[line - 1]


def test_odd_items_are_warnings_with_lines(kitchen_catalog: Catalog) -> None:
    messages = {(w.line, w.message.split(":")[0]) for w in kitchen_catalog.warnings}
    assert (20, "link labelled 'code' is classified as paper by its URL") in messages
    assert (33, "link labelled 'code' is classified as other by its URL") in messages


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Perception-R1: Pioneering Perception Policy", "Perception-R1"),
        ("R1-AQA --- Reinforcement Learning Outperforms SFT: A Case Study", "R1-AQA"),
        ("HuatuoGPT-o1, Towards Medical Complex Reasoning", "HuatuoGPT-o1"),
        ("Open R1 Video", "Open R1 Video"),
        ("  Spaced   out:  title ", "Spaced out"),
    ],
)
def test_short_name(title: str, expected: str) -> None:
    assert short_name(title) == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"# Title\n\nJust prose, no list.\n", "no list entries found"),
        (b"# T\n\n- ok [x](https://a.org)\n- caf\xe9 [y](https://b.org)\n", "not UTF-8"),
    ],
)
def test_bad_files_raise_input_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "list.md"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        build_catalog([path])
    assert str(path) in str(info.value)
    if message == "not UTF-8":
        assert info.value.line == 4


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        build_catalog([tmp_path / "nope.md"])
    with pytest.raises(InputError, match="is a directory"):
        build_catalog([tmp_path])


def test_crlf_and_bom_parse_like_lf(tmp_path: Path, kitchen_sink: Path, kitchen_catalog: Catalog) -> None:
    path = tmp_path / "kitchen_sink.md"
    path.write_bytes(b"\xef\xbb\xbf" + kitchen_sink.read_bytes().replace(b"\n", b"\r\n"))
    catalog = build_catalog([path])
    assert catalog.entries == kitchen_catalog.entries


def test_javascript_and_data_urls_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "- Evil: one [[x]](javascript:alert(1)) [[y]](data:text/html,hi) [[ok]](https://arxiv.org/abs/2501.00002)\n",
        encoding="utf-8",
    )
    (entry,) = build_catalog([path]).entries
    assert [link.iri for link in entry.links] == ["https://arxiv.org/abs/2501.00002"]


def test_ampersand_tags_prefer_the_heading_that_is_the_tag(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    path.write_text(
        "# A list\n\n## Papers\n\n### Visual Reasoning\n\n"
        "- **[&Reasoning]** First [[paper]](https://arxiv.org/abs/2501.00001)\n\n### Reasoning\n\n"
        "- **[&Math]** Second [[paper]](https://arxiv.org/abs/2501.00002)\n\n### Math / Science\n\n"
        "- **[&Nowhere]** Third [[paper]](https://arxiv.org/abs/2501.00003)\n"
        "- **[&Visual Reasoning]** Fourth [[paper]](https://arxiv.org/abs/2501.00004)\n",
        encoding="utf-8",
    )
    entries = build_catalog([path], curated=False).entries
    found = {e.title: e.occurrences[0].secondary_sections for e in entries}
    assert found == {
        "First": (("Papers", "Reasoning"),),  # the heading itself, not "Visual Reasoning"
        "Second": (("Papers", "Math / Science"),),  # one word of the heading
        "Third": (("Papers", "Nowhere"),),  # no such heading: a sibling of the item's own section
        "Fourth": (("Papers", "Visual Reasoning"),),
    }
