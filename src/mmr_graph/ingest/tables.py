"""Tables: each body row that carries a link is an entry, read by what the header calls each column.

A column is a *title* column (``Title``, ``Name``, ``Project``, ``Model``, ``Method``, ``Dataset``...), a
*paper* column, a *venue* column, a *date* column, or any other (code, demo, data, notes...). A row's title
comes from its title column (the cell's text, else its first link's label), else from its paper column,
else from the first cell with text. Every link of every cell is the entry's; a venue column (``CVPR``) is
read with the year of the date column (``2025-03-01``, ``25.03``); the text of other columns is kept as
the entry's description (``Task: Math``).
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it.token import Token

from mmr_graph.ingest.dates import cell_date
from mmr_graph.ingest.items import Statements, normalize_space, plain_text, read_item
from mmr_graph.ingest.venues import column_venue, text_venues
from mmr_graph.model import Item, ItemWarning
from mmr_graph.vocab import Vocabulary

_TITLE = re.compile(
    r"\b(title|name|project|model|models|method|methods|work|dataset|datasets|benchmark|benchmarks|"
    r"algorithm|system|tool|framework|resource)\b",
    re.I,
)
_NOT_TITLE = re.compile(r"\b(code|codes|link|links|github|demo|page|url|weights|checkpoints?)\b", re.I)
_PAPER = re.compile(r"\b(papers?|publications?|articles?|arxiv)\b", re.I)
_VENUE = re.compile(r"\b(venue|conference|conf|published|publication venue|journal)\b", re.I)
_DATE = re.compile(r"\b(date|time|month|year|released?|updated?)\b", re.I)

Cells = list[list[Token]]


@dataclasses.dataclass(frozen=True)
class Columns:
    title: int | None
    paper: int | None
    venue: int | None
    date: int | None
    names: tuple[str, ...]


def columns(header: Cells) -> Columns:
    names = tuple(normalize_space(plain_text(cell)) for cell in header)

    def first(pattern: re.Pattern[str], exclude: tuple[int | None, ...] = ()) -> int | None:
        return next((i for i, n in enumerate(names) if pattern.search(n) and i not in exclude), None)

    date = first(_DATE)
    venue = first(_VENUE, (date,))
    exact_title = next((i for i, n in enumerate(names) if n.lower() == "title"), None)
    titles = tuple(i for i, n in enumerate(names) if _NOT_TITLE.search(n))
    title = exact_title if exact_title is not None else first(_TITLE, (date, venue, *titles))
    paper = first(_PAPER, (date, venue, title))
    return Columns(title, paper, venue, date, names)


def read_table(
    header: Cells,
    rows: list[tuple[Cells, int]],
    section: tuple[str, ...],
    list_id: str,
    path: str,
    vocab: Vocabulary,
    warnings: list[ItemWarning],
    mention: bool = False,
) -> list[Item]:
    """The entries of a table's body ``rows`` (cells and line of each), read by its ``header``."""
    cols = columns(header)
    items = []
    for cells, line in rows:
        if not any(t.type == "link_open" or "http" in t.content for cell in cells for t in cell):
            continue  # a row without a link (a legend, a taxonomy) names no work
        head_index = _head(cells, cols)
        statements = Statements()
        date_text = plain_text(cells[cols.date]) if cols.date is not None and cols.date < len(cells) else ""
        date = cell_date(date_text.strip()) if date_text.strip() else None
        for venue in text_venues(date_text, vocab):  # "25.03 (CVPR2025)"
            statements.add_venue(venue)
        if cols.venue is not None and cols.venue < len(cells):
            year = date or _year_in(cells, vocab)
            statements.add_venue(column_venue(plain_text(cells[cols.venue]), year, vocab))
        details = [(cell, line) for i, cell in enumerate(cells) if i != head_index]
        found = read_item(
            cells[head_index], details, line, section, list_id, path, vocab, warnings, statements, mention
        )
        if found is None:
            continue
        item, _ = found
        described = [
            f"{cols.names[i]}: {text}" if i < len(cols.names) and cols.names[i] else text
            for i, cell in enumerate(cells)
            if i not in (head_index, cols.date, cols.venue, cols.paper)
            and (text := normalize_space(plain_text(cell))).strip("-– ")
            and not _only_links(cell)
        ]
        changes: dict[str, object] = {"description": " · ".join(described)}
        if date and not item.date:
            changes["date"] = date
        items.append(dataclasses.replace(item, **changes))  # type: ignore[arg-type] # str fields only
    return items


def _head(cells: Cells, cols: Columns) -> int:
    """The cell a row's title comes from."""
    for index in (cols.title, cols.paper):
        if index is not None and index < len(cells) and normalize_space(plain_text(cells[index])):
            return index
    for index, cell in enumerate(cells):
        if index not in (cols.date, cols.venue) and normalize_space(plain_text(cell)):
            return index
    return 0


def _only_links(cell: list[Token]) -> bool:
    """Whether a cell's text is only the labels of its links (a code or demo column)."""
    depth, outside = 0, []
    for token in cell:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
        elif not depth and token.type in ("text", "code_inline"):
            outside.append(token.content)
    return not normalize_space("".join(outside)).strip("[]()|,;-– ")


def _year_in(cells: Cells, vocab: Vocabulary) -> str | None:
    for cell in cells:
        m = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", plain_text(cell))
        if m:
            return m.group(1)
    return None
