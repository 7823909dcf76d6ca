"""The parser's reading of a query: SERVICE and updates found by the grammar, not by the text; texts made
plain before both parsers see them; messages with line and column."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mmr_graph.cli import main
from mmr_graph.identity.namespaces import PREFIXES
from mmr_graph.query import syntax
from mmr_graph.query.errors import QueryError


def test_service_in_strings_iris_comments_and_names_is_not_a_call() -> None:
    syntax.check('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" } # SERVICE <http://x/> { }')
    syntax.check("SELECT ?SERVICE WHERE { ?SERVICE <http://ex/SERVICE> 'SERVICE' }")
    syntax.check('PREFIX SERVICE: <http://ex/> SELECT * WHERE { ?s SERVICE:SERVICE """\nSERVICE\n""" }')


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <a> <b> <c> }",
        "PREFIX ex: <http://ex/>\n# comment\nDELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "clear all",
        "BASE <http://ex/> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(update: str) -> None:
    with pytest.raises(syntax.UpdateRefused, match="read-only"):
        syntax.check(update)


def test_a_text_the_parser_cannot_read_is_refused() -> None:
    # Oxigraph reads this (a SPARQL 1.2 triple term); the parser does not: refused, whatever it holds
    with pytest.raises(QueryError, match="syntax error"):
        syntax.check("SELECT * WHERE { << ?s ?p ?o >> ?q ?r }")


def test_escapes_are_replaced_before_either_parser_reads() -> None:
    assert syntax.plain_text('SELECT ("a\\u0022" AS ?x) {}') == 'SELECT ("a"" AS ?x) {}'
    assert syntax.plain_text("ASK { <http://x/\\U0001F600> ?p ?o }") == "ASK { <http://x/\U0001f600> ?p ?o }"
    with pytest.raises(QueryError, match="another escape"):
        syntax.plain_text('ASK { ?s ?p "\\u005Cu0022" }')
    with pytest.raises(QueryError, match="not a Unicode character"):
        syntax.plain_text('ASK { ?s ?p "\\uD800" }')


def test_line_ends_are_made_one_and_control_characters_refused() -> None:
    assert syntax.plain_text("ASK {\r\n} # a\rb") == "ASK {\n} # a\nb"
    with pytest.raises(QueryError, match="control character U\\+0000 at line 2, column 3"):
        syntax.plain_text("ASK {\n  \x00 }")


def test_rdflib_escape_bug_does_not_decide() -> None:
    """rdflib reads \\u with up to eight digits; the grammar says four: the text given to both is already
    expanded, so \\u003A52913 is ':' followed by 52913."""
    text = syntax.check("SELECT * WHERE { ?s <http://127.0.0.1\\u003A52913/> ?o }")
    assert "<http://127.0.0.1:52913/>" in text


# --- messages (issue: what a newcomer meets) --------------------------------------------------------------


def test_unknown_prefix_is_named_with_line_column_and_known_ones() -> None:
    with pytest.raises(QueryError) as error:
        syntax.check("SELECT * WHERE {\n  ?s foo:bar ?o }", "query", PREFIXES)
    message = str(error.value)
    assert "unknown prefix `foo:`" in message and "at line 2, column 6" in message
    assert "mmr:" in message and "skos:" in message
    assert (error.value.line, error.value.column) == (2, 6)
    assert len(message) < 600 and "\\u" not in message


def test_declared_and_project_prefixes_are_known() -> None:
    syntax.check("PREFIX foo: <http://foo/> SELECT * WHERE { ?s foo:bar mmr:x }", "query", PREFIXES)
    with pytest.raises(QueryError, match="unknown prefix `:`"):
        syntax.check("SELECT * WHERE { ?s :bar ?o }", "query", PREFIXES)


def test_a_prefix_in_a_string_or_comment_is_not_its_first_use() -> None:
    with pytest.raises(QueryError, match="line 3, column 6"):
        syntax.check('SELECT * WHERE {\n ?s ?p "foo:x" . # foo:y\n  ?s foo:bar ?o }', "query", PREFIXES)


def test_syntax_errors_are_short_with_line_and_column() -> None:
    with pytest.raises(QueryError) as error:
        syntax.check("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }")
    message = str(error.value)
    assert "line 3" in message and "column" in message and len(message) < 200


def test_the_cli_says_unknown_prefix_not_a_wall_of_ranges() -> None:
    result = CliRunner().invoke(main, ["query", "SELECT * WHERE { ?s foo:bar ?o }"])
    assert result.exit_code == 2
    assert "unknown prefix `foo:`" in result.output and "line 1, column 21" in result.output
    assert "\\u{" not in result.output and len(result.output) < 600


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("SELCTWHRV*{}?<>\"'#\\u0022 \n\r.:;()ASKINTOD")), max_size=80))
def test_any_text_is_read_or_refused_with_one_line(text: str) -> None:
    """Whatever the text, reading it gives a plain query or a QueryError of one line, never another error."""
    try:
        plain = syntax.check(text, "query", PREFIXES)
    except QueryError as exc:
        assert "\n" not in str(exc)
        return
    assert syntax.plain_text(plain) == plain  # what Oxigraph is given is already plain


@pytest.mark.parametrize(
    ("text", "triples"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("ask {}", False),
        ("# a comment\nPREFIX a: <http://example.org/a#b>\nprefix : <x>\n BASE <q>\nselect ?x {}", False),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("PREFIX a:<http://example.org/> DESCRIBE a:b", True),
        ("PREFIX a: <x> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }", True),
        ("PREFIX a: <x> # unfinished", True),  # unsure: the graph writers are made ready too
    ],
)
def test_a_graph_answer_is_foreseen_from_the_text(text: str, triples: bool) -> None:
    """``mmr-graph query`` makes the graph writers ready before the lock only for what may need them."""
    assert syntax.may_give_triples(text) is triples
