"""The entries a version added, as an Atom 1.0 feed people can subscribe to (written with feedgen)."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # no type information published
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from mmr_graph.identity.iris import entry_iri, list_iri
from mmr_graph.timeline.diff import ListDiff
from mmr_graph.timeline.snapshot import Snapshot

ATOM = "http://www.w3.org/2005/Atom"


def _updated(snapshot: Snapshot) -> dt.datetime:
    """The version's time: its commit's, else its date at midnight UTC, else the epoch (never "now": the
    same diff gives the same feed)."""
    if snapshot.committed is not None:
        return snapshot.committed
    if snapshot.date is not None:
        return dt.datetime.combine(snapshot.date, dt.time(), tzinfo=dt.UTC)
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def as_atom(d: ListDiff) -> bytes:
    """One feed item per added entry: the entry IRI as its id, its title, its links (the first as the item's
    link), the new version's date as ``updated``."""
    updated = _updated(d.new)
    lists = d.new.catalog.lists
    title = (lists[0].title if lists and lists[0].title else None) or d.new.label
    feed_id = str(list_iri(lists[0].id)) if lists else d.new.label
    fg = FeedGenerator()
    fg.id(feed_id + (f"/{d.new.commit}" if d.new.commit else ""))
    fg.title(f"{title}: new entries")
    fg.subtitle(f"Entries added between {d.old.label} and {d.new.label}")
    fg.author({"name": "mmr-graph"})
    fg.generator("mmr-graph")
    fg.updated(updated)
    for change in reversed(d.added):  # feedgen puts each new item first: reversed keeps the list's order
        entry = change.entry
        item = fg.add_entry()
        item.id(str(entry_iri(entry.key)))
        item.title(change.title)
        item.updated(updated)
        sections = "; ".join(" > ".join(s) for s in entry.sections)
        links = "\n".join(f"{link.label}: {link.url}" for link in entry.links)
        item.content(f"Section: {sections}\n{links}".strip(), type="text")
        for link in entry.links:
            item.link(href=link.url)
    return _with_relations(fg.atom_str(pretty=True))


def _with_relations(data: bytes) -> bytes:
    """Each item's first link as its ``alternate``, the others ``related`` (Atom allows one alternate link
    of a type per entry). feedgen 1.0 takes ``rel`` but does not write it, so it is set here."""
    root = etree.fromstring(data)
    for item in root.iterfind(f"{{{ATOM}}}entry"):
        for i, link in enumerate(item.iterfind(f"{{{ATOM}}}link")):
            link.set("rel", "alternate" if i == 0 else "related")
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out
