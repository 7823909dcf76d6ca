"""``mmr-graph push`` against hostile stores (issue 14, case 5): redirects of a write, credentials,
passwords in the endpoint, a store that drips its answer. Local servers only."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from local_servers import Dripper, ScriptedServer, Seen, Trap
from mmr_graph.cli import main

SECRET = "pa55-w0rd-xyz"


@pytest.fixture
def store() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def trap() -> Iterator[Trap]:
    sink = Trap()
    yield sink
    sink.close()


@pytest.fixture(scope="module", autouse=True)
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A small graph to push: what is tested is the request, not the build."""
    global GRAPH_FILE
    GRAPH_FILE = tmp_path_factory.mktemp("graph") / "small.ttl"
    GRAPH_FILE.write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c , ex:d , ex:e .\n", encoding="utf-8"
    )
    yield


GRAPH_FILE: Path


def _push(*args: str) -> tuple[int, str, float]:
    start = time.monotonic()
    command = ["push", "--graph", str(GRAPH_FILE), *args]
    result = CliRunner().invoke(main, command, env={"MMR_GRAPH_PASSWORD": SECRET})
    assert "Traceback" not in result.output
    return result.exit_code, result.output, time.monotonic() - start


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("mode", ["--merge", "--replace"])
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_write_redirected_to_another_origin_is_an_error_and_nothing_goes_there(
    store: ScriptedServer, trap: Trap, status: int, mode: str, host: str
) -> None:
    store.script.routes["/store"] = (status, {"Location": f"http://{host}:{trap.port}/store"}, b"")
    code, output, _ = _push("--endpoint", f"{store.base}/store", mode, "--user", "admin")
    assert code == 1
    assert "success" not in output and "added to" not in output and "replaced" not in output
    assert f"answered {status}" in output and "not followed" in output
    time.sleep(0.2)
    assert trap.connections == 0  # neither the data nor the credentials went anywhere else
    assert len(store.script.seen) == 1


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_write_redirected_within_its_origin_keeps_method_body_and_credentials(
    store: ScriptedServer, status: int
) -> None:
    store.script.routes["/store"] = (status, {"Location": "/real-store"}, b"")
    store.script.routes["/real-store"] = (204, {}, b"")
    code, output, _ = _push("--endpoint", f"{store.base}/store", "--merge", "--user", "admin")
    assert code == 0, output
    first, second = store.script.seen
    assert (first.method, second.method) == ("POST", "POST")
    assert (
        second.path.startswith("/real-store") and second.body == first.body and second.body.count(b"\n") == 3
    )
    assert second.headers["Authorization"] == first.headers["Authorization"]


def test_a_see_other_after_a_write_is_not_success(store: ScriptedServer) -> None:
    store.script.routes["/store"] = (303, {"Location": "/result"}, b"")
    store.script.routes["/result"] = (200, {}, b"fine")
    code, output, _ = _push("--endpoint", f"{store.base}/store", "--merge")
    assert code == 1 and "answered 303" in output
    assert [s.path.split("?")[0] for s in store.script.seen] == ["/store"]


def test_only_a_2xx_answer_is_success(store: ScriptedServer) -> None:
    for status in (200, 201, 204):
        store.script.routes["/store"] = (status, {}, b"")
        assert _push("--endpoint", f"{store.base}/store")[0] == 0
    for status in (300, 304, 400, 500):
        store.script.routes["/store"] = (status, {}, b"<html>secret internals</html>")
        code, output, _ = _push("--endpoint", f"{store.base}/store")
        assert code == 1 and "nothing was stored" in output
        assert "secret internals" not in output  # remote content is not echoed


def test_a_password_in_the_endpoint_is_sent_as_basic_auth_and_never_shown(
    store: ScriptedServer, trap: Trap
) -> None:
    def answer(seen: Seen) -> tuple[int, dict[str, str], bytes]:
        return 204, {}, b""

    store.script.routes["/store"] = answer
    endpoint = f"http://admin:{SECRET}@127.0.0.1:{store.port}/store"
    code, output, _ = _push("--endpoint", endpoint)
    assert code == 0, output
    assert SECRET not in output and "admin:" not in output and "***@127.0.0.1" in output
    (seen,) = store.script.seen
    assert seen.headers["Authorization"] == "Basic " + base64.b64encode(f"admin:{SECRET}".encode()).decode()
    assert "@" not in seen.headers["Host"]
    # and in every error
    failures = [
        f"http://admin:{SECRET}@127.0.0.1:{trap.port}/store",  # no answer
        f"http://admin:{SECRET}@127.0.0.1:1/store",  # refused
        f"http://admin:{SECRET}@no-such-host.invalid/store",  # not found
        f"ftp://admin:{SECRET}@127.0.0.1/store",  # not http
        f"http://admin:{SECRET}@[::1/store",  # not a URL
    ]
    for bad in failures:
        code, output, _ = _push("--endpoint", bad, "--timeout", "2")
        assert code != 0 and SECRET not in output, output
    store.script.routes["/store"] = (403, {}, b"")
    code, output, _ = _push("--endpoint", endpoint)
    assert code == 1 and SECRET not in output
    store.script.routes["/store"] = (307, {"Location": f"http://127.0.0.1:{trap.port}/x"}, b"")
    code, output, _ = _push("--endpoint", endpoint, "--merge")
    assert code == 1 and SECRET not in output


@pytest.mark.parametrize("where", ["headers", "body"])
def test_timeout_bounds_the_whole_request_even_when_the_store_drips(where: str) -> None:
    dripper = Dripper(where, interval=0.2)
    try:
        code, output, seconds = _push("--endpoint", f"{dripper.base}/store", "--timeout", "2")
    finally:
        dripper.close()
    assert code == 1 and "in time" in output
    assert seconds < 10
