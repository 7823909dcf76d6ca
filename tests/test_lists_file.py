"""A lists file names a field's lists (files, URLs, github: specs) so that they build with one command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, RDF
from tests.github_server import FakeGitHub

from mmr_graph.cli import main

MMR = Namespace("https://w3id.org/mmr-graph/ns#")
ONE = "# One List\n\n- **Alpha: Seeing** [[paper](https://arxiv.org/abs/2501.00001)]\n"
TWO = "# Two List\n\n- **Beta: Hearing** [[paper](https://arxiv.org/abs/2501.00002)]\n"
THREE = "# Three List\n\n- **Gamma: Charts** [[paper](https://arxiv.org/abs/2502.00003)]\n"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    server = FakeGitHub()
    server.repo("someone", "two").add({"README.md": TWO.encode()}, "2025-02-03T04:05:06Z")
    server.repo("else", "three").add({"list.md": THREE.encode()}, "2025-03-01T00:00:00Z")
    yield server
    server.close()


def build(args: list[str], tmp_path: Path, github: FakeGitHub) -> tuple[int, str, str]:
    env = {"MMR_GRAPH_CACHE": str(tmp_path / "cache"), "MMR_GRAPH_GITHUB_API": github.api,
           "MMR_GRAPH_GITHUB_RAW": github.raw}  # fmt: skip
    result = CliRunner().invoke(main, ["build", "--no-html", "--out", str(tmp_path / "out"), *args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def lists_in(out: Path) -> dict[str, tuple[str, str]]:
    """list IRI's last segment -> (title, date)"""
    graph = Graph().parse(out / "graph.ttl")
    return {
        str(node).rsplit("/", 1)[-1]: (
            str(graph.value(node, DCTERMS.title)),
            str(graph.value(node, DCTERMS.created)),
        )
        for node in graph.subjects(RDF.type, MMR.AwesomeList)
        if "/id/list/" in str(node)  # the lists built, not the collections they name
    }


def test_a_field_builds_from_its_lists_file(tmp_path: Path, github: FakeGitHub) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "one.md").write_text(ONE, encoding="utf-8")
    field = tmp_path / "field.yaml"
    field.write_text(
        "# the lists of a field\n"
        "- file: one.md\n"  # found in the lists/ subfolder, as data/lists.yaml's files are
        "  date: 2024-12-31\n"
        "- list: github:someone/two\n"
        "  title: The Second List\n"
        f"- id: third\n  url: {github.raw}/else/three/main/list.md\n",
        encoding="utf-8",
    )
    code, out, err = build(["--lists", str(field)], tmp_path, github)
    assert code == 0, err
    found = lists_in(tmp_path / "out")
    assert found["one"] == ("One List", "2024-12-31")
    assert found["someone-two"] == ("The Second List", "2025-02-03")
    assert found["third"][0] == "Three List"
    assert "github:someone/two" in out


def test_the_shipped_lists_file_builds(tmp_path: Path, github: FakeGitHub) -> None:
    import yaml

    records = yaml.safe_load(Path("data/lists.yaml").read_text(encoding="utf-8"))
    code, _, err = build(["--lists", "data/lists.yaml"], tmp_path, github)
    assert code == 0, err
    found = lists_in(tmp_path / "out")
    assert sorted(found) == sorted(r["id"] for r in records)
    for record in records:
        assert found[record["id"]][1] == str(record["date"])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- list: a.md\n- lsit: b.md\n", 2, "unknown key 'lsit'"),
        ("- title: nothing\n", 1, "exactly one of list:, file: or url:"),
        ("- list: a.md\n  date: soon\n", 1, "date: is not a date"),
        ("- id: x\n  list: a.md\n- id: x\n  list: b.md\n", 3, "the id 'x' is given twice"),
        ("lists: [\n", 2, "not valid YAML"),
        ("title: no lists\n", 1, "a mapping without a 'lists' key"),
    ],
)
def test_a_bad_lists_file_is_one_line_error(
    tmp_path: Path, github: FakeGitHub, text: str, line: int, message: str
) -> None:
    field = tmp_path / "field.yaml"
    field.write_text(text, encoding="utf-8")
    code, _, err = build(["--lists", str(field)], tmp_path, github)
    assert code == 1
    assert err.startswith(f"error: {field}:{line}: ") and message in err and err.count("\n") == 1, err


def test_a_skipped_list_of_a_lists_file_exits_3(tmp_path: Path, github: FakeGitHub) -> None:
    field = tmp_path / "field.yaml"
    field.write_text("lists:\n  - github:someone/two\n  - github:nobody/nothing\n", encoding="utf-8")
    code, out, err = build(["--lists", str(field)], tmp_path, github)
    assert code == 3, err
    assert "1 of 2 lists skipped: github:nobody/nothing" in out
