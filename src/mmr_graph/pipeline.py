"""The main job, end to end: lists -> catalog -> triples -> files in ``out/``.

Each stage is a library call of its own; this module only strings them together, times them and counts
what was built, for the CLI's summary.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mmr_graph.model import Catalog, Facts, ItemWarning

# the files of the HTML output besides the focused views: the view, the ontology's page and its Turtle
SITE = ("index.html", "ontology.html", "ontology.ttl")
# the kinds of node the build's summary counts, in its order
SUMMARY_KINDS = ("entry", "paper", "code", "dataset", "collection", "model", "page")

if TYPE_CHECKING:
    from mmr_graph.enrich.records import Metadata
    from mmr_graph.ingest.catalog import Skip
    from mmr_graph.ingest.hub_tags import ModelTags
    from mmr_graph.ingest.sources import ListSource
    from mmr_graph.network.focus import ViewSpec
    from mmr_graph.rdf.ntriples import SortedGraph
    from mmr_graph.rdf.types import Triple


@dataclass
class BuildResult:
    catalog: Catalog
    files: dict[str, Path]
    triples: int
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # distinct nodes of each kind in the graph
    metadata: Metadata | None = None  # what enrichment added, if anything

    @property
    def warnings(self) -> tuple[ItemWarning, ...]:
        return self.catalog.warnings

    def counts(self) -> dict[str, int]:
        """Distinct nodes of each kind the summary names, in the graph as built (one definition with the
        HTML view: :mod:`mmr_graph.rdf.kinds`)."""
        return {kind: self.kinds.get(kind, 0) for kind in SUMMARY_KINDS}

    def coverage(self) -> dict[str, int]:
        """How many entries have methods, by where the methods came from."""
        with_methods = [e.facts for e in self.catalog.entries if e.facts and e.facts.methods]
        return {
            "entries": len(self.catalog.entries),
            "with methods": len(with_methods),
            "curated": sum(f.source == "curated" for f in with_methods),
            "extracted": sum(f.source == "extracted" for f in with_methods),
            "from abstracts": sum(_read_in(f, "abstract") for f in with_methods),
            "from READMEs": sum(_read_in(f, "readme") for f in with_methods),
            "from Hub tags": sum(_read_in(f, "hub") for f in with_methods),
            "from list text alone": sum(
                f.source == "extracted" and not any(_read_in(f, s) for s in ("abstract", "readme", "hub"))
                for f in with_methods
            ),
        }


def _read_in(facts: Facts, source: str) -> bool:
    """Whether some of an entry's methods were read in that kind of text."""
    return any(g.field == "methods" and g.source == source for g in facts.found)


def build(
    paths: Sequence[Path | ListSource],
    out_dir: Path,
    formats: tuple[str, ...] = ("ttl", "jsonld", "nt"),
    curated: Path | bool = True,
    progress: Callable[[str], None] | None = None,
    html: bool = True,
    views: Sequence[ViewSpec] = (),
    on_wait: Callable[[str], None] | None = None,
    skip: Skip = "unreadable",
    catalog: Catalog | None = None,
    describe: Callable[[Catalog], SortedGraph] | None = None,
    extra: Sequence[tuple[str, Callable[[SortedGraph, Path], None]]] = (),
    metadata: Callable[[Catalog], Metadata] | None = None,
    view_extra: Callable[[], Iterable[Triple]] | None = None,
) -> BuildResult:
    """Build the lists into ``out_dir``, a folder that changes as one
    (:class:`~mmr_graph.export.folder.OutputFolder`): locked from the start (``on_wait`` is told if another
    build has it), its files replaced together at the end with a manifest, the previous build's other files
    removed, nothing else touched. Among several lists, those ``skip`` names are skipped and reported
    (:func:`~mmr_graph.ingest.catalog.read_lists`; ``catalog.skipped``).

    A caller that made its catalog itself (``mmr-graph history``) passes it as ``catalog`` (``paths`` are then
    not read), ``describe`` to make its graph, and ``extra`` files, each ``(name, write(graph, path))``,
    written into the same folder before the graph's own files.

    ``metadata`` gives the catalog's enrichment metadata (from the cache), added to the graph's resources;
    the extracted facts of entries whose paper has an abstract there, or whose repository a README, are read
    again, those texts included (:func:`~mmr_graph.ingest.entry_facts.with_texts`), before the graph is made.
    ``view_extra`` gives the triples ``describe`` adds to the catalog's own (the history facts), for the
    HTML view, which is made from the catalog's triples."""
    from mmr_graph.export.files import FORMATS
    from mmr_graph.export.folder import OutputFolder
    from mmr_graph.export.manifest import MANIFEST
    from mmr_graph.ingest.catalog import catalog_of, read_lists
    from mmr_graph.parallel import collector
    from mmr_graph.parallel.graph import sorted_graph
    from mmr_graph.parallel.parse import parse_list
    from mmr_graph.parallel.writing import write_sorted
    from mmr_graph.rdf.graph import graph_title, iter_triples

    stages: dict[str, float] = {}
    start = last = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - last
        last = now
        if progress:
            progress(name)

    # a large list makes millions of long-lived objects: no collector passes over them all
    with OutputFolder(out_dir, on_wait) as folder, collector.paused():
        # the files it will write, known now, are checked before any work: a user's file is never replaced
        names = [FORMATS[f] for f in formats if f in FORMATS] + (list(SITE) if html else [])
        folder.check_free(names + [name for name, _ in extra])
        if catalog is None:
            parsed = read_lists(paths, on_list=lambda _: lap("parse"), parse=parse_list, skip=skip)
            catalog = catalog_of(parsed, curated=curated)
            del parsed
        enrichment = metadata(catalog) if metadata is not None else None
        catalog = with_metadata_facts(catalog, enrichment)
        lap("model")
        graph = [describe(catalog) if describe is not None else sorted_graph(catalog, metadata=enrichment)]
        for name, write in extra:
            with folder.stage([out_dir / name]) as staged:
                write(graph[0], staged[out_dir / name])
        triples, kinds = len(graph[0]), graph[0].kinds
        lap("graph")
        pages = None
        if html:
            from mmr_graph.html import site_files

            def pages() -> dict[Path, bytes]:
                assert catalog is not None
                known = (graph_title(catalog), len(catalog.entries))
                triples: Iterable[Triple] = iter_triples(catalog, metadata=enrichment)
                if view_extra is not None:
                    triples = itertools.chain(triples, view_extra())
                return site_files(triples, out_dir, views, known)

        # the writer holds the graph's only reference, so that it can let it go once it is written
        files = write_sorted(graph.pop(), out_dir, formats, progress=lap, pages=pages, stage=folder.stage)
        written = folder.commit()
    files.update({_key(name): out_dir / name for name in written if out_dir / name not in files.values()})
    files["manifest"] = out_dir / MANIFEST
    return BuildResult(catalog, files, triples, time.perf_counter() - start, stages, kinds, enrichment)


def with_metadata_facts(catalog: Catalog, metadata: Metadata | None) -> Catalog:
    """The catalog with the extracted facts of entries whose paper, repository or Hugging Face model
    ``metadata`` knows read again, the abstract, the README and the model's Hub tags included, then each such
    entry titled by its paper's own title (the title rule of :mod:`mmr_graph.ingest.titles`): the one place a
    build, and a command that builds in memory, do it."""
    from mmr_graph.ingest.entry_facts import with_texts
    from mmr_graph.ingest.titles import with_paper_titles
    from mmr_graph.vocab import load_vocabulary

    if not metadata:
        return catalog
    catalog = with_texts(
        catalog, load_vocabulary(), abstracts_of(metadata), readmes_of(metadata), hub_models_of(metadata)
    )
    return with_paper_titles(catalog, {iri: paper.title for iri, paper in metadata.papers.items()})


def abstracts_of(metadata: Metadata) -> dict[str, str]:
    """The abstracts enrichment knows, by paper IRI (texts extraction reads besides the list's)."""
    return {iri: paper.abstract for iri, paper in metadata.papers.items() if paper.abstract}


def readmes_of(metadata: Metadata) -> dict[str, str]:
    """The READMEs enrichment knows, by repository IRI (texts extraction reads besides the list's)."""
    return {iri: readme.text for iri, readme in metadata.readmes.items() if readme.text}


def hub_models_of(metadata: Metadata) -> dict[str, ModelTags]:
    """The Hugging Face models enrichment knows, by model IRI, with their tags (what extraction reads of
    them); datasets give no facts (their tags say what tasks they are for, not what their pipeline did)."""
    from mmr_graph.ingest.hub_tags import ModelTags

    return {
        iri: ModelTags(hub.tags, hub.card_tags) for iri, hub in metadata.hub.items() if hub.kind == "model"
    }


def _key(name: str) -> str:
    """The key of a written file in :attr:`BuildResult.files`, besides the graph's formats."""
    return "html" if name == "index.html" else name.removesuffix(".html")


def steps(paths: Sequence[Path | ListSource], formats: Sequence[str], html: bool = True) -> list[str]:
    """The names :func:`build` passes to ``progress``, in order: one ``parse`` per list, then the
    stages (each output format by its name), for a progress bar to know how far along a build is."""
    from mmr_graph.export.files import WRITE_ORDER

    written = [step for step in WRITE_ORDER if step in formats or (html and step == "html")]
    return ["parse"] * len(paths) + ["model", "graph", *written]
