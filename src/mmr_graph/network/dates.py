"""When entries came, for the view's timeline: each entry's month and what changed in the latest snapshot.

A graph with history facts (``mmr-graph history``: ``mmr:firstSeen``) places an entry by the month it was
first seen in the list; any other graph by its paper's month: the first submission date from enrichment
(``dcterms:issued``), else the month an arXiv identifier encodes (``dcterms:dateSubmitted``), else the
entry's own date (``dcterms:date``) when the list gives a month. An entry first seen in the latest snapshot
of its list (``mmr:firstSeenIn``; the latest is the snapshot with the newest date, commit time first) is
*new*; one that left the list (``mmr:removed true``) is *removed*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import PROV, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from mmr_graph.identity.namespaces import MMR
from mmr_graph.network.index import TripleIndex

FIRST_SEEN, FIRST_SEEN_IN, REMOVED, PAPER = MMR.firstSeen, MMR.firstSeenIn, MMR.removed, MMR.paper
SPECIALIZATION_OF, GENERATED = PROV.specializationOf, PROV.generatedAtTime
_MONTH = re.compile(r"^(\d{4}-\d{2})")

# What an entry's month means, by the facts the graph has.
FIRST_SEEN_BASIS = "first seen"
PAPER_BASIS = "paper"


def _month(values: Iterable[str]) -> str:
    months = sorted(m.group(1) for v in values if (m := _MONTH.match(v)))
    return months[0] if months else ""


def has_history(index: TripleIndex, entries: Iterable[Node]) -> bool:
    return any(index.literals(entry, FIRST_SEEN) for entry in entries)


def entry_month(index: TripleIndex, entry: Node, basis: str) -> str:
    """``YYYY-MM`` of the entry by ``basis`` (first seen, or its paper's month), or ``""``."""
    if basis == FIRST_SEEN_BASIS:
        return _month(index.literals(entry, FIRST_SEEN))
    papers = index.objects(entry, PAPER)
    issued = _month(d for paper in papers for d in index.literals(paper, DCTERMS.issued))
    if issued:
        return issued
    submitted = _month(d for paper in papers for d in index.literals(paper, DCTERMS.dateSubmitted))
    return submitted or _month(index.literals(entry, DCTERMS.date))


def latest_snapshots(index: TripleIndex) -> dict[Node, tuple[Node, str]]:
    """Per list, its newest snapshot and that snapshot's date (by commit time, then date, then IRI)."""
    newest: dict[Node, tuple[tuple[str, str, str], Node, str]] = {}
    for snapshot in index.of_type(MMR.Snapshot):
        date = index.literal(snapshot, DCTERMS.date)
        rank = (index.literal(snapshot, GENERATED), date, str(snapshot))
        for lst in index.objects(snapshot, SPECIALIZATION_OF):
            if lst not in newest or rank > newest[lst][0]:
                newest[lst] = (rank, snapshot, date)
    return {lst: (snapshot, date) for lst, (_, snapshot, date) in newest.items()}


def entry_change(index: TripleIndex, entry: Node, latest: set[Node]) -> str:
    """``"removed"`` for an entry that left its list, ``"new"`` for one first seen in a latest snapshot,
    else ``""``."""
    if any(v.casefold() == "true" for v in index.literals(entry, REMOVED)):
        return "removed"
    first = {s for s in index.objects(entry, FIRST_SEEN_IN) if isinstance(s, URIRef)}
    return "new" if first & latest else ""
