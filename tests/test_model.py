"""The records between the stages: validated on construction, immutable, compared and hashed by value."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable

import pytest
from pydantic import ValidationError

from mmr_graph.model import Catalog, Entry, Facts, Item, ItemWarning, Link, LinkKind, Occurrence, Tags, Venue

LINK = Link(label="paper", url="https://arxiv.org/abs/2501.00001", kind=LinkKind.PAPER,
            iri="https://arxiv.org/abs/2501.00001", line=3, arxiv_id="2501.00001")  # fmt: skip
ITEM = Item(list_id="l", line=3, section=("A", "B"), title="T", tags=Tags(raw=("CVPR 2025",),
            venues=(Venue(series="CVPR", year=2025),)), links=(LINK,))  # fmt: skip


@pytest.mark.parametrize(
    "build",
    [
        lambda: Link(label="x", url="u", kind=LinkKind.CODE, iri="u", line=0),  # line numbers start at 1
        lambda: Link(label="x", url="u", kind="nonsense", iri="u", line=1),
        lambda: Link(label="x", url="u", kind=LinkKind.CODE, iri="u", line=1, colour="red"),  # extra field
        lambda: Item(list_id="l", line=1, section=("A",)),  # no title
        lambda: Item(list_id="l", line=1, section=("A",), title="T", links=("not a link",)),
        lambda: Facts(source="guessed"),
        lambda: Venue(series="CVPR", year="soon"),
        lambda: Tags(raw=1),
    ],
)
def test_invalid_records_are_refused(build: Callable[[], object]) -> None:
    with pytest.raises(ValidationError):
        build()


def test_values_are_converted_as_declared() -> None:
    item = Item(list_id="l", line="7", section=["A", "B"], title="T", links=[LINK])
    assert item.line == 7 and item.section == ("A", "B") and item.links == (LINK,)
    assert Link(label="x", url="u", kind="code", iri="u", line=1).kind is LinkKind.CODE


def test_records_are_immutable_and_changed_by_replace() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        LINK.line = 4  # type: ignore[misc]
    moved = dataclasses.replace(LINK, line=4)
    assert (moved.line, LINK.line) == (4, 3)
    with pytest.raises(ValidationError):
        dataclasses.replace(LINK, line=0)  # a replacement is validated like a new record


def test_records_compare_and_hash_by_value() -> None:
    same = Item(**{f.name: getattr(ITEM, f.name) for f in dataclasses.fields(Item)})
    assert same == ITEM and hash(same) == hash(ITEM) and len({same, ITEM}) == 1
    assert dataclasses.replace(ITEM, title="U") != ITEM
    assert Tags() == Tags() and Item(list_id="l", line=1, section=(), title="T").tags == Tags()


def test_records_pickle_to_equal_records() -> None:
    catalog = Catalog(lists=(), entries=(Entry(key="k", title="T", short_name="T"),))
    for record in (ITEM, catalog, ItemWarning(path="p", line=1, message="m")):
        assert pickle.loads(pickle.dumps(record)) == record


def test_records_carry_no_instance_dict() -> None:
    # a million records at 100,000 entries: a per-instance dict would be most of a build's memory
    for record in (LINK, ITEM, ITEM.tags, Occurrence(list_id="l", lines=(1,), sections=(("A",),))):
        assert not hasattr(record, "__dict__")


def test_records_given_to_a_record_are_kept_as_they_are() -> None:
    entries = tuple(Entry(key=str(i), title="T", short_name="T", links=(LINK,)) for i in range(3))
    catalog = Catalog(lists=(), entries=entries)
    assert all(kept is given for kept, given in zip(catalog.entries, entries, strict=True))
    assert catalog.entries[0].links[0] is LINK


def test_warning_reads_like_a_compiler_message() -> None:
    assert str(ItemWarning(path="list.md", line=4, message="odd")) == "list.md:4: warning: odd"
