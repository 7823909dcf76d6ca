"""markdown-it's token stream, with the inline tokens of each block parsed only when they are read.

``MarkdownIt.parse`` builds every inline token of the document before returning: for a list of 100,000
items that is millions of objects alive at once, most of them read once and dropped. :func:`block_tokens`
runs the same core rules, but applies the two inline ones (``inline`` and ``text_join``) to one block at a
time, when :meth:`Blocks.children` asks for it; the tokens are the same, fewer of them live together.
Blocks of the usual item shape get their tokens from :func:`~mmr_graph.ingest.inline.simple_inline`.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from mmr_graph.ingest.inline import simple_inline, usable

_INLINE_RULES = ("inline", "text_join")


class Blocks:
    """The block tokens of a document and the inline tokens of any of them, on demand."""

    def __init__(self, parser: MarkdownIt, text: str) -> None:
        self.parser = parser
        self.state = StateCore(text, parser, {})
        names = parser.core.ruler.get_active_rules()
        rules = dict(zip(names, parser.core.ruler.getRules(""), strict=True))
        self.lazy = [rules[name] for name in names if name in _INLINE_RULES]
        if names[-len(_INLINE_RULES) :] != list(_INLINE_RULES):  # other rules after them: parse as usual
            self.lazy = []
        for name in names[: len(names) - len(self.lazy)]:
            rules[name](self.state)
        self.tokens: list[Token] = self.state.tokens
        self.simple = bool(self.lazy) and usable(parser, self.state.env)

    def children(self, token: Token) -> list[Token]:
        """The inline tokens of an ``inline`` block token, as ``MarkdownIt.parse`` gives them."""
        if not self.lazy:
            return token.children or []
        if self.simple:
            found = simple_inline(token.content, self.parser.normalizeLink, self.parser.validateLink)
            if found is not None:
                return found
        return self.parsed(token)

    def parsed(self, token: Token) -> list[Token]:
        """The inline tokens of ``token`` from markdown-it's own inline rules."""
        one = StateCore("", self.parser, self.state.env)
        one.tokens = [Token("inline", "", 0, content=token.content, map=token.map, children=[])]
        for rule in self.lazy:
            rule(one)
        return one.tokens[0].children or []


def block_tokens(parser: MarkdownIt, text: str) -> Blocks:
    return Blocks(parser, text)
