"""Every namespace IRI, declared once: the project's own (terms and identities), the reused vocabularies',
and the canonical IRIs of public resources, with the prefixes used by every serializer, the query engine
and the JSON-LD context.

The ontology's namespace is closed: a misspelled term fails at import time, not silently in the output. Its
term list must equal what ``ontology/*.ttl`` declares (``tests/test_ontology.py`` checks both ways).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, ClosedNamespace

NS_IRI = "https://w3id.org/mmr-graph/ns#"  # the ontology's terms
ID_IRI = "https://w3id.org/mmr-graph/id/"  # the identities minted from the lists (entries, categories...)

# canonical IRIs of public resources (see mmr_graph.ingest.links)
ARXIV = "https://arxiv.org/abs/"
GITHUB = "https://github.com/"
HUGGING_FACE = "https://huggingface.co/"
HUGGING_FACE_DATASETS = HUGGING_FACE + "datasets/"

# fmt: off
TERMS = [
    # classes
    "AwesomeList", "Entry", "Occurrence", "Link", "Paper", "CodeRepository", "Dataset",
    "DataCollection", "Model", "WebPage", "Category", "Modality", "Method", "WorkKind", "VenueSeries",
    "VenueEdition", "Tag", "LinkKind", "DatasetRole", "Assertion", "FactSource", "Snapshot",
    # object properties
    "paper", "code", "dataset", "dataCollection", "model", "page", "link", "category",
    "secondaryCategory", "modality", "venue", "tag", "datasetRole", "usesMethod", "kind", "baseModel",
    "distilledFrom",
    "occurrence", "inList", "listedUnder", "listedLink", "listedTag",
    "relatedCollection", "assertion", "assertedProperty", "assertedValue",
    "factSource", "evidence", "introducedBy", "firstSeenIn", "lastSeenIn", "removedIn",
    # datatype properties
    "shortName", "line", "sectionPath", "arxivId", "url", "position", "year", "rawTag", "note",
    "firstSeen", "lastSeen", "removed", "commit",
    "arxivCategory", "stars", "archived", "lastPush", "downloads", "likes",
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
    "person": ID_IRI + "person/",
    "mmrid": ID_IRI,
    "arxiv": ARXIV,
    "gh": GITHUB,
    "hfd": HUGGING_FACE_DATASETS,
    "hf": HUGGING_FACE,
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
