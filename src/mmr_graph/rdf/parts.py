"""A catalog's graph described in parts (runs of its entries), and the parts put together, with exactly the
result of one description of the whole.

The first part holds the vocabulary, the lists and the first entries; each later part a run of the entries
after them. Why the parts make the graph of the one description (:mod:`mmr_graph.rdf.describe`):

* each entry is described in one part, and the nodes an entry owns (links, occurrences, assertions) have
  IRIs under the entry's own: the parts share none of those subjects;
* a shared node (a category, tag, venue, linked resource, model) is described the first time each part
  meets it; its statements depend on its key alone, so a node both describe gets the same statements twice
  and the graph keeps one;
* labels are the one thing that depends on the order (:func:`~mmr_graph.rdf.describe.label_property`). In
  the one description a later part's labels come after all of the first part's, so about a subject the
  first part has labelled, each label a later part gives is the preferred one if it is the first part's
  first and an alternative one otherwise; a subject only a later part labelled keeps its labels (its first
  one is the first in the one description too);
* the members of a counted class are a set of subjects: the union of both parts'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

from mmr_graph.model import Catalog
from mmr_graph.rdf.describe import Description, label_property
from mmr_graph.rdf.ntriples import SortedGraph, group, split_statement, statement
from mmr_graph.rdf.terms import TEXT
from mmr_graph.vocab import Vocabulary

Members = dict[str, set[str]]  # counted class -> its members (N-Triples text of each)
_LABELS = (TEXT.SKOS.prefLabel, TEXT.SKOS.altLabel)


@dataclass
class Part:
    """The sorted statements of a part of the graph, the members of each counted class in it, and the
    first label of each subject it labelled."""

    graph: SortedGraph
    members: Members
    labels: Mapping[str, str]


def describe_part(
    catalog: Catalog, vocab: Vocabulary, counted: Iterable[str], start: int, stop: int | None = None
) -> Part:
    """The part of the graph of the entries ``start:stop``; the first (``start`` 0) also holds the
    vocabulary and the lists. ``counted``: the classes (N-Triples text) whose members are collected."""
    description = Description(catalog, vocab, TEXT)
    triples = description.entry_triples(catalog.entries[start:stop])
    if start == 0:
        triples = chain(description.vocabulary_and_lists(), triples)
    grouped = group(triples, counted)  # type: ignore[arg-type] # TEXT spells every term as text
    return Part(SortedGraph(grouped.groups), grouped.members, description.labels)  # type: ignore[arg-type] # TEXT spells every term as text


def put_together(first: Part, later: Part) -> tuple[SortedGraph, Members]:
    """The graph and the counted classes' members of the two parts, ``later`` described after ``first``.
    Both parts are taken as they are (not copied): they are not to be used afterwards."""
    labels = first.labels
    # every subject the first part labelled is one of its own, so merge() sorts these statements again
    for subject in later.graph.groups.keys() & labels.keys():
        later.graph.groups[subject] = _relabelled(later.graph.groups[subject], labels[subject])
    first.graph.merge(later.graph)
    for cls, found in later.members.items():
        first.members[cls] |= found
    return first.graph, first.members


def _relabelled(statements: list[str], first: str) -> list[str]:
    """A later part's statements about a subject whose first label in the first part was ``first``, each
    label under the property the one description gives it."""
    relabelled = []
    for text in statements:
        predicate, obj = split_statement(text)
        if predicate in _LABELS:
            text = statement(label_property(first, obj, TEXT.SKOS), obj)  # type: ignore[arg-type] # TEXT: text
        relabelled.append(text)
    return relabelled
