"""Entry IRIs from the key alone: readable, deterministic, collision-free, valid in an IRI path."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from mmr_graph.identity.iris import entry_iri
from mmr_graph.identity.keys import TITLE_KEY, entry_key, entry_path
from mmr_graph.ingest.links import classify
from mmr_graph.model import Item, Link

# unreserved characters and "/" only: no escape, no dot segment, nothing an IRI path would need to encode
_PATH = re.compile(r"[a-z-]+(/[A-Za-z0-9][A-Za-z0-9._~-]*)+")


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("https://arxiv.org/abs/2503.21776", "arxiv/2503.21776"),
        ("https://arxiv.org/abs/hep-th/9901001", "arxiv/hep-th/9901001"),
        ("https://github.com/tulerfeng/Video-R1", "github/tulerfeng/Video-R1"),
        ("https://huggingface.co/datasets/ZTE-AIM/Curr-ReFT-data", "hf-dataset/ZTE-AIM/Curr-ReFT-data"),
        ("https://huggingface.co/OpenGVLab/VisualPRM-8B", "hf/OpenGVLab/VisualPRM-8B"),
        ("https://huggingface.co/collections/a/b-123", "hf-collection/a/b-123"),
        ("https://modelscope.cn/datasets/o/n", "modelscope-dataset/o/n"),
        ("https://modelscope.cn/models/o/n", "modelscope-model/o/n"),
        ("https://openreview.net/forum?id=lq2jDWv3w0", "openreview/lq2jDWv3w0"),
        ("https://aclanthology.org/2024.emnlp-main.962", "acl/2024.emnlp-main.962"),
        ("https://aclanthology.org/P19-1001", "acl/P19-1001"),
        (TITLE_KEY + "somework", "title/somework"),
    ],
)
def test_readable_forms(key: str, path: str) -> None:
    assert entry_path(key) == path
    assert str(entry_iri(key)) == "https://w3id.org/mmr-graph/id/entry/" + path


@pytest.mark.parametrize(
    "key",
    [
        "https://example.org/page",
        "https://github.com/owner/.github",  # a name starting with a dot: never a dot segment
        "https://github.com/a/b/c",
        "https://arxiv.org/abs/2504.1845*3",
        "https://openreview.net/forum?id=a%2Fb",
        TITLE_KEY + "数据",
        TITLE_KEY + "a:b",
        "https://example.org/x.pdf",
    ],
)
def test_other_keys_are_hashed(key: str) -> None:
    assert re.fullmatch(r"key/[0-9a-f]{20}", entry_path(key))


def test_the_path_does_not_depend_on_the_title() -> None:
    link = Link(label="paper", url="https://arxiv.org/abs/2503.21776", kind=classify("https://arxiv.org/abs/2503.21776").kind,
                iri="https://arxiv.org/abs/2503.21776", line=1, arxiv_id="2503.21776")  # fmt: skip
    one = Item(list_id="l", line=1, section=("A",), title="Video-R1: Old Title", links=(link,))
    other = Item(list_id="m", line=9, section=("B",), title="Renamed: New Title", links=(link,))
    assert entry_path(entry_key(one)) == entry_path(entry_key(other)) == "arxiv/2503.21776"


_SEGMENT = st.text(alphabet="abcXYZ019._-~%:@!/ ", min_size=1, max_size=8)
_STARTS = [
    "https://arxiv.org/abs/",
    "https://github.com/",
    "https://huggingface.co/",
    "https://huggingface.co/datasets/",
    "https://huggingface.co/collections/",
    "https://modelscope.cn/datasets/",
    "https://modelscope.cn/models/",
    "https://openreview.net/forum?id=",
    "https://aclanthology.org/",
    TITLE_KEY,
    "https://example.org/",
    "",
]
# keys near every readable form (and on both sides of its boundaries), plus arbitrary text
_KEYS = st.one_of(
    st.builds(lambda s, a, b: s + a + b, st.sampled_from(_STARTS), _SEGMENT, _SEGMENT),
    st.builds(lambda s, a: s + a, st.sampled_from(_STARTS), st.from_regex(r"\d{4}\.\d{4,5}", fullmatch=True)),
    st.text(max_size=30),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_KEYS, min_size=2, max_size=30, unique=True))
def test_two_keys_never_share_an_iri(keys: list[str]) -> None:
    paths = [entry_path(k) for k in keys]
    assert len(set(paths)) == len(keys)
    for path in paths:
        assert _PATH.fullmatch(path), path
        assert not any(segment in (".", "..") for segment in path.split("/"))
        assert entry_path(keys[paths.index(path)]) == path  # deterministic


@settings(max_examples=100, deadline=None)
@given(_KEYS)
def test_every_entry_iri_is_an_iri_rdf_accepts(key: str) -> None:
    iri = entry_iri(key)
    graph = Graph()
    graph.add((iri, URIRef("http://example.org/p"), URIRef(f"{iri}/in/list")))
    assert Graph().parse(data=graph.serialize(format="nt"), format="nt") is not None
