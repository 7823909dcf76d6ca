"""A repository README's prose: what extraction reads of it, and the excerpt of it that mmr-graph ships.

A README is Markdown written for people who install and cite the work. Its prose is the headings,
paragraphs and list items, one block a line, each ending with a full stop where it has no end of its own;
link texts are kept, their addresses dropped. Left out, because they do not say what the work does:
code (fenced, indented and inline), HTML, images, tables (results tables name the baselines and models
compared), and the sections about other things than the work (acknowledgements, citation, licence, contact,
star history, related or other works, references, to-do lists, contributing, but not the work's own
contributions): a section ends at the next heading of its level or above. So are lines about what is not
done yet (an open to-do box "[ ]", "TODO", "coming soon") and lines about another work of the authors ("our
new work", "check out").

The *excerpt* is the lines of the prose that name a method (a label of the method scheme), a model (a known
family's name) or distillation: what extraction can find anything in. It is what the shipped README data
(``data/metadata/github-readmes.jsonl``) keeps of each README, so that extraction reads a shipped README as
it reads a fetched one (each README sentence is read alone, :func:`mmr_graph.ingest.extraction.sentences`
with ``lead=False``).

Everything is bounded: at most :data:`MAX_README` characters of a README are parsed.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mmr_graph.ingest.model_names import MODEL
from mmr_graph.vocab import Scheme

MAX_README = 100_000  # characters of a README parsed: the longest of the default list's is 35,895 (at most
# 3 s for the worst Markdown at this length: a run of "[")
# headings of sections that speak of other things than the work
_OTHER_SECTIONS = re.compile(
    r"acknowledg|thank|citation|\bcit(?:e|ing)\b|bibtex|licen[cs]e|contact|star history|stargazers|"
    r"related (?:work|project|repo)|other (?:work|project)|see also|\breferences?\b|to-?do|roadmap|"
    r"contribut(?:ing|ors?)\b|contribution guide|disclaimer|awesome",
    re.IGNORECASE,
)
# lines about what the work has not done yet, or about another work of its authors
_NOT_DONE_OR_OTHER = re.compile(
    r"^\s*(?:\[\s?\]|to-?do\b|coming soon)|\b(?:our|my) (?:new|latest|recent|another|other|follow-up|"
    r"previous|earlier)\s+(?:[\w-]+\s+){0,2}?(?:work|paper|project|repo\w*)\b|\bcheck (?:out )?(?:our|my)\b",
    re.IGNORECASE,
)
_DISTILL_WORDS = re.compile(r"distill|teacher|generated (?:by|with|using)", re.IGNORECASE)
_ENDS = re.compile(r"[.!?:;]$")
# format and control characters a README may hide in its text (zero-width spaces, bidi marks, BOM)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # ASCII punctuation: each can be backslash-escaped
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")


def prose(markdown: str) -> list[str]:
    """The README's prose blocks (headings, paragraphs, list items), one line each, in order."""
    tokens = _PARSER.parse(markdown[:MAX_README])
    lines: list[str] = []
    skipping_from: int | None = None  # the level of the heading whose section is left out
    in_table = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            if skipping_from is not None and level <= skipping_from:
                skipping_from = None
            if skipping_from is None and _OTHER_SECTIONS.search(_inline_text(tokens[index + 1])):
                skipping_from = level
        elif token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        elif token.type == "inline" and skipping_from is None and not in_table:
            line = " ".join(_INVISIBLE.sub("", _inline_text(token)).split())
            if any(ch.isalpha() for ch in line) and not _NOT_DONE_OR_OTHER.search(line):
                lines.append(line if _ENDS.search(line) else line + ".")
    return lines


def excerpt(markdown: str, methods: Scheme) -> list[str]:
    """The prose lines that name a method, a model or distillation (what the shipped data keeps)."""
    pattern = methods.label_pattern() if methods.concepts else None
    return [
        line
        for line in prose(markdown)
        if (pattern is not None and pattern.search(line)) or MODEL.search(line) or _DISTILL_WORDS.search(line)
    ]


def markdown_of(lines: list[str]) -> str:
    """Markdown whose prose is ``lines`` (each a paragraph, its punctuation escaped): how an excerpt is
    handed to extraction as a README."""
    return "\n\n".join(_PUNCTUATION.sub(r"\\\1", line) for line in lines)


def _inline_text(token: Token) -> str:
    """The text of an inline token: its text and inline code, link texts without addresses, no images or
    HTML."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
