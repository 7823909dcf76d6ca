"""Query answers as bytes: SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and an aligned text table for
people. (A graph answer is RDF: :mod:`mmr_graph.export.serialize`.)

The writers take rows one by one, so the endpoint can stop at its row cap; their output follows the W3C
result-format specifications and is read back by Oxigraph's parsers in the tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from mmr_graph.identity.namespaces import PREFIXES
from mmr_graph.query.engine import Term

# format name -> media type
SOLUTION_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMERIC = {_XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "nonNegativeInteger",
                               "positiveInteger", "short", "byte", "unsignedInt")}  # fmt: skip
Row = Sequence[Term | None]


def write_solutions(variables: Sequence[str], rows: Iterable[Row], fmt: str) -> bytes:
    """``SELECT`` results in ``fmt``: ``json``, ``xml``, ``csv`` or ``tsv``."""
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown result format {fmt!r}; choose from {', '.join(SOLUTION_FORMATS)}")
    return writer(variables, rows)


def write_boolean(value: bool, fmt: str) -> bytes:
    """``ASK`` results in ``fmt`` (CSV and TSV: the bare word, as Oxigraph and Jena write it)."""
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return word.encode()
    raise ValueError(f"unknown result format {fmt!r}; choose from {', '.join(SOLUTION_FORMATS)}")


def term_json(term: Term) -> dict[str, object]:
    """One RDF term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": term_json(term.subject),
            "predicate": term_json(term.predicate),
            "object": term_json(term.object),
        },
    }


def _json(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    bindings = [
        {var: term_json(term) for var, term in zip(variables, row, strict=True) if term is not None}
        for row in rows
    ]
    return json.dumps(
        {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    return "<triple>" + "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts) + "</triple>"


def _xml(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        for var, term in zip(variables, row, strict=True):
            if term is not None:
                out.append(f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _csv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(term) for term in row])
    return buffer.getvalue().encode()


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value == _XSD + "integer"
        and re.fullmatch(r"[+-]?\d+", term.value)
    ):
        return term.value
    return str(term).replace("\t", "\\t")


def _tsv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def compact(term: Term | None) -> str:
    """A term as a person reads it: IRIs with the project's prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max((ns for ns in PREFIXES.values() if term.value.startswith(ns)), key=len, default=None)
        if best is None or len(best) == len(term.value):
            return term.value
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{term.value[len(best) :]}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return f"<< {compact(term.subject)} {compact(term.predicate)} {compact(term.object)} >>"


def table(variables: Sequence[str], rows: Iterable[Row], max_width: int = 60) -> str:
    """An aligned text table with a header, numbers right-aligned, long values cut with an ellipsis."""
    materialized = list(rows)
    cells = [[_cut(compact(term), max_width) for term in row] for row in materialized]
    numeric = [
        all(
            isinstance(row[i], ox.Literal) and row[i].datatype.value in _NUMERIC  # type: ignore[union-attr] # a Literal, tested first
            for row in materialized
            if row[i] is not None
        )
        for i in range(len(variables))
    ]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]

    def line(values: Sequence[str]) -> str:
        padded = [
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    out = [line(list(variables)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def warm_up() -> None:
    """Write a small answer in every format once, so that everything the writers import lazily is imported:
    a process locked out of opening files (:mod:`mmr_graph.query.lockdown`) can still write them all."""
    node = ox.NamedNode("https://w3id.org/mmr-graph/ns#x")
    for fmt in SOLUTION_FORMATS:
        write_solutions(("x",), [(node,)], fmt)
        write_boolean(True, fmt)
    table(("x",), [(node,)])
