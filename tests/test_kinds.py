"""One definition of a node's kind, shared by the build's summary and the HTML view: a count is the number
of distinct nodes of that kind in the graph."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.identity.namespaces import ID_IRI, MMR
from mmr_graph.network import to_networkx
from mmr_graph.rdf.kinds import count_kinds, counted, kind_of

REPO = "https://github.com/o/awesome-things"


def test_a_repository_listed_as_an_awesome_list_is_a_collection() -> None:
    assert kind_of(REPO, {str(MMR.CodeRepository), str(MMR.AwesomeList)}) == "collection"
    assert kind_of(REPO, {str(MMR.CodeRepository)}) == "code"
    assert kind_of(f"{ID_IRI}list/x", {str(MMR.AwesomeList)}) is None  # an input list: bookkeeping
    members = {f"<{MMR.CodeRepository}>": {f"<{REPO}>", "<https://github.com/o/code>"},
               f"<{MMR.AwesomeList}>": {f"<{REPO}>", f"<{ID_IRI}list/x>"}}  # fmt: skip
    counts = count_kinds(members)
    assert counts["code"] == 1 and counts["collection"] == 1


def test_plurals() -> None:
    assert counted(1, "collection") == "1 collection" and counted(2, "collection") == "2 collections"
    assert counted(1, "entry") == "1 entry" and counted(0, "code") == "0 code repositories"


def test_summary_counts_are_the_graphs_distinct_nodes_of_each_kind(tmp_path: Path) -> None:
    """Regression: the summary counted links by their label (100 code repositories, 2 collections) where
    the view counted nodes by type (94 and 8): repositories of related awesome lists are collections."""
    from rdflib import Graph

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--format", "nt", "--no-html"])
    assert result.exit_code == 0, result.output
    assert "136 code repositories" in result.output and "8 collections" in result.output
    view = Counter(kind for _, kind in to_networkx(Graph().parse(out / "graph.nt")).nodes(data="kind"))
    for kind, noun in [("entry", "entries"), ("paper", "papers"), ("code", "code repositories"),
                       ("dataset", "datasets"), ("collection", "collections"), ("model", "models")]:  # fmt: skip
        assert f" {view[kind]} {noun}" in result.output.replace("  ", " "), (kind, view[kind])
