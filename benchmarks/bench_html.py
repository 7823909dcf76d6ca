"""Benchmark of the HTML view: generation time in Python and, in headless Chromium, the time from
navigation to an interactive, stabilized graph and the page's memory, at 200, 1,000 and 5,000 nodes.

Synthetic lists (``synthetic.py``) are sized so that the graph projection has about the wanted number of
nodes. For each size the page is generated (projection + pages + assets, timed separately), written to a
temporary folder and opened from ``file://`` several times in Debian's Chromium (``/usr/bin/chromium``)
with every non-``file:`` request blocked; the median is reported.

    python benchmarks/bench_html.py                      # 200, 1000, 5000 nodes, 3 loads each
    python benchmarks/bench_html.py --sizes 5000 --runs 5 --json /tmp/bench.json

Targets: ready (stabilized and drawn) <= 3 s and generation <= 1 s at 5,000 nodes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from synthetic import write_list

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]  # fmt: skip
READY_TARGET_S, GENERATION_TARGET_S = 3.0, 1.0


def triples_for(entries: int, folder: Path) -> list:
    from mmr_graph.ingest import build_catalog
    from mmr_graph.rdf.graph import iter_triples

    path = write_list(folder / f"synthetic-{entries}.md", entries, seed=1)
    return list(iter_triples(build_catalog([path])))


def sized_graph(nodes: int, folder: Path) -> tuple[list, int]:
    """Triples of a synthetic list whose projection has about ``nodes`` nodes (within 3%)."""
    from mmr_graph.network import to_networkx

    entries = max(1, round(nodes / 2.8))
    for _ in range(6):
        triples = triples_for(entries, folder)
        got = to_networkx(triples).number_of_nodes()
        if abs(got - nodes) <= 0.03 * nodes:
            break
        entries = max(1, round(entries * nodes / got))
    return triples, entries


def generate(triples: list, out: Path) -> dict[str, float]:
    from mmr_graph.export.atomic import replace_all
    from mmr_graph.html import render_site
    from mmr_graph.network import to_networkx
    from mmr_graph.parallel.collector import paused

    with paused():  # as in mmr-graph build
        t0 = time.perf_counter()
        g = to_networkx(triples)
        t1 = time.perf_counter()
        files = render_site(g)
        t2 = time.perf_counter()
    replace_all({out / name: data for name, data in files.items()})
    t3 = time.perf_counter()
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "projection_s": t1 - t0,
        "render_s": t2 - t1,
        "write_s": t3 - t2,
        "generation_s": t3 - t0,
        "html_bytes": len(files["index.html"]),
    }


def load_once(browser, url: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else (
        problems.append("external request " + route.request.url), route.abort()))  # fmt: skip
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url)
    page.wait_for_function("window.MMR && MMR.ready", timeout=60_000)
    timings = page.evaluate("MMR.timings")
    ready_ms = page.evaluate("MMR.ready.ms")
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    if problems:
        raise SystemExit("page problems: " + "; ".join(problems))
    return {
        "ready_s": ready_ms / 1000,
        "script_start_s": timings["start"] / 1000,
        "stabilization_s": (timings["stabilized"] - timings["network"]) / 1000,
        "heap_mb": metrics["JSHeapUsedSize"] / 1e6,
        "dom_nodes": metrics["Nodes"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    import pyvis.network  # noqa: F401  (pyvis imports IPython: a one-off 0.5 s, reported apart from generation)
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            triples, entries = sized_graph(size, folder)
            gen = generate(triples, folder)
            loads = [load_once(browser, (folder / "index.html").as_uri()) for _ in range(args.runs)]
            row = {"target_nodes": size, "entries": entries, **gen}
            for key in loads[0]:
                row[key] = statistics.median(load[key] for load in loads)
            row["ready_max_s"] = max(load["ready_s"] for load in loads)
            results.append(row)
            print(
                f"{row['nodes']:>6} nodes {row['edges']:>6} edges | generation {row['generation_s']:.2f} s "
                f"(projection {row['projection_s']:.2f}, render {row['render_s']:.2f}) "
                f"{row['html_bytes'] / 1e6:.1f} MB | ready {row['ready_s']:.2f} s (max {row['ready_max_s']:.2f}, "
                f"stabilization {row['stabilization_s']:.2f}) | heap {row['heap_mb']:.0f} MB",
                flush=True,
            )
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    biggest = max(results, key=lambda r: r["nodes"])
    if biggest["nodes"] >= 4500:
        ok = biggest["ready_s"] <= READY_TARGET_S and biggest["generation_s"] <= GENERATION_TARGET_S
        print(f"targets at {biggest['nodes']} nodes (ready <= {READY_TARGET_S} s, generation <= "
              f"{GENERATION_TARGET_S} s): {'met' if ok else 'MISSED'}")  # fmt: skip
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
