"""``mmr-graph query`` as users run it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.query.named import named_queries

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
GRPO = "SELECT ?e WHERE { ?e mmr:usesMethod method:GRPO } ORDER BY ?e"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    assert CliRunner().invoke(main, ["build", "--out", str(out), "--format", "ttl", "-q"]).exit_code == 0
    return out / "graph.ttl"


def test_list_shows_every_named_query_on_one_line(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(named_queries())
    for line, (name, q) in zip(lines, named_queries().items(), strict=True):
        assert line.startswith(name) and q.title in line
    assert "[method=GRPO, modality=video]" in result.output


def test_named_query_as_table(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "method-on-modality"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["entry", "name", "uses", "on"]
    assert set(lines[1]) == {"-", " "}
    assert any("entry:arxiv/2503.21776" in line and "Video-R1" in line for line in lines)
    assert lines[-1].endswith("rows)")


def test_params_and_csv(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["query", "method-on-modality", "-p", "method=DPO", "-p", "modality=image", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {r["uses"] for r in rows} == {"DPO"} and {r["on"] for r in rows} == {"image"}
    assert all(r["entry"].startswith("https://w3id.org/mmr-graph/id/entry/") for r in rows)


def test_inline_query_with_predeclared_prefixes_as_json(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", GRPO, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["head"]["vars"] == ["e"]
    assert len(doc["results"]["bindings"]) > 50


def test_query_file_on_a_graph_file_as_tsv(runner: CliRunner, tmp_path: Path, graph_file: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    result = runner.invoke(main, ["query", str(query), "--graph", str(graph_file), "-f", "tsv"])
    assert result.exit_code == 0, result.output
    header, value = result.output.splitlines()
    assert header == "?n"
    assert int(value) == len(list(ox.parse(path=str(graph_file), format=ox.RdfFormat.TURTLE)))


def test_same_answer_on_the_built_graph_and_the_graph_file(runner: CliRunner, graph_file: Path) -> None:
    fresh = runner.invoke(main, ["query", "top-base-models", "-f", "csv"])
    from_file = runner.invoke(main, ["query", "top-base-models", "-f", "csv", "--graph", str(graph_file)])
    assert fresh.exit_code == from_file.exit_code == 0
    assert fresh.output == from_file.output


def test_construct_gives_turtle(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["query", "CONSTRUCT { ?e a mmr:Entry } WHERE { ?e mmr:usesMethod method:DAPO }"]
    )
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.output.encode(), format=ox.RdfFormat.TURTLE))
    assert triples and "@prefix entry:" in result.output
    as_jsonld = runner.invoke(main, ["query", "DESCRIBE method:DAPO", "-f", "json"])
    assert json.loads(as_jsonld.output)


def test_ask(runner: CliRunner) -> None:
    assert runner.invoke(main, ["query", "ASK { ?e mmr:usesMethod method:GRPO }"]).output == "true\n"
    result = runner.invoke(main, ["query", "ASK { ?e mmr:usesMethod method:NOPE }", "-f", "json"])
    assert json.loads(result.output) == {"head": {}, "boolean": False}


def test_from_lists_builds_both_snapshots(runner: CliRunner) -> None:
    lists = sorted(LISTS.glob("*.md"))
    args = ["query", "added-between-snapshots", "-f", "csv"]
    single = runner.invoke(main, args)
    merged = runner.invoke(main, [*args, *(a for p in lists for a in ("--from", str(p)))])
    assert single.exit_code == merged.exit_code == 0
    assert single.output.strip() == "snapshot,date,entry,name"
    assert len(merged.output.splitlines()) > 10


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "-", "-f", "csv"], input="SELECT (1 AS ?one) WHERE {}")
    assert result.output.splitlines() == ["one", "1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT * WHERE {\n  ?s ?p }"], "at line 2, column"),
        (["INSERT DATA { <a> <b> <c> }"], "read-only"),
        (["SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], "SERVICE"),
        (["methd-on-modality"], "did you mean 'method-on-modality'"),
        (["method-on-modality", "-p", "nope=1"], "has no parameter 'nope'"),
        (["method-on-modality", "-p", "broken"], "NAME=VALUE"),
        (["ASK {}", "-p", "method=PPO"], "named queries only"),
        ([GRPO, "-f", "ttl"], "has no ttl form"),
    ],
)
def test_bad_queries_exit_2_with_one_line(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["query", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_graph_file_is_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', encoding="utf-8")
    result = runner.invoke(main, ["query", "ASK {}", "--graph", str(bad)])
    assert result.exit_code == 1
    assert "bad.ttl:3: not valid" in result.output
    assert runner.invoke(main, ["query", "ASK {}", "--graph", str(tmp_path / "x.csv")]).exit_code == 1


def test_syntax_error_in_a_real_process_has_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mmr_graph", "query", "SELECT ?x WHERE {\n ?x ?p ?o .\n FILTER( }"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: SPARQL syntax error in query at line 3, column")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_show_prints_the_bound_query(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "method-on-modality", "--show", "-p", "method=PPO"])
    assert result.exit_code == 0
    assert result.output.startswith("# title: Entries using a method on a modality")
    assert 'VALUES ?method { "PPO" }' in result.output
