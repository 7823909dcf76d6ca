"""The data model between ingest and RDF: validated, immutable records (pydantic dataclasses).

A :class:`Catalog` is everything read from one or more lists: the lists themselves, the merged entries
(one per work, however often it is listed) and the warnings about odd items.

The records are pydantic dataclasses with ``__slots__`` rather than ``BaseModel`` subclasses: they are
validated alike (types, ``extra="forbid"``, constraints such as ``line >= 1``), but a record is a few
pointers instead of an instance ``__dict__`` plus a fields-set per object, which at 100,000 entries (about
a million records) is most of a build's memory. They compare and hash by value, pickle (a parser process
sends them to another) and are changed with :func:`dataclasses.replace`. A record given where a
record is expected is taken as it is, not validated again.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

_STRICT_FIELDS = ConfigDict(extra="forbid")  # a misspelt keyword is an error, as it was for the models

LineNumber = Annotated[int, Field(ge=1)]
# A date as precise as the list states it: a year, a month or a day (xsd:gYear, xsd:gYearMonth, xsd:date).
PartialDate = Annotated[str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]


class LinkKind(StrEnum):
    """What a link's URL points at (notations of the link-kind scheme in ``ontology/kinds.ttl``)."""

    PAPER = "paper"
    CODE = "code"
    DATASET = "dataset"
    COLLECTION = "collection"
    MODEL = "model"
    PAGE = "page"
    OTHER = "other"


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Link:
    """A link as written: its label (outer brackets removed), URL, and what the URL points at."""

    label: str
    url: str
    kind: LinkKind
    iri: str
    line: LineNumber
    arxiv_id: str | None = None


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Venue:
    """A venue edition from a tag such as ``[CVPR 2025]``: series notation and year."""

    series: str
    year: int


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Tags:
    """An item's bold ``[...]`` tags, resolved against the ontology's vocabularies."""

    raw: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()  # modality notations
    venues: tuple[Venue, ...] = ()
    secondary: tuple[str, ...] = ()  # the X of [&X] that is not a modality, resolved to a category later
    roles: tuple[str, ...] = ()  # dataset-role notations
    plain: tuple[str, ...] = ()  # unrecognised tags, as written


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Item:
    """One list item exactly as parsed, before merging: what the markdown says, and where."""

    list_id: str
    line: LineNumber
    section: tuple[str, ...]
    title: str
    description: str = ""
    tags: Tags = Tags()
    links: tuple[Link, ...] = ()
    date: PartialDate | None = None  # when the work appeared, as the item (or its heading) states it
    mention: bool = False  # a news line naming a work: an occurrence of its entry, never its title


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Occurrence:
    """Where an entry is listed and what that list says of it: one list, its lines there and the section of
    each line; the title, description, tags and links that list gives (its listings', merged in its order;
    no title when the list only names the work in a news line), and the sections its ``[&X]`` tags name
    there."""

    list_id: str
    lines: tuple[int, ...]
    sections: tuple[tuple[str, ...], ...]
    title: str = ""
    description: str = ""
    tags: Tags = Tags()
    links: tuple[Link, ...] = ()
    listed_under: tuple[tuple[str, ...], ...] = ()  # the sections of its listings (not of its news lines)
    secondary_sections: tuple[tuple[str, ...], ...] = ()


# where an extracted fact was read: the entry's title, the rest of its list text, its paper's abstract, its
# repository's README, or the Hub tags of its Hugging Face model
TextSource = Literal["title", "list text", "abstract", "readme", "hub"]
# the fields of Facts that extraction fills
FactField = Literal["kind", "methods", "base_models", "distilled_from"]


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Finding:
    """Where one extracted fact was read: the field of :class:`Facts` and its value, the text that states
    it, and the URL of that text (the list for list text, the abstract page for an abstract)."""

    field: FactField
    value: str
    source: TextSource
    evidence: str | None = None


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Facts:
    """Kind of work an entry is and how it is trained: curated with evidence, or extracted from what the
    graph knows of the entry (its list text, its paper's abstract), each extracted fact with its finding."""

    source: Literal["curated", "extracted"]
    kind: str | None = None  # notation of the kinds-of-work scheme
    methods: tuple[str, ...] = ()  # notations of the method scheme
    base_models: tuple[str, ...] = ()
    distilled_from: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()  # used where the list has no modality tag
    evidence: str | None = None
    note: str | None = None
    found: tuple[Finding, ...] = ()  # extracted facts: where each was read (first finding of each value)

    def finding(self, field: str, value: str) -> Finding | None:
        """Where the extracted ``value`` of ``field`` was read, if it was extracted."""
        return next((f for f in self.found if f.field == field and f.value == value), None)


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Entry:
    """A work of the lists. Items with the same key (same paper, else same repository...) are one entry; its
    title follows :func:`mmr_graph.ingest.titles.most_complete` (and the paper's own title, where enrichment
    knows it: :func:`mmr_graph.ingest.titles.with_paper_titles`), its tags and links are the union of its
    listings'."""

    key: str  # its identity (and its IRI, see mmr_graph.identity.keys.entry_path)
    title: str
    short_name: str
    description: str = ""
    tags: Tags = Tags()
    links: tuple[Link, ...] = ()
    sections: tuple[tuple[str, ...], ...] = ()  # of every list, as paths (each list's are in its occurrence)
    occurrences: tuple[Occurrence, ...] = ()
    facts: Facts | None = None
    date: PartialDate | None = None


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class SourceList:
    """One input list: a markdown file and, for shipped snapshots, where it came from."""

    id: str
    path: str
    title: str | None = None
    upstream: str | None = None
    source: str | None = None
    commit: str | None = None
    date: dt.date | None = None
    sections: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class ItemWarning:
    """A problem with one item that does not stop the build."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


@dataclass(frozen=True, slots=True, config=_STRICT_FIELDS)
class Catalog:
    """Everything read from the input lists."""

    lists: tuple[SourceList, ...]
    entries: tuple[Entry, ...]
    warnings: tuple[ItemWarning, ...] = ()  # the lists skipped first, then the items' warnings
    skipped: tuple[ItemWarning, ...] = ()  # lists that could not be read or had no entries, each with why
