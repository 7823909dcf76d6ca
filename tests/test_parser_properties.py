"""Property-based tests: the parser never raises on arbitrary markdown, and every output re-parses."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from crosscheck import sorted_triples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmr_graph.errors import InputError
from mmr_graph.export.serialize import serialize
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.markdown import parse_markdown
from mmr_graph.rdf.graph import iter_triples
from mmr_graph.vocab import load_vocabulary

VOCAB = load_vocabulary()

fragments = st.sampled_from(
    ["- ", "* ", "1. ", "#", "## ", "### ", "> ", "**[Image]** ", "**[CVPR 2025]**", "[[paper]](", "[code](",
     "https://arxiv.org/abs/2504.07954v1", "https://github.com/a/b/tree/main", "https://huggingface.co/datasets/x/y",
     ")", "]", "[", "(", ": ", "\n", "\n\n", "    ", "`", "<script>", "&amp;", "javascript:x", "数据集", "\r\n",
     "https://openreview.net/forum?id=abc#d", "<https://a.org/x y>", "\\", "*", "_", "|"]
)  # fmt: skip
markdown = st.lists(st.one_of(fragments, st.text(max_size=12)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=markdown)
def test_parse_markdown_never_raises(text: str) -> None:
    parsed = parse_markdown(text, "fuzz", "fuzz.md", VOCAB)
    for item in parsed.items:
        assert item.line >= 1
        assert item.title


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=markdown)
def test_whole_path_never_raises_and_outputs_reparse(tmp_path: Path, text: str) -> None:
    path = tmp_path / "list.md"
    path.write_text(text, encoding="utf-8")
    try:
        catalog = build_catalog([path], VOCAB)
    except InputError:
        return
    triples = sorted_triples(iter_triples(catalog, VOCAB))
    for fmt, rdf_format in (
        ("ttl", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        data = serialize(triples, fmt)
        assert len(list(ox.parse(data, format=rdf_format))) == len(triples), fmt
