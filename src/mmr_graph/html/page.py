"""Write the HTML view: ``index.html`` and focused ``view-<kind>-<notation>.html`` pages.

Each page is one self-contained file: vis-network, the page's scripts and styles are inlined, so the page
opens from ``file://`` with no network and can be passed around as a single file. A Content Security
Policy allows exactly those inline scripts and styles (by SHA-256 hash) and nothing else: no other
script, no network connection, no form, no base URL. The graph data is embedded as JSON in a
``<script type="application/json">`` element (never executed) and drawn with text APIs only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from string import Template

import networkx as nx
from rdflib.term import Node

from mmr_graph.html.payload import page_data, script_json
from mmr_graph.network.focus import ViewSpec, focus
from mmr_graph.ontology_page import page as ontology_page

ASSETS = Path(__file__).resolve().parent / "assets"
VENDOR_SCRIPT = "vendor/vis-network.min.js"
VENDOR_NOTICE = "vendor/LICENSE-vis-network.txt"
SCRIPTS = (
    VENDOR_SCRIPT,
    "mmr-model.js",
    "mmr-labels.js",
    "mmr-graph.js",
    "mmr-panels.js",
    "mmr-table.js",
    "mmr-overlap.js",
    "mmr-timeline.js",
    "mmr-main.js",
)
STYLES = ("mmr-graph.css",)
INDEX = "index.html"
EXAMPLE_ENTRIES = 200  # the ontology page's examples come from the graph's first this many entries
# Beyond this many entries (about 27,000 nodes) a browser cannot draw the graph usefully: a notice is
# written instead, pointing at focused views and SPARQL.
MAX_ENTRIES = 10_000
_UNSAFE_INLINE = re.compile(r"</script|</style|<!--", re.IGNORECASE)


def view_filename(spec: ViewSpec) -> str:
    return f"view-{spec.slug}.html"


def _view_name(g: nx.DiGraph[str], view: nx.DiGraph[str], spec: ViewSpec) -> str:
    """The file of a view, named after the node it found (its key's last part), not after the spelling
    asked for: method:grpo, method:GRPO and the method's label give one file, view-method-GRPO.html."""
    key = g.nodes[view.graph["focus"]]["key"]
    return view_filename(ViewSpec(spec.kind, key.rsplit("/", 1)[-1]))


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _inline(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    if _UNSAFE_INLINE.search(text):
        raise ValueError(f"{name} cannot be inlined: it contains </script, </style or <!--")
    return text


@cache
def _chrome() -> dict[str, str]:
    """The parts every page shares: inlined scripts and styles, and their CSP hashes."""
    scripts = [_inline(name) for name in SCRIPTS]
    styles = [_inline(name) for name in STYLES]
    notice = (ASSETS / VENDOR_NOTICE).read_text(encoding="utf-8").replace("--", "- -")
    blocks = [f"<!--\n{notice}-->"] + [f"<script>{code}</script>" for code in scripts]
    css = "\n".join(styles)  # one <style> element
    return {
        "scripts": "\n".join(blocks),
        "script_hashes": " ".join(_hash(code) for code in scripts),
        "css": css,
        "style_hashes": _hash(css),
    }


def render_page(g: nx.DiGraph[str]) -> bytes:
    """The HTML page of one graph (the whole projection or a focused view)."""
    template = Template((ASSETS / "page.html").read_text(encoding="utf-8"))
    title = g.graph.get("title", "mmr-graph")
    heading = title.removeprefix("Knowledge graph of ")
    text = template.substitute(
        title=html.escape(title, quote=True),
        heading=html.escape(heading, quote=True),
        data=script_json(page_data(g)),
        **_chrome(),
    )
    return text.encode("utf-8")


def render_notice(title: str, entries: int | None) -> bytes:
    """The page written instead of a graph too big to draw: what to do instead. No script at all.
    ``entries``: how many the graph has, or None when it was not read to the end (more than the limit)."""
    text = (ASSETS / "too-big.html").read_text(encoding="utf-8")
    page = Template(text).substitute(
        title=html.escape(title, quote=True),
        entries=f"{entries:,}" if entries is not None else f"more than {MAX_ENTRIES:,}",
        limit=f"{MAX_ENTRIES:,}",
        css=_chrome()["css"],
        style_hashes=_chrome()["style_hashes"],
    )
    return page.encode("utf-8")


def _entries(g: nx.DiGraph[str]) -> int:
    return sum(1 for _, kind in g.nodes(data="kind") if kind == "entry")  # type: ignore[misc,comparison-overlap] # types-networkx: nodes(data=KEY) gives values, not dicts


def render_site(g: nx.DiGraph[str], views: Sequence[ViewSpec] = ()) -> dict[str, bytes]:
    """Every page, by file name. Raises ViewError for a view that names nothing, before anything is
    written. A page with more than MAX_ENTRIES entries is a notice instead of a graph."""
    title = g.graph.get("title", "mmr-graph")
    size = _entries(g)
    files = {INDEX: render_page(g) if size <= MAX_ENTRIES else render_notice(title, size)}
    for spec in views:
        view = focus(g, spec)
        size = _entries(view)
        files[_view_name(g, view, spec)] = (
            render_page(view) if size <= MAX_ENTRIES else render_notice(title, size)
        )
    return files


def _take(
    graph: Iterable[tuple[Node, Node, Node]], limit: int | None
) -> tuple[list[tuple[Node, Node, Node]], bool]:
    """The triples, and whether all were read: reading stops once more than
    ``limit`` entries have been seen (a graph that big gets the notice page, no need to read it all)."""
    from rdflib.namespace import RDF

    from mmr_graph.identity.namespaces import MMR

    rdf_type, entry = str(RDF.type), str(MMR.Entry)
    triples: list[tuple[Node, Node, Node]] = []
    entries = 0
    for triple in graph:
        triples.append(triple)
        if str.__eq__(triple[1], rdf_type) and str.__eq__(triple[2], entry):  # type: ignore[operator] # IRIs are str
            entries += 1
            if limit is not None and entries > limit:
                return triples, False
    return triples, True


def write_site(
    graph: Iterable[tuple[Node, Node, Node]], out_dir: Path, views: Sequence[ViewSpec] = ()
) -> dict[str, Path]:
    """Project the RDF graph (a Graph or triples), render every page, then write them all atomically.

    Returns ``{"html": index path, "view-<kind>-<notation>": view path, "ontology": ...,
    "ontology.ttl": ...}``.
    """
    from mmr_graph.export.atomic import replace_all

    files = site_files(graph, out_dir, views)
    replace_all(files)
    return {"html" if path.name == INDEX else path.name.removesuffix(".html"): path for path in files}


def site_files(
    graph: Iterable[tuple[Node, Node, Node]],
    out_dir: Path,
    views: Sequence[ViewSpec] = (),
    known: tuple[str, int] | None = None,
) -> dict[Path, bytes]:
    """Every page of the site in ``out_dir``, rendered, by path (for a build to write them together with
    the graph files). Without views, a graph with more than MAX_ENTRIES entries is not even projected:
    index.html says so and what to do. ``known``: the graph's title and number of entries, if the caller
    knows them (a build does); then such a graph is not read at all, and the notice gives the number."""
    from mmr_graph.network.projection import to_networkx

    if known is not None and not views and known[1] > MAX_ENTRIES:
        first, _ = _take(graph, EXAMPLE_ENTRIES)
        return {out_dir / INDEX: render_notice(*known), **_ontology(first, out_dir)}
    triples, complete = _take(graph, None if views else MAX_ENTRIES)
    if complete:
        files = render_site(to_networkx(triples), views)
    else:
        from mmr_graph.network.index import TripleIndex
        from mmr_graph.network.projection import graph_title

        files = {INDEX: render_notice(graph_title(TripleIndex(triples)), None)}
    pages = {out_dir / name: data for name, data in files.items()}
    pages.update(_ontology(triples, out_dir))
    return pages


def _ontology(triples: list[tuple[Node, Node, Node]], out_dir: Path) -> dict[Path, bytes]:
    """The ontology page (``ontology.html``) and its Turtle (``ontology.ttl``), with examples from the
    graph's first EXAMPLE_ENTRIES entries."""
    from mmr_graph.ontology_page.terms import examples_from_triples, shipped_ontology

    first, _ = _take(triples, EXAMPLE_ENTRIES)
    ontology = shipped_ontology()
    return ontology_page.ontology_files(ontology, examples_from_triples(first, ontology), out_dir)
