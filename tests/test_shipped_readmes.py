"""The shipped README excerpts (data/metadata/github-readmes.jsonl): every record follows the rules, the file
and its sidecar agree, the assembly leaves out what may not be shipped, and a build reads the excerpts of an
uncurated entry's repository (facts with the README as their source, the repository as their evidence)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from mmr_graph.cli import main
from mmr_graph.enrich.shipped_readmes import (
    FIELDS,
    OPEN_LICENCES,
    SIDECAR,
    BadShippedReadmes,
    assemble,
    default_list_repositories,
    problems,
    read_records,
    shipped_file,
    shipped_readmes,
)
from mmr_graph.identity.iris import concept_iri
from mmr_graph.identity.namespaces import GITHUB, ID_IRI, MMR
from mmr_graph.ingest.readme_text import excerpt, markdown_of
from mmr_graph.vocab import load_vocabulary

SHIPPED = shipped_file()
VOCAB = load_vocabulary()
RECORDS = [json.loads(line) for line in SHIPPED.read_text(encoding="utf-8").splitlines()]
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: str(r.get("repository")))
def test_every_shipped_record_follows_the_rules(record: dict[str, Any]) -> None:
    assert problems(record) == []
    assert record["licence"] in OPEN_LICENCES
    assert excerpt(markdown_of(record["excerpt"]), VOCAB.methods) == record["excerpt"]  # reads as itself


def test_the_file_is_canonical_and_its_sidecar_says_what_it_holds() -> None:
    assert [r["repository"] for r in RECORDS] == sorted({r["repository"] for r in RECORDS})
    assert all(list(r) == list(FIELDS) for r in RECORDS)
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    sidecar = json.loads((SHIPPED.parent / SIDECAR).read_text(encoding="utf-8"))
    assert sidecar["records"] == len(RECORDS)
    assert sidecar["excerpt_lines"] == sum(len(r["excerpt"]) for r in RECORDS)
    assert sidecar["read_from"] == min(r["read_on"] for r in RECORDS)
    assert not set(sidecar["left_out"]) & {r["repository"] for r in RECORDS}
    # every repository is one the default list links to
    assert {r["repository"] for r in RECORDS} <= default_list_repositories()


def test_every_shipped_licence_has_its_text_and_notices_travel_with_the_excerpts() -> None:
    """The licences ask that their text and the copyright notices go with a copy: each licence a record
    names has its text in data/metadata/licences/, and an MIT or BSD record carries its notice."""
    for licence in {r["licence"] for r in RECORDS}:
        assert (SHIPPED.parent / "licences" / f"{licence}.txt").is_file(), licence
    for record in RECORDS:
        if record["licence"] in ("MIT", "BSD-2-Clause", "BSD-3-Clause"):
            assert record["notice"] and record["notice"].startswith("Copyright"), record["repository"]
    assert assemble([collected()])[0][0]["notice"] == "Copyright (c) 2025 Alpha Team"


def collected(**change: Any) -> dict[str, Any]:
    item = {
        "repository": "alpha/alpha-r1",
        "path": "README.md",
        "commit": COMMIT,
        "committed": "2025-05-01",
        "read_on": "2026-12-05",
        "licence": "MIT",
        "notice": "Copyright (c) 2025 Alpha Team",
        "text": "# Alpha-R1\n\nWe train Alpha-R1 with GRPO.\n\n## Install\n\npip install alpha\n",
    }
    return item | change


def test_the_assembly_keeps_the_excerpt_and_leaves_out_what_may_not_be_shipped() -> None:
    records, left_out = assemble(
        [
            collected(),
            collected(repository="beta/b", licence=None),
            collected(repository="gamma/g", licence="CC-BY-NC-4.0"),
            collected(repository="delta/d", text="# Delta\n\nInstall it with pip.\n"),
            collected(repository="omega/o"),
        ],
        {"alpha/alpha-r1", "beta/b", "gamma/g", "delta/d"},
    )
    assert [r["repository"] for r in records] == ["alpha/alpha-r1"]
    assert records[0]["excerpt"] == ["We train Alpha-R1 with GRPO."]
    assert records[0]["source"] == f"https://github.com/alpha/alpha-r1/blob/{COMMIT}/README.md"
    assert left_out == {
        "beta/b": f"licence not given: not shipped (read at commit {COMMIT})",
        "delta/d": "names no method, model or distillation",
        "gamma/g": f"licence CC-BY-NC-4.0: not shipped (read at commit {COMMIT})",
        "omega/o": "not linked by the default list",
    }


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"repository": "alpha"}, "repository is not owner/name"),
        ({"path": "docs/setup.md"}, "path is not a README"),
        ({"commit": "main"}, "commit is not a 40-digit"),
        ({"read_on": "5 Dec 2026"}, "read_on is not a date"),
        ({"licence": "GPL-3.0"}, "licence is not one that lets"),
        ({"notice": "Copyright (c) 2025\nAlpha"}, "notice is not null or one spaced line"),
        ({"notice": ""}, "notice is not null or one spaced line"),
        ({"source": "https://example.org/README.md"}, "source is not the README's address"),
        ({"excerpt": []}, "excerpt is not a non-empty list"),
        ({"excerpt": ["two\nlines"]}, "an excerpt line is empty"),
    ],
)
def test_each_rule_finds_what_it_is_about(change: dict[str, Any], rule: str) -> None:
    record = assemble([collected()])[0][0] | change
    assert any(w.startswith(rule) for w in problems(record)), problems(record)


def test_a_bad_shipped_file_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "readmes.jsonl"
    good = json.dumps(assemble([collected()])[0][0])
    bad.write_text(good + "\n" + good.replace('"MIT"', '"none"') + "\n", encoding="utf-8")
    with pytest.raises(BadShippedReadmes, match=r"readmes\.jsonl:2: licence"):
        read_records(bad)


def test_only_the_graphs_own_repositories_are_taken() -> None:
    some = [r["repository"] for r in RECORDS[:2]]
    metadata = shipped_readmes([*some, "nobody/nothing"])
    assert sorted(metadata.readmes) == sorted(GITHUB + r for r in some)
    assert [(o.api, o.where, o.resources) for o in metadata.origins] == [("readme", "shipped", 2)]


def test_a_build_reads_the_shipped_readme_of_an_uncurated_entry(tmp_path: Path) -> None:
    """An entry of a user's list without a curated record, linking a repository whose README is shipped:
    its methods come from the README (mmr:factSource fact-source/extracted-readme, the repository as the
    evidence), and the graph's description names the shipped READMEs."""
    record = next(r for r in RECORDS if any("GRPO" in line for line in r["excerpt"]))
    repository = GITHUB + record["repository"]
    lst = tmp_path / "list.md"
    one, two = [GITHUB + r["repository"] for r in RECORDS if r is not record][:2]
    lst.write_text(
        f"# My list\n\n## Works\n\n- A work [[code]]({repository})\n"
        f"- Another work [[code]]({one}), built on [that]({two})\n",  # whose README: not read, not counted
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(lst), "--out", str(out), "--no-html", "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert f"GitHub READMEs 1 (shipped, read {record['read_on']})" in result.output
    assert (
        "1 extracted: 0 of them read in abstracts, 1 in READMEs, 0 in Hugging Face tags, 0 in the list's text alone"
        in result.output
    )
    graph = Graph().parse(out / "graph.nt", format="nt")
    readme = URIRef(ID_IRI + "fact-source/extracted-readme")
    from_readme = {graph.value(a, MMR.assertedValue) for a in graph.subjects(MMR.factSource, readme)}
    assert concept_iri("method", "GRPO") in from_readme
    assert {graph.value(a, MMR.evidence) for a in graph.subjects(MMR.factSource, readme)} == {
        URIRef(repository)
    }
    origin = URIRef(ID_IRI + "metadata/readme-shipped")
    assert (None, DCTERMS.source, origin) in graph
    plain = CliRunner().invoke(
        main,
        ["build", str(lst), "--out", str(tmp_path / "plain"), "--no-html", "--no-shipped-metadata"],
    )
    assert plain.exit_code == 0 and "GitHub READMEs" not in plain.output
