"""Curated facts: every record is valid, every shipped entry has one, and the graph answers with them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from crosscheck import sorted_triples

from conftest import ROOT, SNAPSHOTS
from mmr_graph.errors import InputError
from mmr_graph.identity.iris import entry_iri
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.curated import FIELDS, CuratedRecord, canonical_key, dump_records, load_records
from mmr_graph.ingest.entry_facts import extract_methods
from mmr_graph.rdf.graph import iter_triples
from mmr_graph.vocab import load_vocabulary

CURATED = ROOT / "data" / "curated.yaml"
VOCAB = load_vocabulary()
RECORDS = load_records(CURATED, VOCAB)
RAW = yaml.safe_load(CURATED.read_text(encoding="utf-8"))
ENTRIES = {e.key: e for e in build_catalog(SNAPSHOTS, curated=False).entries}


def test_file_is_canonical() -> None:
    assert CURATED.read_text(encoding="utf-8") == dump_records(list(RECORDS.values())), (
        "run: python -m mmr_graph.ingest.curated data/curated.yaml"
    )


def test_every_entry_of_every_snapshot_has_a_record() -> None:
    for snapshot in SNAPSHOTS:
        keys = {e.key for e in build_catalog([snapshot], curated=False).entries}
        missing = sorted(keys - RECORDS.keys())
        assert not missing, f"{snapshot.name}: no curated record for {missing}"


@pytest.mark.parametrize("raw", RAW, ids=[r["key"] for r in RAW])
def test_record(raw: dict) -> None:
    assert set(raw) <= set(FIELDS), f"unknown keys {set(raw) - set(FIELDS)}"
    record = CuratedRecord.model_validate(raw)
    key = canonical_key(record.key)
    assert key in ENTRIES, "record for an entry that no shipped list has"
    entry = ENTRIES[key]
    assert record.name.strip(), "name is for people reading the file"
    for notation in record.methods:
        assert notation in VOCAB.methods.concepts
    assert record.kind in VOCAB.kinds.concepts
    if record.kind == "method":
        assert record.methods, "a method or model needs at least one method"
    own = {link.iri for link in entry.links} | (
        {canonical_key(record.repository)} if record.repository else set()
    )
    assert canonical_key(record.evidence) in own, "evidence must be the entry's own paper or repository"
    assert len(record.methods) == len(set(record.methods))


def test_unknown_notation_is_a_clear_error_naming_the_record(tmp_path: Path) -> None:
    broken = CURATED.read_text(encoding="utf-8").replace("methods: [GRPO", "methods: [GRPPO", 1)
    path = tmp_path / "curated.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError, match=r"record https://\S+: unknown method notation 'GRPPO'") as info:
        load_records(path, VOCAB)
    assert info.value.line is not None and broken.splitlines()[info.value.line - 1].startswith("- key:")


def test_unknown_field_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "curated.yaml"
    path.write_text(CURATED.read_text(encoding="utf-8").replace("  note:", "  notes:", 1), encoding="utf-8")
    with pytest.raises(InputError, match="notes"):
        load_records(path, VOCAB)


def test_cli_reports_a_bad_curated_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from mmr_graph.cli import main

    path = tmp_path / "curated.yaml"
    path.write_text(
        CURATED.read_text(encoding="utf-8").replace("kind: method", "kind: metod", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["build", "--curated", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "unknown kind 'metod'" in result.output and "Traceback" not in result.output


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object)
        for t in sorted_triples(iter_triples(build_catalog([SNAPSHOTS[-1]])))
    )
    return store


PREFIX = "PREFIX mmr: <https://w3id.org/mmr-graph/ns#> PREFIX method: <https://w3id.org/mmr-graph/id/method/> PREFIX modality: <https://w3id.org/mmr-graph/id/modality/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def _curated_for_snapshot() -> dict[str, tuple[CuratedRecord, object]]:
    entries = {e.key: e for e in build_catalog([SNAPSHOTS[-1]], curated=False).entries}
    return {k: (RECORDS[k], e) for k, e in entries.items()}


def test_graph_answers_grpo_on_video(store: ox.Store) -> None:
    rows = store.query(
        PREFIX + "SELECT DISTINCT ?e WHERE { ?e mmr:usesMethod method:GRPO ; mmr:modality modality:video }"
    )
    found = {row["e"].value for row in rows}
    expected = set()
    for record, entry in _curated_for_snapshot().values():
        modalities = entry.tags.modalities or record.modalities
        if "GRPO" in record.methods and "video" in modalities:
            expected.add(str(entry_iri(entry.key)))
    assert found == expected
    assert len(expected) >= 5


def test_graph_answers_who_distils(store: ox.Store) -> None:
    rows = store.query(PREFIX + "SELECT DISTINCT ?e WHERE { ?e mmr:usesMethod method:DISTILL }")
    expected = {
        str(entry_iri(entry.key))
        for record, entry in _curated_for_snapshot().values()
        if "DISTILL" in record.methods
    }
    assert {row["e"].value for row in rows} == expected
    teachers = store.query(
        PREFIX
        + "SELECT DISTINCT ?e WHERE { ?e mmr:distilledFrom/rdfs:label ?t FILTER(CONTAINS(?t, 'DeepSeek-R1')) }"
    )
    expected_r1 = {
        str(entry_iri(entry.key))
        for record, entry in _curated_for_snapshot().values()
        if any("DeepSeek-R1" in t for t in record.distilled_from)
    }
    assert {row["e"].value for row in teachers} == expected_r1


def test_graph_answers_base_models_by_entries(store: ox.Store) -> None:
    rows = store.query(
        PREFIX
        + "SELECT ?label (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e mmr:baseModel ?m . ?m rdfs:label ?label } GROUP BY ?label"
    )
    found = {row["label"].value: int(row["n"].value) for row in rows}
    expected = Counter(m for record, _ in _curated_for_snapshot().values() for m in set(record.base_models))
    assert found == dict(expected)
    assert max(found, key=found.get) == "Qwen/Qwen2.5-VL-7B-Instruct"


def test_statements_record_their_source(store: ox.Store) -> None:
    rows = list(
        store.query(
            PREFIX
            + "SELECT ?src (COUNT(*) AS ?n) WHERE { ?a a mmr:Assertion ; mmr:factSource ?src } GROUP BY ?src"
        )
    )
    assert {row["src"].value.rsplit("/", 1)[1] for row in rows} == {"curated"}
    missing = list(
        store.query(
            PREFIX + "SELECT ?a WHERE { ?a a mmr:Assertion . FILTER NOT EXISTS { ?a mmr:evidence ?ev } }"
        )
    )
    assert not missing


def test_extraction_fallback_for_a_users_own_list(tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text(
        "## Benchmarks\n\n- NewBench: Evaluating Reasoning [[paper]](https://arxiv.org/abs/2601.00001)\n\n"
        "## Papers\n\n- Foo-R1: Video Reasoning via Group Relative Policy Optimization and SFT [[paper]](https://arxiv.org/abs/2601.00002)\n"
        "- Perception-R1: listed again by a user [[paper]](https://arxiv.org/abs/2504.07954)\n",
        encoding="utf-8",
    )
    entries = {e.short_name: e for e in build_catalog([path]).entries}
    assert entries["Foo-R1"].facts.source == "extracted"
    assert entries["Foo-R1"].facts.methods == ("GRPO", "SFT")
    assert entries["Foo-R1"].facts.kind == "method"
    assert entries["NewBench"].facts.kind == "benchmark"
    assert entries["Perception-R1"].facts.source == "curated"  # curated wins where a record exists


@pytest.mark.parametrize(
    ("title", "methods"),
    [
        ("AnomalyR1: A GRPO-based End-to-end MLLM", ("GRPO",)),
        ("Boosting Generalization with Curriculum Reinforcement Learning", ("CURRICULUM", "RL")),
        ("Improve Vision Language Model Chain-of-thought Reasoning", ("COT",)),
        ("VisualPRM: An Effective Process Reward Model", ("PRM",)),
        ("Perception-R1: Pioneering Perception Policy", ()),
    ],
)
def test_extract_methods_from_titles(title: str, methods: tuple[str, ...]) -> None:
    assert extract_methods(title, VOCAB) == methods
