"""The benchmark runner works end to end on a small list: every figure is measured, for both pipelines.

Only that the figures exist and are plausible is checked here; how fast anything is belongs to the
benchmarks themselves, not to tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

STAGES = {"parse", "model", "graph", "nt", "ttl", "jsonld", "sparql load", "query"}


def test_the_runner_measures_every_stage_of_both_pipelines(tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "200", "--runs", "1", "--cold-runs", "1",
         "--json", str(figures)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    for row in (
        "floor: read + tokenize",
        "write Turtle (*)",
        "end to end: build --no-html",
        "peak memory: build",
    ):
        assert row in run.stdout
    found = json.loads(figures.read_text(encoding="utf-8"))
    assert set(found["cold"]) == {"mmr-graph --help", "mmr-graph build (real list)",
                                  "mmr-graph build --no-html (real list)"}  # fmt: skip
    size = found["sizes"][0]
    assert size["entries"] == 200
    assert STAGES | {"floor", "html"} <= set(size["ours"])
    assert set(size["baseline"]) >= STAGES
    assert all(size["ours"][stage] > 0 and size["baseline"][stage] > 0 for stage in STAGES)
    assert size["ours"]["triples"] > 200 and size["ours"]["query rows"] > 0
    for e2e in (size["e2e"], size["e2e_no_html"], size["baseline_e2e"]):
        assert e2e["min"] > 0 and e2e["peak_mb"] > 0 and e2e["runs"] >= 1
    assert size["baseline_e2e"]["finished"]


def test_the_store_benchmark_compares_reparsing_with_the_store(tmp_path: Path) -> None:
    figures = tmp_path / "store.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_store.py"), "--sizes", "200", "--runs", "1",
         "--work", str(tmp_path / "work"), "--json", str(figures)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "re-parse wall" in run.stdout and "COUNT(*) of all triples" in run.stdout
    (size,) = json.loads(figures.read_text(encoding="utf-8"))
    assert size["entries"] == 200 and size["store_bytes"] > 0 and size["first_query_wall"] > 0
    for row in size["queries"].values():
        assert row["reparse_wall"] > 0 and row["store_wall"] > 0
