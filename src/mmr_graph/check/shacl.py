"""Validate a graph against ``ontology/shapes.ttl`` with pySHACL and describe each result readably.

The graph comes as an rdflib graph (from :func:`mmr_graph.loader.load_graph` on the command line).
Validation runs without inference: every node of a built graph carries its ``mmr:`` class directly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from mmr_graph.identity.namespaces import PREFIXES
from mmr_graph.resources import resource

SHAPES_NS = "https://w3id.org/mmr-graph/shapes#"

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with every term already written in prefixed form."""

    severity: str  # Violation, Warning or Info
    focus: str
    path: str | None
    message: str
    component: str  # the constraint component, e.g. MinCount
    shape: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        value = f" (value: {self.value})" if self.value is not None and self.value not in self.message else ""
        return f"{where}{self.message}{value} [{self.component}, {self.shape}]"


@dataclass
class Report:
    """The outcome of validating one graph."""

    triples: int
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def load_shapes(path: Path | None = None) -> Graph:
    shapes = Graph()
    shapes.parse(path or resource("shapes"), format="turtle")
    return shapes


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` against the shapes (default: the shipped ones), without inference."""
    from pyshacl import validate

    shapes = shapes if shapes is not None else load_shapes()
    start = time.perf_counter()
    _, results_graph, _ = validate(graph, shacl_graph=shapes, inference="none", advanced=False)
    seconds = time.perf_counter() - start
    namer = _Namer(shapes)
    results = [
        _result(results_graph, node, namer) for node in results_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    results.sort(key=lambda r: (_SEVERITY_ORDER.get(r.severity, 3), r.focus, r.path or "", r.message))
    return Report(triples=len(graph), results=results, seconds=seconds)


class _Namer:
    """Writes terms in prefixed form with the project's prefixes and names a result's shape."""

    def __init__(self, shapes: Graph) -> None:
        self.prefixes = sorted(
            [*PREFIXES.items(), ("sh", str(SH)), ("mmrsh", SHAPES_NS)], key=lambda p: -len(p[1])
        )
        self.shapes = shapes

    def term(self, term: Node | None) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            text = str(term)
            for prefix, namespace in self.prefixes:
                local = text[len(namespace) :]
                if text.startswith(namespace) and local and all(c.isalnum() or c in "-_." for c in local):
                    return f"{prefix}:{local}"
            return f"<{text}>"
        if isinstance(term, Literal):
            text = str(term)
            shown = repr(text if len(text) <= 60 else text[:57] + "...")
            if term.language:
                return f"{shown}@{term.language}"
            if term.datatype is not None:
                return f"{shown}^^{self.term(term.datatype)}"
            return shown
        return "[]"

    def path(self, graph: Graph, path: Node | None) -> str | None:
        if path is None:
            return None
        if isinstance(path, URIRef):
            return self.term(path)
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + (self.path(graph, inverse) or "?")
        return "(complex path)"

    def shape(self, shape: Node | None) -> str:
        """A property shape is a blank node: name the node shape it belongs to instead."""
        if isinstance(shape, BNode):
            owner = self.shapes.value(predicate=SH.property, object=shape)
            owner = owner if owner is not None else self.shapes.value(predicate=SH.node, object=shape)
            if owner is not None:
                return self.shape(owner)
            return "(anonymous shape)"
        return self.term(shape)


def _result(results: Graph, node: Node, namer: _Namer) -> Result:
    severity = results.value(node, SH.resultSeverity)
    component = results.value(node, SH.sourceConstraintComponent)
    messages = [str(m) for m in results.objects(node, SH.resultMessage)]
    value = results.value(node, SH.value)
    return Result(
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        focus=namer.term(results.value(node, SH.focusNode)),
        path=namer.path(results, results.value(node, SH.resultPath)),
        message=min(messages, key=len) if messages else "constraint not satisfied",
        component=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else "?",
        shape=namer.shape(results.value(node, SH.sourceShape)),
        value=namer.term(value) if value is not None else None,
    )


def format_report(report: Report, name: str) -> list[str]:
    """The lines a person reads: a header, then each focus node with its results."""
    counts: dict[str, int] = {}
    for result in report.results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    lines: list[str] = []
    if report.conforms:
        lines.append(f"{name}: conforms ({report.triples} triples, {report.seconds:.2f} s)")
    else:
        focus_nodes = len({r.focus for r in report.violations})
        lines.append(
            f"{name}: {counts['Violation']} violations on {focus_nodes} nodes "
            f"({report.triples} triples, {report.seconds:.2f} s)"
        )
    current = None
    for result in report.results:
        if result.focus != current:
            current = result.focus
            lines.append(f"  {result.focus}")
        tag = "" if result.severity == "Violation" else f"{result.severity.lower()}: "
        lines.append(f"    {tag}{result}")
    others = {k: v for k, v in counts.items() if k != "Violation"}
    if others:
        lines.append(
            "  " + ", ".join(f"{v} {k.lower()}s" for k, v in sorted(others.items())) + " (not errors)"
        )
    return lines
