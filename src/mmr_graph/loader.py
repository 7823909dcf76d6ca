"""The graph a command works on, from one function: :func:`load_graph`.

``query``, ``serve``, ``validate``, ``check-links`` and ``push`` all get their graph here: the default list
(the embedded snapshot), lists given with ``--from``, an RDF file, or a build's output folder. Lists are built
in memory the way ``mmr-graph build`` builds them, to the N-Triples it writes; files are read with Oxigraph
(strict: an invalid IRI is an error, and JSON-LD never fetches a remote context), their syntax from their
extension (:data:`RDF_FORMATS`, the one table). A command then takes the form it needs from the
:class:`LoadedGraph`: an Oxigraph store, the default graph's triples as written, or an rdflib graph.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from mmr_graph.errors import InputError
from mmr_graph.identity.namespaces import PREFIXES

if TYPE_CHECKING:
    from mmr_graph.export.store import OpenedStore
    from mmr_graph.ingest.sources import ListSource

# file extension -> RDF syntax
RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}
_XSD_STRING = str(XSD.string)
# the files of a build's output folder that hold the graph, the quickest to read first
BUILD_FILES = ("graph.nt", "graph.ttl", "graph.jsonld")


class LoadedGraph:
    """A graph's statements, read or built once (when first asked for). ``name`` is what messages call it
    (a file, or the lists it was built from); ``built`` says whether it was built in memory from lists. A
    build's output folder is queried from its store on disk (:mod:`mmr_graph.export.store`) when one can be
    had: ``folder`` names it."""

    def __init__(
        self,
        name: str,
        quads: list[ox.Quad] | None = None,
        built: bool = False,
        *,
        path: Path | None = None,
        folder: Path | None = None,
    ) -> None:
        self.name = name
        self.built = built
        self._quads = quads
        self._path = path  # the file to read when the statements are asked for
        self._folder = folder
        self._stored: OpenedStore | None = None

    @property
    def quads(self) -> list[ox.Quad]:
        if self._quads is None:
            assert self._path is not None
            self._quads = read_rdf(self._path)
        return self._quads

    def store(self) -> ox.Store:
        """An Oxigraph store with every statement, named graphs included: a build's store on disk, open
        read-only, or one in memory. (A store keeps numbers in its own encoding: a derived integer type
        such as ``xsd:positiveInteger`` comes back as ``xsd:integer``.)"""
        stored = self.stored()
        if stored is not None:
            return stored.store
        store = ox.Store()
        store.extend(self.quads)
        return store

    def stored(self) -> OpenedStore | None:
        """The build's store on disk, made first if needed, for a build's output folder (None otherwise,
        and where none can be made: the folder and the cache cannot be written into)."""
        if self._stored is None and self._folder is not None and self._path is not None:
            self._stored = _folder_store(self._folder, self._path)
            if self._stored is None:
                self._folder = None  # read the file instead, once
        return self._stored

    def on_disk(self, scratch: Path) -> tuple[Path, int]:
        """The graph as an Oxigraph store on disk, for processes that open it read-only (the endpoint's
        workers): the build's store, or one written into ``scratch``. Its folder and number of statements."""
        stored = self.stored()
        if stored is not None:
            return stored.database, stored.quads
        database = scratch / "store"
        store = ox.Store(str(database))
        try:
            store.bulk_extend(self.quads)
            store.flush()
        finally:
            del store  # closed before readers open it
        return database, len(self.quads)

    def triples(self) -> list[ox.Triple]:
        """The default graph's triples, literals exactly as written."""
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.quads
            if isinstance(q.graph_name, ox.DefaultGraph)
        ]

    def rdflib_graph(self) -> Graph:
        """An rdflib graph of every statement (those of named graphs too), with the project's prefixes."""
        graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace)
        for q in self.quads:
            graph.add((self._term(q.subject), self._term(q.predicate), self._term(q.object)))
        return graph

    def _term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise InputError(self.name, "holds a quoted triple (RDF-star), which this command cannot use")


def load_graph(graph: Path | None = None, lists: Sequence[Path | ListSource] = ()) -> LoadedGraph:
    """The graph of ``graph`` (an RDF file, or a build's output folder) or, without it, the graph built from
    ``lists`` (local files, or lists fetched by :mod:`mmr_graph.ingest.sources`; default: the embedded
    snapshot). Problems with the input raise :class:`InputError`."""
    if graph is not None:
        from mmr_graph.export.folder import current_file, current_names, settle_if_possible

        if graph.is_dir():
            settle_if_possible(graph)  # a change a killed build left is finished before choosing a file
            path = build_file(graph)
            readable = current_file(path)
            if readable == path and current_names(graph) is not None:  # a settled build: its store
                return LoadedGraph(str(path), path=path, folder=graph)
            return LoadedGraph(str(path), read_rdf(readable))
        return LoadedGraph(str(graph), read_rdf(current_file(graph)))
    return built_graph(lists)


def _folder_store(folder: Path, path: Path) -> OpenedStore | None:
    """The store of the build in ``folder`` (see :mod:`mmr_graph.export.store`); None where none can be
    made (nowhere to write it, a full disk...): the graph file is then read instead."""
    from mmr_graph.export.store import StoreError, folder_store
    from mmr_graph.web.cache import default_cache_dir

    def say(message: str) -> None:
        if sys.stderr.isatty():  # a minute at 100,000 entries: said on a terminal, not into a pipe
            print(message, file=sys.stderr, flush=True)

    try:
        return folder_store(folder, path, rdf_format(path), default_cache_dir() / "stores", say)
    except (OSError, StoreError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"note: {folder}: no query store ({reason}); reading {path.name} instead", file=sys.stderr)
        return None


def built_graph(lists: Sequence[Path | ListSource] = ()) -> LoadedGraph:
    """The graph ``mmr-graph build`` makes of ``lists`` (default: the embedded snapshot), as it writes it:
    with the shipped arXiv metadata of its papers (no cache: a command that wants the cache's metadata
    reads a build's output)."""
    from mmr_graph.enrich.stored import build_metadata
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.parallel.graph import sorted_graph
    from mmr_graph.parallel.parse import build_catalog
    from mmr_graph.pipeline import with_metadata_facts

    paths = list(lists) or [default_list()]
    catalog = build_catalog(paths)
    metadata = build_metadata(catalog, None) or None
    catalog = with_metadata_facts(catalog, metadata)  # abstracts read for extracted facts, as build does
    text = "".join(sorted_graph(catalog, metadata=metadata).chunks())
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return LoadedGraph(", ".join(list_name(p) for p in paths), quads, built=True)


def list_name(given: Path | ListSource) -> str:
    """What a summary calls a list: a file's name, or the list as given when it was fetched."""
    from mmr_graph.ingest.catalog import as_source

    source = as_source(given)
    return source.name if not source.local else Path(source.name).name


def build_file(folder: Path) -> Path:
    """The graph file of a build's output folder: one its manifest.json lists (a build's current files)."""
    from mmr_graph.export.folder import current_names

    listed = current_names(folder)
    for name in BUILD_FILES:
        if (listed is None or name in listed) and (folder / name).is_file():
            return folder / name
    raise InputError(folder, f"a folder without {', '.join(BUILD_FILES[:-1])} or {BUILD_FILES[-1]} to read")


def rdf_format(path: Path) -> ox.RdfFormat:
    """The syntax of an RDF file, from its extension."""
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_FORMATS))
        raise InputError(path, f"unknown RDF file extension {path.suffix or '(none)'!r}; use one of {known}")
    return fmt


def read_rdf(path: Path) -> list[ox.Quad]:
    """The statements of an RDF file, its syntax from the extension; literals exactly as written."""
    fmt = rdf_format(path)
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "is not a file")
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError) as exc:
        message = str(exc).strip()
        m = re.search(r"line (\d+)", message)
        first = message.splitlines()[0] if message else type(exc).__name__
        raise InputError(path, f"not valid {fmt.name}: {first}", int(m.group(1)) if m else None) from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
