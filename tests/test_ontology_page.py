"""The ontology page: every class, property and concept scheme of ``ontology/*.ttl`` documented with its
label, definition, domain, range, links and an example from the real graph; escaped, self-contained,
deterministic, and written by ``mmr-graph build``."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mmr_graph.cli import main
from mmr_graph.identity.namespaces import NS_IRI
from mmr_graph.ontology_page.page import anchor, render_ontology
from mmr_graph.ontology_page.terms import examples_from_triples, read_ontology, shipped_ontology
from mmr_graph.resources import ontology_files


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.loads: list[str] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        for name in ("src", "srcset", "data", "action", "poster"):
            if a.get(name):
                self.loads.append(f"{tag}[{name}]")
        if tag == "link":
            self.loads.append(f"link[href]={a.get('href')}")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content") or ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ontology")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "ontology.html" in result.output and "ontology.ttl" in result.output
    return out


@pytest.fixture(scope="module")
def page(built: Path) -> str:
    return (built / "ontology.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    return p


def _terms() -> tuple[Graph, list[URIRef]]:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    wanted = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme)
    terms = sorted({s for cls in wanted for s in graph.subjects(RDF.type, cls) if str(s).startswith(NS_IRI)})
    return graph, terms  # type: ignore[return-value]


def test_every_term_is_documented_with_label_and_definition(page: str, parsed: _Page) -> None:
    graph, terms = _terms()
    assert len(terms) >= 60
    for term in terms:
        assert anchor(str(term)) in parsed.ids, term
        label = graph.value(term, RDFS.label) or graph.value(term, SKOS.prefLabel)
        definition = graph.value(term, SKOS.definition)
        article = page.split(f'id="{anchor(str(term))}"', 1)[1].split("</article>", 1)[0]
        assert f">{escape(str(label))}" in article, term
        assert escape(str(definition)) in article, term


def test_domain_range_and_every_internal_link_resolve(page: str, parsed: _Page) -> None:
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert internal and [h for h in internal if h not in parsed.ids] == []
    uses = page.split('id="usesMethod"', 1)[1].split("</article>", 1)[0]
    assert re.search(r"<dt>Domain</dt><dd><a href=\"#Entry\"", uses)
    assert re.search(r"<dt>Range</dt><dd><a href=\"#Method\"", uses)
    entry = page.split('id="Entry"', 1)[1].split("</article>", 1)[0]
    assert "Domain of" in entry and 'href="#usesMethod"' in entry  # links both ways
    assert 'href="#method/GRPO"' in page and 'id="method/GRPO"' in page  # concepts of a scheme


def test_examples_come_from_the_real_graph(page: str) -> None:
    uses = page.split('id="usesMethod"', 1)[1].split("</article>", 1)[0]
    # the first entry by IRI that uses a method, and its method
    assert "MedCoT" in uses and "id/entry/acl/2024.emnlp-main.962" in uses and "Chain-of-thought" in uses
    assert "→" in uses
    paper = page.split('id="Paper"', 1)[1].split("</article>", 1)[0]
    assert "<dt>Example</dt>" in paper
    categories = page.split('id="CategoryScheme"', 1)[1].split("</article>", 1)[0]
    assert "<dt>Example</dt>" in categories  # its concepts come from the lists
    # a term the graph never uses has no example, and says nothing false
    unused = shipped_ontology()
    ex = examples_from_triples([], unused)
    assert ex.of == {} and b"<dt>Example</dt>" not in render_ontology(unused, ex)


def test_self_contained_no_script_and_a_strict_policy(page: str, parsed: _Page) -> None:
    assert "script" not in parsed.tags and parsed.loads == []
    assert "default-src 'none'" in parsed.csp and "style-src 'sha256-" in parsed.csp
    assert "script-src" not in parsed.csp
    external = [h for h in parsed.hrefs if not h.startswith(("#", "https://", "http://", "ontology.ttl"))]
    assert external == []


def test_the_turtle_is_the_ontology(built: Path) -> None:
    written = Graph().parse(built / "ontology.ttl", format="turtle")
    graph, _ = _terms()
    assert isomorphic(written, graph)


def test_same_bytes_every_build(built: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--format", "nt"])
    assert result.exit_code == 0
    for name in ("ontology.html", "ontology.ttl"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_everything_is_escaped(tmp_path: Path) -> None:
    """An ontology whose texts are markup shows them as text."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        f"""@prefix mmr: <{NS_IRI}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
mmr:Evil a owl:Class ; rdfs:label "<script>alert(1)</script>"@en ;
  skos:definition "\\"><img src=x onerror=alert(2)>"@en ; rdfs:subClassOf <javascript:alert(3)> .
""",
        encoding="utf-8",
    )
    ontology = read_ontology([bad])
    instance = URIRef("https://example.org/<x>")
    triples = [(instance, RDF.type, URIRef(NS_IRI + "Evil")), (instance, RDFS.label, Literal("<b>x</b>"))]
    html = render_ontology(ontology, examples_from_triples(triples, ontology)).decode("utf-8")
    parsed = _Page()
    parsed.feed(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" not in parsed.tags
    assert not [h for h in parsed.hrefs if h.lower().startswith("javascript")]


def test_a_users_own_ontology_html_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "ontology.html").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "nt"])
    assert result.exit_code == 1 and "ontology.html: not written by a build" in result.output
    assert (out / "ontology.html").read_text(encoding="utf-8") == "mine"
