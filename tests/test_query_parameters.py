"""A named query's parameter value that the graph does not know is an error with suggestions, not an empty
answer; and ``--view`` suggestions come from every node of the kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.errors import InputError
from mmr_graph.loader import load_graph
from mmr_graph.query import engine
from mmr_graph.query.errors import QueryError
from mmr_graph.query.named import named_queries, parse


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_an_unknown_method_is_named_with_every_method(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "method-on-modality", "-p", "method=NOPE"])
    assert result.exit_code == 2, result.output
    assert "'NOPE' is not a known method" in result.output
    for method in ("GRPO", "PPO", "DAPO", "SFT"):
        assert method in result.output
    assert "rows" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("param", "value", "hint"),
    [("modality", "vidoe", "did you mean 'video'"), ("method", "GRP0", "did you mean 'GRPO'")],
)
def test_a_near_miss_gets_a_suggestion(runner: CliRunner, param: str, value: str, hint: str) -> None:
    result = runner.invoke(main, ["query", "method-on-modality", "-p", f"{param}={value}"])
    assert result.exit_code == 2 and f"is not a known {param}" in result.output and hint in result.output


def test_an_unknown_entry_is_an_error_too(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "entry-neighbours", "-p", "entry=video-r2"])
    assert result.exit_code == 2
    assert "is not a known entry" in result.output and "'Video-R1'" in result.output


def test_known_values_in_any_case_still_answer(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "method-on-modality", "-p", "method=ppo", "-p", "modality=IMAGE"])
    assert result.exit_code == 0 and "verl" in result.output


def test_every_default_is_a_known_value() -> None:
    store = load_graph().store()

    def accepted(sparql: str) -> list[str]:
        return [row[0].value for row in engine.run(store, sparql).rows if row[0] is not None]  # type: ignore[union-attr]

    for named in named_queries().values():
        named.check_values(named.defaults(), accepted)
        assert set(named.values) <= set(named.params)
    with pytest.raises(QueryError, match="not a known method"):
        named_queries()["method-on-modality"].check_values({"method": "NOPE"}, accepted)


def test_a_values_line_for_an_undeclared_parameter_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(
        "# title: t\n# description: d\n# values: x — SELECT ?value {}\nASK {}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="not declared"):
        parse(path)


def test_view_suggestions_offer_every_method(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", "--out", str(tmp_path), "--format", "nt", "-q", "--view", "method:NOPE"]
    )
    assert result.exit_code != 0
    for method in ("PPO", "DAPO", "GRPO"):
        assert method in result.output, result.output
    assert "Traceback" not in result.output
