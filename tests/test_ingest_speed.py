"""Shortcuts taken for speed in ingest return exactly what the long way returns."""

from __future__ import annotations

import re
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.normalize_url import normalizeLink

from mmr_graph.ingest.markdown import _PLAIN_URL, make_parser, normalize_link
from mmr_graph.ingest.tokens import block_tokens
from mmr_graph.vocab import label_alternation

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


def test_lazy_inline_tokens_are_markdown_it_tokens() -> None:
    root = Path(__file__).resolve().parent
    for path in [root / "fixtures" / "kitchen_sink.md", root / "fixtures" / "hostile.md",
                 *sorted((root.parent / "data" / "lists").glob("*.md"))]:  # fmt: skip
        text = path.read_text(encoding="utf-8")
        full = make_parser().parse(text)
        blocks = block_tokens(make_parser(), text)
        assert len(full) == len(blocks.tokens)
        for eager, lazy in zip(full, blocks.tokens, strict=True):
            assert (eager.type, eager.map, eager.content) == (lazy.type, lazy.map, lazy.content)
            if eager.type == "inline":
                assert [c.as_dict() for c in eager.children or []] == [
                    c.as_dict() for c in blocks.children(lazy)
                ]


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(["- ", "# ", "> ", "[a](http://x.org/y)", "**[Image]** ", "`c`", "\n", "\n\n",
                                      "[r]: http://ref.org\n", "[r]", "*e*", "<b>", "&amp;", "\\*", "  "]),
                     max_size=40).map("".join))  # fmt: skip
def test_lazy_inline_tokens_match_on_any_markdown(text: str) -> None:
    full = make_parser().parse(text)
    blocks = block_tokens(make_parser(), text)
    for eager, lazy in zip(full, blocks.tokens, strict=True):
        if eager.type == "inline":
            assert [c.as_dict() for c in eager.children or []] == [c.as_dict() for c in blocks.children(lazy)]


_LABELS = ["RL", "RLHF", "rl from human feedback", "Chain-of-thought", "chain of thought", "CoT", "C++", "a.b",
           "Process reward model", "reward model", "PRM", "Policy", "Policy Optimization"]  # fmt: skip


def _longest_first(labels: list[str]) -> re.Pattern[str]:
    """The plain way: every label an alternative, longest first."""
    ordered = sorted(set(labels), key=lambda label: (-len(label), label))
    return re.compile(rf"(?<!\w)({'|'.join(re.escape(label) for label in ordered)})(?!\w)", re.IGNORECASE)


@settings(max_examples=500, deadline=None)
@given(
    labels=st.lists(st.sampled_from(_LABELS), min_size=1, unique=True),
    text=st.lists(
        st.sampled_from([*_LABELS, " ", "-", "s", "X", "é", "_", "+", "(", "rl", "COT"]), max_size=20
    ).map("".join),
)
def test_label_prefix_tree_finds_what_the_plain_alternation_finds(labels: list[str], text: str) -> None:
    tree = re.compile(rf"(?<!\w)({label_alternation(labels)})", re.IGNORECASE)
    plain = _longest_first(labels)
    assert [m.span(1) for m in tree.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


def test_label_prefix_tree_of_no_labels_matches_nothing() -> None:
    assert re.compile(label_alternation([])).search("anything") is None
