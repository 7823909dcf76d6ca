"""A large catalog's graph described in two processes at once, with exactly the result of one description.

The build describes the vocabulary, the lists and the first entries while a forked child (the catalog is
shared with it copy-on-write, not copied) describes the others and sorts its part (see
:mod:`mmr_graph.rdf.parts` for why the two parts make the one graph); the build takes the child's sorted
part as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mmr_graph.errors import GraphError
from mmr_graph.model import Catalog
from mmr_graph.parallel.fork import can_hand_back, forked
from mmr_graph.parallel.processes import can_fork, usable_cores
from mmr_graph.rdf import graph as rdf_graph
from mmr_graph.rdf.ntriples import SortedGraph
from mmr_graph.rdf.parts import Members, describe_part, put_together
from mmr_graph.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata

# From this many entries a graph is described in two processes (a fifth of the time saved: 0.2 s at
# 20,000 entries, over a second at 100,000); a smaller one is not worth another process.
SPLIT_MIN_ENTRIES = 20_000
# The share of the entries the build describes itself. The child then sorts its part, the build sorts its
# own and reads the child's: at this share the child's part is ready when the build wants it.
OWN_SHARE = 0.6


def sorted_graph(
    catalog: Catalog, vocab: Vocabulary | None = None, metadata: Metadata | None = None
) -> SortedGraph:
    """:func:`mmr_graph.rdf.graph.sorted_graph`, a second core describing part of a large catalog if a
    second process can be had."""
    vocab = vocab or load_vocabulary()
    split = describe_in_two(catalog, vocab) if worth_splitting(catalog) else None
    if split is None:
        return rdf_graph.sorted_graph(catalog, vocab, metadata)
    return rdf_graph.with_void(catalog, *split, metadata)


def worth_splitting(catalog: Catalog) -> bool:
    """Whether the catalog is large enough to be described in two processes, and they can be forked here
    (a spawned child would need the whole catalog pickled)."""
    return (
        len(catalog.entries) >= SPLIT_MIN_ENTRIES and can_fork() and can_hand_back() and usable_cores() >= 2
    )


def describe_in_two(
    catalog: Catalog, vocab: Vocabulary, own: int | None = None
) -> tuple[SortedGraph, Members] | None:
    """The sorted graph of the catalog's description and the members of each counted class, as one
    process would make them; the entries from ``own`` on (by default, those after :data:`OWN_SHARE` of
    them) are described by a child process. None if no child can be started: the caller describes them
    all."""
    counted = rdf_graph.COUNTED_TEXT
    at = round(len(catalog.entries) * OWN_SHARE) if own is None else own
    what = f"describing entries {at + 1:,} to {len(catalog.entries):,} of the graph"
    with forked(lambda: describe_part(catalog, vocab, counted, at), what, GraphError) as child:
        if child is None:
            return None
        first = describe_part(catalog, vocab, counted, 0, at)  # sorted while the child finishes its part
        later = child.result()
    return put_together(first, later)
