"""The link checker against a local HTTP server (127.0.0.1 only): statuses, redirects, retries, cache, report."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from mmr_graph.check.links import RunSettings, cached_outcome, check_urls, load_cache, outbound_urls
from mmr_graph.check.probe import ProbeSettings, probe
from mmr_graph.cli import main
from mmr_graph.commands.check_links import parse_duration
from mmr_graph.identity.namespaces import MMR
from mmr_graph.web import parse_retry_after
from mmr_graph.web.urls import request_target

# the servers here are on 127.0.0.1: the address guard would block them (tested in test_check_links_attacks)
FAST = ProbeSettings(timeout=0.3, retries=1, backoff=0.05, max_retry_after=5, allow_private=True)


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64  # every concurrent connection is accepted at once: no SYN retransmit delays

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout) breaks the pipe: expected here

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()  # path -> requests
        self.times: dict[str, list[float]] = defaultdict(list)
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_HEAD(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def _serve(self) -> None:
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.times[path].append(time.monotonic())
            count = self.server.hits[path]
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        self.counted = True
        try:
            self._respond(path, count)
        finally:
            self._done()

    def _done(self) -> None:
        """The request stops counting as in flight before its response can reach the client."""
        if self.counted:
            self.counted = False
            with self.server.lock:
                self.server.in_flight -= 1

    def _respond(self, path: str, count: int) -> None:
        redirects = {"/moved": (301, "/ok"), "/temp": (302, "/ok"), "/loop": (301, "/loop")}
        if path in redirects:
            return self._send(redirects[path][0], {"Location": redirects[path][1]})
        if path == "/head-405" and self.command == "HEAD":
            return self._send(405)
        if path == "/rate" and count == 1:
            return self._send(429, {"Retry-After": "1"})
        if path == "/rate-forever":
            return self._send(429, {"Retry-After": "3600"})
        if path == "/flaky" and count == 1:
            return self._send(503)
        if path == "/slow":
            time.sleep(0.6)
        if path == "/sluggish":
            time.sleep(0.15)
        if path == "/reset":
            self.close_connection = True
            return None  # close without any response
        status = {"/missing": 404, "/gone": 410, "/forbidden": 403}.get(path, 200)
        return self._send(status)

    def _send(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"hello" if self.command == "GET" else b""
        self._done()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(body)


def _start() -> LocalServer:
    srv = LocalServer()
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return srv


def _stop(srv: LocalServer) -> None:
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = _start()
    yield srv
    _stop(srv)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    srv = _start()
    yield srv
    _stop(srv)


PATHS = ["ok", "moved", "temp", "loop", "missing", "gone", "forbidden", "head-405", "rate", "rate-forever",
         "flaky", "slow", "sluggish", "reset"]  # fmt: skip
EXPECTED = {
    "ok": "ok", "moved": "redirected", "temp": "ok", "loop": "error", "missing": "dead", "gone": "dead",
    "forbidden": "error", "head-405": "ok", "rate": "ok", "rate-forever": "error", "flaky": "ok",
    "slow": "timeout", "sluggish": "ok", "reset": "error",
}  # fmt: skip
CLI_FAST = ["--timeout", "0.3", "--retries", "1", "--backoff", "0.05", "--max-retry-after", "5", "--slow", "0.1",
            "--per-host", "16", "--workers", "16", "--allow-private"]  # fmt: skip


@dataclass
class FirstRun:
    graph: Path
    out: Path
    stdout: str
    seconds: float
    server: LocalServer


@pytest.fixture(scope="module")
def first_run(shared_server: LocalServer, tmp_path_factory: pytest.TempPathFactory) -> FirstRun:
    """A graph built from a list whose links all point at the local server, and one check of it."""
    tmp = tmp_path_factory.mktemp("links")
    items = "\n".join(f"- {p.title()}-R1: checks {p} [page]({shared_server.base}/{p})" for p in PATHS)
    path = tmp / "local.md"
    path.write_text(f"# Local\n\n## Links\n\n{items}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(path), "--out", str(tmp / "out"), "-q", "--no-curated"])
    assert result.exit_code == 0, result.output
    start = time.monotonic()
    result = _run(tmp / "out" / "graph.ttl", tmp / "out")
    assert result.exit_code == 0, result.output
    return FirstRun(
        tmp / "out" / "graph.ttl", tmp / "out", result.stdout, time.monotonic() - start, shared_server
    )


def _run(graph: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main, ["check-links", "--graph", str(graph), "--out", str(out), *CLI_FAST, *extra]
    )


def _copy_of(run: FirstRun, tmp_path: Path) -> Path:
    """A fresh out/ holding the first run's cache."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(run.out / ".link-cache.json", out / ".link-cache.json")
    return out


def test_every_kind_of_response_is_classified(first_run: FirstRun) -> None:
    server = first_run.server
    assert first_run.seconds < 10
    report = json.loads((first_run.out / "link-report.json").read_text(encoding="utf-8"))
    by_path = {r["url"].rsplit("/", 1)[1]: r for r in report["results"]}
    assert {p: by_path[p]["status"] for p in PATHS} == EXPECTED
    assert report["summary"]["urls"] == len(PATHS)

    assert by_path["moved"]["final_url"] == f"{server.base}/ok"
    assert by_path["moved"]["redirects"] == [[301, f"{server.base}/ok"]]
    assert by_path["temp"]["final_url"] == f"{server.base}/ok"  # followed, but a temporary redirect is fine
    assert "more than 10 redirects" in by_path["loop"]["error"]
    assert by_path["missing"]["http_status"] == 404
    assert by_path["head-405"]["method"] == "GET"
    assert by_path["sluggish"]["slow"] is True and by_path["ok"]["slow"] is False
    assert by_path["slow"]["attempts"] == 2  # one retry after the timeout
    # 429 Retry-After: 1 was honoured before the second attempt; 3600 s was not waited for
    first, second = server.times["/rate"][:2]
    assert second - first >= 0.95
    assert server.hits["/rate-forever"] == 1 and "retry after 3600 s" in by_path["rate-forever"]["error"]
    assert by_path["flaky"]["attempts"] == 2


def test_report_on_screen_lists_problems_with_the_entries_using_them(first_run: FirstRun) -> None:
    lines = first_run.stdout.splitlines()
    assert lines[0].startswith(f"checked {len(PATHS)} URLs in ")
    assert "2 dead" in lines[0] and "1 redirected" in lines[0] and "1 timeout" in lines[0]
    assert "1 slow (> 0.1 s)" in lines[0]
    text = first_run.stdout
    for group in ("dead (2)", "timeout (1)", "error (4)", "redirected (1)", "slow (1)"):
        assert f"\n{group}\n" in text, group
    missing = lines.index(next(line for line in lines if line.strip().startswith("404")))
    assert lines[missing + 1].strip() == "used by Missing-R1 (line 9)"
    assert "/moved -> " in text and "/ok" in text
    assert f"report: {first_run.out / 'link-report.json'}" in text


def test_rerun_answers_final_results_from_the_cache(first_run: FirstRun, tmp_path: Path) -> None:
    server = first_run.server
    cache = load_cache(first_run.out / ".link-cache.json")
    final = {p for p, status in EXPECTED.items() if status in ("ok", "redirected", "dead")}
    assert {u.rsplit("/", 1)[1] for u in cache} == final
    dt.datetime.fromisoformat(cache[f"{server.base}/ok"]["checked_at"])
    out = _copy_of(first_run, tmp_path)
    before = server.hits.copy()
    result = _run(first_run.graph, out)
    assert result.exit_code == 0
    assert f"({len(final)} from cache)" in result.stdout.splitlines()[0]
    asked_again = {p for p in server.hits if server.hits[p] > before[p]}
    assert asked_again == {
        "/loop",
        "/forbidden",
        "/rate-forever",
        "/slow",
        "/reset",
    }  # not final: asked again

    result = _run(first_run.graph, out, "--max-age", "0", "--deadline", "0")
    assert "(0 from cache)" in result.stdout


def test_fail_on_dead_exits_1_with_one_line(first_run: FirstRun, tmp_path: Path) -> None:
    out = _copy_of(first_run, tmp_path)
    result = _run(first_run.graph, out, "--fail-on", "dead", "--deadline", "0")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "error: 2 URLs are dead (--fail-on)"
    assert _run(first_run.graph, out, "--fail-on", "redirected", "--deadline", "0").exit_code == 1
    # a cached result keeps its response time
    assert _run(first_run.graph, out, "--fail-on", "slow", "--deadline", "0").exit_code == 1
    # transient results are not cached, and nothing is checked after the deadline: no timeout this time
    assert _run(first_run.graph, out, "--fail-on", "timeout", "--deadline", "0").exit_code == 0


def test_the_run_stops_at_its_deadline(first_run: FirstRun, tmp_path: Path) -> None:
    start = time.monotonic()
    result = _run(first_run.graph, tmp_path / "out", "--deadline", "0", "--no-link-cache")
    assert result.exit_code == 0
    assert time.monotonic() - start < 2
    assert f"{len(PATHS)} skipped" in result.stdout
    assert not (tmp_path / "out" / ".link-cache.json").exists()


def test_requests_to_one_host_are_limited(server: LocalServer) -> None:
    urls = {f"{server.base}/sluggish?n={i}": [] for i in range(8)}
    results = check_urls(urls, FAST, RunSettings(workers=8, per_host=2))
    assert [r.outcome.status for r in results] == ["ok"] * 8
    assert server.max_in_flight == 2


def test_unreachable_host_is_dead_without_retries() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    outcome = probe(f"http://127.0.0.1:{port}/x", FAST)
    assert (outcome.status, outcome.error, outcome.attempts) == ("dead", "connection refused", 1)


def test_offline_machine_reports_errors_not_dead_links_and_caches_nothing(server: LocalServer) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache: dict[str, dict] = {}
    urls = {f"http://127.0.0.1:{port}/a": [], f"http://127.0.0.1:{port}/b": []}
    results = check_urls(urls, FAST, RunSettings(), cache=cache)
    assert [r.outcome.status for r in results] == ["error", "error"]
    assert "offline?" in (results[0].outcome.error or "")
    assert cache == {}
    # as soon as one URL answers, a refused connection is a dead link again
    results = check_urls({**urls, f"{server.base}/ok": []}, FAST, RunSettings(), cache=cache)
    assert [r.outcome.status for r in results] == ["dead", "dead", "ok"]
    assert len(cache) == 3


def test_url_with_spaces_and_angle_brackets_is_requested_encoded(server: LocalServer) -> None:
    assert request_target("https://例え.jp/a b/<x>?q=1 2")[1:] == (
        "xn--r8jz45g.jp",
        None,
        "/a%20b/%3Cx%3E?q=1%202",
    )
    outcome = probe(f"{server.base}/ok dir/<x>", FAST)
    assert outcome.status == "ok"
    assert "/ok%20dir/%3Cx%3E" in server.hits


def test_outbound_urls_are_resources_and_links_outside_our_namespace() -> None:
    graph = Graph()
    entry = URIRef("https://w3id.org/mmr-graph/id/entry/arxiv/2504.07954")
    occ, link = URIRef(f"{entry}/in/l"), URIRef(f"{entry}/link/1")
    paper = URIRef("https://arxiv.org/abs/2504.07954")
    graph.add((entry, RDFS.label, Literal("A-R1")))
    graph.add((entry, MMR.occurrence, occ))
    graph.add((occ, MMR.line, Literal(7, datatype=XSD.positiveInteger)))
    graph.add((entry, MMR.paper, paper))
    graph.add((paper, RDF.type, MMR.Paper))
    graph.add((entry, MMR.link, link))
    graph.add((link, MMR.url, Literal("https://arxiv.org/pdf/2504.07954v2", datatype=XSD.anyURI)))
    graph.add((URIRef("https://w3id.org/mmr-graph/id/model/gpt-4o"), RDF.type, MMR.Model))
    graph.add((URIRef(f"{entry}/link/2"), MMR.url, Literal("#section")))
    assert outbound_urls(graph) == {
        "https://arxiv.org/abs/2504.07954": ["A-R1 (line 7)"],
        "https://arxiv.org/pdf/2504.07954v2": ["A-R1 (line 7)"],
    }


def test_default_graph_has_hundreds_of_outbound_urls() -> None:
    from mmr_graph.ingest import build_catalog
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.rdf.graph import to_graph

    urls = outbound_urls(to_graph(build_catalog([default_list()])))
    assert 300 < len(urls) < 1000
    assert all(u.startswith(("http://", "https://")) and "w3id.org/mmr-graph" not in u for u in urls)
    assert "https://github.com/om-ai-lab/VLM-R1" in urls


def test_retry_after_and_durations() -> None:
    now = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert [parse_duration(v) for v in ("45s", "30m", "12h", "7d", "0")] == [45, 1800, 43200, 604800, 0]
    with pytest.raises(click.BadParameter):
        parse_duration("7")


def test_cache_freshness_and_a_corrupt_cache(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    record = {"url": "https://x.org", "status": "ok", "checked_at": (now - dt.timedelta(hours=2)).isoformat()}
    assert cached_outcome(record, 3 * 3600, now) is not None
    assert cached_outcome(record, 3600, now) is None
    assert cached_outcome({**record, "status": "timeout"}, 3 * 3600, now) is None
    assert cached_outcome({"status": "ok"}, 3600, now) is None
    path = tmp_path / ".link-cache.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_cache(path) == {}
    path.write_text('{"version": 99, "results": {}}', encoding="utf-8")
    assert load_cache(path) == {}


def test_an_unwritable_cache_or_report_is_a_one_line_error(first_run: FirstRun, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache.json"
    result = _run(first_run.graph, tmp_path / "out", "--deadline", "0", "--link-cache", str(cache))
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"error: {cache}: cannot write")
    assert "Traceback" not in result.output
