"""What the endpoint answers at all and how much a query may take: the Host and Origin checks, and the
per-query memory cap (of the endpoint's workers and of ``mmr-graph query``)."""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.query.memory import describe_size, parse_size
from mmr_graph.serve.hosts import allowed_hosts, refusal
from test_service_refused import serving

RUNAWAY = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?c ?f LIMIT 1"  # the query
CAP = "200M"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("limits")
    assert CliRunner().invoke(main, ["build", "--out", str(folder), "--format", "nt", "-q"]).exit_code == 0
    return folder / "graph.nt"


def call(
    url: str, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, str]:
    m = re.match(r"http://([^:/]+):(\d+)/", url)
    assert m
    conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=60)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        reply = conn.getresponse()
        return reply.status, reply.read().decode()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def endpoint(graph_file: Path) -> Iterator[serving]:
    with serving(
        graph_file, "--max-memory", CAP, "--timeout", "30", "--allow-host", "graph.example"
    ) as server:
        yield server


def _port(server: serving) -> str:
    return server.url.rstrip("/").rsplit(":", 1)[1]


# --- Host -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST", "graph.example"])
def test_loopback_and_allowed_names_are_answered(endpoint: serving, host: str) -> None:
    for name in (host, f"{host}:{_port(endpoint)}"):
        status, _ = call(endpoint.url, "GET", "/sparql?query=ASK%7B%7D", {"Host": name})
        assert status == 200, name


@pytest.mark.parametrize(
    "host", ["attacker.example", "attacker.example:7070", "127.0.0.1.nip.io", "localhost.evil"]
)
def test_other_host_names_get_403(endpoint: serving, host: str) -> None:
    """DNS rebinding: a name the attacker points at 127.0.0.1 is not answered, on any path."""
    for path in ("/sparql?query=ASK%7B%7D", "/", "/queries", "/id/method/GRPO"):
        status, body = call(endpoint.url, "GET", path, {"Host": host})
        assert status == 403 and "--allow-host" in body, (host, path)


def test_two_host_headers_are_refused(endpoint: serving) -> None:
    m = re.match(r"http://([^:/]+):(\d+)/", endpoint.url)
    assert m
    conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=30)
    try:
        conn.putrequest("GET", "/sparql?query=ASK%7B%7D", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "attacker.example")
        conn.putheader("Host", "localhost")
        conn.endheaders()
        assert conn.getresponse().status in (400, 403)
    finally:
        conn.close()


def test_host_rules() -> None:
    assert allowed_hosts(True, "127.0.0.1", ()) == {"localhost", "127.0.0.1", "[::1]"}
    assert allowed_hosts(True, "127.0.0.1", ["*"]) is None
    assert allowed_hosts(False, "0.0.0.0", ()) is None  # bound elsewhere: as before, with a warning
    assert allowed_hosts(False, "192.0.2.7", ["graph.example"]) == {
        "localhost", "127.0.0.1", "[::1]", "graph.example", "192.0.2.7"
    }  # fmt: skip
    assert refusal({"host": "[::1]:8080"}, "GET", allowed_hosts(True, "::1", ())) is None


# --- Origin -----------------------------------------------------------------------------------------------


def test_a_form_posted_from_another_origin_is_refused(endpoint: serving) -> None:
    form = b"query=ASK%7B%7D"
    base = {"Host": f"127.0.0.1:{_port(endpoint)}", "Content-Type": "application/x-www-form-urlencoded"}
    for extra in (
        {"Origin": "http://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost:1"},
        {"Sec-Fetch-Site": "cross-site"},
    ):
        status, body = call(endpoint.url, "POST", "/sparql", {**base, **extra}, form)
        assert status == 403 and "refused" in body, extra
    # the query page's own POST, and tools that send no Origin, are answered
    own = {"Origin": f"http://127.0.0.1:{_port(endpoint)}", "Sec-Fetch-Site": "same-origin"}
    assert call(endpoint.url, "POST", "/sparql", {**base, **own}, form)[0] == 200
    assert call(endpoint.url, "POST", "/sparql", base, form)[0] == 200


# --- memory -----------------------------------------------------------------------------------------------


def test_a_runaway_query_gets_503_and_its_worker_is_replaced(endpoint: serving) -> None:
    start = time.monotonic()
    host = {"Host": "localhost"}
    status, body = call(endpoint.url, "POST", "/sparql", {**host, "Content-Type": "application/sparql-query"},
                        RUNAWAY.encode())  # fmt: skip
    assert status == 503 and "memory" in body and "200 MiB" in body, body
    assert time.monotonic() - start < 25  # stopped by the memory cap, not by the 30 s time limit
    # a fresh worker answers the next query (the only one: --workers 1)
    status, body = call(endpoint.url, "GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", host)
    assert status == 200 and "true" in body


def test_the_cli_caps_a_query_s_memory(graph_file: Path) -> None:
    start = time.monotonic()
    result = CliRunner().invoke(main, ["query", RUNAWAY, "--graph", str(graph_file), "--max-memory", CAP])
    assert result.exit_code == 2, result.output
    assert "needed more than 200 MiB of memory" in result.output and "Traceback" not in result.output
    assert time.monotonic() - start < 60
    # the parent is unharmed: a small query in the same process answers
    again = CliRunner().invoke(main, ["query", "ASK { ?s ?p ?o }", "--graph", str(graph_file)])
    assert again.output == "true\n"


@pytest.mark.parametrize(
    ("text", "size"), [("200M", 200 << 20), ("1G", 1 << 30), ("1.5GiB", 3 << 29), ("4096", 4096)]
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_bad_sizes_are_one_line_errors() -> None:
    for bad in ("12x", "-1G", "0", ""):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert describe_size(1 << 30) == "1 GiB"
    result = CliRunner().invoke(main, ["query", "ASK {}", "--max-memory", "lots"])
    assert result.exit_code == 2 and "is not a size" in result.output


def test_a_host_header_with_text_after_the_address_gets_403(endpoint: serving) -> None:
    # before: ``[::1]evil.example`` was read as ``[::1]`` and answered
    for host in ("[::1]evil.example", "[::1]evil.example:80", "[::1]:80evil", "localhost:80:80"):
        status, body = call(endpoint.url, "GET", "/sparql?query=ASK%7B%7D", {"Host": host})
        assert status == 403 and "--allow-host" in body, host


def test_a_client_dripping_its_request_is_cut_off(endpoint: serving) -> None:
    # before: a connection sending its headers (or its body) a byte at a time stayed open as long as it
    # dripped (slowloris): 40 s and counting
    m = re.match(r"http://([^:/]+):(\d+)/", endpoint.url)
    assert m
    starts = {
        "headers": b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
        "body": b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1000\r\n\r\nASK {",
    }
    clients = {}
    for what, start in starts.items():
        client = socket.create_connection((m.group(1), int(m.group(2))), timeout=1)
        client.sendall(start)
        clients[what] = client
    began, closed = time.monotonic(), {}
    while len(closed) < len(clients) and time.monotonic() - began < 40:
        for what, client in clients.items():
            if what in closed:
                continue
            try:
                client.sendall(b" ")
                if client.recv(1000) == b"":
                    closed[what] = time.monotonic() - began
            except TimeoutError:
                pass
            except OSError:
                closed[what] = time.monotonic() - began
    for client in clients.values():
        client.close()
    assert set(closed) == set(starts) and max(closed.values()) < 30, closed
    assert call(endpoint.url, "GET", "/sparql?query=ASK%7B%7D", {"Host": "localhost"})[0] == 200
