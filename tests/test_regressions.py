"""One test per bug found, named after it, with its input inline."""

from __future__ import annotations

import re
from pathlib import Path

from mmr_graph.ingest import build_catalog
from mmr_graph.rdf.graph import to_graph


def test_item_above_any_heading_has_no_empty_category(tmp_path: Path) -> None:
    # found by hypothesis: "- [[paper](" crashed with IndexError on the empty section path (an item without
    # a link is no entry now: the bare URL makes this one an entry)
    path = tmp_path / "list.md"
    path.write_text("- [[paper](https://arxiv.org/abs/2504.07954\n", encoding="utf-8")
    graph = to_graph(build_catalog([path]))
    assert len(graph) > 0


def test_link_with_empty_target_lends_its_label_to_the_bare_url_after_it(tmp_path: Path) -> None:
    # upstream list, June 2025: "[[paper]()](https://arxiv.org/abs/2505.24499)" lost the paper link
    path = tmp_path / "list.md"
    path.write_text(
        "- **[Image]** Reason-SVG: Hybrid Reward RL [[paper]()](https://arxiv.org/abs/2505.24499)\n",
        encoding="utf-8",
    )
    (entry,) = build_catalog([path]).entries
    assert [(link.label, link.iri) for link in entry.links] == [("paper", "https://arxiv.org/abs/2505.24499")]


def test_tags_without_bold_are_tags(tmp_path: Path) -> None:
    # upstream list, March 2025: "[Training] [LLaVA-R1-100k](url)" took "[Training]" as the title
    path = tmp_path / "list.md"
    path.write_text(
        "- [Training] [LLaVA-R1-100k](https://www.modelscope.cn/datasets/modelscope/LLaVA-R1-100k) - 数据集\n",
        encoding="utf-8",
    )
    (entry,) = build_catalog([path]).entries
    assert entry.title == "LLaVA-R1-100k"
    assert entry.tags.roles == ("training",)
    assert entry.description == "数据集"


def test_headings_without_ascii_letters_stay_distinct_categories(tmp_path: Path) -> None:
    # found by SHACL validation of random lists: "## 数据集" and "## 模型" were both category/x
    from rdflib.namespace import SKOS

    from mmr_graph.identity.iris import category_iri

    path = tmp_path / "list.md"
    path.write_text(
        "## 数据集\n\n- A [c](https://github.com/a/a)\n\n## 模型\n\n- B [c](https://github.com/b/b)\n",
        encoding="utf-8",
    )
    graph = to_graph(build_catalog([path], curated=False))
    first, second = category_iri("list", ("数据集",)), category_iri("list", ("模型",))
    assert first != second
    assert [str(o) for o in graph.objects(first, SKOS.prefLabel)] == ["数据集"]
    assert [str(o) for o in graph.objects(second, SKOS.prefLabel)] == ["模型"]


def test_list_files_named_without_ascii_letters_are_two_lists(tmp_path: Path) -> None:
    # found with the slug fix above: "数据.md" and "模型.md" were both list "x", "given twice"
    for name in ("数据.md", "模型.md"):
        (tmp_path / name).write_text(f"- {name} [c](https://github.com/a/{len(name)})\n", encoding="utf-8")
    catalog = build_catalog([tmp_path / "数据.md", tmp_path / "模型.md"], curated=False)
    assert len({source.id for source in catalog.lists}) == 2


def test_two_spellings_of_one_tag_give_one_pref_label(tmp_path: Path) -> None:
    # found by SHACL validation of random lists: [Foo Bar] and [foo-bar] are tag/foo-bar with two prefLabels
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    path = tmp_path / "list.md"
    path.write_text(
        "- **[Foo Bar]** A [c](https://github.com/a/a)\n- **[foo-bar]** B [c](https://github.com/b/b)\n",
        encoding="utf-8",
    )
    graph = to_graph(build_catalog([path], curated=False))
    tag = URIRef("https://w3id.org/mmr-graph/id/tag/foo-bar")
    assert [str(o) for o in graph.objects(tag, SKOS.prefLabel)] == ["Foo Bar"]
    assert [str(o) for o in graph.objects(tag, SKOS.altLabel)] == ["foo-bar"]


def test_a_long_run_of_open_brackets_in_a_title_takes_linear_time(tmp_path: Path) -> None:
    # found by the defined-behaviour tests: the title clean-up regex "[\s\[(...]+$" took 6 s on 50,000 "["
    import time

    from mmr_graph.ingest.items import clean_title as _clean_title

    start = time.perf_counter()
    assert _clean_title("Title " + "[" * 50_000 + " x") == "Title " + "[" * 50_000 + " x"
    assert _clean_title("Title " + " [ (" * 20_000) == "Title"
    assert time.perf_counter() - start < 0.5
    path = tmp_path / "list.md"
    path.write_text(
        "- Title " + "[" * 50_000 + " x [paper](https://arxiv.org/abs/2504.07954)\n", encoding="utf-8"
    )
    (entry,) = build_catalog([path], curated=False).entries
    assert len(entry.title) > 50_000


def test_items_nested_ten_levels_deep_and_the_items_after_them_are_read(tmp_path: Path) -> None:
    # found by the defined-behaviour tests: markdown-it's default nesting limit (9 list levels) dropped the
    # deeper items and every item after them, silently
    lines = [f"{'  ' * depth}- Level {depth} [c](https://github.com/a/l{depth})" for depth in range(15)]
    path = tmp_path / "list.md"
    path.write_text("\n".join([*lines, "- After [c](https://github.com/a/after)"]) + "\n", encoding="utf-8")
    catalog = build_catalog([path], curated=False)
    assert [e.title for e in catalog.entries] == [f"Level {d}" for d in range(15)] + ["After"]
    assert catalog.warnings == ()


def test_a_url_with_a_noncharacter_gives_a_valid_iri(tmp_path: Path) -> None:
    # found by hypothesis: "- https://arxiv.org/abs/2504.07954v1\ufff0" crashed serialization
    # ("Invalid IRI code point"): code points RFC 3987 does not allow in an IRI are now percent-encoded
    import pyoxigraph as ox
    from crosscheck import sorted_triples

    from mmr_graph.export.serialize import serialize
    from mmr_graph.ingest.links import iri_safe
    from mmr_graph.rdf.graph import iter_triples

    assert (
        iri_safe("https://例え.jp/a b/\ufff0\x85\ue000é") == "https://例え.jp/a%20b/%EF%BF%B0%C2%85%EE%80%80é"
    )
    path = tmp_path / "list.md"
    path.write_text("- https://arxiv.org/abs/2504.07954v1\ufff0\n", encoding="utf-8")
    triples = sorted_triples(iter_triples(build_catalog([path], curated=False)))
    assert len(list(ox.parse(serialize(triples, "ttl"), format=ox.RdfFormat.TURTLE))) == len(triples)


def test_an_ipv6_host_keeps_its_brackets_in_the_iri(tmp_path: Path) -> None:
    # found by benchmarks/fuzz_ingest.py: "[ref]: HTTPS://[::1]/x.pdf" became the invalid IRI "https://::1/x.pdf"
    # and the N-Triples file could not be read back; a zone ("%eth0") is no public host and stays text
    import pytest

    from mmr_graph.ingest.links import UnusableURL, classify

    assert classify("HTTPS://[::1]/2024.emnlp-main.962.pdf").iri == "https://[::1]/2024.emnlp-main.962.pdf"
    assert classify("https://[::1]:8080/x").iri == "https://[::1]:8080/x"
    with pytest.raises(UnusableURL):
        classify("http://[fe80::1%25eth0]/x")


def test_a_key_that_only_looks_like_arxiv_gets_a_hashed_path(tmp_path: Path) -> None:
    # found by benchmarks/fuzz_ingest.py with SHACL validation: a page link "https://arxiv.org/abs/2504.1845*3"
    # gave the entry IRI ".../entry/arxiv/2504.1845*3"; only a real arXiv id is written in the path
    from mmr_graph.identity.keys import entry_path

    assert entry_path("https://arxiv.org/abs/2504.18453") == "arxiv/2504.18453"
    assert entry_path("https://arxiv.org/abs/hep-th/9901001") == "arxiv/hep-th/9901001"
    assert re.fullmatch(r"key/[0-9a-f]{20}", entry_path("https://arxiv.org/abs/2504.1845*3"))


def test_hash_brackets_and_stray_percent_in_a_url_give_a_valid_iri() -> None:
    # found by benchmarks/fuzz_ingest.py: the bare URL "https://github.com/xzf-thu/##" kept a second "#" in
    # its IRI and the Turtle writer failed; "[", "]" and a "%" that starts no escape broke IRIs the same way
    import pyoxigraph as ox

    from mmr_graph.ingest.links import classify

    cases = {
        "https://github.com/xzf-thu/##": "https://github.com/xzf-thu/#%23",
        "https://e.org/a[1]?q=[2]#[3]": "https://e.org/a%5B1%5D?q=%5B2%5D#%5B3%5D",
        "https://e.org/%zz?a=%G1&b=%41": "https://e.org/%25zz?a=%25G1&b=%41",
    }
    for url, iri in cases.items():
        assert classify(url).iri == iri
        ox.NamedNode(iri)
