"""Triples in N-Triples text -> statements grouped by subject, the form a graph is collected in before it
is sorted (:class:`~mmr_graph.rdf.ntriples.SortedGraph`), with the members of the classes its VoID
description counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mmr_graph.rdf.terms import TEXT, Shared
from mmr_graph.rdf.types import Triple


@dataclass
class Grouped:
    """Statements (``"<predicate> object"``) by subject, in the order met, repeats kept; and the subjects
    typed with each counted class (by the class's N-Triples text)."""

    groups: dict[str, list[str]]
    members: dict[str, set[str]]


def group(triples: Iterable[Triple], counted: Iterable[str]) -> Grouped:
    """Group ``triples`` (as a :class:`~mmr_graph.rdf.describe.Description` spelt in
    :data:`~mmr_graph.rdf.terms.TEXT` gives them) by subject; ``counted`` are the classes whose members
    are collected."""
    groups: dict[str, list[str]] = {}
    members: dict[str, set[str]] = {cls: set() for cls in counted}
    rdf_type = TEXT.RDF.type
    # Statements whose object is a shared term (a type, a category, a fact source, a link's position) repeat
    # across entries: one string for each, made once, takes hundreds of megabytes less for a large list.
    made: dict[tuple[str, str], str] = {}  # (predicate, object) -> statement
    subject: str | None = None
    statements: list[str] = []
    for s, p, o in triples:
        if s is not subject:
            subject = s  # type: ignore[assignment]
            statements = groups.get(s)  # type: ignore[assignment]
            if statements is None:
                statements = groups[s] = []  # type: ignore[index]
        if o.__class__ is Shared:
            text = made.get((p, o))  # type: ignore[arg-type]
            if text is None:
                text = made[p, o] = f"{p} {o}"  # type: ignore[index]
            if p == rdf_type and o in members:
                members[o].add(s)  # type: ignore[index, arg-type]
            statements.append(text)
        else:
            statements.append(f"{p} {o}")
    return Grouped(groups, members)
