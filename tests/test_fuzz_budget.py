"""The fuzzer of benchmarks/fuzz_ingest.py (the whole path, markdown bytes to re-parsed RDF files) on a small
budget, so that every run of the suite tries new inputs of every shape; a large run is done by hand."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from fuzz_ingest import run_budget


def test_a_small_fuzz_budget_runs_clean() -> None:
    seed = random.randrange(1 << 30)  # new inputs each run; the seed reproduces a failure
    tried, refused, failures = run_budget(120, base_seed=seed, validate_every=60)
    assert tried == 120 and refused < tried
    assert not failures, f"seed {seed}: {failures[0][0]!r}\n{failures[0][2]}"
