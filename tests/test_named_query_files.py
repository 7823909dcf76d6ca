"""The named queries: every shipped .rq is documented and runs; parameters bind safely."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from mmr_graph.errors import InputError
from mmr_graph.query.errors import QueryError
from mmr_graph.query.named import named_queries, parse, parse_params, resolve, sparql_string
from mmr_graph.resources import resource

REQUIRED = {
    "method-on-modality",
    "shared-datasets",
    "method-modality-matrix",
    "code-without-paper",
    "paper-without-code",
    "papers-per-month",
    "top-base-models",
    "entries-per-section",
    "entry-neighbours",
    "added-between-snapshots",
}


def test_the_research_questions_are_shipped() -> None:
    assert set(named_queries()) >= REQUIRED
    assert sorted(p.stem for p in resource("queries").glob("*.rq")) == list(named_queries())


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_each_query_is_documented_and_parses(name: str) -> None:
    q = named_queries()[name]
    assert q.title and len(q.title) < 60 and "\n" not in q.title
    assert len(q.description) > 30
    # standalone: every prefix it uses is declared, so it runs in any store as it is
    store = ox.Store()
    list(store.query(q.text))
    for param, default in q.defaults().items():
        assert default, f"{name}: parameter {param} has no default"


def test_parameters_and_defaults() -> None:
    q = named_queries()["method-on-modality"]
    assert set(q.params) == {"method", "modality"}
    assert q.defaults() == {"method": "GRPO", "modality": "video"}
    bound = q.bind({"method": "PPO"})
    assert 'VALUES ?method { "PPO" }' in bound and 'VALUES ?modality { "video" }' in bound
    assert bound.count("\n") == q.text.count("\n"), "binding keeps line numbers"


def test_a_value_cannot_change_the_query() -> None:
    q = named_queries()["entry-neighbours"]
    hostile = 'x" } ?s ?p ?o . { "'
    bound = q.bind({"entry": hostile})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
    assert list(store.query(bound)) == []  # still one harmless string, no new pattern
    assert sparql_string(hostile) in bound
    assert sparql_string('a\\b\n"c"') == '"a\\\\b\\n\\"c\\""'


def test_unknown_parameter_is_an_error() -> None:
    with pytest.raises(QueryError, match="has no parameter 'methd'"):
        named_queries()["method-on-modality"].bind({"methd": "PPO"})


def test_parse_params() -> None:
    assert parse_params(["method=PPO", "entry=a=b"]) == {"method": "PPO", "entry": "a=b"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_params(["method"])


def test_resolve(tmp_path: Path) -> None:
    text, source = resolve("method-on-modality", {"method": "DPO"})
    assert '"DPO"' in text and "method-on-modality" in source
    query_file = tmp_path / "mine.rq"
    query_file.write_text("ASK {}", encoding="utf-8")
    assert resolve(str(query_file)) == ("ASK {}", str(query_file))
    assert resolve("ASK { ?s ?p ?o }") == ("ASK { ?s ?p ?o }", "query")
    with pytest.raises(QueryError, match="did you mean 'method-on-modality'"):
        resolve("method-on-modalty")
    with pytest.raises(InputError, match="no such query file"):
        resolve(str(tmp_path / "missing.rq"))
    with pytest.raises(QueryError, match="--param applies to named queries only"):
        resolve("ASK { ?s ?p ?o }", {"method": "PPO"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }\n", "no '# title:' line"),
        ("# title: T\nSELECT ?x WHERE { ?x ?p ?o }\n", "no '# description:' line"),
        ("# title: T\n# description: D\n# param: x — the x\nSELECT ?x WHERE { ?x ?p ?o }\n", r"VALUES \?x"),
        ("# title: T\n# description: D\n# param: nonsense\nASK {}\n", "bad parameter line"),
    ],
)
def test_bad_headers_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        parse(path)
