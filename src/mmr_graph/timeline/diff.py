"""What changed between two versions of a list: entries added, removed, moved between sections, retitled,
and links added or removed.

Entries are matched by their key (the paper, else the repository, dataset... see
:func:`mmr_graph.identity.keys.entry_key`), so a retitled entry is the same entry. A link is added when an
entry of the new version has a URL its old version did not have (every link of an added entry is added),
removed the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from mmr_graph.ingest.markdown import normalize_space
from mmr_graph.model import Entry
from mmr_graph.timeline.snapshot import Snapshot

SECTION_SEPARATOR = " > "


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One entry in a diff: its key (canonical IRI), its title (the new version's, the old one's when it was
    removed), and what is said of it."""

    key: str
    title: str
    entry: Entry


@dataclass(frozen=True, slots=True)
class Moved:
    key: str
    title: str
    from_sections: tuple[str, ...]
    to_sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Retitled:
    key: str
    title: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class LinkChange:
    key: str
    title: str
    url: str
    label: str


@dataclass(frozen=True)
class ListDiff:
    old: Snapshot
    new: Snapshot
    added: tuple[EntryChange, ...]
    removed: tuple[EntryChange, ...]
    moved: tuple[Moved, ...]
    retitled: tuple[Retitled, ...]
    links_added: tuple[LinkChange, ...]
    links_removed: tuple[LinkChange, ...]

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "moved": len(self.moved),
            "retitled": len(self.retitled),
            "links_added": len(self.links_added),
            "links_removed": len(self.links_removed),
        }


def section_names(entry: Entry) -> tuple[str, ...]:
    """The sections an entry is listed under, each as its headings joined by `` > ``."""
    return tuple(SECTION_SEPARATOR.join(section) for section in entry.sections)


def _title(entry: Entry) -> str:
    return normalize_space(entry.title)


def _links(entry: Entry | None) -> dict[str, str]:
    """The entry's link URLs (as written) with their labels, in order."""
    found: dict[str, str] = {}
    for link in entry.links if entry else ():
        found.setdefault(link.url, link.label)
    return found


def diff(old: Snapshot, new: Snapshot) -> ListDiff:
    """Compare two versions; every part is in the order of the version it comes from."""
    before = {e.key: e for e in old.catalog.entries}
    after = {e.key: e for e in new.catalog.entries}
    added = tuple(EntryChange(k, _title(e), e) for k, e in after.items() if k not in before)
    removed = tuple(EntryChange(k, _title(e), e) for k, e in before.items() if k not in after)
    moved: list[Moved] = []
    retitled: list[Retitled] = []
    for key, entry in after.items():
        was = before.get(key)
        if was is None:
            continue
        if set(was.sections) != set(entry.sections):
            moved.append(Moved(key, _title(entry), section_names(was), section_names(entry)))
        if _title(was) != _title(entry):
            retitled.append(Retitled(key, _title(entry), _title(was), _title(entry)))
    links_added: list[LinkChange] = []
    links_removed: list[LinkChange] = []
    for key, entry in after.items():
        had = _links(before.get(key))
        links_added += [
            LinkChange(key, _title(entry), u, lab) for u, lab in _links(entry).items() if u not in had
        ]
    for key, entry in before.items():
        has = _links(after.get(key))
        links_removed += [
            LinkChange(key, _title(entry), u, lab) for u, lab in _links(entry).items() if u not in has
        ]
    return ListDiff(
        old, new, added, removed, tuple(moved), tuple(retitled), tuple(links_added), tuple(links_removed)
    )
