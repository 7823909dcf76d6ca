"""A diff as people and programs read it: text, markdown and JSON."""

from __future__ import annotations

import json
from typing import Any

from mmr_graph.identity.iris import entry_iri
from mmr_graph.timeline.diff import EntryChange, LinkChange, ListDiff
from mmr_graph.timeline.snapshot import Snapshot


def _version(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "source": snapshot.label,
        "commit": snapshot.commit,
        "date": snapshot.date.isoformat() if snapshot.date else None,
        "entries": len(snapshot.catalog.entries),
    }


def _entry(change: EntryChange) -> dict[str, Any]:
    return {
        "key": change.key,
        "title": change.title,
        "iri": str(entry_iri(change.entry.key)),
        "sections": [" > ".join(s) for s in change.entry.sections],
        "links": [link.url for link in change.entry.links],
    }


def _link(change: LinkChange) -> dict[str, str]:
    return {"key": change.key, "title": change.title, "url": change.url, "label": change.label}


def as_json(d: ListDiff) -> str:
    data = {
        "old": _version(d.old),
        "new": _version(d.new),
        "counts": d.counts(),
        "added": [_entry(c) for c in d.added],
        "removed": [_entry(c) for c in d.removed],
        "moved": [
            {"key": m.key, "title": m.title, "from": list(m.from_sections), "to": list(m.to_sections)}
            for m in d.moved
        ],
        "retitled": [{"key": r.key, "title": r.title, "old": r.old, "new": r.new} for r in d.retitled],
        "links_added": [_link(c) for c in d.links_added],
        "links_removed": [_link(c) for c in d.links_removed],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _heading(snapshot: Snapshot) -> str:
    when = f" ({snapshot.date.isoformat()})" if snapshot.date else ""
    return f"{snapshot.label}{when}, {len(snapshot.catalog.entries)} entries"


def _summary(d: ListDiff) -> str:
    c = d.counts()
    return (
        f"{c['added']} added, {c['removed']} removed, {c['moved']} moved, {c['retitled']} retitled, "
        f"{c['links_added']} links added, {c['links_removed']} links removed"
    )


def as_text(d: ListDiff) -> str:
    lines = [f"old: {_heading(d.old)}", f"new: {_heading(d.new)}", _summary(d)]

    def part(name: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{name} ({len(rows)}):")
            lines.extend(f"  {row}" for row in rows)

    part("added", [f"+ {c.title}  <{c.key}>" for c in d.added])
    part("removed", [f"- {c.title}  <{c.key}>" for c in d.removed])
    part(
        "moved",
        [f"~ {m.title}: {' | '.join(m.from_sections)} -> {' | '.join(m.to_sections)}" for m in d.moved],
    )
    part("retitled", [f"~ {r.old!r} -> {r.new!r}  <{r.key}>" for r in d.retitled])
    part("links added", [f"+ {c.url}  ({c.title})" for c in d.links_added])
    part("links removed", [f"- {c.url}  ({c.title})" for c in d.links_removed])
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe inside a markdown table cell or list item (no markup of its own)."""
    out = text.replace("\\", "\\\\")
    for char in "|*_`[]<>#":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def as_markdown(d: ListDiff) -> str:
    lines = [
        f"# Changes: {_md(d.old.label)} → {_md(d.new.label)}",
        "",
        f"- old: {_md(_heading(d.old))}",
        f"- new: {_md(_heading(d.new))}",
        f"- {_summary(d)}",
    ]

    def part(name: str, rows: list[str]) -> None:
        lines.extend(["", f"## {name} ({len(rows)})", ""])
        lines.extend(rows or ["None."])

    part("Added", [f"- [{_md(c.title)}](<{c.key}>)" for c in d.added])
    part("Removed", [f"- [{_md(c.title)}](<{c.key}>)" for c in d.removed])
    part(
        "Moved",
        [
            f"- {_md(m.title)}: {_md(' | '.join(m.from_sections))} → {_md(' | '.join(m.to_sections))}"
            for m in d.moved
        ],
    )
    part("Retitled", [f"- {_md(r.old)} → {_md(r.new)}" for r in d.retitled])
    part("Links added", [f"- <{c.url}> ({_md(c.title)})" for c in d.links_added])
    part("Links removed", [f"- <{c.url}> ({_md(c.title)})" for c in d.links_removed])
    return "\n".join(lines) + "\n"
