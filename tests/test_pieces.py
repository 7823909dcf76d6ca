"""Parsing a list in pieces (in worker processes) gives exactly what one serial parse gives."""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, SNAPSHOTS, child_pids, running
from mmr_graph.errors import InputError
from mmr_graph.ingest import markdown, pieces, reader
from mmr_graph.ingest.catalog import decode, read_list
from mmr_graph.ingest.markdown import parse_markdown
from mmr_graph.ingest.pieces import cut
from mmr_graph.parallel import parse as pool
from mmr_graph.vocab import load_vocabulary

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate_list

VOCAB = load_vocabulary()
forking = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def _in_pieces(text: str, piece_chars: int, workers: int = 0) -> markdown.ParsedList:
    """``text`` parsed in pieces, one after the other, or by ``workers`` worker processes."""
    if workers:
        return pool.parse_in_pieces(text, "t", "t.md", VOCAB, piece_chars, workers)
    return pieces.parse_in_pieces(text, "t", "t.md", VOCAB, piece_chars)


def _serial(text: str) -> markdown.ParsedList:
    return parse_markdown(text, "t", "t.md", VOCAB)


@pytest.mark.parametrize("path", [*sorted(FIXTURES.glob("*.md")), *SNAPSHOTS], ids=lambda p: p.name)
@pytest.mark.parametrize("piece_chars", [1, 300, 4000])
def test_files_in_pieces_parse_as_one(path: Path, piece_chars: int) -> None:
    text = decode(path, path.read_bytes())
    assert _in_pieces(text, piece_chars) == _serial(text)


@pytest.mark.parametrize("entries, seed", [(300, 0), (600, 5)])
def test_synthetic_lists_in_pieces_parse_as_one(entries: int, seed: int) -> None:
    text = generate_list(entries, seed)
    assert len(cut(text, 2000)) > 5
    assert _in_pieces(text, 2000) == _serial(text)


@forking
def test_pieces_read_in_worker_processes_parse_as_one() -> None:
    text = generate_list(400, 2)
    assert _in_pieces(text, 5000, workers=1) == _serial(text)


def test_spawned_workers_get_the_list_pickled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where workers are not forked (macOS, Windows) they start afresh and get text and vocabulary pickled."""
    monkeypatch.setattr(pool, "_start_method", lambda: multiprocessing.get_context("spawn"))
    text = generate_list(100, 3)
    assert _in_pieces(text, len(text) // 2, workers=1) == _serial(text)


@forking
def test_large_lists_are_read_in_parallel(monkeypatch: pytest.MonkeyPatch, kitchen_sink: Path) -> None:
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    monkeypatch.setattr(pool, "PARALLEL_MIN_CHARS", 0)
    calls: list[int] = []
    monkeypatch.setattr(pool, "cut", lambda text, chars: calls.append(chars) or cut(text, chars))
    source, parsed = read_list(kitchen_sink, VOCAB, pool.parse_list)
    assert calls and len(cut(kitchen_sink.read_text(), calls[0])) == 2
    text = decode(kitchen_sink, kitchen_sink.read_bytes())
    assert parsed == parse_markdown(text, source.id, str(kitchen_sink), VOCAB)


def test_cut_only_before_a_column_0_heading_after_a_blank_line() -> None:
    text = "# T\n\n- [a](https://a.org)\n## No\n\n ## Indented\n\n#NoSpace\n\n## Yes\n- [b](https://b.org)\n"
    pieces = cut(text, 1)
    assert [text[p.start : p.end].split("\n", 1)[0] for p in pieces] == ["# T", "## Yes"]
    assert [p.first_line for p in pieces] == [1, 10]
    assert [p.last for p in pieces] == [False, True]


@pytest.mark.parametrize("text", ["[a]: https://a.org\n\n## A\n- [a]\n", "# T\r\n\r\n## A\r\n- x\r\n"])
def test_no_cut_with_reference_definitions_or_carriage_returns(text: str) -> None:
    assert len(cut(text, 1)) == 1
    assert _in_pieces(text, 1) == _serial(text)


SPANNING = {
    "fence": "```\n\n## In code\n- [x](https://x.org)\n```\n",
    "unclosed fence": "~~~\n\n## In code\n- [x](https://x.org)\n",
    "comment": "<!--\n\n## In comment\n- [x](https://x.org)\n-->\n",
    "pre": "<pre>\n\n## In pre\n</pre>\n",
    "nested too deep": "- " * 25 + "[d](https://d.org)\n\n## After\n- [x](https://x.org)\n",
}


@pytest.mark.parametrize("block", SPANNING.values(), ids=SPANNING.keys())
def test_block_across_a_cut_falls_back_to_one_parse(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"# T\n\n## A\n- [a](https://a.org)\n\n{block}\n## B\n- [b](https://b.org)\n"
    serial = _serial(text)
    wholes: list[str] = []
    monkeypatch.setattr(pieces, "parse_markdown", lambda text, *a: wholes.append(text) or serial)
    assert _in_pieces(text, 1) is serial
    assert wholes == [text]


CONTEXTS = {
    "heading in a list item": "- ## Hidden\n- [x](https://x.org)\n",
    "setext heading": "Setext\n======\n\n- [x](https://x.org)\n",
    "heading in a quote": "> ## Quoted\n\n- [x](https://x.org)\n",
    "indented heading": "   ## Indented\n- [x](https://x.org)\n",
    "heading-like line in code": "```\n# comment\n```\n",
    "items before the first h1": "- [x](https://x.org)\n\n# Not the title\n",
}


@pytest.mark.parametrize("lines", CONTEXTS.values(), ids=CONTEXTS.keys())
def test_wrongly_guessed_context_is_read_again(lines: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"{lines}\n### Sub\n- [a](https://a.org)\n\n# Top\n\n## Sub 2\n- [b](https://b.org)\n"
    read = pieces.read_piece
    reads: list[tuple[int, bool]] = []  # a piece's start, and whether it was read in its guessed context

    def reading(whole, piece, context):  # type: ignore[no-untyped-def]
        reads.append((piece.start, context == piece.guess))
        return read(whole, piece, context)

    monkeypatch.setattr(pieces, "read_piece", reading)
    assert _in_pieces(text, 1) == _serial(text)
    assert len({start for start, _ in reads}) > 1 and not all(guessed for _, guessed in reads)


def test_skipped_section_holds_across_a_cut() -> None:
    text = "# T\n\n## Contributing\n\n### How\n- [a](https://a.org)\n\n## Papers\n\n### P\n- [b](https://b.org)\n"
    parsed = _in_pieces(text, 1)
    assert parsed == _serial(text)
    assert [item.title for item in parsed.items] == ["b"]
    assert parsed.sections == [("Contributing",), ("Contributing", "How"), ("Papers",), ("Papers", "P")]


def test_title_only_from_the_first_h1_before_headings_and_items() -> None:
    text = "Intro.\n\n# Title\n\n# Second\n- [a](https://a.org)\n\n# Third\n- [b](https://b.org)\n"
    parsed = _in_pieces(text, 1)
    assert parsed == _serial(text)
    assert parsed.title == "Title"
    assert [item.section for item in parsed.items] == [("Second",), ("Third",)]


def test_line_numbers_and_warnings_in_order() -> None:
    text = "".join(
        f"## S{i}\n- [a{i}](https://a.org/{i})\n- no link {i}\n- **[Image]**\n\n" for i in range(6)
    )
    parsed = _in_pieces(text, 1)
    assert parsed == _serial(text)
    # an item without a link is no entry
    assert [item.line for item in parsed.items] == [2 + 5 * i for i in range(6)]
    assert [w.line for w in parsed.warnings] == [line for i in range(6) for line in (3 + 5 * i, 4 + 5 * i)]


def test_input_error_pickles_whole() -> None:
    error = pickle.loads(pickle.dumps(InputError("a.md", "bad", 3)))
    assert (type(error), error.path, error.message, error.line, str(error)) == (
        InputError,
        "a.md",
        "bad",
        3,
        "a.md:3: bad",
    )


@forking
def test_error_in_a_worker_is_raised_as_serially(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "## A\n- [a](https://a.org)\n\n## B\n- [b](https://b.org)\n\n## C\n- [c](https://c.org)\n"
    read_item = reader.read_item

    def failing(head, details, line, section, list_id, path, *rest, **named):  # type: ignore[no-untyped-def]
        if section[-1] != "A":
            raise InputError(path, f"cannot read {section[-1]}", line)
        return read_item(head, details, line, section, list_id, path, *rest, **named)

    monkeypatch.setattr(reader, "read_item", failing)  # forked workers inherit it
    with pytest.raises(InputError) as serial:
        _serial(text)
    with pytest.raises(InputError) as in_pieces:
        _in_pieces(text, 1, workers=1)
    assert str(in_pieces.value) == str(serial.value) == "t.md:5: cannot read B"


HEADINGS = ["# Title\n", "## A\n", "### B\n", "#### C\n", "## Contributing\n", "#\n", "# \n", "##\tA\n"]
PARTS = [
    *HEADINGS, " ## Indented\n", "- [x](https://x.org/1)\n", "  - [y](https://arxiv.org/abs/2501.00001)\n",
    "* **[Image]** T [c](https://github.com/a/b)\n", "1. [d](https://huggingface.co/datasets/x/y) - data\n",
    "- no link\n", "-\n", "> quote\n", "> - [q](https://q.org)\n", "```\n", "~~~\n", "<!--\n", "-->\n", "<div>\n",
    "<pre>\n", "</pre>\n", "\n", "\n\n", "    code\n", "Setext\n", "===\n", "---\n", "- ## In list\n",
    "text [e](https://e.org)\n", "\t# tab\n", "  - \n",
]  # fmt: skip
RARE_PARTS = ["- " * 22 + "deep\n", "[r]: https://r.org\n", "[r]\n", "\r\n", "\ufeff"]
# sections after a blank line, so that most texts have places to cut
SECTIONS = st.lists(
    st.tuples(st.sampled_from(HEADINGS), st.lists(st.sampled_from(PARTS * 20 + RARE_PARTS), max_size=8)),
    max_size=10,
)


@settings(max_examples=300)
@given(sections=SECTIONS, piece_chars=st.sampled_from([1, 10, 60]))
def test_any_markdown_in_pieces_parses_as_one(
    sections: list[tuple[str, list[str]]], piece_chars: int
) -> None:
    text = "".join(f"\n{heading}{''.join(body)}" for heading, body in sections)
    assert _in_pieces(text, piece_chars) == _serial(text)


def test_error_in_a_wrongly_guessed_context_is_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    # the guess misses the heading in the list item, so it reads an item the serial parse skips
    text = "- ## Contributing\n\n### How\n- [a](https://a.org)\n"

    def failing(*args: object) -> None:
        raise InputError("t.md", "read an item of a skipped section")

    monkeypatch.setattr(reader, "read_item", failing)
    assert len(cut(text, 1)) == 2
    assert _in_pieces(text, 1) == _serial(text)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    """A build killed mid-parse (SIGKILL, the OOM killer) cannot stop its pool: the workers end on their own."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import write_list

    path = write_list(tmp_path / "big.md", 20_000, seed=3)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mmr_graph.parallel.parse import parse_in_pieces\n"
        "from mmr_graph.vocab import load_vocabulary\n"
        "text = Path(sys.argv[1]).read_text(encoding='utf-8')\n"
        "parse_in_pieces(text, 'x', 'x.md', load_vocabulary(), piece_chars=len(text) // 4, workers=2)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code, str(path)])
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while not workers and parent.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        with contextlib.suppress(OSError):
            workers = child_pids(parent.pid)
    assert workers, "no worker was started"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(running, workers))
