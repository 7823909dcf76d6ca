"""The floors of the package point one way (docs/ARCHITECTURE.md): each module's imports, read with ``ast``
(those inside functions and under ``TYPE_CHECKING`` included), against the rules below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mmr_graph"
README = Path(__file__).resolve().parents[1] / "docs" / "ARCHITECTURE.md"

# The stages and the command layer above them (everything that strings stages together).
_ABOVE = {"commands", "cli", "pipeline", "loader", "__main__"}
# part of the package -> the parts it must not import
# ``parallel`` is the shell over ingest, rdf and export (docs/ARCHITECTURE.md, "Where parallelism lives"):
# the stages below it never import it.
FORBIDDEN: dict[str, set[str]] = {
    "ingest": {"rdf", "export", "query", "network", "html", "serve", "check", "parallel", *_ABOVE},
    "rdf": {"ingest", "export", "query", "network", "html", "serve", "check", "parallel", *_ABOVE},
    "export": {"ingest", "query", "network", "html", "serve", "check", "parallel", *_ABOVE},
    "parallel": {"query", "network", "html", "serve", "check", *_ABOVE},
    "query": {"ingest", "rdf", "export", "parallel", "network", "html", "serve", "check", *_ABOVE},
    "network": {"ingest", "export", "query", "html", "serve", "check", "parallel", *_ABOVE},
    "check": {"ingest", "query", "network", "html", "serve", "parallel", *_ABOVE},
    "html": {"ingest", "query", "serve", "check", "parallel", *_ABOVE},
    "serve": {"ingest", "network", "html", "check", "web", *_ABOVE},
    # the ontology's page: read by html/ (a build writes it) and serve/ (the endpoint serves it)
    "ontology_page": {
        "ingest",
        "rdf",
        "export",
        "query",
        "network",
        "html",
        "serve",
        "check",
        "parallel",
        "web",
        *_ABOVE,
    },
    # the one HTTP client: below the stages that fetch (check/, the command layer), above none of them
    "web": {
        "ingest",
        "rdf",
        "query",
        "network",
        "html",
        "serve",
        "check",
        "parallel",
        "ontology_page",
        *_ABOVE,
    },
}
for _part in ("rdf", "export", "parallel", "query", "network", "html"):
    FORBIDDEN[_part].add(
        "web"
    )  # no request from a stage that only transforms data (ingest/sources.py fetches lists)
# libraries that open connections to other machines: only web/ may import them
HTTP_CLIENTS = {"httpx", "httpcore", "http.client", "urllib.request", "urllib3", "requests", "aiohttp"}
# Modules any part may import, as if they were the floor: they import nothing of the package themselves
# (checked below). The helpers that start a process, which query/ and serve/ use as the build does.
LEAVES = {"mmr_graph.parallel.processes"}
# the floor below the stages: what each part may import at all
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "resources": set(),
    "model": set(),
    "identity": {"model"},
    "vocab": {"identity", "resources"},
}


def part_of(path: Path) -> str:
    """``ingest`` for ``src/mmr_graph/ingest/links.py``, ``vocab`` for ``src/mmr_graph/vocab.py``."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(source: str, package: str) -> set[str]:
    """The parts of ``mmr_graph`` that ``source`` imports (the text of a module of ``package``, which relative
    imports start from)."""
    parts: set[str] = set()
    here = package.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package upwards
                base = ".".join([*here[: len(here) - node.level + 1], *([base] if base else [])])
            # ``from mmr_graph import x`` imports the part x; ``from mmr_graph.x import y`` the part x
            names = [f"{base}.{alias.name}" for alias in node.names] if base == "mmr_graph" else [base]
        else:
            continue
        for name in names:
            if name in LEAVES:
                continue
            pieces = name.split(".")
            if pieces[0] == "mmr_graph" and len(pieces) > 1 and not pieces[1].startswith("__version"):
                parts.add(pieces[1])
    return parts


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def package_of(path: Path) -> str:
    return ".".join(path.parent.relative_to(PACKAGE.parent).parts)


def test_every_module_is_read() -> None:
    found = {part_of(path) for path in modules()}
    assert {"ingest", "rdf", "export", "query", "identity", "vocab", "model"} <= found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    part = part_of(path)
    imported = imported_parts(path.read_text(encoding="utf-8"), package_of(path)) - {part}
    if part in FORBIDDEN:
        assert not imported & FORBIDDEN[part], f"{part}/ must not import {sorted(imported & FORBIDDEN[part])}"
    if part in ALLOWED:
        assert imported <= ALLOWED[part], (
            f"{part} may import only {sorted(ALLOWED[part])}, not {sorted(imported)}"
        )


@pytest.mark.parametrize("leaf", sorted(LEAVES))
def test_a_leaf_imports_nothing_of_the_package(leaf: str) -> None:
    path = PACKAGE.parent / (leaf.replace(".", "/") + ".py")
    assert imported_parts(path.read_text(encoding="utf-8"), leaf.rpartition(".")[0]) == set()


def test_every_request_goes_through_web() -> None:
    """One HTTP client, one policy: no module outside web/ imports a library that makes requests."""
    for path in modules():
        if part_of(path) == "web":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for name in names:
                assert not any(name == c or name.startswith(f"{c}.") for c in HTTP_CLIENTS), (path, name)


def test_the_library_never_imports_the_command_line() -> None:
    for path in modules():
        part = part_of(path)
        if part not in _ABOVE:
            imported = imported_parts(path.read_text(encoding="utf-8"), package_of(path))
            assert not imported & {"commands", "cli"}, path


@pytest.mark.parametrize(
    ("source", "package", "expected"),
    [
        ("from mmr_graph.rdf.graph import to_graph", "mmr_graph.ingest", {"rdf"}),
        ("from mmr_graph import rdf", "mmr_graph.ingest", {"rdf"}),
        ("import mmr_graph.export.files", "mmr_graph.query", {"export"}),
        ("def f():\n    from mmr_graph.export import files", "mmr_graph.query", {"export"}),
        ("from ..rdf import graph", "mmr_graph.ingest", {"rdf"}),
        ("from . import links", "mmr_graph.ingest", {"ingest"}),
        ("from .graph import to_graph", "mmr_graph.rdf", {"rdf"}),
        ("from mmr_graph import __version__\nimport rdflib", "mmr_graph.check", set()),
    ],
)
def test_the_reader_of_imports(source: str, package: str, expected: set[str]) -> None:
    """The rules above would pass vacuously if imports were missed: each spelling is found."""
    assert imported_parts(source, package) == expected


def test_the_rules_are_documented() -> None:
    text = README.read_text(encoding="utf-8")
    assert "tests/test_architecture.py" in text
    for part in [*FORBIDDEN, "identity"]:
        assert f"{part}/" in text, part
