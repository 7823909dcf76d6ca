"""The inline shortcut gives markdown-it's own tokens, or steps aside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import FIXTURES, SNAPSHOTS
from mmr_graph.ingest.inline import simple_inline, usable
from mmr_graph.ingest.markdown import make_parser
from mmr_graph.ingest.tokens import block_tokens

PARSER = make_parser()
_LONG_WAY = block_tokens(PARSER, "")


def shortcut(content: str) -> list[Token] | None:
    return simple_inline(content, PARSER.normalizeLink, PARSER.validateLink)


def long_way(content: str) -> list[Token]:
    return _LONG_WAY.parsed(Token("inline", "", 0, content=content, children=[]))


def inline_contents(path: Path) -> list[str]:
    return [t.content for t in PARSER.parse(path.read_text(encoding="utf-8")) if t.type == "inline"]


@pytest.mark.parametrize("path", [*SNAPSHOTS, FIXTURES / "kitchen_sink.md", FIXTURES / "hostile.md"],
                         ids=lambda p: p.name)  # fmt: skip
def test_every_line_of_the_lists_gets_markdown_its_tokens(path: Path) -> None:
    taken = 0
    for content in inline_contents(path):
        found = shortcut(content)
        if found is not None:
            taken += 1
            assert found == long_way(content), content
    assert taken > 0


def test_the_shortcut_takes_nearly_every_item_of_the_real_list() -> None:
    contents = inline_contents(SNAPSHOTS[-1])
    assert sum(shortcut(c) is not None for c in contents) / len(contents) > 0.85


@pytest.mark.parametrize(
    "content",
    [
        "**[Image]** ACTIVE-O3: Perception & Reasoning [[paper]](https://arxiv.org/abs/2505.21457) "
        "[[code]](https://github.com/aim-uofa/Active-o3)",
        "**[Code]** **[CVPR 2025]** A Survey [[Paper](https://arxiv.org/abs/2301.12548)] end]",
        "[LLaVA-R1-100k](https://huggingface.co/datasets/x/y) - a dataset (of images)!",
        "Title **[Tag]**",
        "[[[paper]](https://x.org/a)",
        "a ] b [x](https://bücher.de/ä)",
        "[[a](https://x.org)](https://y.org)",  # a link holds no link: the outer brackets are text
    ],
)
def test_usual_item_shapes_take_the_shortcut(content: str) -> None:
    found = shortcut(content)
    assert found is not None
    assert found == long_way(content)


@pytest.mark.parametrize(
    "content",
    [
        "*emphasis*",
        "**bold title**",
        "a_b",
        "`code`",
        "a\\*b",
        "R&D",
        "&amp;",
        "<https://x.org>",
        "![img](https://x.org/a.png)",
        "line\nbreak",
        "[x](https://x.org/a b)",
        "[x](<https://x.org>)",
        "[x](https://x.org/(a))",
        "[x](javascript:alert(1))",
        "[x](https://x.org/?a=1&amp;b=2)",
        "[](https://x.org)",
        "word**[Tag]**",
        "**[Tag]**word",
    ],
)
def test_anything_else_takes_the_long_way(content: str) -> None:
    assert shortcut(content) is None


_PIECES = ["**[Image]**", "**[CVPR 2025]**", "**", "*", "_", "[", "]", "(", ")", "[paper]", "](", ")]",
           "https://arxiv.org/abs/2505.1", "http://x.org/a_b*c`d", "javascript:alert(1)", "bücher.de/ä",
           "&", "&amp;", "&#35;", "&x", "!", "![", "\\", "`", "<", ">", " ", "  ", "\t", "\n", "a", "é",
           "Title: Sub-title", "#", "~~", "\x00", "\u00a0", "'", '"', "-", "."]  # fmt: skip


@settings(max_examples=3000)
@given(content=st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_any_text_gets_markdown_its_tokens_or_the_long_way(content: str) -> None:
    found = shortcut(content)
    if found is not None:
        assert found == long_way(content)


_words = st.sampled_from(["Video-R1", "a", " ", ": ", "(7B)", "&", "!", "]", "é", "v2.0", "#1", "~"])
_text = st.lists(_words, min_size=1, max_size=6).map("".join)
_url = st.sampled_from(["https://arxiv.org/abs/2503.21776", "https://github.com/a/b_c", "http://x.org/*",
                        "https://huggingface.co/datasets/o/n?x=1&y=2", "https://bücher.de", "#anchor",
                        "mailto:a@b.org", "https://x.org/`", "data:text/html,x"])  # fmt: skip
_link = st.builds("{}[{}]({}){}".format, st.sampled_from(["", "["]), st.one_of(_text, _text.map("[{}]".format)),
                  _url, st.sampled_from(["", "]", " "]))  # fmt: skip
_tag = st.builds("**[{}]**".format, _text)


@settings(max_examples=2000)
@given(parts=st.lists(st.one_of(_text, _link, _tag), min_size=1, max_size=8))
def test_item_shaped_text_gets_markdown_its_tokens(parts: list[str]) -> None:
    content = " ".join(parts)
    found = shortcut(content)
    if found is not None:
        assert found == long_way(content)


def test_it_is_not_used_where_a_tag_may_be_a_reference_link() -> None:
    blocks = block_tokens(PARSER, "[image]: https://x.org/i\n\n- **[Image]** Title\n")
    assert not usable(PARSER, blocks.state.env)
    item = next(t for t in blocks.tokens if t.type == "inline")
    assert [t.type for t in blocks.children(item)][:3] == ["text", "strong_open", "link_open"]


def test_it_is_not_used_with_other_rules() -> None:
    parser = MarkdownIt("commonmark").enable("strikethrough")
    assert not usable(parser, {})
    assert not block_tokens(parser, "- a ~~b~~").simple


def test_it_is_not_used_with_a_lower_nesting_limit() -> None:
    assert usable(MarkdownIt("commonmark"), {})
    assert not usable(MarkdownIt("commonmark", {"maxNesting": 1}), {})


def test_the_presets_own_parser_gets_the_same_tokens() -> None:
    parser = MarkdownIt("commonmark")
    plain = block_tokens(parser, "")
    for content in inline_contents(SNAPSHOTS[-1]):
        found = simple_inline(content, parser.normalizeLink, parser.validateLink)
        if found is not None:
            assert found == plain.parsed(Token("inline", "", 0, content=content, children=[])), content
