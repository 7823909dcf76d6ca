"""How much the lists of a field overlap: per list its entries and papers; per pair of lists the papers they
share and their Jaccard index; how many papers are in 1, 2, 3... lists; the papers only one list has.

A list's entries are the entries listed in it (an occurrence in that list); its papers are the papers those
entries link to (``mmr:paper``: arXiv, OpenReview, ACL Anthology, PDFs). The named queries
``list-sizes``, ``list-pairs``, ``papers-in-k-lists`` and ``papers-only-in`` ask the same of a graph.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from mmr_graph.identity.iris import list_iri
from mmr_graph.model import Catalog, LinkKind


@dataclass(frozen=True)
class ListMembers:
    """One list: its id, title, and the entries (IRIs' keys) and papers (IRIs) it has."""

    id: str
    title: str
    entries: frozenset[str]
    papers: frozenset[str]


def members(catalog: Catalog) -> list[ListMembers]:
    """The entries and papers of each list of ``catalog``, in the order the lists were given."""
    entries: dict[str, set[str]] = {source.id: set() for source in catalog.lists}
    papers: dict[str, set[str]] = {source.id: set() for source in catalog.lists}
    for entry in catalog.entries:
        linked = {
            link.iri for link in entry.links if link.kind is LinkKind.PAPER and not link.iri.startswith("#")
        }
        for occurrence in entry.occurrences:
            entries[occurrence.list_id].add(entry.key)
            papers[occurrence.list_id] |= linked
    return [
        ListMembers(
            source.id,
            source.title or source.path,
            frozenset(entries[source.id]),
            frozenset(papers[source.id]),
        )
        for source in catalog.lists
    ]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return round(len(a & b) / union, 4) if union else 0.0


def overlap_report(lists: list[ListMembers]) -> dict[str, Any]:
    """The report as the JSON output has it: ``lists``, ``pairs``, ``in_k_lists``, ``only_in``."""
    counts: dict[str, int] = {}
    for item in lists:
        for paper in item.papers:
            counts[paper] = counts.get(paper, 0) + 1
    in_k = {str(k): 0 for k in range(1, len(lists) + 1)}
    for n in counts.values():
        in_k[str(n)] += 1
    return {
        "lists": [
            {
                "id": m.id,
                "iri": str(list_iri(m.id)),
                "title": m.title,
                "entries": len(m.entries),
                "papers": len(m.papers),
            }
            for m in lists
        ],
        "pairs": [
            {
                "a": a.id,
                "b": b.id,
                "shared_papers": len(a.papers & b.papers),
                "jaccard": jaccard(a.papers, b.papers),
            }
            for a, b in combinations(lists, 2)
        ],
        "in_k_lists": in_k,
        "only_in": {m.id: sorted(p for p in m.papers if counts[p] == 1) for m in lists},
    }


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def as_csv(report: dict[str, Any]) -> str:
    """One row per figure: ``measure,a,b,k,value`` (entries, papers, only_in per list; shared_papers and
    jaccard per pair; in_k_lists per k)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["measure", "a", "b", "k", "value"])
    for item in report["lists"]:
        writer.writerow(["entries", item["id"], "", "", item["entries"]])
        writer.writerow(["papers", item["id"], "", "", item["papers"]])
        writer.writerow(["only_in", item["id"], "", "", len(report["only_in"][item["id"]])])
    for pair in report["pairs"]:
        writer.writerow(["shared_papers", pair["a"], pair["b"], "", pair["shared_papers"]])
        writer.writerow(["jaccard", pair["a"], pair["b"], "", pair["jaccard"]])
    for k, n in report["in_k_lists"].items():
        writer.writerow(["in_k_lists", "", "", k, n])
    return out.getvalue()


def as_table(report: dict[str, Any]) -> str:
    """The report for a terminal: lists, pairs, papers by number of lists."""
    lines = []
    width = max([len(item["id"]) for item in report["lists"]] + [4])
    lines.append(f"{'list':<{width}}  {'entries':>7}  {'papers':>6}  {'only here':>9}  title")
    for item in report["lists"]:
        only = len(report["only_in"][item["id"]])
        lines.append(
            f"{item['id']:<{width}}  {item['entries']:>7}  {item['papers']:>6}  {only:>9}  {item['title']}"
        )
    if report["pairs"]:
        lines.append("")
        lines.append(f"{'list':<{width}}  {'other list':<{width}}  {'shared papers':>13}  {'jaccard':>7}")
        for pair in report["pairs"]:
            names = f"{pair['a']:<{width}}  {pair['b']:<{width}}"
            lines.append(f"{names}  {pair['shared_papers']:>13}  {pair['jaccard']:>7.4f}")
    lines.append("")
    lines.append(
        "papers in "
        + ", ".join(f"{k} list{'s' if k != '1' else ''}: {n}" for k, n in report["in_k_lists"].items())
    )
    return "\n".join(lines) + "\n"
