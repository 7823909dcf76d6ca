"""URL -> (kind, canonical IRI), table-driven, plus properties of canonicalization."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from mmr_graph.ingest.links import UnusableURL, classify, classify_url, plain_classified

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


_SCHEMES = ["http", "https", "HTTPS", "ftp"]
_HOSTS = ["arxiv.org", "www.arxiv.org", "ARXIV.org", "github.com", "GitHub.com", "gist.github.com",
          "github.com.example.org", "github.com:443", "arxiv.org:80"]  # fmt: skip
_PATH_PIECES = ["/", "/o/r.pdf", "abs", "pdf", "html", "2505.21457", "2505.2145", "2505.214", "hep-th/9901001", "v2", ".pdf",
                "owner", "Repo.git", ".git", "..", "%41", "about", "Topics", "a_b", "-x", "é", " ", "?q=1",
                "#readme", "#x", "tree", "issues"]  # fmt: skip


@settings(max_examples=2000)
@given(
    scheme=st.sampled_from(_SCHEMES),
    host=st.sampled_from(_HOSTS),
    path=st.lists(st.sampled_from(_PATH_PIECES), max_size=7).map("".join),
)
def test_plain_arxiv_and_github_urls_are_classified_as_the_long_way_does(
    scheme: str, host: str, path: str
) -> None:
    url = f"{scheme}://{host}{path}"
    found = plain_classified(url)
    if found is not None:
        assert found == classify_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://arxiv.org/abs/2505.21457", "http://arxiv.org/pdf/2505.21457v2.pdf", "https://arxiv.org/html/2505.21457v1/",
     "https://github.com/aim-uofa/Active-o3", "https://github.com/a/b.git/", "https://github.com/Org_1/x.y"],
)  # fmt: skip
def test_plain_urls_take_the_shortcut(url: str) -> None:
    found = plain_classified(url)
    assert found is not None and found == classify_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://github.com/topics/rl", "https://github.com/a/b/issues", "https://github.com/a/b#x",
     "https://arxiv.org/abs/hep-th/9901001", "https://www.arxiv.org/abs/2505.21457", "https://arxiv.org/abs/2505.21457?x"],
)  # fmt: skip
def test_other_urls_take_the_long_way(url: str) -> None:
    assert plain_classified(url) is None


@pytest.mark.parametrize("url", ["https://github.com/owner/paper.pdf", "https://github.com/o/r.PDF"])
def test_a_pdf_on_github_is_a_paper(url: str) -> None:  # the shortcut once took it for a repository
    assert classify(url).kind.value == "paper"
