"""Fuzz the whole path, markdown bytes -> catalog -> RDF files -> strict re-parse, with a large budget.

Not part of the default test run. Inputs come from three hypothesis strategies: markdown built from list
fragments (tags, links with odd URLs, headings, nesting, HTML, line endings, a byte-order mark), slices of
the shipped snapshots with random edits, and raw bytes. For each input the list is read from a file,
built into a catalog (curated facts on for snapshot slices), turned into triples and written as Turtle,
N-Triples and JSON-LD by the real writer; each file must parse back (Oxigraph, strict IRIs) to the same
number of triples. The only exception allowed is an ``InputError`` (a one-line message for the user).

Anything else is a failure: the input is kept under ``--crashes`` with its traceback, shrunk line by line
and character by character, and belongs in ``tests/test_regressions.py`` once fixed.

    python benchmarks/fuzz_ingest.py --inputs 100000 --workers 2
    python benchmarks/fuzz_ingest.py --inputs 2000 --validate-every 50   # also SHACL-validate a sample

Prints the number of inputs tried, the failures and the distinct crashes.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_LINES = [
    line
    for path in [
        *sorted((ROOT / "data" / "lists").glob("*.md")),
        *sorted((ROOT / "tests" / "corpus" / "lists").glob("*.md")),
    ]
    for line in path.read_text("utf-8").splitlines()
]  # the shipped snapshots and the real lists of other shapes (tables, HTML, references, badges)
BATCH = 2000  # examples per hypothesis run; each batch gets its own seed

# ---------------------------------------------------------------------------------------------------------
# inputs

hosts = st.sampled_from(["arxiv.org", "www.arxiv.org", "github.com", "huggingface.co", "hf.co", "openreview.net",
                         "aclanthology.org", "modelscope.cn", "example.org", "127.0.0.1:8080", "例え.jp", "[::1]",
                         "xn--r8jz45g.jp", "a..b", "", "user@host", "host:99999"])  # fmt: skip
paths = st.sampled_from(["/abs/2504.07954", "/pdf/2504.07954v2.pdf", "/abs/hep-th/9901001", "/owner/repo",
                         "/owner/repo/tree/main/x", "/datasets/o/d", "/collections/o/c-1", "/o/m", "/forum?id=x",
                         "/2024.emnlp-main.962.pdf", "/a b", "/<x>", '/"q"', "/パス", "/%zz", "/\ufff0", "/#frag",
                         "/../..", "/" + "a" * 300, "/models/o/m", "/papers/2504.07954", ""])  # fmt: skip
schemes = st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", "javascript:", "data:text/html,", "mailto:",
                           "//", "#", "./", "", "https:/"])  # fmt: skip
urls = st.builds(lambda s, h, p, extra: s + h + p + extra, schemes, hosts, paths, st.text(max_size=6))
links = st.builds(
    lambda label, url, form: form.format(label=label, url=url),
    st.sampled_from(["paper", "code", "[code]", "Dataset", "model", "", "x]", "[[", "🤗 HF"]),
    urls,
    st.sampled_from(["[{label}]({url})", "[[{label}]]({url})", "[[{label}]({url})]", "<{url}>", "{url}",
                     "[{label}](<{url}>)", '<a href="{url}">{label}</a>', "[{label}]({url}", "[{label}]()({url})",
                     "![{label}]({url})", "[{label}][ref]\n\n[ref]: {url}"]),
)  # fmt: skip
tags = st.builds(
    lambda t, bold: f"**[{t}]** " if bold else f"[{t}] ",
    st.sampled_from(["Image", "Video", "3D Object", "CVPR 2025", "WWW2025", "&Reasoning", "&Visual", "Training",
                     "Benchmark", "Omni", "Foo Bar", "foo-bar", "数据集", "", "x" * 90, "NeurIPS'24", "A&B 2025"]),
    st.booleans(),
)  # fmt: skip
words = st.one_of(
    st.sampled_from(["Vision-R1", "GRPO", "DPO", "chain-of-thought", "Perception-R1:", " - ", " — ", "::", "`code`",
                     "*em*", "_em_", "**", "~~s~~", "&amp;", "&#0;", "<br>", "<script>x</script>", "\\", "|", "    ",
                     "\t", "\u2028", "\u200b", "\x00", "\x0c", "\ufeff", "😀", "R1-Zero"]),
    st.text(max_size=10),
)  # fmt: skip
prefixes = st.sampled_from(
    ["- ", "* ", "+ ", "1. ", "2) ", "  - ", "    - ", "\t- ", "> - ", ">> ", "- - ", "-", ""]
)
headings = st.builds(lambda n, text: "#" * n + " " + text, st.integers(1, 7), words)
item_lines = st.builds(
    lambda prefix, tag_list, parts, link_list: (
        prefix + "".join(tag_list) + " ".join(parts) + " " + " ".join(link_list)
    ),
    prefixes,
    st.lists(tags, max_size=3),
    st.lists(words, max_size=5),
    st.lists(links, max_size=4),
)
linked_items = st.builds(
    lambda prefix, tag_list, parts, link_list: (
        prefix + "".join(tag_list) + " ".join(parts) + " " + " ".join(link_list)
    ),
    st.sampled_from(["- ", "* ", "1. ", "  - "]),
    st.lists(tags, max_size=3),
    st.lists(words, max_size=5),
    st.lists(links, min_size=1, max_size=4),
)
# the other shapes lists are written in: tables, HTML sections, references and citations, badges, dates
shapes = st.one_of(
    st.builds(lambda cells: "| " + " | ".join(cells) + " |", st.lists(st.one_of(words, links), max_size=5)),
    st.sampled_from(["| Title | Paper | Venue | Date | Code |", "|---|---|---|---|---|", "|:--|:-:|", "| Name |",
                     "<h2>Papers</h2>", '<h3 id="e2e">End-to-end</h3>', "<details open>", "<details>",
                     "<summary>Click to expand</summary>", "<summary><b>2025</b></summary>", "</details>",
                     '<div id="ref-a1" class="csl-entry">', "</div>", "## Bibliography", "## 🎉 News", "### 2025.04",
                     "## 2024", "<!-- 04-25 -->", "<!-- 13-99 -->", '<a id="ref-a1"></a>', "[1](#ref-a1)", "[2](#ref-zz)",
                     "![](https://img.shields.io/badge/Jan-2024-red)", "![x](https://img.shields.io/badge/CVPR-2025-blue)",
                     "[![Paper](https://img.shields.io/badge/paper-A42C25)](https://arxiv.org/abs/2504.07954)",
                     "[2504]", "[9913]", "`NeurIPS 2022`", "(ICLR 2024)", "ACL'23", "25.03 (CVPR2025)", "2023.1",
                     "**Title.**", "🌟 **Bold Title**  ", "  - Code: [Official](https://github.com/A/B)",
                     "  - Authors, Org", "    *Author.* [[Paper](https://arxiv.org/abs/2301.12597)], 2023.1",
                     "[X-Omni (generation)]", "https://www.alphaxiv.org/abs/2502.06781", "https://GitHub.com/A/B"]),
)  # fmt: skip
lines = st.one_of(
    item_lines,
    linked_items,
    linked_items,
    headings,
    words,
    shapes,
    shapes,
    st.sampled_from(["", "---", "```", "<!-- x -->"]),
)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def structured(draw: st.DrawFn) -> tuple[bytes, bool]:
    body = draw(endings).join(draw(st.lists(lines, min_size=1, max_size=25)))
    bom = "\ufeff" if draw(st.integers(0, 9)) == 0 else ""
    return (bom + body).encode("utf-8", "surrogatepass"), False


@st.composite
def mutated_snapshot(draw: st.DrawFn) -> tuple[bytes, bool]:
    start = draw(st.integers(0, len(SNAPSHOT_LINES) - 1))
    chunk = SNAPSHOT_LINES[start : start + draw(st.integers(1, 30))]
    text = "\n".join(chunk)
    for _ in range(draw(st.integers(0, 8))):
        if not text:
            break
        pos = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        piece = draw(st.one_of(words, st.sampled_from(["[", "]", "(", ")", "<", ">", "*", "\n", "#", "- "])))
        if op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 20)) :]
        elif op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "replace":
            text = text[:pos] + piece + text[pos + len(piece) :]
        elif op == "duplicate":
            text = text[:pos] + text[pos : pos + 200] + text[pos:]
        else:
            text = text[pos:] + text[:pos]
    return text.encode("utf-8", "surrogatepass"), True


@st.composite
def raw_bytes(draw: st.DrawFn) -> tuple[bytes, bool]:
    prefix = draw(
        st.sampled_from([b"", b"- [x](https://arxiv.org/abs/2504.07954) ", b"\xef\xbb\xbf", b"# T\n- "])
    )
    return prefix + draw(st.binary(max_size=200)), False


inputs = st.one_of(structured(), structured(), mutated_snapshot(), raw_bytes())

# ---------------------------------------------------------------------------------------------------------
# the path under test


class Checker:
    """Runs one input through the whole path; remembers what failed."""

    def __init__(self, work: Path, validate_every: int) -> None:
        from mmr_graph.vocab import load_vocabulary

        self.vocab = load_vocabulary()
        self.list_path = work / "list.md"
        self.out = work / "out"
        self.validate_every = validate_every
        self.tried = 0
        self.rejected = 0  # InputError: a defined, one-line refusal
        self.failures: list[tuple[bytes, bool, str]] = []
        self.shapes = None

    def run(self, data: bytes, curated: bool) -> str | None:
        """None if the input went through (or was refused with an InputError), else the traceback."""
        self.tried += 1
        try:
            self._check(data, curated)
        except Exception:
            return traceback.format_exc()
        return None

    def _check(self, data: bytes, curated: bool) -> None:
        import pyoxigraph as ox

        from mmr_graph.errors import InputError
        from mmr_graph.export.files import write_graph
        from mmr_graph.ingest import build_catalog
        from mmr_graph.rdf.graph import iter_triples

        self.list_path.write_bytes(data)
        try:
            catalog = build_catalog([self.list_path], self.vocab, curated=curated)
        except InputError as exc:
            assert "\n" not in str(exc), f"multi-line error message: {exc!r}"
            self.rejected += 1
            return
        triples = list(iter_triples(catalog, self.vocab))
        files = write_graph(triples, self.out)
        counts = {}
        for fmt, path in files.items():
            rdf_format = {
                "ttl": ox.RdfFormat.TURTLE,
                "nt": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD,
            }
            counts[fmt] = len(list(ox.parse(path=str(path), format=rdf_format[fmt])))
        assert len(set(counts.values())) == 1 and counts["nt"] == len(set(triples)), counts
        if self.validate_every and self.tried % self.validate_every == 0:
            self._validate(catalog)

    def _validate(self, catalog: object) -> None:
        from mmr_graph.check.shacl import load_shapes, validate_graph
        from mmr_graph.rdf.graph import to_graph

        if self.shapes is None:
            self.shapes = load_shapes()
        report = validate_graph(to_graph(catalog, self.vocab), self.shapes)  # type: ignore[arg-type]
        assert report.conforms, "SHACL: " + "; ".join(f"{r.focus} {r}" for r in report.violations[:3])


def signature(trace: str) -> str:
    """Exception type and the innermost project frame: crashes with one cause share it."""
    lines = trace.strip().splitlines()
    frames = [line.strip() for line in lines if line.strip().startswith('File "') and "mmr_graph" in line]
    return (frames[-1] if frames else "") + " | " + lines[-1][:200]


def shrink(checker: Checker, data: bytes, curated: bool, sig: str) -> bytes:
    """Smallest input (by lines, then characters) that still fails with the same signature."""

    def fails(candidate: bytes) -> bool:
        trace = checker.run(candidate, curated)
        return trace is not None and signature(trace) == sig

    for unit in (b"\n", None):
        parts = data.split(b"\n") if unit else [bytes([b]) for b in data]
        chunk = max(1, len(parts) // 2)
        while chunk >= 1:
            i = 0
            while i < len(parts):
                candidate_parts = parts[:i] + parts[i + chunk :]
                candidate = (unit or b"").join(candidate_parts)
                if candidate_parts and fails(candidate):
                    parts = candidate_parts
                else:
                    i += chunk
            chunk //= 2
        data = (unit or b"").join(parts)
        if len(data) > 5000:
            break  # character-level shrinking of a large input takes too long
    return data


# ---------------------------------------------------------------------------------------------------------
# workers


def worker(
    index: int, budget: int, base_seed: int, validate_every: int, queue: multiprocessing.Queue
) -> None:
    work = Path(
        tempfile.mkdtemp(prefix=f"mmr-fuzz-{index}-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None)
    )
    checker = Checker(work, validate_every)
    batch = 0
    while checker.tried < budget:
        examples = min(BATCH, budget - checker.tried)

        @seed(base_seed * 1000 + index * 100_000 + batch)
        @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=inputs)
        def run(case: tuple[bytes, bool]) -> None:
            if checker.tried >= budget:
                return
            trace = checker.run(*case)
            if trace is not None:
                checker.failures.append((case[0], case[1], trace))
            if checker.tried % 5000 == 0:
                print(
                    f"  worker {index}: {checker.tried} tried, {len(checker.failures)} failures",
                    file=sys.stderr,
                )

        before = checker.tried
        run()
        batch += 1
        if checker.tried == before:
            break  # hypothesis found nothing new to try
    queue.put((index, checker.tried, checker.rejected, checker.failures))


def run_budget(
    inputs: int, base_seed: int, validate_every: int = 0
) -> tuple[int, int, list[tuple[bytes, bool, str]]]:
    """``inputs`` inputs in this process: (tried, refused with an InputError, failures). The test suite runs a
    small budget of it."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    worker(0, inputs, base_seed, validate_every, queue)
    _, tried, rejected, failures = queue.get()
    return tried, rejected, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to try in total")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20250530)
    parser.add_argument("--validate-every", type=int, default=0, help="SHACL-validate every Nth built graph")
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"), help="where failing inputs go")
    args = parser.parse_args()

    start = time.monotonic()
    queue: multiprocessing.Queue = multiprocessing.Queue()
    shares = [args.inputs // args.workers + (i < args.inputs % args.workers) for i in range(args.workers)]
    procs = [
        multiprocessing.Process(target=worker, args=(i, share, args.seed, args.validate_every, queue))
        for i, share in enumerate(shares)
    ]
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    tried = sum(r[1] for r in results)
    rejected = sum(r[2] for r in results)
    failures = [f for r in results for f in r[3]]
    seconds = time.monotonic() - start

    crashes: dict[str, tuple[bytes, bool, str]] = {}
    for data, curated, trace in failures:
        crashes.setdefault(signature(trace), (data, curated, trace))
    if crashes:
        args.crashes.mkdir(parents=True, exist_ok=True)
        checker = Checker(Path(tempfile.mkdtemp(prefix="mmr-fuzz-shrink-")), args.validate_every)
        for sig, (data, curated, trace) in crashes.items():
            small = shrink(checker, data, curated, sig)
            name = hashlib.sha1(sig.encode()).hexdigest()[:10]
            (args.crashes / f"crash-{name}.md").write_bytes(small)
            (args.crashes / f"crash-{name}.txt").write_text(
                f"curated={curated}\n{sig}\n\n{trace}", encoding="utf-8"
            )
            print(f"crash {name}: {sig}\n  shrunk input: {small[:300]!r}", file=sys.stderr)

    print(f"inputs tried: {tried} ({rejected} refused with an InputError) in {seconds:.0f} s "
          f"({tried / max(seconds, 1e-9):.0f}/s, {args.workers} workers)")  # fmt: skip
    print(f"failures: {len(failures)}; distinct crashes: {len(crashes)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
