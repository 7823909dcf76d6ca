"""Which resources of a graph can be enriched: arXiv papers (by ``mmr:arxivId``), GitHub repositories and
Hugging Face datasets and models (by their canonical IRIs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from mmr_graph.identity.iris import model_iri
from mmr_graph.identity.namespaces import GITHUB, HUGGING_FACE, HUGGING_FACE_DATASETS, MMR
from mmr_graph.model import Catalog, LinkKind

_NAME = r"[A-Za-z0-9_.-]+"
_REPOSITORY = re.compile(rf"{re.escape(GITHUB)}(?P<id>{_NAME}/{_NAME})")
_DATASET = re.compile(rf"{re.escape(HUGGING_FACE_DATASETS)}(?P<id>{_NAME}(/{_NAME})?)")
_MODEL = re.compile(rf"{re.escape(HUGGING_FACE)}(?P<id>{_NAME}/{_NAME})")


@dataclass(frozen=True)
class Targets:
    """Identifiers to look up, each sorted: arXiv ids, ``owner/name`` of repositories, Hub ids."""

    arxiv: tuple[str, ...] = ()
    repositories: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.arxiv) + len(self.repositories) + len(self.datasets) + len(self.models)


def targets_of(triples: list[ox.Triple]) -> Targets:
    """The resources of a graph (its default graph's triples) that enrichment can look up."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    arxiv_id = ox.NamedNode(str(MMR.arxivId))
    classes = {ox.NamedNode(str(c)): c for c in (MMR.CodeRepository, MMR.Dataset, MMR.Model)}
    arxiv: set[str] = set()
    found: dict[object, set[str]] = {c: set() for c in classes.values()}
    for t in triples:
        if t.predicate == arxiv_id and isinstance(t.object, ox.Literal):
            arxiv.add(t.object.value)
        elif (
            t.predicate == rdf_type
            and isinstance(t.object, ox.NamedNode)
            and t.object in classes
            and isinstance(t.subject, ox.NamedNode)
        ):
            found[classes[t.object]].add(t.subject.value)
    return Targets(
        arxiv=tuple(sorted(arxiv)),
        repositories=_ids(found[MMR.CodeRepository], _REPOSITORY),
        datasets=_ids(found[MMR.Dataset], _DATASET),
        models=_ids(found[MMR.Model], _MODEL),
    )


def _ids(iris: set[str], pattern: re.Pattern[str]) -> tuple[str, ...]:
    return tuple(sorted(m["id"] for iri in iris if (m := pattern.fullmatch(iri))))


def targets_of_catalog(catalog: Catalog) -> Targets:
    """The same resources, read from a catalog (what the build describes): its links, and the base models
    and teachers its facts name."""
    arxiv: set[str] = set()
    found: dict[LinkKind, set[str]] = {
        kind: set() for kind in (LinkKind.CODE, LinkKind.DATASET, LinkKind.MODEL)
    }
    for entry in catalog.entries:
        for link in entry.links:
            if link.arxiv_id:
                arxiv.add(link.arxiv_id)
            elif link.kind in found:
                found[link.kind].add(link.iri)
        if entry.facts is not None:  # base models and teachers are models of the graph too
            for name in entry.facts.base_models + entry.facts.distilled_from:
                found[LinkKind.MODEL].add(str(model_iri(name)))
    return Targets(
        arxiv=tuple(sorted(arxiv)),
        repositories=_ids(found[LinkKind.CODE], _REPOSITORY),
        datasets=_ids(found[LinkKind.DATASET], _DATASET),
        models=_ids(found[LinkKind.MODEL], _MODEL),
    )
