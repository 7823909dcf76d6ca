"""markdown-it's inline tokens for the one shape nearly every list item has, without its inline parser.

An item is almost always ``**[Tag]** Title text [[paper]](url) [[code]](url)``: bold bracketed tags, plain
text, and links whose label is plain text (in one pair of brackets or none). For such a line the tokens
markdown-it makes are known in advance; making them directly takes a fraction of the time its inline rules
take, which try every rule at every ``-``, ``:`` or ``#`` of a title (at 100,000 items, most of the time of
reading a list).

:func:`simple_inline` accepts only text made of those pieces, with every character that could start
another construct (emphasis, code, escapes, entities, autolinks, HTML, images, line breaks) left out, and
returns None for anything else, which is then parsed by markdown-it as usual. The tokens are equal, field
for field, to markdown-it's: the tests compare the two on both shipped lists and on generated text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The rules of the "commonmark" preset this shortcut stands in for; with any other set it is not used.
RULES = (
    ("normalize", "block", "inline", "text_join"),
    (
        "text",
        "newline",
        "escape",
        "backticks",
        "emphasis",
        "link",
        "image",
        "autolink",
        "html_inline",
        "entity",
    ),
    ("balance_pairs", "emphasis", "fragments_join"),
)

DEFAULT_NESTING = 20  # the "commonmark" preset's maxNesting

# Text that no inline rule turns into anything but text: no emphasis, code, escape, autolink or HTML
# characters, no brackets, no line breaks; "&" only where it cannot start an entity, "!" never before "[".
_PLAIN = r"(?:[^\\`*_\[\]<&!\n]|&(?![A-Za-z0-9#])|!(?!\[))+"
_TEXT = r"(?:[^\\`*_\[<&!\n]|&(?![A-Za-z0-9#])|!(?!\[))+"  # the same and "]": no "[" before it is open
# A link destination markdown-it takes as written: no spaces, controls, parentheses, "<" or escapes.
_DESTINATION = r"[^\x00-\x20\x7f()<\\]+"
_PIECE = re.compile(
    rf"(?P<text>{_TEXT})"
    rf"|\*\*\[(?P<tag>{_PLAIN})\]\*\*"
    rf"|(?P<open>\[?)\[(?P<label>{_PLAIN}|\[{_PLAIN}\])\]\((?P<href>{_DESTINATION})\)"
)
_ENTITY = re.compile(r"&[A-Za-z0-9#]+;")  # an entity in a destination would be decoded


def usable(parser: MarkdownIt, env: Mapping[str, object]) -> bool:
    """Whether the shortcut gives markdown-it's tokens for this parser and document: the preset's rules,
    its nesting limit or a higher one, and no link reference definitions (with them ``[Tag]`` may be a
    link)."""
    active = (
        tuple(parser.core.ruler.get_active_rules()),
        tuple(parser.inline.ruler.get_active_rules()),
        tuple(parser.inline.ruler2.get_active_rules()),
    )
    nesting = parser.options.get("maxNesting", 0)  # a low limit turns links into text
    return active == RULES and nesting >= DEFAULT_NESTING and not env.get("references")


def simple_inline(
    content: str, normalize_link: Callable[[str], str], validate_link: Callable[[str], bool]
) -> list[Token] | None:
    """The inline tokens of ``content`` as markdown-it's ``commonmark`` preset makes them, or None if the
    text is not made only of plain text, ``**[Tag]**`` runs and plain links."""
    tokens: list[Token] = []
    pending = ""  # text not yet in a token, as markdown-it keeps it
    pos, end = 0, len(content)
    match = _PIECE.match
    while pos < end:
        found = match(content, pos)
        if found is None:
            return None
        text, tag, label = found.group("text", "tag", "label")
        if text is not None:
            pending += text
        elif tag is not None:
            # "**" opens before "[" only after a space or at the start, and closes after "]" only before
            # a space or at the end (CommonMark's flanking rules); elsewhere it may be literal text
            if (pos and content[pos - 1] != " ") or (found.end() < end and content[found.end()] != " "):
                return None
            tokens.append(_text(pending))  # the empty text markdown-it leaves of the outer "*"
            tokens += (
                Token("strong_open", "strong", 1, markup="**"),
                Token("text", "", 0, level=1, content=f"[{tag}]"),
                Token("strong_close", "strong", -1, markup="**"),
            )
            pending = ""
        else:
            destination = found.group("href")
            href = normalize_link(destination)
            if _ENTITY.search(destination) or not validate_link(href):
                return None
            pending += found.group("open")  # "[" before a link is text: a link holds no link
            if pending:
                tokens.append(_text(pending))
                pending = ""
            tokens += (
                Token("link_open", "a", 1, attrs={"href": href}),
                Token("text", "", 0, level=1, content=label),
                Token("link_close", "a", -1),
            )
        pos = found.end()
    if pending or (tokens and tokens[-1].type == "strong_close"):
        tokens.append(_text(pending))
    return tokens


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)
