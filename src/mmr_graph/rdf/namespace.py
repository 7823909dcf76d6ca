"""The ontology's namespace, closed: a misspelled term fails at import time, not silently in the output.

The term list must equal what ``ontology/*.ttl`` declares (``tests/test_ontology.py`` checks both ways).
Reused vocabularies are bound here once, with the prefixes used by every serializer and the JSON-LD context.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, ClosedNamespace

NS_IRI = "https://w3id.org/mmr-graph/ns#"
ID_IRI = "https://w3id.org/mmr-graph/id/"

# fmt: off
TERMS = [
    # classes
    "AwesomeList", "Entry", "Occurrence", "Link", "Paper", "CodeRepository", "Dataset",
    "DataCollection", "Model", "WebPage", "Category", "Modality", "Method", "WorkKind", "VenueSeries",
    "VenueEdition", "Tag", "LinkKind", "DatasetRole", "Assertion", "FactSource",
    # object properties
    "paper", "code", "dataset", "dataCollection", "model", "page", "link", "category",
    "secondaryCategory", "modality", "venue", "tag", "datasetRole", "usesMethod", "kind", "baseModel",
    "distilledFrom",
    "occurrence", "inList", "relatedCollection", "assertion", "assertedProperty", "assertedValue",
    "factSource", "evidence", "introducedBy",
    # datatype properties
    "shortName", "line", "sectionPath", "arxivId", "url", "position", "year", "rawTag", "note",
    # concept schemes
    "ModalityScheme", "VenueScheme", "WorkKindScheme", "LinkKindScheme", "DatasetRoleScheme",
    "FactSourceScheme", "MethodScheme", "CategoryScheme", "TagScheme",
]
# fmt: on
MMR = ClosedNamespace(uri=NS_IRI, terms=TERMS)

ID = Namespace(ID_IRI)
SDO = Namespace("https://schema.org/")
FABIO = Namespace("http://purl.org/spar/fabio/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
MLS = Namespace("http://www.w3.org/ns/mls#")
DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")

PREFIXES: dict[str, str] = {
    "mmr": NS_IRI,
    "entry": ID_IRI + "entry/",
    "category": ID_IRI + "category/",
    "modality": ID_IRI + "modality/",
    "method": ID_IRI + "method/",
    "venue": ID_IRI + "venue/",
    "kind": ID_IRI + "kind/",
    "tag": ID_IRI + "tag/",
    "mmrid": ID_IRI,
    "arxiv": "https://arxiv.org/abs/",
    "gh": "https://github.com/",
    "hfd": "https://huggingface.co/datasets/",
    "hf": "https://huggingface.co/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcmitype": str(DCMITYPE),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "void": str(VOID),
    "schema": str(SDO),
    "fabio": str(FABIO),
    "bibo": str(BIBO),
    "mls": str(MLS),
}
