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

ASSETS = Path(__file__).resolve().parent / "assets"
VENDOR_SCRIPT = "vendor/vis-network.min.js"
VENDOR_NOTICE = "vendor/LICENSE-vis-network.txt"
SCRIPTS = (VENDOR_SCRIPT, "mmr-model.js", "mmr-graph.js", "mmr-panels.js", "mmr-table.js", "mmr-main.js")
STYLES = ("mmr-graph.css",)
INDEX = "index.html"
_UNSAFE_INLINE = re.compile(r"</script|</style|<!--", re.IGNORECASE)


def view_filename(spec: ViewSpec) -> str:
    return f"view-{spec.slug}.html"


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
    return {
        "scripts": "\n".join(blocks),
        "script_hashes": " ".join(_hash(code) for code in scripts),
        "css": "\n".join(styles),
        "style_hashes": " ".join(_hash(css) for css in styles),
    }


def render_page(g: nx.DiGraph) -> bytes:
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


def render_site(g: nx.DiGraph, views: Sequence[ViewSpec] = ()) -> dict[str, bytes]:
    """Every page, by file name. Raises ViewError for a view that names nothing, before anything is
    written."""
    files = {INDEX: render_page(g)}
    for spec in views:
        files[view_filename(spec)] = render_page(focus(g, spec))
    return files


def write_site(
    graph: Iterable[tuple[Node, Node, Node]], out_dir: Path, views: Sequence[ViewSpec] = ()
) -> dict[str, Path]:
    """Project the RDF graph (a Graph or triples), render every page, then write them all atomically.

    Returns ``{"html": index path, "view:<kind>:<notation>": view path, ...}``.
    """
    from mmr_graph.export.atomic import replace_all
    from mmr_graph.network.projection import to_networkx

    g = to_networkx(graph)
    files = render_site(g, views)
    replace_all({out_dir / name: data for name, data in files.items()})
    written = {"html": out_dir / INDEX}
    written.update({f"view:{spec}": out_dir / view_filename(spec) for spec in views})
    return written
