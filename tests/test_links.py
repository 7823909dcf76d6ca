"""URL -> (kind, canonical IRI), table-driven, plus properties of canonicalization."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from mmr_graph.ingest.links import UnusableURL, classify

CASES = [
    line.split("\t")
    for line in (Path(__file__).parent / "fixtures" / "links.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(("url", "kind", "iri"), CASES, ids=[c[0] for c in CASES])
def test_classify_table(url: str, kind: str, iri: str) -> None:
    found = classify(url)
    assert (found.kind.value, found.iri) == (kind, iri)


@pytest.mark.parametrize(("url", "kind", "iri"), CASES, ids=[c[0] for c in CASES])
def test_canonical_iri_is_a_fixed_point(url: str, kind: str, iri: str) -> None:
    again = classify(iri)
    assert again.iri == iri
    if kind != "other":  # a README anchor is "other"; its IRI still canonicalizes to itself
        assert again.kind.value == kind


def test_arxiv_id_is_reported_without_version() -> None:
    assert classify("https://arxiv.org/abs/2505.14362v1").arxiv_id == "2505.14362"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:a@b.c",
        "ftp://x.org/a",
        "/relative",
        "http://",
    ],
)
def test_non_web_urls_are_refused(url: str) -> None:
    with pytest.raises(UnusableURL):
        classify(url)


_url_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    host=st.sampled_from(
        ["arxiv.org", "github.com", "huggingface.co", "modelscope.cn", "openreview.net", "example.org"]
    ),
    path=_url_text,
    query=_url_text,
    fragment=_url_text,
)
def test_canonicalization_is_idempotent_and_gives_valid_iris(
    host: str, path: str, query: str, fragment: str
) -> None:
    url = f"https://{host}/{path}?{query}#{fragment}"
    try:
        first = classify(url)
    except UnusableURL:
        return
    second = classify(first.iri)
    assert second.iri == first.iri
    # rdflib warns on, and N-Triples forbids, these characters in IRIs
    assert not any(ch in first.iri for ch in ' <>"{}|\\^`'), first.iri
    URIRef(first.iri)
