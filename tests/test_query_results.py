"""Result writers: what they write reads back (with Oxigraph's parsers) to the same solutions."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from mmr_graph.export.serialize import serialize
from mmr_graph.query import engine, results
from mmr_graph.query.errors import QueryError

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    a, p = ox.NamedNode("https://w3id.org/mmr-graph/id/entry/a"), ox.NamedNode("http://ex/p")
    for value in [
        ox.Literal('tab\there, "quoted", comma, new\nline & <angle>'),
        ox.Literal("Bild", language="de"),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("2025-05", datatype=ox.NamedNode(XSD + "gYearMonth")),
        ox.Literal("ünïcödé ✓ 多模态"),
        ox.NamedNode("https://arxiv.org/abs/2503.21776"),
        ox.BlankNode("b0"),
    ]:
        s.add(ox.Quad(a, p, value))
    return s


QUERY = "SELECT ?s ?o ?unbound WHERE { ?s <http://ex/p> ?o } ORDER BY STR(?o)"


def rows(store: ox.Store) -> tuple[tuple[str, ...], list[tuple]]:
    answer = engine.run(store, QUERY)
    return answer.variables, list(answer.rows)


@pytest.mark.parametrize(
    ("fmt", "oxfmt"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_writers_read_back_to_the_same_solutions(
    store: ox.Store, fmt: str, oxfmt: ox.QueryResultsFormat
) -> None:
    variables, expected = rows(store)
    data = results.write_solutions(variables, expected, fmt)
    parsed = ox.parse_query_results(data, format=oxfmt)
    assert [v.value for v in parsed.variables] == list(variables)
    got = [tuple(s) for s in parsed]
    # blank node labels may be renamed by a parser; everything else is exact
    assert [tuple(t if not isinstance(t, ox.BlankNode) else "bnode" for t in r) for r in got] == [
        tuple(t if not isinstance(t, ox.BlankNode) else "bnode" for t in r) for r in expected
    ]


def test_json_is_sparql_results_json(store: ox.Store) -> None:
    variables, expected = rows(store)
    doc = json.loads(results.write_solutions(variables, expected, "json"))
    assert doc["head"]["vars"] == ["s", "o", "unbound"]
    bindings = doc["results"]["bindings"]
    assert all("unbound" not in b for b in bindings)
    by_value = {b["o"]["value"]: b["o"] for b in bindings}
    assert by_value["42"] == {"type": "literal", "value": "42", "datatype": XSD + "integer"}
    assert by_value["Bild"] == {"type": "literal", "value": "Bild", "xml:lang": "de"}
    assert by_value["ünïcödé ✓ 多模态"] == {"type": "literal", "value": "ünïcödé ✓ 多模态"}
    assert by_value["https://arxiv.org/abs/2503.21776"]["type"] == "uri"
    assert by_value["b0"]["type"] == "bnode"


def test_csv_follows_rfc4180_and_the_sparql_csv_rules(store: ox.Store) -> None:
    variables, expected = rows(store)
    data = results.write_solutions(variables, expected, "csv").decode()
    assert data.startswith("s,o,unbound\r\n")
    parsed = list(csv.reader(io.StringIO(data, newline="")))
    assert parsed[0] == ["s", "o", "unbound"]
    values = {r[1] for r in parsed[1:]}
    assert 'tab\there, "quoted", comma, new\nline & <angle>' in values
    assert "https://arxiv.org/abs/2503.21776" in values and "_:b0" in values and "42" in values
    assert all(r[2] == "" for r in parsed[1:])


def test_booleans() -> None:
    assert json.loads(results.write_boolean(True, "json")) == {"head": {}, "boolean": True}
    assert (
        ox.parse_query_results(
            results.write_boolean(False, "xml"), format=ox.QueryResultsFormat.XML
        ).__bool__()
        is False
    )
    assert results.write_boolean(True, "csv") == b"true"


def test_graph_formats(store: ox.Store) -> None:
    triples = list(engine.run(store, "CONSTRUCT WHERE { ?s ?p ?o }").triples)
    for fmt, oxfmt in [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("rdfxml", ox.RdfFormat.RDF_XML),
                       ("jsonld", ox.RdfFormat.JSON_LD)]:  # fmt: skip
        back = list(ox.parse(serialize(triples, fmt), format=oxfmt))
        assert len(back) == len(triples), fmt
    assert b"@prefix entry:" in serialize(triples, "ttl")


def test_table_is_aligned_with_prefixes_and_numbers_right() -> None:
    s = ox.Store()
    e = ox.NamedNode("https://w3id.org/mmr-graph/id/entry/arxiv/2503.21776")
    s.add(ox.Quad(e, ox.NamedNode("http://ex/n"), ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))))
    s.add(ox.Quad(e, ox.NamedNode("http://ex/long"), ox.Literal("x" * 100)))
    answer = engine.run(s, "SELECT ?e ?n ?t WHERE { ?e <http://ex/n> ?n ; <http://ex/long> ?t }")
    text = results.table(answer.variables, answer.rows)
    lines = text.splitlines()
    assert lines[0].split() == ["e", "n", "t"]
    assert lines[2].startswith("entry:arxiv/2503.21776")
    assert lines[2].split()[1] == "7"
    assert lines[2][lines[0].index(" n ") + 1] == "7", "numbers are right-aligned under their header"
    assert "…" in lines[2] and len(lines[2]) < 120
    assert lines[-1] == "(1 row)"


def test_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(QueryError) as info:
        engine.run(ox.Store(), "SELECT *\nWHERE { ?s ?p }", "my.rq")
    assert info.value.line == 2 and info.value.column
    assert "my.rq at line 2, column" in str(info.value)
    assert "\n" not in str(info.value)
