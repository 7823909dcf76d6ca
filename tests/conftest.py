from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# A loaded machine must not turn slow example generation into a failure; correctness checks stay as strict.
settings.register_profile(
    "mmr-graph", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("mmr-graph")

pytest_plugins = ["strict_mode"]  # MMR_GRAPH_STRICT_TESTS=1: a skipped test fails (see strict_mode.py)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LISTS = ROOT / "data" / "lists"
SNAPSHOTS = sorted(LISTS.glob("*.md"))
# helpers the tests share with the benchmarks (synthetic lists, the rdflib cross-check) live in benchmarks/
sys.path.insert(0, str(ROOT / "benchmarks"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden RDF files under tests/golden/ from the current code",
    )


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def kitchen_sink() -> Path:
    return FIXTURES / "kitchen_sink.md"


@pytest.fixture(scope="session")
def kitchen_catalog(kitchen_sink: Path):  # type: ignore[no-untyped-def]
    from mmr_graph.ingest import build_catalog

    return build_catalog([kitchen_sink])


@pytest.fixture(scope="session")
def default_snapshot() -> Path:
    return LISTS / "awesome-deep-multimodal-reasoning.2025-07-21.md"


@pytest.fixture(scope="session")
def ontology():  # type: ignore[no-untyped-def]
    """Every Turtle file of the ontology (shapes excluded), parsed once."""
    from rdflib import Graph

    from mmr_graph.resources import ontology_files

    graph = Graph()
    for path in ontology_files():
        graph.parse(path)
    return graph


def child_pids(pid: int) -> list[int]:
    """The processes ``pid`` has started and not yet reaped (Linux: from /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # the task ended meanwhile
    return found


def running(pid: int) -> bool:
    """Whether a process exists and runs (is not a zombie waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
