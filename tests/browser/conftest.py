"""Playwright fixtures for the HTML view, driving Debian's Chromium (never a downloaded browser).

Every page opened through :func:`open_page` runs with all non-``file:`` requests blocked and recorded, and
with ``alert``/``confirm``/``prompt``/``print``/``window.open`` replaced by recorders; a console error, an
uncaught exception, a dialog, an attempted request or a recorded call fails the test. Screenshots go to
``build/screenshots/`` (git-ignored) so a person can look at them.

Without Chromium (or the playwright package) the tests are skipped, unless the ``CI`` environment variable
is set: then they fail, because CI must run them (``.ci/install-system-deps`` installs Chromium).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip
# Replaces the ways a page can pop something up or navigate away, recording every attempt.
_TRAPS = """
(() => {
  const attempts = [];
  Object.defineProperty(window, "__attempts", { value: attempts });
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    window[name] = (...args) => { attempts.push(name + "(" + args.map(String).join(",") + ")"); return null; };
  }
})();
"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MMR_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module. Not per session: Playwright's sync API allows one running instance
    per thread, and other tests start their own."""
    path = chromium_path()
    if path is None:
        _unavailable("Debian's chromium is not installed (run .ci/install-system-deps)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page and everything suspicious it did."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []

    def check(self) -> None:
        attempts = self.page.evaluate("window.__attempts ? Array.from(window.__attempts) : []")
        problems = self.problems + [f"blocked call {a}" for a in attempts]
        assert problems == [], "\n".join(problems)

    def shot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Watched]]:
    opened: list[tuple[Any, Watched]] = []

    def _open(url: str, width: int = 1400, height: int = 850) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.add_init_script(_TRAPS)
        page = context.new_page()
        page.set_default_timeout(5_000)
        watched = Watched(page)
        problems = watched.problems

        def route(route: Any) -> None:
            if route.request.url.startswith(("file:", "data:", "about:")):
                route.continue_()
            else:
                problems.append(f"external request {route.request.url}")
                route.abort()

        context.route("**/*", route)
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(("file:", "data:", "about:"))
                else problems.append(f"request {r.url}")
            ),
        )
        page.on(
            "console",
            lambda m: (
                problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "assert") else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog {d.type}: {d.message}"), d.dismiss()))
        page.goto(url)
        page.wait_for_function("window.MMR && MMR.ready", timeout=30_000)
        opened.append((context, watched))
        return watched

    yield _open
    for context, watched in opened:
        problems = list(watched.problems)
        context.close()
        assert problems == [], "\n".join(problems)


DOCS = ROOT / "docs"


def docs_shot(view: Watched, name: str, for_docs: bool) -> Path:
    """A screenshot to build/screenshots/; with ``MMR_DOCS_SCREENSHOTS=1`` and ``for_docs``, also to docs/
    for the README (its name without the ``-WIDTH`` suffix), in 256 colours to keep it small."""
    path = view.shot(name)
    if for_docs and os.environ.get("MMR_DOCS_SCREENSHOTS") == "1":
        from PIL import Image

        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(
                256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
            small.save(DOCS / re.sub(r"-\d{4}(?=\.png$)", "", name), optimize=True)
    return path


def _write(triples: list, folder: Path, views: list[str] = ()) -> Path:  # type: ignore[assignment]
    from mmr_graph.html import write_site
    from mmr_graph.network.focus import parse_view

    folder.mkdir(parents=True, exist_ok=True)
    write_site(triples, folder, [parse_view(v) for v in views])
    return folder


@pytest.fixture(scope="session")
def kitchen_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kitchen-sink list, without curated facts, plus hand-made method facts: Perception-R1, Vision-R1
    (2503.06749) and Following Clues (a video entry) use GRPO; Seg-Zero uses PPO."""
    from rdflib import URIRef

    from mmr_graph.identity.namespaces import ID_IRI, MMR
    from mmr_graph.ingest import build_catalog
    from mmr_graph.rdf.graph import iter_triples

    triples = list(iter_triples(build_catalog([FIXTURES / "kitchen_sink.md"], curated=False)))
    uses = {"arxiv/2504.07954": "GRPO", "arxiv/2503.06749": "GRPO", "openreview/lq2jDWv3w0": "GRPO",
            "arxiv/2503.06520": "PPO"}  # fmt: skip
    triples += [
        (URIRef(f"{ID_IRI}entry/{e}"), MMR.usesMethod, URIRef(f"{ID_IRI}method/{m}")) for e, m in uses.items()
    ]
    return _write(triples, tmp_path_factory.mktemp("kitchen"), ["method:GRPO"])


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile list, plus what the list parser would never produce: javascript:, data: and vbscript:
    link URLs, and a method whose label and definition are markup."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    from mmr_graph.identity.namespaces import ID_IRI, MMR
    from mmr_graph.ingest import build_catalog
    from mmr_graph.rdf.graph import iter_triples

    triples = list(iter_triples(build_catalog([FIXTURES / "hostile.md"], curated=False)))
    target = URIRef(f"{ID_IRI}entry/arxiv/2501.00014")
    # titles with raw HTML: the parser keeps tags out of titles, the view must still show any as text
    marked_up = {
        URIRef(f"{ID_IRI}list/hostile"): "Hostile <b>List</b> \"quotes\" & <script>alert('title')</script>",
        URIRef(f"{ID_IRI}entry/arxiv/2501.00011"): (
            "<script>alert('entry')</script> Script-R1: a title with a script tag"
        ),
        target: "Close-R1: </script><script>alert('close')</script> breaks out of a script block",
    }
    triples = [t for t in triples if not (t[0] in marked_up and t[1] == DCTERMS.title)]
    triples = [t for t in triples if not (t[0] in marked_up and t[1] == RDFS.label and "list/" in str(t[0]))]
    graph_title = "Knowledge graph of " + marked_up[URIRef(f"{ID_IRI}list/hostile")]
    triples = [
        (t[0], t[1], Literal(graph_title))
        if t[1] == DCTERMS.title and str(t[2]).startswith("Knowledge graph")
        else t
        for t in triples
    ]
    for node, title in marked_up.items():
        triples.append((node, DCTERMS.title, Literal(title)))
        if "list/" in str(node):
            triples.append((node, RDFS.label, Literal(title)))
    method = URIRef(f"{ID_IRI}method/EVIL")
    triples += [
        (target, MMR.usesMethod, method),
        (method, RDF.type, MMR.Method),
        (method, SKOS.prefLabel, Literal("<img src=x onerror=alert('method')>")),
        (method, SKOS.definition, Literal("\"><script>alert('definition')</script>")),
        (method, SKOS.exactMatch, URIRef("javascript:alert('exactMatch')")),
    ]
    for position, url in enumerate(
        ["javascript:alert('link')", "JaVaScRiPt:alert('case')", " javascript:alert('space')",
         "data:text/html,<script>alert('data')</script>", "vbscript:msgbox(1)"],
        start=90,
    ):  # fmt: skip
        link = URIRef(f"{target}/link/{position}")
        triples += [
            (target, MMR.link, link),
            (link, RDF.type, MMR.Link),
            (link, RDFS.label, Literal(f"<b onmouseover=alert('label{position}')>bad {position}</b>")),
            (link, MMR.url, Literal(url)),
            (link, MMR.position, Literal(position)),
        ]
    return _write(triples, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped list as ``mmr-graph build`` writes it (with curated facts)."""
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.pipeline import build

    out = tmp_path_factory.mktemp("real")
    build([default_list()], out, ("ttl",), views=[])
    return out
