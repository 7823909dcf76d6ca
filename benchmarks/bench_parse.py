"""The parse stage (markdown -> items) of one large list: serial against in pieces on all usable cores.

Runs ``read_lists`` alternately both ways, several times, and prints for each run the wall time, the CPU time
of this process and of the worker processes, and the load average (wall time only means something on an
idle machine). Then the cost of sending a worker's items back: pickling and unpickling the items of the
second half of the list.

    python benchmarks/bench_parse.py /tmp/list-100k.md --runs 3
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import resource
import time
from pathlib import Path

from mmr_graph.ingest.catalog import decode, read_lists
from mmr_graph.ingest.markdown import Context, make_parser, read_blocks
from mmr_graph.ingest.pieces import cut
from mmr_graph.ingest.tokens import block_tokens
from mmr_graph.parallel import parse as chunks
from mmr_graph.vocab import Vocabulary, load_vocabulary


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(path: Path, vocab: Vocabulary, parallel: bool) -> str:
    threshold = chunks.PARALLEL_MIN_CHARS
    chunks.PARALLEL_MIN_CHARS = 0 if parallel else 1 << 62
    try:
        wall, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        read_lists([path], vocab, parse=chunks.parse_list)
        wall, cpu, children = (
            time.perf_counter() - wall,
            time.process_time() - cpu,
            _children_cpu() - children,
        )
    finally:
        chunks.PARALLEL_MIN_CHARS = threshold
    load = os.getloadavg()[0]
    name = "in pieces" if parallel else "serial"
    return f"{name:>9}: wall {wall:6.2f} s  CPU {cpu:6.2f} s + workers {children:6.2f} s  (load {load:.2f})"


def pickling(path: Path, vocab: Vocabulary) -> str:
    text = decode(path, path.read_bytes())
    half = cut(text, len(text) // 2 + 1)[-1]
    blocks = block_tokens(make_parser(), text[half.start :])
    items = read_blocks(blocks, "x", str(path), vocab, Context(), half.first_line).items
    start = time.process_time()
    data = pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
    dumped = time.process_time()
    pickle.loads(data)
    loaded = time.process_time()
    return (
        f"pickling {len(items)} items ({len(data) / 1e6:.1f} MB): dumps {dumped - start:.2f} s, "
        f"loads {loaded - dumped:.2f} s (CPU)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("list", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    vocab = load_vocabulary()
    gc.disable()  # as in a build
    print(f"{args.list}: {chunks.usable_cores()} usable cores")
    for _ in range(args.runs):
        for parallel in (False, True):
            print(run(args.list, vocab, parallel), flush=True)
    print(pickling(args.list, vocab))


if __name__ == "__main__":
    main()
