"""One source of truth: the code's namespace, the JSON-LD context and the vocabularies match ontology/*.ttl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mmr_graph.export.jsonld import context
from mmr_graph.identity.namespaces import MMR, NS_IRI, TERMS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_IRI = URIRef("https://w3id.org/mmr-graph/ns")


def declared_terms(graph: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme)
    return {
        str(s)[len(NS_IRI) :] for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(NS_IRI)
    }


def test_code_namespace_equals_ontology(ontology: Graph) -> None:
    code_terms = set(TERMS)
    assert len(code_terms) == len(TERMS)
    assert code_terms == declared_terms(ontology)


def test_misspelled_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = MMR.usesMetod


def test_ontology_header(ontology: Graph) -> None:
    for prop in ("title", "description", "license"):
        assert ontology.value(ONTOLOGY_IRI, URIRef(f"http://purl.org/dc/terms/{prop}")) is not None, prop
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    vann = "http://purl.org/vocab/vann/"
    assert str(ontology.value(ONTOLOGY_IRI, URIRef(vann + "preferredNamespacePrefix"))) == "mmr"
    assert str(ontology.value(ONTOLOGY_IRI, URIRef(vann + "preferredNamespaceUri"))) == NS_IRI


def test_every_term_is_documented(ontology: Graph) -> None:
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            labels = [lbl for lbl in ontology.objects(term, RDFS.label) if lbl.language == "en"]
            definitions = [d for d in ontology.objects(term, SKOS.definition) if d.language == "en"]
            assert labels, f"{term} lacks rdfs:label@en"
            assert definitions, f"{term} lacks skos:definition@en"
            assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, f"{term} lacks rdfs:isDefinedBy"


def test_every_concept_is_in_a_scheme_with_notation_and_label(ontology: Graph) -> None:
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 30
    for concept in concepts:
        assert ontology.value(concept, SKOS.inScheme) is not None, concept
        assert ontology.value(concept, SKOS.notation) is not None, concept
        assert ontology.value(concept, SKOS.prefLabel) is not None, concept
        assert ontology.value(concept, SKOS.definition) is not None, concept


def test_every_used_reused_term_resolves_to_a_known_vocabulary(ontology: Graph) -> None:
    known = (NS_IRI, str(RDFS), str(OWL), str(SKOS), "http://purl.org/dc/", "http://www.w3.org/ns/",
             "https://schema.org/", "http://purl.org/spar/", "http://purl.org/ontology/bibo/",
             "http://rdfs.org/ns/void#", "http://purl.org/vocab/vann/", str(RDF), "http://www.w3.org/2001/XMLSchema#")  # fmt: skip
    for superclass in ontology.objects(None, RDFS.subClassOf):
        assert str(superclass).startswith(known), superclass


def test_jsonld_context_file_is_current() -> None:
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert shipped == {"@context": context()}, (
        "regenerate with: python -m mmr_graph.export.jsonld > ontology/context.jsonld"
    )


def test_jsonld_context_terms_match_ontology(ontology: Graph) -> None:
    ctx = context()
    for name, definition in ctx.items():
        if isinstance(definition, dict):
            iri = URIRef(NS_IRI + definition["@id"].split(":", 1)[1])
            assert iri == URIRef(NS_IRI + name)
            is_object = (iri, RDF.type, OWL.ObjectProperty) in ontology
            assert is_object == (definition.get("@type") == "@id"), name
            assert (iri, RDF.type, OWL.ObjectProperty) in ontology or (
                iri,
                RDF.type,
                OWL.DatatypeProperty,
            ) in ontology
    assert len(set(ctx)) == len(ctx)
