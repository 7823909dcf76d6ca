"""Enrichment metadata -> triples (a pure transform: no I/O).

What goes where (declared in ``ontology/mmr.ttl``, checked by ``ontology/shapes.ttl``):

- a paper (arXiv): ``schema:author`` -> ``schema:Person`` (``schema:name``), ``dcterms:issued`` (first
  submission, ``xsd:date``), ``dcterms:abstract``, ``mmr:arxivCategory`` (primary first),
  ``dcterms:bibliographicCitation`` (journal reference), ``dcterms:hasVersion`` (the journal DOI's IRI);
- a repository (GitHub): ``mmr:stars``, ``schema:license`` (SPDX id), ``schema:programmingLanguage``,
  ``schema:keywords`` (topics), ``mmr:lastPush`` (``xsd:dateTime``), ``mmr:archived``;
- a dataset or model (Hugging Face): ``mmr:downloads``, ``mmr:likes``, ``schema:license``,
  ``schema:keywords`` (tags);
- the graph's description: ``dcterms:source`` -> one node per body of metadata (API and where it came
  from: ``cache``, or ``shipped`` with its own ``dcterms:source`` arxiv.org and ``dcterms:license`` CC0 1.0),
  with ``void:entities`` and the dates of its oldest and newest answer (``dcterms:created``,
  ``dcterms:modified``: ``xsd:date`` for the shipped file's days, ``xsd:dateTime`` for the cache's
  answers), so that two builds can be told apart.

An abstract of which only the beginning could be read ends with `` […]``; a paper without a known first
submission date has no ``dcterms:issued``.

Authors get IRIs minted from their normalised name (:func:`person_iri`): two people with one name are one
node, until an ORCID (which arXiv's API does not give) separates them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD

from mmr_graph.identity.keys import slug
from mmr_graph.identity.namespaces import ID_IRI, MMR, SDO
from mmr_graph.rdf.types import Triple

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata, Origin

PROV_ENTITY = URIRef("http://www.w3.org/ns/prov#Entity")
INCOMPLETE = " […]"  # ends an abstract of which only the beginning could be read
API_NAMES = {
    "arxiv": "arXiv API",
    "github": "GitHub REST API",
    "readme": "GitHub READMEs",
    "huggingface": "Hugging Face Hub API",
}


def normalised_name(name: str) -> str:
    """A person's name as identity: Unicode-normalised (NFKC), case-folded, white space made single."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def shown_name(spellings: Counter[str]) -> str:
    """The spelling of a person's name to show: the most frequent, one not in capitals before one in
    capitals, then the first in code-point order (so the choice never depends on the papers' order)."""
    return min(spellings, key=lambda name: (-spellings[name], name.isupper(), name))


def person_iri(name: str) -> URIRef:
    """``id/person/<slug of the normalised name>``, e.g. ``id/person/jurgen-muller`` for Jürgen Müller."""
    return URIRef(f"{ID_IRI}person/{slug(normalised_name(name), max_length=80)}")


def origin_iri(origin: Origin) -> URIRef:
    return URIRef(f"{ID_IRI}metadata/{origin.api}-{origin.where}")


def enrichment_triples(metadata: Metadata) -> Iterator[Triple]:
    """The triples metadata adds to the graph of its resources (each once, in a stable order)."""
    spellings: dict[URIRef, Counter[str]] = {}
    for iri, paper in metadata.papers.items():
        node = URIRef(iri)
        for author in paper.authors:
            person = person_iri(author)
            spellings.setdefault(person, Counter())[author] += 1
            yield node, SDO.author, person
        if paper.published:
            yield node, DCTERMS.issued, Literal(paper.published, datatype=XSD.date)
        if paper.abstract:
            ending = "" if paper.abstract_complete else INCOMPLETE
            yield node, DCTERMS.abstract, Literal(paper.abstract + ending)
        for category in paper.categories:
            yield node, MMR.arxivCategory, Literal(category)
        if paper.journal_ref:
            yield node, DCTERMS.bibliographicCitation, Literal(paper.journal_ref)
        if paper.doi and re.fullmatch(r"10\.\d{4,9}/\S+", paper.doi):
            yield node, DCTERMS.hasVersion, URIRef(f"https://doi.org/{paper.doi}")
    for person, seen in sorted(spellings.items()):
        yield person, RDF.type, SDO.Person
        yield person, SDO.name, Literal(shown_name(seen))
    for iri, repository in metadata.repositories.items():
        node = URIRef(iri)
        yield node, MMR.stars, Literal(repository.stars, datatype=XSD.integer)
        yield node, MMR.archived, Literal(repository.archived, datatype=XSD.boolean)
        if repository.licence:
            yield node, SDO.license, Literal(repository.licence)
        if repository.language:
            yield node, SDO.programmingLanguage, Literal(repository.language)
        for topic in repository.topics:
            yield node, SDO.keywords, Literal(topic)
        if repository.pushed_at:
            yield node, MMR.lastPush, Literal(repository.pushed_at, datatype=XSD.dateTime)
    for iri, hub in metadata.hub.items():
        node = URIRef(iri)
        if hub.downloads is not None:
            yield node, MMR.downloads, Literal(hub.downloads, datatype=XSD.integer)
        if hub.likes is not None:
            yield node, MMR.likes, Literal(hub.likes, datatype=XSD.integer)
        if hub.licence:
            yield node, SDO.license, Literal(hub.licence)
        for tag in hub.tags:
            yield node, SDO.keywords, Literal(tag)


def origin_triples(graph_node: URIRef, metadata: Metadata) -> Iterator[Triple]:
    """The graph description's account of the metadata that went in."""
    from mmr_graph.enrich.records import SHIPPED_LICENCE, SHIPPED_SOURCE

    for origin in metadata.origins:
        node = origin_iri(origin)
        yield graph_node, DCTERMS.source, node
        yield node, RDF.type, PROV_ENTITY
        if origin.where == "shipped" and origin.api == "readme":  # each under its repository's licence
            title = f"README excerpts of {origin.resources} repositories shipped with mmr-graph, from GitHub"
            yield node, DCTERMS.source, URIRef("https://github.com/")
        elif origin.where == "shipped":
            title = f"arXiv metadata of {origin.resources} papers shipped with mmr-graph, read on arxiv.org"
            yield node, DCTERMS.source, URIRef(SHIPPED_SOURCE)
            yield node, DCTERMS.license, URIRef(SHIPPED_LICENCE)
        else:
            api = API_NAMES.get(origin.api, origin.api)
            title = f"{api} metadata of {origin.resources} resources ({origin.where})"
        yield node, DCTERMS.title, Literal(title)
        yield node, VOID.entities, Literal(origin.resources, datatype=XSD.integer)
        yield node, DCTERMS.created, _when(origin.oldest)
        yield node, DCTERMS.modified, _when(origin.newest)


def _when(moment: str) -> Literal:
    """A date (a shipped record's day) or a date-time (an API's answer), typed as what it is."""
    return Literal(moment, datatype=XSD.date if len(moment) == 10 else XSD.dateTime)
