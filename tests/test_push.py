"""``mmr-graph push`` into a real Oxigraph server started here, and what goes over the wire."""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.loader import load_graph
from mmr_graph.query import engine
from mmr_graph.query.named import named_queries
from mmr_graph.web.graphstore import PushError, target_url

GRAPH = "https://w3id.org/mmr-graph/id/graph/test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None and time.monotonic() < deadline, "oxigraph did not start"
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def remote(url: str, sparql: str) -> list[tuple]:
    """Run a query on the Oxigraph server over the SPARQL protocol."""
    req = urllib.request.Request(
        f"{url}/query",
        data=urllib.parse.urlencode({"query": sparql}).encode(),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=30) as response:
        body = response.read()
    return [tuple(s) for s in ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)]


def remote_count(url: str, graph: str | None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    return int(remote(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0][0].value)


def test_push_into_oxigraph_and_get_the_same_answers(oxigraph: str) -> None:
    runner = CliRunner()
    local = load_graph().store()
    # a named graph, twice: PUT replaces, so nothing is doubled
    for _ in range(2):
        result = runner.invoke(main, ["push", "--endpoint", f"{oxigraph}/store", "--graph-name", GRAPH])
        assert result.exit_code == 0, result.output
    assert f"replaced graph <{GRAPH}> with {len(local)} triples: PUT" in result.output
    assert remote_count(oxigraph, GRAPH) == len(local)
    assert remote_count(oxigraph, None) == 0
    # the default graph: POST adds; then every named query answers there as here
    result = runner.invoke(main, ["push", "--endpoint", f"{oxigraph}/store"])
    assert result.exit_code == 0, result.output
    assert "added to the default graph" in result.output and "POST" in result.output
    assert remote_count(oxigraph, None) == len(local)
    for name, q in named_queries().items():
        assert remote(oxigraph, q.text) == list(engine.run(local, q.text).rows), name


def test_push_a_graph_file(oxigraph: str, tmp_path: Path) -> None:
    graph = tmp_path / "small.ttl"
    graph.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c , ex:d .\n", encoding="utf-8")
    name = "http://example.org/small"
    result = CliRunner().invoke(
        main, ["push", "--endpoint", f"{oxigraph}/store", "--graph", str(graph), "--graph-name", name]
    )
    assert result.exit_code == 0, result.output
    assert remote_count(oxigraph, name) == 2


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict] = []  # noqa: RUF012 - shared with the test
    status = 204

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        self.send_response(self.status)
        self.send_header("Content-Length", "0" if self.status < 400 else "14")
        self.end_headers()
        if self.status >= 400:
            self.wfile.write(b"no permission\n")

    do_PUT = do_POST = _handle

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def recorder() -> Iterator[tuple[str, type[_Recorder]]]:
    _Recorder.seen = []
    _Recorder.status = 204
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store", _Recorder
    httpd.shutdown()


def test_what_goes_over_the_wire(recorder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    url, handler = recorder
    monkeypatch.setenv("MMR_GRAPH_PASSWORD", "s3cret")
    result = CliRunner().invoke(main, ["push", "--endpoint", url, "--graph-name", GRAPH, "--user", "admin"])
    assert result.exit_code == 0, result.output
    (seen,) = handler.seen
    assert seen["method"] == "PUT"
    assert seen["path"] == "/store?" + urllib.parse.urlencode({"graph": GRAPH})
    assert seen["headers"]["Content-Type"] == "application/n-triples"
    assert seen["headers"]["Authorization"] == "Basic " + base64.b64encode(b"admin:s3cret").decode()
    triples = list(ox.parse(seen["body"], format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(load_graph().triples())
    # literals exactly as built: a store would have turned these into xsd:integer
    assert b"<http://www.w3.org/2001/XMLSchema#positiveInteger>" in seen["body"]


def test_merge_and_replace_flags(recorder) -> None:  # type: ignore[no-untyped-def]
    url, handler = recorder
    runner = CliRunner()
    assert runner.invoke(main, ["push", "--endpoint", url, "--replace"]).exit_code == 0
    assert runner.invoke(main, ["push", "--endpoint", url, "--graph-name", GRAPH, "--merge"]).exit_code == 0
    assert [(s["method"], s["path"]) for s in handler.seen] == [
        ("PUT", "/store?default"),
        ("POST", "/store?" + urllib.parse.urlencode({"graph": GRAPH})),
    ]


def test_refusal_and_unreachable_store_are_one_line_errors(recorder) -> None:  # type: ignore[no-untyped-def]
    url, handler = recorder
    handler.status = 403
    result = CliRunner().invoke(main, ["push", "--endpoint", url])
    assert result.exit_code == 1
    assert "answered 403 Forbidden: nothing was stored" in result.output and "Traceback" not in result.output
    assert "no permission" not in result.output  # what the store sent is not shown
    closed = f"http://127.0.0.1:{free_port()}/store"
    result = CliRunner().invoke(main, ["push", "--endpoint", closed])
    assert result.exit_code == 1 and "cannot reach" in result.output


@pytest.mark.parametrize(
    ("endpoint", "graph", "message"),
    [
        ("ftp://example.org/store", None, r"http\(s\) URL"),
        ("localhost:7878/store", None, r"http\(s\) URL"),
        ("http://localhost:7878/store", "not an iri", "absolute IRI"),
    ],
)
def test_bad_targets(endpoint: str, graph: str | None, message: str) -> None:
    with pytest.raises(PushError, match=message):
        target_url(endpoint, graph)


def test_target_urls() -> None:
    assert target_url("http://h/store", None) == "http://h/store?default"
    assert target_url("http://h/ds/data?x=1", "http://g/1") == "http://h/ds/data?x=1&graph=http%3A%2F%2Fg%2F1"
