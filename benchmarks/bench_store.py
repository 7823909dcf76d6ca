"""The query store against reading the graph file again: ``mmr-graph query`` on a build's output folder, each
query a new process (cold: a new process, the OS cache as it is), on synthetic lists of several sizes.

    python benchmarks/bench_store.py                                  # 1k, 10k, 100k (about 10 minutes)
    python benchmarks/bench_store.py --sizes 1000,10000 --runs 5
    python benchmarks/bench_store.py --work /tmp/store-bench          # keep the builds; reuse them next time

For each size it builds the list once (``mmr-graph build --no-html``; a build already in ``--work`` with the
same list is reused), then prints, side by side:

* **re-parse**: ``mmr-graph query Q --graph out/graph.nt``: the file read into a store in memory, as every
  query of a folder did before the query store;
* **store**: ``mmr-graph query Q --graph out/``: the folder's query store opened read-only;
* **first query**: the query that makes the store (once per build), and the build itself, for comparison.

Each figure is the median wall time (and CPU time: user + system of the process and its children) of
``--runs`` runs; the store is made before the store runs are timed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_list

MMR_GRAPH = Path(sys.executable).parent / "mmr-graph"  # the installed script itself
QUERIES = {
    "COUNT(*) of all triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "COUNT of entries": "SELECT (COUNT(?e) AS ?n) WHERE { ?e a mmr:Entry }",
    "class-counts (named)": "class-counts",
}
STORE_PREFIX = ".mmr-graph.store-"


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``command`` as a new process (its children's CPU included), and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def median_of(command: list[str], runs: int) -> tuple[float, float, str]:
    figures = [timed(command) for _ in range(runs)]
    return (
        statistics.median(f[0] for f in figures),
        statistics.median(f[1] for f in figures),
        figures[-1][2],
    )


def query_command(sparql: str, graph: Path) -> list[str]:
    return [str(MMR_GRAPH), "query", sparql, "--graph", str(graph), "--format", "csv"]


def built(work: Path, entries: int) -> tuple[Path, float | None]:
    """The build of a synthetic list of ``entries`` in ``work`` (made, or reused), and its build time."""
    source = work / f"list-{entries}.md"
    out = work / f"out-{entries}"
    reuse = source.exists() and (out / "manifest.json").exists()
    if not reuse:
        write_list(source, entries)
        wall, _cpu, _ = timed([str(MMR_GRAPH), "build", str(source), "--out", str(out), "--no-html", "-q"])
        return out, wall
    return out, None


def drop_stores(out: Path) -> None:
    for path in out.glob(STORE_PREFIX + "*"):
        if path.is_dir():
            shutil.rmtree(path)


def bench_size(work: Path, entries: int, runs: int, reparse_runs: int) -> dict[str, object]:
    out, build_wall = built(work, entries)
    nt = out / "graph.nt"
    drop_stores(out)
    first_wall, first_cpu, _ = timed(query_command("ASK {}", out))  # makes the store
    store_bytes = sum(p.stat().st_size for p in next(out.glob(STORE_PREFIX + "*")).rglob("*") if p.is_file())
    rows: dict[str, dict[str, float]] = {}
    for name, sparql in QUERIES.items():
        reparse = median_of(query_command(sparql, nt), reparse_runs if entries >= 100_000 else runs)
        stored = median_of(query_command(sparql, out), runs)
        if reparse[2] != stored[2]:
            raise SystemExit(f"{name}: different answers from the file and from the store")
        rows[name] = {"reparse_wall": reparse[0], "reparse_cpu": reparse[1]}
        rows[name] |= {"store_wall": stored[0], "store_cpu": stored[1]}
    return {
        "entries": entries,
        "graph_nt_bytes": nt.stat().st_size,
        "store_bytes": store_bytes,
        "build_wall": build_wall,
        "first_query_wall": first_wall,
        "first_query_cpu": first_cpu,
        "queries": rows,
    }


def print_size(report: dict[str, object]) -> None:
    build = report["build_wall"]
    built_in = f"{build:.1f} s" if isinstance(build, float) else "reused"
    print(
        f"\n{report['entries']:,} entries: graph.nt {report['graph_nt_bytes']:,} bytes, "
        f"store {report['store_bytes']:,} bytes; build {built_in}; first query (makes the store) "
        f"{report['first_query_wall']:.2f} s wall, {report['first_query_cpu']:.2f} s CPU"
    )
    print(
        f"  {'query':26} {'re-parse wall':>14} {'store wall':>11} {'ratio':>7} {'re-parse CPU':>13} {'store CPU':>10}"
    )
    queries = report["queries"]
    assert isinstance(queries, dict)
    for name, row in queries.items():
        ratio = row["reparse_wall"] / row["store_wall"]
        print(
            f"  {name:26} {row['reparse_wall']:13.2f}s {row['store_wall']:10.2f}s {ratio:6.1f}x "
            f"{row['reparse_cpu']:12.2f}s {row['store_cpu']:9.2f}s"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="entries, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure")
    parser.add_argument(
        "--reparse-runs", type=int, default=3, help="runs of re-parsing at 100k entries or more (30 s each)"
    )
    parser.add_argument("--work", type=Path, help="folder for the lists and builds (kept; reused next time)")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="mmr-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    reports = []
    try:
        for entries in sizes:
            report = bench_size(work, entries, args.runs, args.reparse_runs)
            print_size(report)
            reports.append(report)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
