"""A list's history in RDF: the snapshots and the entries' first/last seen facts (added to the latest state in
``graph.ttl``), and ``graph.trig``, where each snapshot is a named graph of the entries it lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from mmr_graph.identity.iris import category_iri, entry_iri, list_iri, snapshot_iri
from mmr_graph.identity.namespaces import MMR
from mmr_graph.model import Catalog
from mmr_graph.rdf.graph import COUNTED_TEXT, with_void
from mmr_graph.rdf.ntriples import SortedGraph
from mmr_graph.rdf.parts import describe_part
from mmr_graph.rdf.types import Triple
from mmr_graph.timeline.history import History
from mmr_graph.timeline.snapshot import Snapshot
from mmr_graph.vocab import Vocabulary, load_vocabulary


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def snapshot_node(history_list: str, snapshot: Snapshot) -> URIRef:
    return snapshot_iri(history_list, snapshot.commit or "")


def history_triples(history: History) -> Iterator[Triple]:
    """The snapshots (list, commit, date, the version before) and each entry's first/last seen facts."""
    list_id = history.latest.catalog.lists[0].id
    the_list = list_iri(list_id)
    previous: URIRef | None = None
    for snapshot in history.snapshots:
        node = snapshot_node(list_id, snapshot)
        yield node, RDF.type, MMR.Snapshot
        yield node, RDF.type, PROV.Entity
        yield node, PROV.specializationOf, the_list
        if snapshot.commit:
            yield node, MMR.commit, Literal(snapshot.commit)
        if snapshot.date:
            yield node, DCTERMS.date, _date(snapshot.date)
        if snapshot.committed:
            yield node, PROV.generatedAtTime, Literal(snapshot.committed.isoformat(), datatype=XSD.dateTime)
        if previous is not None:
            yield node, PROV.wasRevisionOf, previous
        previous = node
    for key, seen in history.seen.items():
        entry = entry_iri(key)
        yield entry, MMR.firstSeenIn, snapshot_node(list_id, seen.first)
        yield entry, MMR.lastSeenIn, snapshot_node(list_id, seen.last)
        if seen.first.date:
            yield entry, MMR.firstSeen, _date(seen.first.date)
        if seen.last.date:
            yield entry, MMR.lastSeen, _date(seen.last.date)
        if seen.removed_in is not None:
            yield entry, MMR.removed, Literal(True)
            yield entry, MMR.removedIn, snapshot_node(list_id, seen.removed_in)
            if seen.removed_in.committed:
                when = Literal(seen.removed_in.committed.isoformat(), datatype=XSD.dateTime)
                yield entry, PROV.invalidatedAtTime, when


def union_graph(history: History, catalog: Catalog, vocab: Vocabulary | None = None) -> SortedGraph:
    """The graph of ``catalog`` (the history's union) as ``build`` describes it, with the history facts, and
    its VoID description counting them all."""
    part = describe_part(catalog, vocab or load_vocabulary(), COUNTED_TEXT, 0)
    part.graph.add(history_triples(history))
    return with_void(catalog, part.graph, part.members)


def snapshot_triples(snapshot: Snapshot) -> Iterator[Triple]:
    """What one version lists: each entry with its title as written then, its sections and its links."""
    for entry in snapshot.catalog.entries:
        node = entry_iri(entry.key)
        yield node, RDF.type, MMR.Entry
        yield node, DCTERMS.title, Literal(entry.title)
        for occurrence in entry.occurrences:
            for section in filter(None, occurrence.listed_under):
                yield node, MMR.category, category_iri(occurrence.list_id, section)
        for link in entry.links:
            if not link.iri.startswith("#"):
                yield node, DCTERMS.relation, URIRef(link.iri)


def write_trig(history: History, union: SortedGraph, out: TextIO) -> None:
    """TriG: the union graph as the default graph, then one named graph per snapshot (its IRI is the
    snapshot's, described in the default graph with its date). Statements are canonical N-Triples lines,
    sorted, so the file is the same for the same history."""
    list_id = history.latest.catalog.lists[0].id
    out.write(
        "# The latest state of the list with its history (default graph); one named graph per snapshot.\n"
    )
    out.write("{\n")
    for chunk in union.chunks():
        out.write(chunk)
    out.write("}\n")
    for snapshot in history.snapshots:
        out.write(f"\n<{snapshot_node(list_id, snapshot)}> {{\n")
        for chunk in SortedGraph.of(snapshot_triples(snapshot)).chunks():
            out.write(chunk)
        out.write("}\n")


def write_trig_file(history: History, union: SortedGraph, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        write_trig(history, union, out)
