"""RDF graph -> networkx graph of what a person explores: entries and the things they link to.

A pure transform. Nodes are the entries and the resources and concepts they point at (papers, code,
datasets, models, collections, methods, modalities, venues, categories), each with a ``kind``, a short
``label``, a stable ``key`` (for URLs), its displayable facts and outbound links. Edges are the entry's
links to them, plus ``skos:broader`` between concepts (GRPO -> RL, a section -> its parent). List
bookkeeping (link records, occurrences, the VoID description, unused vocabulary) is left out.

Works on whatever the graph holds: curated facts (``mmr:usesMethod``, ``mmr:kind``, ``mmr:baseModel``,
assertions) show up when present and are simply absent otherwise.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, VOID
from rdflib.term import Node

from mmr_graph.identity.namespaces import ID_IRI, MMR, SDO
from mmr_graph.network import dates
from mmr_graph.network.details import fact_sources, label_of, node_facts, node_links, search_terms
from mmr_graph.network.index import TripleIndex
from mmr_graph.network.lists import entry_lists, list_members
from mmr_graph.overlap import overlap_report
from mmr_graph.rdf.kinds import kind_of

# Node kinds, in legend order.
KINDS = (
    "entry",
    "paper",
    "code",
    "dataset",
    "model",
    "collection",
    "method",
    "modality",
    "venue",
    "category",
)
# entry -> target properties that become edges, with the kind of an untyped target.
ENTRY_RELATIONS: dict[URIRef, str] = {
    MMR.paper: "paper",
    MMR.code: "code",
    MMR.dataset: "dataset",
    MMR.dataCollection: "collection",
    MMR.model: "model",
    MMR.baseModel: "model",
    MMR.distilledFrom: "model",
    MMR.usesMethod: "method",
    MMR.modality: "modality",
    MMR.venue: "venue",
    MMR.category: "category",
    MMR.secondaryCategory: "category",
}
_BROADER, _TITLE = SKOS.broader, DCTERMS.title
_RELATION_NAMES = {prop: str(prop).rsplit("#", 1)[-1] for prop in ENTRY_RELATIONS}
# concept kinds whose skos:broader parents are brought in (with an edge), transitively.
_HIERARCHICAL = frozenset({"method", "modality", "category"})


def node_key(iri: str) -> str:
    """A short stable id for URLs: ``method/GRPO`` for our IRIs, ``arxiv.org/abs/2504.07954`` otherwise."""
    if iri.startswith(ID_IRI):
        return iri[len(ID_IRI) :]
    return iri.split("://", 1)[-1]


def local_name(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]


def _kind(index: TripleIndex, node: Node, fallback: str | None = None) -> str | None:
    """The node's kind (:func:`mmr_graph.rdf.kinds.kind_of`) if the view shows that kind, else ``fallback``
    (the kind its property implies, for a node the graph does not type)."""
    kind = kind_of(str(node), {str(t) for t in index.properties(node).get(RDF.type, ())})
    return kind if kind in KINDS else fallback


def graph_title(index: TripleIndex) -> str:
    """The graph's own title (its VoID description), else one made of the input lists' titles."""
    for node in index.of_type(VOID.Dataset):
        title = index.literal(node, DCTERMS.title)
        if title:
            return title
    inputs = [n for n in index.of_type(MMR.AwesomeList) if str(n).startswith(ID_IRI)]
    lists = [index.literal(n, DCTERMS.title) for n in inputs]
    return "Knowledge graph of " + ", ".join(filter(None, lists)) if any(lists) else "mmr-graph"


def graph_sources(index: TripleIndex) -> list[tuple[str, str]]:
    """(label, upstream URL or '') of each input list, sorted by label."""
    sources = []
    for node in index.of_type(MMR.AwesomeList):
        if str(node).startswith(ID_IRI):
            url = index.iri(node, SDO.url)
            created = index.literal(node, DCTERMS.created)
            label = label_of(index, node) + (f" ({created})" if created else "")
            sources.append((label, url))
    return sorted(sources)


def section_list(index: TripleIndex, category: Node, titles: dict[str, str]) -> str:
    """The title of the list a section belongs to (its scheme is part of the list), else ``""``;
    ``titles``: the lists' titles by key, told apart where two are the same (the graph's ``lists``)."""
    for scheme in index.objects(category, SKOS.inScheme):
        for lst in index.objects(scheme, DCTERMS.isPartOf):
            return titles.get(node_key(str(lst))) or index.literal(lst, _TITLE) or label_of(index, lst)
    return ""


def to_networkx(graph: Iterable[tuple[Node, Node, Node]]) -> nx.DiGraph[str]:
    """Project an RDF graph (an rdflib Graph or any iterable of triples) onto a networkx DiGraph.

    Node ids are IRIs (strings). Node attributes: ``kind``, ``key``, ``label``, ``title``, ``facts``
    (list of (name, values)), ``links`` (list of (label, url)), ``search`` (extra search terms); entries
    also have ``lists`` (the keys of the lists they are in), ``month`` (``YYYY-MM`` or ``""``), ``change``
    (``"new"``, ``"removed"`` or ``""``) and ``sources`` (each asserted fact with its source); sections
    have ``list`` (the title of the list they belong to). Edge
    attribute: ``relations``, the sorted local names of the properties joining the two nodes. Graph
    attributes: ``title``, ``sources``, ``lists`` (key and title of each list), ``overlap`` (the report
    of :func:`mmr_graph.overlap.overlap_report`), ``timeline`` (what the months mean, the latest snapshot).
    """
    index = TripleIndex(graph)
    kinds: dict[Node, str] = {}
    relations: dict[tuple[Node, Node], set[str]] = defaultdict(set)

    for entry in index.of_type(MMR.Entry):
        kinds[entry] = "entry"
        props = index.properties(entry)
        for prop, fallback in ENTRY_RELATIONS.items():
            for target in props.get(prop, ()):
                if not isinstance(target, URIRef) or target == entry:
                    continue
                kind = kinds.get(target) or _kind(index, target, fallback)
                if kind is None or kind == "entry":
                    continue
                kinds[target] = kind
                relations[(entry, target)].add(_RELATION_NAMES[prop])

    pending = [n for n, k in kinds.items() if k in _HIERARCHICAL]
    while pending:
        child = pending.pop()
        for parent in index.objects(child, _BROADER):
            if not isinstance(parent, URIRef) or parent == child:
                continue
            if parent not in kinds:
                kinds[parent] = _kind(index, parent, kinds[child]) or kinds[child]
                pending.append(parent)
            relations[(child, parent)].add("broader")

    g: nx.DiGraph[str] = nx.DiGraph(title=graph_title(index), sources=graph_sources(index))
    entries = [node for node, kind in kinds.items() if kind == "entry"]
    g.graph.update(_lists_and_time(index, entries))
    basis, latest = g.graph["timeline"]["basis"], set(g.graph["timeline"]["latest"])
    list_titles = dict(g.graph["lists"])
    for node in sorted(kinds, key=str):
        kind = kinds[node]
        label = label_of(index, node)
        title = index.literal(node, _TITLE) or label
        own = {}
        if kind == "entry":
            own = {
                "lists": tuple(node_key(str(lst)) for lst in entry_lists(index, node)),
                "month": dates.entry_month(index, node, basis),
                "change": dates.entry_change(index, node, {URIRef(s) for s in latest}),
                "sources": fact_sources(index, node),
            }
        elif kind == "category":
            own = {"list": section_list(index, node, list_titles)}
        g.add_node(
            str(node),
            kind=kind,
            key=node_key(str(node)),
            label=label,
            title=title,
            facts=node_facts(index, node, kind),
            links=node_links(index, node, kind),
            search=search_terms(index, node, kind),
            **own,
        )
    edges = sorted(((str(s), str(t)), names) for (s, t), names in relations.items())
    for (start, end), names in edges:
        g.add_edge(start, end, relations=tuple(sorted(names)))
    return g


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _distinct_part(list_id: str, title: str) -> str:
    """What of a list's id is not its title: ``2025-04-24`` of ``awesome-x-2025-04-24`` titled "Awesome X"
    (the whole id when it does not start with the title)."""
    want, at, matched = _squeeze(title), 0, 0
    while at < len(list_id) and matched < len(want):
        ch = list_id[at].casefold()
        if ch.isalnum():
            if ch != want[matched]:
                break
            matched += 1
        at += 1
    rest = list_id[at:].strip("-_. ")
    return rest if matched == len(want) and rest else list_id


def _lists_and_time(index: TripleIndex, entries: list[Node]) -> dict[str, Any]:
    """The graph attributes ``lists``, ``overlap`` and ``timeline`` (see :func:`to_networkx`)."""

    def own_title(lst: Node) -> str:
        return index.literal(lst, _TITLE) or label_of(index, lst)

    lists = {lst for entry in entries for lst in entry_lists(index, entry)}
    same = Counter(_squeeze(own_title(lst)) for lst in lists)

    def title(lst: Node) -> str:
        """The list's title, and its id when another list has the same title (three lists of a field may
        all be "Awesome Multimodal Reasoning")."""
        text = own_title(lst)
        return f"{text} ({_distinct_part(local_name(lst), text)})" if same[_squeeze(text)] > 1 else text

    members = list_members(index, entries, lambda lst: node_key(str(lst)), title)
    report = overlap_report(members)
    for item in report["lists"]:
        item.pop("iri")  # made from a list id; the view has the list's key instead
    basis = dates.FIRST_SEEN_BASIS if dates.has_history(index, entries) else dates.PAPER_BASIS
    latest = dates.latest_snapshots(index)
    return {
        "lists": [(m.id, m.title) for m in members],
        "overlap": report,
        "timeline": {
            "basis": basis,
            "latest": sorted(str(snapshot) for snapshot, _ in latest.values()),
            "latest_date": max((date for _, date in latest.values()), default=""),
        },
    }
