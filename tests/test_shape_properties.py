"""Property-based tests of the readers of other list shapes: dates, venues, badges, HTML sections, tables,
references and what sits under an item."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mmr_graph.ingest.badges import badge_text, read_badge
from mmr_graph.ingest.dates import cell_date, comment_date, heading_date, precision, tag_date, text_date
from mmr_graph.ingest.markdown import parse_markdown
from mmr_graph.ingest.sections import html_events
from mmr_graph.ingest.venues import tag_venue, text_venues
from mmr_graph.model import Venue
from mmr_graph.vocab import load_vocabulary

VOCAB = load_vocabulary()
SERIES = sorted({(label, concept.notation) for label, concept in VOCAB.venues.labels() if label[0].isalpha()})
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

years = st.integers(2000, 2039)
months = st.integers(1, 12)
days = st.dates(dt.date(2000, 1, 1), dt.date(2039, 12, 31))
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def valid(value: str | None) -> bool:
    """A date text as the model takes it: a year, a month or a day that exists."""
    if value is None:
        return True
    if not PARTIAL_DATE.match(value) or precision(value) not in ("gYear", "gYearMonth", "date"):
        return False
    if len(value) == 10:
        dt.date.fromisoformat(value)
    return True


@given(year=years, month=months)
def test_yymm_tags_and_comments_are_months(year: int, month: int) -> None:
    yy = year % 100
    assert tag_date(f"{yy:02d}{month:02d}") == f"{year}-{month:02d}"
    assert comment_date(f"<!-- {month:02d}-{yy:02d} -->") == f"{year}-{month:02d}"
    assert cell_date(f"{yy:02d}.{month:02d}") == f"{year}-{month:02d}"


@given(day=days, separator=st.sampled_from(["-", ".", "/"]))
def test_written_days_and_months_keep_their_precision(day: dt.date, separator: str) -> None:
    full = f"{day.year}{separator}{day.month:02d}{separator}{day.day:02d}"
    assert text_date(f"released {full} (v2)") == day.isoformat()
    assert text_date(f"{day.year}{separator}{day.month}") == f"{day.year}-{day.month:02d}"
    assert text_date(day.strftime("%b %Y")) == f"{day.year}-{day.month:02d}"
    assert heading_date(f"📅 {day.year}") == str(day.year)
    assert heading_date(f"{day.year}.{day.month:02d}") == f"{day.year}-{day.month:02d}"


@given(text=words)
def test_dates_found_in_any_text_are_valid(text: str) -> None:
    for read in (text_date, cell_date, heading_date, comment_date, tag_date):
        assert valid(read(text))


@given(
    series=st.sampled_from(SERIES),
    year=st.integers(1980, 2099),
    form=st.sampled_from(["({} {})", "`{} {}`", "{} {}, [Paper]"]),
)
def test_every_spelling_of_a_known_venue_is_its_series(series: tuple[str, str], year: int, form: str) -> None:
    label, notation = series
    assert Venue(series=notation, year=year) in text_venues(form.format(label, year), VOCAB)
    assert tag_venue(f"{label} {year}", VOCAB) == Venue(series=notation, year=year)
    assert tag_venue(f"{label}'{year % 100:02d}", VOCAB) == Venue(series=notation, year=2000 + year % 100)


@given(text=words)
def test_venues_found_in_any_text_are_of_the_scheme(text: str) -> None:
    for venue in text_venues(text, VOCAB):
        assert venue.series in VOCAB.venues.concepts and 1980 <= venue.year <= 2099


plain = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789"), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and "  " not in s)  # one space: a badge writes it "_"


@given(label=plain, message=plain, src=words)
def test_badges_say_their_words_and_never_raise(label: str, message: str, src: str) -> None:
    url = f"https://img.shields.io/badge/{label.replace(' ', '_')}-{message.replace(' ', '_')}-blue"
    assert badge_text(url) == f"{label} {message}"
    read_badge(url, VOCAB)
    read_badge(src, VOCAB)
    badge_text(src)


@given(level=st.integers(1, 6), text=plain, noise=words)
def test_html_headings_and_groups_are_sections(level: int, text: str, noise: str) -> None:
    events = list(html_events(f'<h{level} id="x" align="center">{text}</h{level}>'))
    assert events == [("heading", level, " ".join(text.split()))]
    opened = list(html_events(f"<details open>\n  <summary><b>{text}</b></summary>"))
    assert opened[0] == ("details", 0, "") and opened[1][0] == "summary"
    list(html_events(noise))  # never raises


rows = st.lists(st.tuples(plain, st.integers(1000, 9999), years, months), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(rows=rows, order=st.permutations(["Title", "Paper", "Date", "Venue"]))
def test_a_table_is_read_by_its_header_whatever_the_column_order(
    rows: list[tuple[str, int, int, int]], order: list[str]
) -> None:
    lines = ["## Papers", "", "| " + " | ".join(order) + " |", "|" + "---|" * len(order)]
    for n, (title, number, year, month) in enumerate(rows):
        cells = {
            "Title": f"Work {title} {n}",
            "Paper": f"[Paper](https://arxiv.org/abs/{year % 100:02d}{month:02d}.{number:05d})",
            "Date": f"{year}-{month:02d}",
            "Venue": "CVPR",
        }
        lines.append("| " + " | ".join(cells[c] for c in order) + " |")
    parsed = parse_markdown("\n".join(lines) + "\n", "t", "t.md", VOCAB)
    assert [item.title for item in parsed.items] == [f"Work {t} {n}" for n, (t, *_) in enumerate(rows)]
    for item, (_, number, year, month) in zip(parsed.items, rows, strict=True):
        assert [link.arxiv_id for link in item.links] == [f"{year % 100:02d}{month:02d}.{number:05d}"]
        assert item.date == f"{year}-{month:02d}"
        assert item.tags.venues == (Venue(series="CVPR", year=year),)


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(plain, min_size=1, max_size=5),
    authors=plain,
    bullet=st.sampled_from(["-", "*", "+", "1."]),
)
def test_lines_under_an_item_describe_it_and_papers_under_it_are_entries(
    titles: list[str], authors: str, bullet: str
) -> None:
    lines = ["## Papers"]
    for n, title in enumerate(titles):
        lines += [
            f"{bullet} [Top {title} {n}](https://arxiv.org/abs/2501.{n:05d})",
            f"    - {authors}",
            f"    - Code: [Official](https://github.com/o/r{n})",
            f"    - [Sub {n}](https://arxiv.org/abs/2502.{n:05d}) (ICLR 2024)",
        ]
    parsed = parse_markdown("\n".join(lines) + "\n", "t", "t.md", VOCAB)
    expected = [t for n, title in enumerate(titles) for t in (f"Top {title} {n}", f"Sub {n}")]
    assert [item.title for item in parsed.items] == expected
    for n in range(len(titles)):
        top, sub = parsed.items[2 * n], parsed.items[2 * n + 1]
        assert [link.iri for link in top.links] == [
            f"https://arxiv.org/abs/2501.{n:05d}",
            f"https://github.com/o/r{n}",
        ]
        assert authors.strip() in top.description and sub.section == top.section
        assert sub.tags.venues == (Venue(series="ICLR", year=2024),)


@settings(max_examples=40, deadline=None)
@given(names=st.lists(plain, min_size=1, max_size=5, unique=True))
def test_citations_take_the_links_of_their_references(names: list[str]) -> None:
    keys = [f"ref-k{n}" for n in range(len(names))]
    lines = ["## Methods", ""]
    lines += [f"- {name} [{n + 1}](#{key})" for n, (name, key) in enumerate(zip(names, keys, strict=True))]
    lines += ["", "## Bibliography", ""]
    for n, key in enumerate(reversed(keys)):
        lines += [
            f'<div id="{key}" class="csl-entry">',
            "",
            f"Author {n}. 2024. “A Work.” <https://arxiv.org/abs/2401.{int(key[5:]):05d}>.",
            "",
            "</div>",
            "",
        ]
    parsed = parse_markdown("\n".join(lines), "t", "t.md", VOCAB)
    assert [item.title for item in parsed.items] == [name.strip() for name in names]
    for n, item in enumerate(parsed.items):
        assert [link.arxiv_id for link in item.links] == [f"2401.{n:05d}"]
