"""Which lists each entry is in, read from its occurrences (``entry mmr:occurrence ?o . ?o mmr:inList
?list``), and the members of each list as :mod:`mmr_graph.overlap` counts them (its entries, and the papers
those entries link to with ``mmr:paper``), so the view shows the figures of ``mmr-graph overlap`` computed
by the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import URIRef
from rdflib.term import Node

from mmr_graph.identity.namespaces import MMR
from mmr_graph.network.index import TripleIndex
from mmr_graph.overlap import ListMembers

OCCURRENCE, IN_LIST, PAPER = MMR.occurrence, MMR.inList, MMR.paper


def entry_lists(index: TripleIndex, entry: Node) -> list[Node]:
    """The lists that list ``entry``, each once, sorted."""
    found = {
        lst
        for occurrence in index.objects(entry, OCCURRENCE)
        for lst in index.objects(occurrence, IN_LIST)
        if isinstance(lst, URIRef)
    }
    return sorted(found, key=str)


def list_members(
    index: TripleIndex,
    entries: Iterable[Node],
    key: Callable[[Node], str],
    title: Callable[[Node], str],
) -> list[ListMembers]:
    """Each list's entries and papers, lists ordered by title (then key); ``key`` gives a list's id,
    ``title`` its title. Papers are the IRIs of ``mmr:paper`` targets, as the overlap command takes them
    from the links."""
    found_entries: dict[Node, set[str]] = {}
    found_papers: dict[Node, set[str]] = {}
    for entry in entries:
        papers = {str(p) for p in index.objects(entry, PAPER) if isinstance(p, URIRef)}
        for lst in entry_lists(index, entry):
            found_entries.setdefault(lst, set()).add(str(entry))
            found_papers.setdefault(lst, set()).update(papers)
    lists = sorted(found_entries, key=lambda lst: (title(lst).casefold(), key(lst)))
    return [
        ListMembers(key(lst), title(lst), frozenset(found_entries[lst]), frozenset(found_papers[lst]))
        for lst in lists
    ]
