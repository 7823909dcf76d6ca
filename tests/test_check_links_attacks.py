"""``mmr-graph check-links`` against hostile lists and servers (issue 14, case 6): private targets,
redirects and names that lead inside, servers that drip, a strict deadline, an offline machine.
Local servers only; a trap that counts connections proves that nothing was requested."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from local_servers import Dripper, ScriptedServer, Trap
from mmr_graph.cli import main
from mmr_graph.identity.namespaces import MMR
from mmr_graph.web import AddressGuard
from mmr_graph.web.addresses import IPAddress, Resolved


def graph_of(path: Path, urls: list[str]) -> Path:
    graph = Graph()
    for url in urls:
        graph.add((URIRef(url), RDF.type, MMR.WebPage))
    graph.serialize(path, format="turtle")
    return path


def check(tmp_path: Path, urls: list[str], *extra: str) -> tuple[Result, dict[str, dict], float]:
    graph = graph_of(tmp_path / "graph.ttl", urls)
    start = time.monotonic()
    result = CliRunner().invoke(
        main,
        ["check-links", "--graph", str(graph), "--out", str(tmp_path / "out"), "--backoff", "0.05", *extra],
    )
    seconds = time.monotonic() - start
    assert "Traceback" not in result.output
    report = json.loads((tmp_path / "out" / "link-report.json").read_text(encoding="utf-8"))
    return result, {r["url"]: r for r in report["results"]}, seconds


def use_guard(monkeypatch: pytest.MonkeyPatch, guard: AddressGuard) -> None:
    """Give the command this guard instead of its default (which blocks every local server)."""
    monkeypatch.setattr("mmr_graph.check.probe.address_guard", lambda settings: guard)


def public(*ports: int, resolver: Callable[[str, int], list[Resolved]] | None = None) -> AddressGuard:
    """A guard that takes local servers on ``ports`` for public ones, and blocks the rest as usual."""

    def exempt(address: IPAddress, port: int) -> bool:
        return address.is_loopback and port in ports

    return AddressGuard(exempt=exempt) if resolver is None else AddressGuard(exempt=exempt, resolver=resolver)


@pytest.fixture
def trap() -> Iterator[Trap]:
    t = Trap()
    yield t
    t.close()


def test_loopback_private_and_link_local_targets_are_blocked_unless_allowed(
    trap: Trap, tmp_path: Path
) -> None:
    urls = [f"http://127.0.0.1:{trap.port}/a", f"http://localhost:{trap.port}/b", f"http://[::1]:{trap.port}/c",
            f"http://0.0.0.0:{trap.port}/d", f"http://127.1:{trap.port}/e", "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.1/", "http://192.168.1.1/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/"]  # fmt: skip
    result, report, _ = check(tmp_path, urls, "--timeout", "2")
    assert result.exit_code == 0, result.output
    assert {url: r["status"] for url, r in report.items()} == dict.fromkeys(urls, "blocked")
    assert f"blocked ({len(urls)})" in result.output and "not a public address" in result.output
    time.sleep(0.2)
    assert trap.connections == 0
    assert CliRunner().invoke(main, ["check-links", "--graph", str(tmp_path / "graph.ttl"), "--out",
                                     str(tmp_path / "out"), "--fail-on", "blocked"]).exit_code == 1  # fmt: skip
    # --allow-private: the same list is checked (the trap is reached)
    result, report, _ = check(tmp_path, urls[:2], "--allow-private", "--timeout", "1", "--retries", "0")
    assert "blocked" not in {r["status"] for r in report.values()}
    assert trap.connections >= 2


def test_redirects_and_names_that_lead_inside_are_blocked(
    trap: Trap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ScriptedServer()
    server.script.routes["/go"] = (302, {"Location": f"http://127.0.0.1:{trap.port}/admin"}, b"")
    server.script.routes["/hop"] = (301, {"Location": f"http://intranet.example:{trap.port}/"}, b"")
    server.script.routes["/ok"] = (200, {}, b"")

    def resolver(host: str, port: int) -> list[Resolved]:  # every name points inside
        return [(socket.AF_INET, ("127.0.0.1", port))]

    use_guard(monkeypatch, public(server.port, resolver=resolver))
    urls = [f"{server.base}/go", f"{server.base}/hop", f"http://intranet.example:{trap.port}/x",
            f"http://papers.example:{server.port}/ok"]  # fmt: skip
    try:
        result, report, _ = check(tmp_path, urls, "--timeout", "2")
    finally:
        server.close()
    assert result.exit_code == 0, result.output
    assert [report[u]["status"] for u in urls] == ["blocked", "blocked", "blocked", "ok"]
    time.sleep(0.2)
    assert trap.connections == 0


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_dripping_server_is_bounded_by_the_timeout(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dripper = Dripper(where, interval=0.1)
    use_guard(monkeypatch, public(dripper.port))
    try:
        _, report, seconds = check(
            tmp_path, [f"{dripper.base}/slow"], "--timeout", "1", "--retries", "1", "--deadline", "20"
        )
    finally:
        dripper.close()
    (record,) = report.values()
    if where == "headers":
        assert record["status"] == "timeout" and record["attempts"] == 2
    else:  # the headers came in time: the body is never read
        assert record["status"] == "ok"
    assert seconds < 10


def test_the_deadline_ends_the_run_with_requests_in_flight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dripper = Dripper("headers", interval=0.1)
    use_guard(monkeypatch, public(dripper.port))
    urls = [f"{dripper.base}/page?n={i}" for i in range(40)]
    try:
        result, report, seconds = check(tmp_path, urls, "--timeout", "60", "--deadline", "2", "--workers", "8",
                                        "--per-host", "8")  # fmt: skip
    finally:
        dripper.close()
    assert result.exit_code == 0, result.output
    assert seconds < 10  # a 2 s deadline, a generous margin
    assert {r["status"] for r in report.values()} == {"skipped"}
    assert "time limit" in report[urls[0]]["error"]
    assert "... and 20 more (in the JSON report)" in result.output


def test_offline_is_said_once_within_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[Resolved]:
        lookups.append(host)
        time.sleep(0.05)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    use_guard(monkeypatch, AddressGuard(resolver=resolver))
    urls = [f"https://site{i}.example/paper/{i}" for i in range(371)]
    result, report, seconds = check(tmp_path, urls)
    assert result.exit_code == 1
    assert seconds < 10
    assert len(result.stdout.strip().splitlines()) == 2, result.stdout  # the summary and the report's path
    lines = result.output.strip().splitlines()  # with the progress on stderr
    assert sum("offline?" in line for line in lines) == 1
    assert lines[-1].startswith("error: offline?")
    assert len(lookups) < 40  # it stopped trying
    statuses = [r["status"] for r in report.values()]
    assert statuses.count("skipped") > 330
    cache = json.loads((tmp_path / "out" / ".link-cache.json").read_text(encoding="utf-8"))
    assert cache["results"] == {}


def test_a_host_that_is_not_idna_is_a_bad_url_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # before: an ``xn--`` label that does not decode (in a list, or in a redirect's Location) ended the
    # whole run in a traceback (idna's InvalidCodepoint escaped from httpx's URL.host)
    server = ScriptedServer()
    server.script.routes["/go"] = (302, {"Location": "http://xn--a/inside"}, b"")
    use_guard(monkeypatch, public(server.port))
    urls = ["http://xn--a/p", f"{server.base}/go"]
    try:
        result, report, _ = check(tmp_path, urls, "--timeout", "2", "--retries", "0")
    finally:
        server.close()
    assert result.exit_code == 0 and result.exception is None, result.output
    assert set(report) == set(urls) and "ok" not in {r["status"] for r in report.values()}
