"""What each list says of an entry: one :class:`~mmr_graph.model.Occurrence` per list that lists it, with
that list's lines and sections, and the title, description, tags and links its listings give; and the
sections its ``[&X]`` tags name, resolved among that list's own sections (sections belong to their list).
"""

from __future__ import annotations

import dataclasses
import re

from mmr_graph.identity.keys import label_key
from mmr_graph.ingest.titles import most_complete
from mmr_graph.model import Item, Link, Occurrence, SourceList, Tags

Section = tuple[str, ...]
Children = dict[Section, list[tuple[Section, str, frozenset[str]]]]
"""Sections by parent, in list order, each with the label key of its heading and of the heading's words."""
_HEADING_WORDS = re.compile(r"[\s/]+")
_TAG_FIELDS = tuple(f.name for f in dataclasses.fields(Tags))


def sections_by_list(lists: list[SourceList]) -> dict[str, Children]:
    """Each list's sections indexed once per build: ``[&X]`` tags are resolved against them entry by entry."""
    return {source.id: children(list(source.sections)) for source in lists}


def occurrences(group: list[Item], sections: dict[str, Children]) -> tuple[Occurrence, ...]:
    """Where the items of one entry are listed: one occurrence per list (in the order the lists were
    given), lines in listing order, news lines among them (they give no title, tags or links)."""
    by_list: dict[str, list[Item]] = {}
    for item in group:
        by_list.setdefault(item.list_id, []).append(item)
    return tuple(_occurrence(list_id, its, sections.get(list_id, {})) for list_id, its in by_list.items())


def _occurrence(list_id: str, items: list[Item], children: Children) -> Occurrence:
    lines = tuple(item.line for item in items)
    item_sections = tuple(item.section for item in items)
    listed = [item for item in items if not item.mention]
    if not listed:  # only named in this list's news
        return Occurrence(list_id=list_id, lines=lines, sections=item_sections)
    tags = merge_tags([item.tags for item in listed])
    own = tuple(dict.fromkeys(item.section for item in listed))
    return Occurrence(
        list_id=list_id,
        lines=lines,
        sections=item_sections,
        title=most_complete(listed).title,
        description=next((item.description for item in listed if item.description), ""),
        tags=tags,
        links=union_of_links(listed),
        listed_under=own,
        secondary_sections=secondary(tags.secondary, own, children),
    )


def union_of_links(items: list[Item]) -> tuple[Link, ...]:
    """The links of the items, each (target, label) once, in the order first met."""
    if len(items) == 1:
        return items[0].links
    links: dict[tuple[str, str], Link] = {}
    for item in items:
        for link in item.links:
            links.setdefault((link.iri, link.label), link)
    return tuple(links.values())


def merge_tags(all_tags: list[Tags]) -> Tags:
    """The union of the tags of an entry's items, each tag once, in the order first seen."""
    if len(all_tags) == 1 and not _repeats(all_tags[0]):
        return all_tags[0]  # one listing without repeated tags: the union is the tags themselves
    return Tags(
        **{attr: tuple(dict.fromkeys(v for t in all_tags for v in getattr(t, attr))) for attr in _TAG_FIELDS}
    )


def _repeats(tags: Tags) -> bool:
    """Whether a tag occurs twice in one of the fields (a plain loop: this runs for every entry)."""
    for attr in _TAG_FIELDS:
        values = getattr(tags, attr)
        if len(values) > 1 and len(set(values)) < len(values):
            return True
    return False


def children(sections: list[Section]) -> Children:
    """Index one list's sections by parent."""
    found: Children = {}
    for section in sections:
        if section:
            heading = section[-1]
            words = frozenset(label_key(word) for word in _HEADING_WORDS.split(heading))
            found.setdefault(section[:-1], []).append((section, label_key(heading), words))
    return found


def secondary(targets: tuple[str, ...], own: tuple[Section, ...], children: Children) -> tuple[Section, ...]:
    """Resolve ``[&Reasoning]`` to the sibling section whose heading names it (e.g. 'Visual Reasoning'):
    the first whose heading is the target, else the first with the target as one of its words."""
    if not targets:
        return ()
    found: list[Section] = []
    for target in targets:
        key = label_key(target)
        for parent in dict.fromkeys(s[:-1] for s in own):
            siblings = children.get(parent, [])
            match = next((s for s, heading, _ in siblings if heading == key), None)
            if match is None:
                match = next((s for s, _, words in siblings if key in words), None)
            if match is not None and match not in own:
                found.append(match)
                break
        else:
            found.append((*own[0][:-1], target) if own and own[0] else (target,))
    return tuple(dict.fromkeys(found))
