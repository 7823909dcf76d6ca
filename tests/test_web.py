"""The one HTTP client (mmr_graph.web) against servers on 127.0.0.1: deadlines, sizes, redirects and
credentials, the private-address guard after resolution, retries, the cache. Nothing leaves this machine."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_servers import Dripper, ScriptedServer, Seen, Trap
from mmr_graph.web import (
    AddressGuard,
    Blocked,
    NotCached,
    Policy,
    RedirectRefused,
    ResponseCache,
    Timeout,
    TooLarge,
    WebClient,
    default_cache_dir,
    is_public,
    redact,
)
from mmr_graph.web.addresses import Resolved

FAST = Policy(timeout=2, retries=1, backoff=0.05, max_retry_after=3)


def exempt(*servers: ScriptedServer) -> AddressGuard:
    """A guard that takes these local servers for public ones (and only them)."""
    ports = {s.port for s in servers}
    return AddressGuard(exempt=lambda address, port: address.is_loopback and port in ports)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    s = ScriptedServer()
    yield s
    s.close()


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    s = ScriptedServer()
    yield s
    s.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    t = Trap()
    yield t
    t.close()


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True), ("2606:4700::1111", True),
        ("127.0.0.1", False), ("127.8.9.10", False), ("10.1.2.3", False), ("172.16.0.1", False),
        ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False),
        ("224.0.0.1", False), ("239.255.255.250", False), ("255.255.255.255", False), ("192.0.2.1", False),
        ("::1", False), ("::", False), ("fe80::1", False), ("fc00::1", False), ("fd12:3456::1", False),
        ("ff02::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
        ("::ffff:93.184.216.34", True), ("64:ff9b::7f00:1", False), ("2002:7f00:1::", False),
        ("2001:db8::1", False), ("::127.0.0.1", False),
    ],
)  # fmt: skip
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_userinfo_is_redacted_everywhere_it_could_show() -> None:
    assert redact("http://u:p@h:1/x?y#z") == "http://***@h:1/x?y#z"
    assert redact("https://p%40ss@h/a@b") == "https://***@h/a@b"
    assert redact("http://a:b@c@h/") == "http://***@h/"
    assert redact("http://h/path@x") == "http://h/path@x"


def test_a_name_that_resolves_to_a_private_address_is_blocked_without_a_connection(trap: Trap) -> None:
    def resolver(host: str, port: int) -> list[Resolved]:
        return [(socket.AF_INET, ("127.0.0.1", port))]  # a public-looking name that points inside

    with WebClient(FAST, guard=AddressGuard(resolver=resolver)) as web:
        for url in (f"http://innocent.example:{trap.port}/", f"http://127.0.0.1:{trap.port}/",
                    f"http://localhost:{trap.port}/", f"http://[::ffff:127.0.0.1]:{trap.port}/",
                    f"http://2130706433:{trap.port}/", f"http://0x7f.1:{trap.port}/"):  # fmt: skip
            with pytest.raises((Blocked, ValueError)):
                web.get(url)
    time.sleep(0.2)
    assert trap.connections == 0


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(server: ScriptedServer) -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[Resolved]:
        calls.append(host)
        return [(socket.AF_INET, ("127.0.0.1", port))]

    server.script.routes["/x"] = (200, {}, b"hello")
    guard = AddressGuard(exempt=lambda a, p: p == server.port, resolver=resolver)
    with WebClient(FAST, guard=guard) as web:
        reply = web.get(f"http://papers.example:{server.port}/x")
    assert reply.body == b"hello" and calls == ["papers.example"]
    assert server.script.seen[0].headers["Host"] == f"papers.example:{server.port}"
    assert server.script.seen[0].headers["User-Agent"].startswith("mmr-graph/")


def test_a_redirect_to_a_private_address_is_blocked(server: ScriptedServer, trap: Trap) -> None:
    server.script.routes["/go"] = (302, {"Location": f"http://127.0.0.1:{trap.port}/admin"}, b"")
    with WebClient(FAST, guard=exempt(server)) as web, pytest.raises(Blocked):
        web.get(f"{server.base}/go")
    # a trusted (user-named) origin may be private, but not where it redirects
    with WebClient(FAST) as web, pytest.raises(Blocked):
        web.get(f"{server.base}/go", trusted=True)
    time.sleep(0.2)
    assert trap.connections == 0


def test_credentials_and_own_headers_never_go_to_another_origin(
    server: ScriptedServer, other: ScriptedServer
) -> None:
    server.script.routes["/a"] = (301, {"Location": f"{other.base}/b"}, b"")
    other.script.routes["/b"] = (302, {"Location": f"{server.base}/c"}, b"")
    server.script.routes["/c"] = (200, {}, b"done")
    with WebClient(FAST, guard=exempt(server, other)) as web:
        reply = web.request("GET", f"http://user:pw@127.0.0.1:{server.port}/a",
                            headers={"X-Token": "t0ken"})  # fmt: skip
    assert reply.body == b"done" and [code for code, _ in reply.redirects] == [301, 302]
    first, back = server.script.seen
    (elsewhere,) = other.script.seen
    assert "Authorization" in first.headers and first.headers["X-Token"] == "t0ken"
    for seen in (elsewhere, back):  # not to the other origin, nor after the chain left the first one
        assert "Authorization" not in seen.headers and "X-Token" not in seen.headers


def test_writes_follow_no_redirect_to_another_origin(server: ScriptedServer, trap: Trap) -> None:
    server.script.routes["/w"] = (307, {"Location": f"http://localhost:{server.port}/w2"}, b"")
    with WebClient(FAST, guard=exempt(server)) as web, pytest.raises(RedirectRefused, match="another origin"):
        web.request("POST", f"{server.base}/w", body=b"data", trusted=True)
    assert len(server.script.seen) == 1


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_dripping_server_cannot_extend_the_deadline(where: str) -> None:
    dripper = Dripper(where, interval=0.1)
    start = time.monotonic()
    try:
        with WebClient(Policy(timeout=1.5, retries=0), guard=AddressGuard(allow_private=True)) as web:
            with pytest.raises(Timeout):
                web.get(f"{dripper.base}/")
            with pytest.raises(Timeout) as caught:
                web.get(f"{dripper.base}/", deadline=time.monotonic() + 0.5)
    finally:
        dripper.close()
    assert caught.value.run_deadline
    assert time.monotonic() - start < 8


def test_bodies_are_bounded_even_compressed(server: ScriptedServer) -> None:
    server.script.routes["/big"] = (200, {}, b"x" * 5000)
    bomb = gzip.compress(b"\0" * 50_000_000)
    server.script.routes["/bomb"] = (200, {"Content-Encoding": "gzip"}, bomb)
    server.script.routes["/small.gz"] = (200, {"Content-Encoding": "gzip"}, gzip.compress(b"fine" * 100))
    with WebClient(Policy(max_bytes=4096), guard=exempt(server)) as web:
        with pytest.raises(TooLarge):
            web.get(f"{server.base}/big")
        with pytest.raises(TooLarge):
            web.get(f"{server.base}/bomb")
        assert web.get(f"{server.base}/small.gz").body == b"fine" * 100


def test_retries_honour_retry_after_and_give_up_on_a_long_one(server: ScriptedServer) -> None:
    times: list[float] = []

    def rate(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        times.append(time.monotonic())
        return (429, {"Retry-After": "1"}, b"") if len(times) == 1 else (200, {}, b"ok")

    server.script.routes["/rate"] = rate
    server.script.routes["/never"] = (503, {"Retry-After": "3600"}, b"")
    with WebClient(FAST, guard=exempt(server)) as web:
        reply = web.get(f"{server.base}/rate")
        assert reply.body == b"ok" and reply.attempts == 2 and times[1] - times[0] >= 0.95
        reply = web.get(f"{server.base}/never")
        assert reply.status == 503 and reply.retry_after == 3600 and reply.attempts == 1
        with pytest.raises(RedirectRefused):  # nor are writes retried or redirected silently
            server.script.routes["/loop"] = (301, {"Location": "/loop"}, b"")
            web.get(f"{server.base}/loop")


def test_conditional_requests_and_offline_use_the_cache(server: ScriptedServer, tmp_path: Path) -> None:
    def page(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        if seen.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "text/markdown"}, b"# A list\n"

    server.script.routes["/README.md"] = page
    cache = ResponseCache(tmp_path / "cache")
    url = f"{server.base}/README.md"
    with WebClient(FAST, guard=exempt(server), cache=cache) as web:
        first = web.get(url)
        again = web.get(url)
        fresh = web.get(url, max_age=3600)
    assert (first.from_cache, again.from_cache, fresh.from_cache) == (False, True, True)
    assert again.body == first.body == b"# A list\n" and again.fetched_at == first.fetched_at
    assert len(server.script.seen) == 2 and server.script.seen[1].headers["If-None-Match"] == '"v1"'
    (copy,) = cache.entries()
    assert copy.url == url and copy.etag == '"v1"' and copy.fetched_at
    with WebClient(FAST, guard=exempt(server), cache=cache, offline=True) as web:
        assert web.get(url).body == b"# A list\n"
        with pytest.raises(NotCached):
            web.get(f"{server.base}/other")
    assert len(server.script.seen) == 2  # offline: no request at all
    Path(copy.path).write_bytes(b"tampered")
    assert cache.load(url) is None


def test_the_cache_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MMR_GRAPH_CACHE", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MMR_GRAPH_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "mmr-graph"
