"""Benchmark runner: mmr-graph against a plain rdflib pipeline, on synthetic lists of 1k, 10k and 100k entries.

For each size it generates a list with ``synthetic.py`` and prints one table:

* every stage of ``mmr-graph build`` (parse, model, graph, each serializer, HTML) and loading the Turtle
  file for SPARQL plus a GROUP BY query, timed in one process;
* the same stages done the plain way by ``baseline.py`` (rdflib Graph, rdflib serializers, rdflib SPARQL),
  run as its own process, and the ratio baseline / mmr-graph measured in the same run;
* a floor: reading and tokenizing the markdown, nothing else (mmr-graph's tokenizer, one process: markdown-it-py's
  block rules, then its inline rules or the shortcut for usual item lines; markdown-it-py alone in the
  baseline column);
* end to end: ``mmr-graph build`` as a subprocess (with and without the HTML view), wall time and peak
  memory (of the child and any processes it starts, together), against the baseline process.

Before the tables it measures cold starts as whole processes: ``mmr-graph --help`` and ``mmr-graph build``
of the real list, several runs, min and median.

    python benchmarks/run.py                          # 1k, 10k, 100k (about 15 minutes on 2 cores)
    python benchmarks/run.py --sizes 1000,10000 --runs 5 --json /tmp/bench.json
    python benchmarks/run.py --sizes 100000 --no-baseline

The baseline runs once per size. rdflib's Turtle serializer grows much faster than the graph (minutes at
10k entries): above ``--baseline-turtle-max`` entries (default 10,000) the baseline leaves it out, and a
baseline run is stopped after ``--baseline-limit`` seconds (default 900). Stages not run show "not run" or
"stopped", and the baseline's end-to-end figures are then lower bounds (">"). ``--baseline-max`` skips the
baseline above a size.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_list

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MMR_GRAPH = Path(sys.executable).parent / "mmr-graph"  # the installed script itself, no shell shims
ROWS = [
    ("floor", "floor: read + tokenize"),
    ("parse", "parse"),
    ("model", "model"),
    ("graph", "graph"),
    ("nt", "write N-Triples"),
    ("ttl", "write Turtle (*)"),
    ("jsonld", "write JSON-LD"),
    ("html", "HTML view"),
    ("sparql load", "SPARQL: load Turtle"),
    ("query", "SPARQL: GROUP BY query"),
]
QUERY = ROOT / "queries" / "class-counts.rq"


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from ``/proc/PID/task/TID/children``)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(child) for child in fh.read().split())
        except OSError:
            continue  # gone meanwhile
    return found


def _tree_memory_mb(pid: int) -> int:
    """Memory of a process and its descendants together, in MB: the sum of their proportional set sizes
    (pages shared after a fork count once in all), 0 where /proc cannot tell."""
    total_kb = 0
    for member in _tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb // 1024


def measure(cmd: list[str], timeout: float | None = None) -> tuple[float, int, float, bool]:
    """Run ``cmd``; return (wall seconds, peak memory in MB, CPU seconds, whether it finished). A child
    still running after ``timeout`` seconds is killed.

    Peak memory is the larger of the child's maximum resident set size and the highest total of the child
    and its own child processes sampled every 50 ms: a build that runs work in other processes is charged
    for all of them. CPU seconds include the processes the child waited for."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    finished = True
    tree_peak = 0
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - start > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                finished = False
                break
            tree_peak = max(tree_peak, _tree_memory_mb(proc.pid))
            time.sleep(0.05)
    except BaseException:  # interrupted: nothing of this run may go on writing into the temporary folder
        _end_tree(proc.pid)
        raise
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if finished and proc.returncode != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, max(usage.ru_maxrss // 1024, tree_peak), usage.ru_utime + usage.ru_stime, finished


def _end_tree(pid: int) -> None:
    """Kill a process and every process it started, and reap it."""
    for member in reversed(_tree(pid)):
        try:
            os.kill(member, signal.SIGKILL)
        except OSError:
            continue  # gone already
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def estimate_seconds(
    sizes: list[int], runs: int, big_runs: int, cold_runs: int, baseline: dict[int, float]
) -> float:
    """A rough forecast of a whole run on this project's 2-core machine, from earlier runs: a build takes
    about 0.6 s plus 0.6 ms an entry up to 10,000 entries (the HTML view is drawn) and 0.25 ms above; the
    stage run about 2.5 builds (SPARQL loading included); the baseline about 16 ms an entry with rdflib's
    Turtle, 4 ms without, up to its time limit (``baseline``: size -> limit, for the sizes it runs at)."""
    total = cold_runs * 1.3
    for entries in sizes:
        build = 0.6 + entries * (0.0006 if entries <= 10_000 else 0.00025)
        total += 2.5 * build + (runs if entries <= 10_000 else big_runs) * 1.8 * build
        if entries in baseline:
            per_entry = 0.016 if entries <= 10_000 else 0.0042
            total += min(baseline[entries], 1 + entries * per_entry)
    return total


class Stopped(Exception):
    """SIGTERM arrived: unwinds like Ctrl-C, so that the temporary folder is removed."""


def _stop(_signum: int, _frame: object) -> None:
    raise Stopped


def repeat(cmd: list[str], runs: int) -> dict[str, float]:
    walls, peaks, cpus = [], [], []
    for _ in range(runs):
        wall, peak, cpu, _ = measure(cmd)
        walls.append(wall)
        peaks.append(peak)
        cpus.append(cpu)
    return {"min": min(walls), "median": statistics.median(walls), "peak_mb": max(peaks), "cpu": min(cpus),
            "runs": runs}  # fmt: skip


def worker(list_path: Path, out_dir: Path, result: Path) -> None:
    """In a fresh process: time each stage of a build, the floor, and SPARQL on the written Turtle."""
    sys.path.insert(0, str(ROOT / "src"))
    from markdown_it import MarkdownIt

    from mmr_graph.ingest.catalog import decode
    from mmr_graph.ingest.markdown import make_parser
    from mmr_graph.ingest.tokens import block_tokens
    from mmr_graph.pipeline import build

    stages: dict[str, float] = {}
    start = time.perf_counter()
    blocks = block_tokens(make_parser(), decode(list_path, list_path.read_bytes()))
    for token in blocks.tokens:
        if token.type == "inline":
            blocks.children(token)
    stages["floor"] = time.perf_counter() - start
    start = time.perf_counter()
    MarkdownIt("commonmark").parse(decode(list_path, list_path.read_bytes()))
    stages["floor plain"] = time.perf_counter() - start

    outcome = build([list_path], out_dir)
    stages.update(outcome.stage_seconds)
    stages["triples"] = outcome.triples

    import pyoxigraph as ox

    from mmr_graph.export.turtle import nt_to_turtle

    stages["ttl in build"] = stages.get("ttl", 0.0)  # waiting for the second process, if it ran in one
    start = time.perf_counter()
    nt_to_turtle(out_dir / "graph.nt", out_dir / "again.ttl")  # the serializer's own time
    stages["ttl"] = time.perf_counter() - start
    start = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(out_dir / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    stages["sparql load"] = time.perf_counter() - start
    start = time.perf_counter()
    rows = list(store.query(QUERY.read_text(encoding="utf-8")))  # type: ignore[arg-type]
    stages["query"] = time.perf_counter() - start
    stages["query rows"] = len(rows)
    result.write_text(json.dumps(stages), encoding="utf-8")


def bench_size(
    entries: int, runs: int, baseline_limit: float | None, baseline_turtle: bool, folder: Path
) -> dict:
    list_path = write_list(folder / f"synthetic-{entries}.md", entries, seed=1)
    out = folder / f"out-{entries}"
    report: dict = {"entries": entries, "bytes": list_path.stat().st_size}
    stage_file = folder / f"stages-{entries}.json"
    measure([sys.executable, __file__, "--worker", str(list_path), str(out / "stages"), str(stage_file)])
    report["ours"] = json.loads(stage_file.read_text(encoding="utf-8"))
    build = [str(MMR_GRAPH), "build", str(list_path), "-q"]
    report["e2e"] = repeat([*build, "--out", str(out / "e2e")], runs)
    report["e2e_no_html"] = repeat([*build, "--out", str(out / "e2e-rdf"), "--no-html"], runs)
    if baseline_limit is not None:
        base_json = folder / f"baseline-{entries}.json"
        cmd = [sys.executable, str(HERE / "baseline.py"), str(list_path), "--out", str(out / "base"),
               "--load", str(out / "stages" / "graph.ttl"), "--json", str(base_json),
               *([] if baseline_turtle else ["--no-turtle"])]  # fmt: skip
        wall, peak, cpu, finished = measure(cmd, timeout=baseline_limit)
        report["baseline"] = json.loads(base_json.read_text(encoding="utf-8")) if base_json.exists() else {}
        report["baseline_e2e"] = {"min": wall, "median": wall, "peak_mb": peak, "cpu": cpu, "runs": 1,
                                  "finished": finished and baseline_turtle}  # fmt: skip
        report["baseline_turtle"] = baseline_turtle
        shutil.rmtree(out / "base", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return report


def cold_starts(runs: int, folder: Path) -> dict[str, dict[str, float]]:
    out = str(folder / "cold")
    return {
        "mmr-graph --help": repeat([str(MMR_GRAPH), "--help"], runs),
        "mmr-graph build (real list)": repeat([str(MMR_GRAPH), "build", "--out", out, "-q"], runs),
        "mmr-graph build --no-html (real list)": repeat(
            [str(MMR_GRAPH), "build", "--out", out, "-q", "--no-html"], runs
        ),
    }


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def _ratio(base: float | None, ours: float | None, at_least: bool = False) -> str:
    if not base or not ours:
        return ""
    return f"{'>' if at_least else ''}{base / ours:.1f}×"


def print_cold(cold: dict[str, dict[str, float]]) -> None:
    print("Cold start, whole processes")
    print(f"  {'command':40} {'min':>9} {'median':>9} {'CPU':>9} {'peak':>8}  runs")
    for name, r in cold.items():
        cells = f"{_seconds(r['min']):>9} {_seconds(r['median']):>9} {_seconds(r['cpu']):>9}"
        print(f"  {name:40} {cells} {r['peak_mb']:>5} MB  {r['runs']}")
    print()


FOOTNOTE = (
    "  (*) Turtle's own time, measured apart. A build of a large graph writes Turtle in a second process\n"
    "      and JSON-LD in two parts at once; its 'write JSON-LD' row is the time until all are written."
)


def print_size(report: dict) -> None:
    ours, base = report["ours"], report.get("baseline", {})
    be = report.get("baseline_e2e")
    cut = be is not None and not be["finished"]  # the baseline was stopped: missing stages took longer
    print(
        f"{report['entries']:,} entries ({report['bytes'] / 1e6:.1f} MB of markdown, {int(ours['triples']):,} triples)"
    )
    print(f"  {'stage':28} {'mmr-graph':>10} {'baseline':>10} {'ratio':>7}")
    for key, label in ROWS:
        b = base.get(key) if key != "floor" else ours.get("floor plain")
        if key == "html" or (b is None and not base):
            cell, ratio = _seconds(None), ""
        elif b is None:  # not reached before the time limit, or left out
            cell, ratio = ("not run" if key == "ttl" and not report.get("baseline_turtle") else "stopped"), ""
        else:
            cell, ratio = _seconds(b), _ratio(b, ours.get(key))
        print(f"  {label:28} {_seconds(ours.get(key)):>10} {cell:>10} {ratio:>7}")
    for key, label in (("e2e", "end to end: build"), ("e2e_no_html", "end to end: build --no-html")):
        e = report[key]
        b = be["min"] if be and key == "e2e_no_html" else None
        shown = (">" if cut and b else "") + _seconds(b)
        print(
            f"  {label:28} {_seconds(e['min']):>10} {shown:>10} {_ratio(b, e['min'], cut):>7}  (min of {e['runs']})"
        )
        b_cpu = be["cpu"] if be and key == "e2e_no_html" else None
        shown = (">" if cut and b_cpu else "") + _seconds(b_cpu)
        print(f"  {'  CPU time':28} {_seconds(e['cpu']):>10} {shown:>10} {_ratio(b_cpu, e['cpu'], cut):>7}")
    for key, label in (("e2e", "peak memory: build"), ("e2e_no_html", "peak memory: --no-html")):
        b = be["peak_mb"] if be and key == "e2e_no_html" else None
        bt = f"{'>' if cut else ''}{b} MB" if b else "—"
        print(f"  {label:28} {report[key]['peak_mb']:>7} MB {bt:>10}")
    print(FOOTNOTE)
    if cut and not report.get("baseline_turtle"):
        print(
            "  the baseline ran without rdflib's Turtle serializer (--baseline-turtle-max): '>' marks lower bounds"
        )
    elif cut:
        print(
            f"  the baseline was stopped after {be['min']:.0f} s (--baseline-limit): '>' marks lower bounds"
        )
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated entry counts")
    parser.add_argument("--runs", type=int, default=3, help="end-to-end runs per size up to 10k")
    parser.add_argument("--big-runs", type=int, default=2, help="end-to-end runs per size above 10k")
    parser.add_argument("--cold-runs", type=int, default=7, help="runs of each cold-start measurement")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rdflib-only baseline")
    parser.add_argument("--baseline-max", type=int, default=100_000, help="no baseline above this size")
    parser.add_argument(
        "--baseline-limit", type=float, default=900, help="stop a baseline run after this many s"
    )
    parser.add_argument(
        "--baseline-turtle-max",
        type=int,
        default=10_000,
        help="leave rdflib's Turtle serializer out of the baseline above this size (it grows faster than the graph)",
    )
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--worker", nargs=3, metavar=("LIST", "OUT", "RESULT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(*map(Path, args.worker))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    limits = {n: args.baseline_limit for n in sizes if not args.no_baseline and n <= args.baseline_max}
    forecast = estimate_seconds(sizes, args.runs, args.big_runs, args.cold_runs, limits)
    print(
        f"sizes {', '.join(f'{n:,}' for n in sizes)}: about {max(1, round(forecast / 60))} minutes on 2 cores "
        "(longer on a busy machine); Ctrl-C stops it and removes its temporary files",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _stop)
    folder = Path(tempfile.mkdtemp(prefix="mmr-bench-"))
    try:
        results = run_all(args, sizes, folder)
    except (KeyboardInterrupt, Stopped):
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def run_all(args: argparse.Namespace, sizes: list[int], folder: Path) -> dict:
    """Every measurement, printed as it is made; temporary files go into ``folder``."""
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}
    results["load average before"] = os.getloadavg()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}\n")
    results["cold"] = cold_starts(args.cold_runs, folder)
    print_cold(results["cold"])
    results["sizes"] = []
    for entries in sizes:
        runs = args.runs if entries <= 10_000 else args.big_runs
        baseline = not args.no_baseline and entries <= args.baseline_max
        limit = args.baseline_limit if baseline else None
        report = bench_size(entries, runs, limit, entries <= args.baseline_turtle_max, folder)
        results["sizes"].append(report)
        print_size(report)
        sys.stdout.flush()
    by_size = {r["entries"]: r for r in results["sizes"]}
    if 10_000 in by_size and 100_000 in by_size:
        growth = by_size[100_000]["e2e"]["min"] / by_size[10_000]["e2e"]["min"]
        print(f"growth 10k -> 100k entries: {growth:.1f}× the time for 10× the entries")
    results["load average after"] = os.getloadavg()
    print(
        f"load average {os.getloadavg()[0]:.1f} (other work on the machine slows wall times; CPU times less)"
    )
    return results


if __name__ == "__main__":
    main()
