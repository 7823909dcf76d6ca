"""Shortcuts taken for speed in ingest return exactly what the long way returns."""

from __future__ import annotations

import re
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from mmr_graph.ingest.markdown import _PLAIN_URL, normalize_link

_SAFE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?#"
urls = st.builds(
    "{}://{}{}{}{}".format,
    st.sampled_from(["http", "https", "HTTPS", "ftp", "git+ssh", "a.b-c"]),
    st.sampled_from(
        ["a.org", "A.ORG", "x-y.z", "1.2.3.4", "a..b", "-a.org", "a.org.", "XN--R8JZ45G.jp", "a"]
    ),
    st.sampled_from(["", ":80", ":8080", ":"]),
    st.sampled_from(["", "/", "?", "#"]),
    st.text(alphabet=_SAFE, max_size=20),
)


@settings(max_examples=2000, deadline=None)
@given(url=urls)
def test_plain_urls_are_left_as_markdown_it_would_leave_them(url: str) -> None:
    assert normalize_link(url) == normalizeLink(url)


@settings(max_examples=500, deadline=None)
@given(url=st.text(max_size=40))
def test_any_other_text_takes_the_long_way(url: str) -> None:
    assert normalize_link(url) == normalizeLink(url)


def test_the_shortcut_covers_the_links_of_the_real_list() -> None:
    text = (
        Path(__file__).resolve().parents[1] / "data/lists/awesome-deep-multimodal-reasoning.2025-05-30.md"
    ).read_text()
    hrefs = re.findall(r"\]\((https?://[^)\s]+)\)", text)
    assert sum(bool(_PLAIN_URL.fullmatch(h)) for h in hrefs) / len(hrefs) > 0.9
