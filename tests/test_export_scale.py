"""The fast build path gives exactly what the rdflib path gives: same triples, same bytes in every format."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox
import pytest
from crosscheck import sorted_triples

from mmr_graph.errors import OutputError
from mmr_graph.export import jsonld
from mmr_graph.export.files import write_graph, write_sorted
from mmr_graph.ingest import build_catalog
from mmr_graph.parallel import writing
from mmr_graph.parallel.children import ChildJob
from mmr_graph.rdf.graph import iter_triples, sorted_graph
from mmr_graph.rdf.ntriples import SortedGraph, escape, literal, split_literal, unescape

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
CASES = [FIXTURES / "kitchen_sink.md", FIXTURES / "hostile.md", *sorted(LISTS.glob("*.md"))]


def _reference_lines(path: Path) -> str:
    """N-Triples the slow way: rdflib terms, converted one by one to Oxigraph terms, sorted by their text."""
    triples = sorted_triples(iter_triples(build_catalog([path])))
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)


@pytest.mark.parametrize("path", [p for p in CASES if p.exists()], ids=lambda p: p.name)
def test_sorted_graph_is_the_rdflib_graph_as_sorted_ntriples(path: Path) -> None:
    graph = sorted_graph(build_catalog([path]))
    assert "".join(graph.chunks()) == _reference_lines(path)


@pytest.mark.parametrize(
    "text", ["plain", 'quote " and \\ backslash', "tab\tnew\nline\rcr", "\x00\x01\x08\x0c\x1f\x7f", "\ufffe\uffff",
             "é “curly” 数据集 😀", ""]
)  # fmt: skip
def test_literal_text_is_oxigraph_canonical_ntriples(text: str) -> None:
    assert literal(text) == str(ox.Literal(text))
    assert literal(text, "http://www.w3.org/2001/XMLSchema#date") == str(
        ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    )
    assert unescape(escape(text)) == text
    assert split_literal(literal(text, "http://e.org/d")) == (text, "http://e.org/d", None)


def test_every_code_point_escapes_as_oxigraph_does() -> None:
    for start in range(0, 0x110000, 0x800):
        chunk = "".join(chr(c) for c in range(start, start + 0x800) if not 0xD800 <= c <= 0xDFFF)
        assert literal(chunk) == str(ox.Literal(chunk)), hex(start)


def _old_style_jsonld(triples: list[ox.Triple]) -> bytes:
    """The JSON-LD document built as Python objects and printed by json.dumps(indent=1)."""
    by_iri, _ = jsonld._term_index()
    nodes = []
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict = {"@id": jsonld.compact_iri(subject.value)}
        for t in group:
            if t.predicate.value == jsonld._RDF_TYPE and isinstance(t.object, ox.NamedNode):
                node.setdefault("@type", []).append(jsonld.compact_iri(t.object.value))
                continue
            name, coercion = by_iri.get(t.predicate.value, (jsonld.compact_iri(t.predicate.value), None))
            node.setdefault(name, []).append(jsonld._value(str(t.object), coercion))
        nodes.append({k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()})
    document = {"@context": jsonld.context(), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    "path", [FIXTURES / "kitchen_sink.md", FIXTURES / "hostile.md"], ids=lambda p: p.name
)
def test_jsonld_text_is_what_json_dumps_prints(path: Path) -> None:
    triples = sorted_triples(iter_triples(build_catalog([path])))
    assert jsonld.to_jsonld(triples) == _old_style_jsonld(triples)


_S = "https://w3id.org/mmr-graph/id/entry/x"
_MMR = "https://w3id.org/mmr-graph/ns#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _shapes() -> list[ox.Triple]:
    """Statements of every shape the writer prints by a short path or the long one: types of every kind of
    object (so ``@type`` and ``rdf:type`` keys interleave), strings with and without escapes, literals of
    the property's own type and of another, language strings, blank nodes, single and repeated keys."""
    s, n, lit = ox.NamedNode(_S), ox.NamedNode, ox.Literal
    objects = {
        _RDF + "type": [n(_MMR + "Entry"), n(_MMR + "Thing"), lit("a type as text"), ox.BlankNode("b0")],
        _MMR + "shortName": [
            lit("plain"),
            lit('quote " and \\ and\nline'),
            lit("tab\there"),
            lit("été 数据"),
        ],
        _MMR + "line": [lit("12", datatype=n(_XSD + "positiveInteger")), lit("x", datatype=n(_XSD + "date"))],
        _MMR + "url": [lit('https://e.org/"q"', datatype=n(_XSD + "anyURI"))],
        _MMR + "year": [lit("2025", datatype=n(_XSD + "gYear"))],
        _MMR + "link": [n(_S + "/link/1"), n(_S + "/link/2"), ox.BlankNode("b1")],
        _MMR + "paper": [lit("not an IRI")],
        "http://purl.org/dc/terms/title": [lit("Title", language="en"), lit("Titre", language="fr")],
        "http://purl.org/dc/terms/relation": [n("https://arxiv.org/abs/2504.07954")],
        "https://example.org/unknown#p": [n("urn:x:y"), lit("1", datatype=n(_XSD + "integer"))],
    }
    triples = [ox.Triple(s, n(p), o) for p, objs in objects.items() for o in objs]
    triples += [ox.Triple(n(_S + "/link/1"), n(_RDF + "type"), n(_MMR + "Link"))]
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def test_jsonld_of_every_statement_shape_is_what_json_dumps_prints() -> None:
    triples = _shapes()
    assert jsonld.to_jsonld(triples) == _old_style_jsonld(triples)
    assert jsonld.to_jsonld(triples[:1]) == _old_style_jsonld(triples[:1])
    assert jsonld.to_jsonld([]) == _old_style_jsonld([])


def _naive_compact(iri: str) -> str:
    _, prefixes = jsonld._term_index()
    for namespace, prefix in prefixes:
        if (
            iri.startswith(namespace)
            and len(iri) > len(namespace)
            and not iri[len(namespace) :].startswith("//")
        ):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@pytest.mark.parametrize(
    "iri",
    ["https://w3id.org/mmr-graph/id/entry/x-1/link/2", "https://w3id.org/mmr-graph/id/entry/", "https://arxiv.org/abs/2504.07954",
     "https://github.com/a/b", "https://github.com//x", "https://huggingface.co/datasets/a/b", "https://w3id.org/mmr-graph/ns#Entry",
     "http://www.w3.org/2001/XMLSchema#date", "https://example.org/no/prefix#here", "urn:x:y", "https://w3id.org/mmr-graph/id/",
     "https://w3id.org/mmr-graph/id/category/a/b", "https://huggingface.co/", "https://huggingface.co/x"],
)  # fmt: skip
def test_compact_iri_matches_the_longest_namespace_rule(iri: str) -> None:
    assert jsonld.compact_iri(iri) == _naive_compact(iri)


def test_turtle_in_a_second_process_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = sorted_graph(build_catalog([FIXTURES / "kitchen_sink.md"]))
    write_sorted(graph, tmp_path / "here")
    monkeypatch.setattr(writing, "PARALLEL_FROM", 0)
    writing.write_sorted(graph, tmp_path / "there")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld"):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes(), name


def test_a_failed_turtle_process_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("this is not N-Triples\n", encoding="utf-8")
    job = ChildJob("ttl", bad, tmp_path / "out.ttl")
    with pytest.raises(OutputError, match="writing Turtle failed"):
        job.wait()


def test_only_ttl_leaves_no_scratch_file(tmp_path: Path) -> None:
    triples = list(iter_triples(build_catalog([FIXTURES / "kitchen_sink.md"])))
    written = write_graph(triples, tmp_path, ["ttl"])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in names if not n.startswith(".")] == ["graph.ttl"]
    assert not [n for n in names if "scratch" in n or n.endswith(".tmp")], names
    assert written == {"ttl": tmp_path / "graph.ttl"}


def test_sorted_graph_add_keeps_order_and_uniqueness() -> None:
    graph = SortedGraph(
        {"<http://e.org/b>": ['<http://e.org/p> "2"', '<http://e.org/p> "1"', '<http://e.org/p> "1"']}
    )
    assert len(graph) == 2
    from rdflib import Literal, URIRef

    graph.add([(URIRef("http://e.org/a"), URIRef("http://e.org/p"), Literal("x")),
               (URIRef("http://e.org/b"), URIRef("http://e.org/p"), Literal("1"))])  # fmt: skip
    assert "".join(graph.chunks()) == (
        '<http://e.org/a> <http://e.org/p> "x" .\n<http://e.org/b> <http://e.org/p> "1" .\n'
        '<http://e.org/b> <http://e.org/p> "2" .\n'
    )
    assert len(graph) == 3
