"""SPARQL benchmark: every named query on Oxigraph and on rdflib, on the real graph and on a synthetic list of
100k entries; then the endpoint's throughput and latency with 8 concurrent clients on loopback.

    python benchmarks/bench_sparql.py                       # the full run (about 10 minutes, 8 GB of memory)
    python benchmarks/bench_sparql.py --entries 10000       # a smaller synthetic list
    python benchmarks/bench_sparql.py --skip-large --json out/bench-sparql.json

Targets: every named query under 10 ms on the real graph and under 1 s at 100k entries (Oxigraph); the
endpoint answers a simple query at 300 requests per second or more, with no errors.

Each Oxigraph figure is the median of several runs after one warm-up run (the whole answer is read). rdflib
is run fewer times, and at 100k entries once per query in a child process stopped after ``--rdflib-budget``
seconds. The endpoint part is bounded by ``--requests`` and ``--seconds``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crosscheck import run_rdflib, sorted_triples, store_of
from synthetic import write_list

from mmr_graph.export.serialize import serialize
from mmr_graph.identity.keys import entry_path
from mmr_graph.ingest import build_catalog
from mmr_graph.ingest.catalog import default_list
from mmr_graph.query import engine, named
from mmr_graph.rdf.graph import iter_triples

SIMPLE = "SELECT ?e ?name WHERE { ?e mmr:usesMethod method:GRPO ; rdfs:label ?name } ORDER BY ?e LIMIT 10"


def timed(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Median seconds of ``repeat`` runs after a warm-up, and the number of rows."""
    rows = run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


def in_child(run: Callable[[], int], budget: float) -> tuple[float | None, int]:
    """Run once in a forked child (sharing the loaded graph); None if it takes longer than ``budget``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without cleanup
        os.close(read)
        start = time.perf_counter()
        rows = run()
        os.write(write, f"{time.perf_counter() - start} {rows}".encode())
        os._exit(0)
    os.close(write)
    ready, _, _ = select.select([read], [], [], budget)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read)
        return None, -1
    seconds, rows = os.read(read, 100).decode().split()
    os.close(read)
    os.waitpid(pid, 0)
    return float(seconds), int(rows)


def ms(seconds: float | None, budget: float = 0) -> str:
    return f"> {budget:.0f} s" if seconds is None else f"{seconds * 1000:.2f} ms"


def bench_graph(
    label: str, triples: list, queries: dict[str, str], repeat: int, rdflib_repeat: int, budget: float | None
) -> list[dict]:
    """Time every query on both engines over the same triples."""
    print(f"\n== {label}: {len(triples):,} triples")
    start = time.perf_counter()
    ordered = sorted_triples(triples)
    store = store_of(ordered)
    print(f"   Oxigraph store loaded in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    graph = Graph(bind_namespaces="none")
    for t in triples:
        graph.add(t)
    print(f"   rdflib graph loaded in {time.perf_counter() - start:.1f} s")
    print(f"   {'query':<26} {'rows':>7} {'Oxigraph':>12} {'rdflib':>12} {'speed-up':>9}")
    results = []
    for name, sparql in queries.items():
        ox_seconds, rows = timed(lambda s=sparql: sum(1 for _ in engine.run(store, s).rows), repeat)
        rdflib_run = lambda s=sparql: sum(1 for _ in run_rdflib(graph, s).rows)  # noqa: E731
        if budget is None:
            rl_seconds, rl_rows = timed(rdflib_run, rdflib_repeat)
        else:
            rl_seconds, rl_rows = in_child(rdflib_run, budget)
        if rl_seconds is not None and rl_rows != rows:
            print(f"   !! {name}: rdflib gave {rl_rows} rows, Oxigraph {rows}")
        speedup = f"{rl_seconds / ox_seconds:,.0f}x" if rl_seconds else "-"
        print(f"   {name:<26} {rows:>7} {ms(ox_seconds):>12} {ms(rl_seconds, budget or 0):>12} {speedup:>9}")
        results.append({"query": name, "rows": rows, "oxigraph_s": ox_seconds, "rdflib_s": rl_seconds})
    return results


def named_queries(params: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    params = params or {}
    shipped: dict[str, named.NamedQuery] = named.named_queries()
    return {name: q.bind(params.get(name, {})) for name, q in shipped.items()}


def synthetic_triples(entries: int, folder: Path) -> tuple[list, str]:
    """The graph of a synthetic list, and the IRI path of a well-connected entry (for entry-neighbours)."""
    start = time.perf_counter()
    path = write_list(folder / f"synthetic-{entries}.md", entries)
    catalog = build_catalog([path])
    triples = list(iter_triples(catalog))
    print(
        f"\nsynthetic list of {len(catalog.entries):,} entries built in {time.perf_counter() - start:.0f} s"
    )
    linked = max(catalog.entries[:2000], key=lambda e: (len(e.links), e.key))
    return triples, entry_path(linked.key)


def bench_endpoint(graph_file: Path, clients: int, requests: int, seconds: float) -> list[dict]:
    """Start ``mmr-graph serve`` on a free port and hit it with ``clients`` threads (keep-alive)."""
    log = graph_file.parent / "serve.log"
    with log.open("w") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "mmr_graph", "serve", "--graph", str(graph_file), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    line = server.stdout.readline()  # type: ignore[union-attr]
    m = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
    if not m:
        server.kill()
        raise SystemExit(f"the endpoint did not start: {line!r} {log.read_text()}")
    port = int(m.group(1))
    results = []
    try:
        mixes = {
            "simple query": [SIMPLE],
            "named queries (round robin)": [q.text for q in named.named_queries().values()],
        }
        for label, texts in mixes.items():
            results.append({"workload": label, **load(port, texts, clients, requests, seconds)})
    finally:
        server.terminate()
        server.wait(20)
    print(f"\n== endpoint, {clients} concurrent clients on loopback (request log on, to {log.name})")
    for r in results:
        print(
            f"   {r['workload']:<28} {r['requests']:>6} requests in {r['seconds']:.1f} s: "
            f"{r['per_second']:,.0f}/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, errors {r['errors']}"
        )
    return results


def load(port: int, texts: list[str], clients: int, requests: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    per_client = requests // clients
    bodies = [urllib.parse.urlencode({"query": t}) for t in texts]
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    }

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for i in range(per_client):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            try:
                connection.request("POST", "/sparql", bodies[(index + i) % len(bodies)], headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors[0],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="size of the synthetic list")
    parser.add_argument("--skip-large", action="store_true", help="no synthetic list")
    parser.add_argument(
        "--rdflib-budget", type=float, default=120.0, help="seconds per rdflib query, large graph"
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000, help="most requests per endpoint workload")
    parser.add_argument("--seconds", type=float, default=20.0, help="most seconds per endpoint workload")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        folder = Path(tmp)
        real = list(iter_triples(build_catalog([default_list()])))
        snapshot = default_list().stem.rsplit(".", 1)[-1]
        report["real"] = bench_graph(
            f"real graph (the {snapshot} snapshot)", real, named_queries(), 20, 3, None
        )
        graph_file = folder / "graph.nt"
        graph_file.write_bytes(serialize(sorted_triples(real), "nt"))
        report["endpoint"] = bench_endpoint(graph_file, args.clients, args.requests, args.seconds)
        if not args.skip_large:
            triples, slug = synthetic_triples(args.entries, folder)
            queries = named_queries({"entry-neighbours": {"entry": slug}})
            label = f"synthetic list, {args.entries:,} entries"
            report["synthetic"] = bench_graph(label, triples, queries, 5, 1, args.rdflib_budget)
    summarize(report)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


def summarize(report: dict) -> None:
    print("\n== targets")
    real = max(r["oxigraph_s"] for r in report["real"])
    print(
        f"   slowest named query, real graph: {real * 1000:.2f} ms (target < 10 ms): {'ok' if real < 0.01 else 'MISSED'}"
    )
    if "synthetic" in report:
        large = max(r["oxigraph_s"] for r in report["synthetic"])
        print(
            f"   slowest named query, synthetic: {large * 1000:.0f} ms (target < 1 s): {'ok' if large < 1 else 'MISSED'}"
        )
    simple = report["endpoint"][0]
    good = simple["per_second"] >= 300 and simple["errors"] == 0
    print(
        f"   endpoint, simple query: {simple['per_second']:,.0f}/s, {simple['errors']} errors (target >= 300/s, none): {'ok' if good else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
