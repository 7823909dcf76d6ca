"""SERVICE never runs: a corpus of obfuscated SERVICE calls is refused by the parser, from the CLI and from
the endpoint, without a single connection to a listening trap; and the operating-system lock holds when the
parser is bypassed (in the locked process itself, in the CLI's evaluating process and in an endpoint worker)."""

from __future__ import annotations

import json
import re
import select
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mmr_graph.cli import main
from mmr_graph.query import syntax
from mmr_graph.query.errors import QueryError

CORPUS = Path(__file__).parent / "fixtures" / "sparql" / "service-obfuscations.txt"
SECRET = "TRAP-SECRET-BODY"
GRAPH_TTL = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
ex:d ex:e "f" .
"""


class Trap:
    """A listening socket on 127.0.0.1 that counts connections and answers each with an HTTP error whose
    body is a secret (a query that reached it, and echoed what it said, would show the secret)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
            try:
                conn.settimeout(2)
                conn.recv(65536)
                body = SECRET.encode()
                conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            except OSError:
                pass
            finally:
                conn.close()

    def count(self) -> int:
        time.sleep(0.05)  # a connection just made is counted
        with self._lock:
            return self.connections


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    t = Trap()
    yield t
    t.sock.close()


@dataclass(frozen=True)
class Case:
    name: str
    template: str

    def text(self, trap: Trap) -> str:
        return (
            self.template.replace("{TRAP}", trap.url).replace("{PORT}", str(trap.port)).replace("{CR}", "\r")
        )


def load_corpus() -> list[Case]:
    cases, name, lines = [], None, []  # type: ignore[var-annotated]
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("== "):
            if name:
                cases.append(Case(name, "\n".join(lines)))
            name, lines = line[3:].strip(), []
        elif name:
            lines.append(line)
    if name:
        cases.append(Case(name, "\n".join(lines)))
    return cases


CASES = load_corpus()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "small.trig"
    path.write_text(
        GRAPH_TTL + "<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 }\n"
    )
    return path


def raw_store() -> ox.Store:
    """A store with a statement in the default graph and one in a named graph (so that every pattern
    before a SERVICE has a solution and the SERVICE is evaluated)."""
    store = ox.Store()
    a, b = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")
    store.add(ox.Quad(a, b, ox.Literal("c")))
    store.add(ox.Quad(a, b, ox.Literal("c"), ox.NamedNode("http://example.org/g")))
    return store


def run_raw(text: str) -> str:
    """Oxigraph on the text as it is, no parser check: what it answered, or its error."""
    try:
        result = raw_store().query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)  # type: ignore[call-overload]
        return "answered"
    except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
        return f"{type(exc).__name__}: {exc}"


def test_the_corpus_is_large_and_live(trap: Trap) -> None:
    """At least 30 cases; run by Oxigraph with no check, most really connect (so refusing them matters)."""
    assert len(CASES) >= 30
    live = []
    for case in CASES:
        before = trap.count()
        run_raw(case.text(trap))
        if trap.count() > before:
            live.append(case.name)
    assert len(live) >= 30, live
    assert "issue: IRI-lookalike before the keyword" in live
    assert "issue: escaped quote in a string" in live


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_parser_refuses_every_case(trap: Trap, case: Case) -> None:
    before = trap.count()
    with pytest.raises(QueryError) as refused:
        syntax.check(case.text(trap), "query")
    assert re.search(r"SERVICE|read-only|syntax error|escape|nested", str(refused.value)), refused.value
    assert trap.count() == before


def test_the_cli_refuses_every_case_without_a_connection(trap: Trap, graph_file: Path) -> None:
    runner = CliRunner()
    before = trap.count()
    for case in CASES:
        result = runner.invoke(main, ["query", case.text(trap), "--graph", str(graph_file)])
        assert result.exit_code == 2, (case.name, result.output)
        assert SECRET not in result.output and "Traceback" not in result.output, case.name
    assert trap.count() == before


def test_the_endpoint_refuses_every_case_without_a_connection(trap: Trap, graph_file: Path) -> None:
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    with serving(graph_file) as server:
        url = server.url
        before = trap.count()
        for case in CASES:
            text = case.text(trap)
            for request in (
                Request(url + "sparql?" + urlencode({"query": text})),
                Request(url + "sparql", data=urlencode({"query": text}).encode(), method="POST"),
                Request(
                    url + "sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"}
                ),
            ):
                try:
                    with urlopen(request, timeout=30) as reply:
                        status, body = reply.status, reply.read().decode()
                except HTTPError as exc:
                    status, body = exc.code, exc.read().decode()
                assert status in (400, 403), (case.name, status, body)
                assert SECRET not in body, case.name
        assert trap.count() == before


class serving:
    """``mmr-graph serve`` on a free port, as a context manager giving its base URL."""

    def __init__(self, graph: Path, *args: str) -> None:
        self.args = ["serve", "--graph", str(graph), "--port", "0", "--workers", "1", *args]

    def __enter__(self) -> serving:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mmr_graph", *self.args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline, line = time.monotonic() + 60, ""
        while time.monotonic() < deadline and "SPARQL endpoint" not in line:
            if select.select([self.process.stdout], [], [], 1)[0]:
                line = self.process.stdout.readline()  # type: ignore[union-attr]
            assert self.process.poll() is None, "the endpoint did not start"
        m = re.search(r"query page (http://\S+/)$", line.strip())
        assert m, line
        self.url = m.group(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


# --- the operating-system lock, the parser bypassed -----------------------------------------------------

_LOCKED = """
import json, sys
import pyoxigraph as ox
from mmr_graph.query.lockdown import lock_out_network
texts = json.loads(sys.stdin.read())
store = ox.Store()
a, b = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")
store.add(ox.Quad(a, b, ox.Literal("c")))
store.add(ox.Quad(a, b, ox.Literal("c"), ox.NamedNode("http://example.org/g")))
lock = lock_out_network(seccomp={seccomp}, descriptors={descriptors})
out = {{"seccomp": lock.seccomp, "note": lock.seccomp_note, "errors": []}}
try:
    import socket
    socket.create_connection(("127.0.0.1", {port}), timeout=5)
    out["socket"] = "connected"
except OSError as exc:
    out["socket"] = type(exc).__name__
try:
    open(sys.executable, "rb").close()  # a file, as a query store opens its tables when a query reaches them
    out["file"] = "opened"
except OSError as exc:
    out["file"] = type(exc).__name__
for text in texts:
    try:
        result = store.query(text)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
        out["errors"].append("answered")
    except Exception as exc:
        out["errors"].append(f"{{type(exc).__name__}}: {{exc}}")
print(json.dumps(out))
"""


@pytest.mark.parametrize(("seccomp", "descriptors"), [(True, False), (False, True), (True, True)])
def test_the_lock_holds_without_the_parser(trap: Trap, seccomp: bool, descriptors: bool) -> None:
    """In a locked process, Oxigraph given every case as it is (no parser check) and a plain socket
    connection to the trap both fail, at the level of the operating system: no connection is made."""
    texts = [case.text(trap) for case in CASES]
    script = _LOCKED.format(seccomp=seccomp, descriptors=descriptors, port=trap.port)
    before = trap.count()
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    if seccomp and not out["seccomp"]:
        pytest.skip(f"no seccomp filter here: {out['note']}")
    assert out["socket"] in ("PermissionError", "OSError")
    assert trap.count() == before
    assert not any(SECRET in e for e in out["errors"])
    assert sum("Permission denied" in e or "Too many open files" in e for e in out["errors"]) >= 25
    # behind the seccomp filter, files can still be opened (a large store's tables); without it, nothing
    assert out["file"] == ("opened" if out["seccomp"] or not descriptors else "OSError")


def _bypassed(code: str) -> str:
    """Python that turns the parser check into a no-op (the text still made plain), then runs ``code``."""
    return textwrap.dedent(
        """
        import mmr_graph.query.syntax as syntax
        syntax.check = lambda sparql, source="query", known=None: syntax.plain_text(sparql, source)
        """
    ) + textwrap.dedent(code)


def test_the_cli_evaluates_in_a_locked_process(trap: Trap, graph_file: Path) -> None:
    """``mmr-graph query`` with the parser check bypassed: the query reaches Oxigraph, which cannot
    connect; the error says so without anything from the trap."""
    live = [
        c for c in CASES if c.name in ("plain", "variable bound by BIND", "prefixed name for the endpoint")
    ]
    before = trap.count()
    for case in live:
        code = f"from mmr_graph.cli import main\nmain(['query', {case.text(trap)!r}, '--graph', {str(graph_file)!r}])"
        done = subprocess.run(
            [sys.executable, "-c", _bypassed(code)], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2, (case.name, done.stdout, done.stderr)
        assert "outside this graph" in done.stderr and SECRET not in done.stderr + done.stdout
    assert trap.count() == before


def test_an_endpoint_worker_is_locked(trap: Trap, tmp_path: Path) -> None:
    """A query worker with the parser check bypassed: Oxigraph cannot connect, the reply has no secret."""
    from mmr_graph.serve.protocol import Job
    from mmr_graph.serve.worker import receive, send

    data = tmp_path / "store"
    on_disk = ox.Store(str(data))
    on_disk.extend(raw_store())
    on_disk.flush()
    del on_disk  # closed: the worker opens it read-only
    code = f"import sys\nfrom mmr_graph.serve.worker import main\nsys.exit(main([{str(data)!r}]))"
    worker = subprocess.Popen(
        [sys.executable, "-c", _bypassed(code)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        status, seccomp = receive(worker.stdout)  # type: ignore[arg-type]
        assert status == "ready"
        limits = Path(f"/proc/{worker.pid}/limits").read_text()
        assert int(re.search(r"Max open files\s+(\d+)", limits).group(1)) < 1024  # type: ignore[union-attr]
        if seccomp:
            assert re.search(r"Seccomp:\s+2", Path(f"/proc/{worker.pid}/status").read_text())
        before = trap.count()
        for case in CASES:
            send(worker.stdin, Job(case.text(trap), format="json"))  # type: ignore[arg-type]
            reply = receive(worker.stdout)  # type: ignore[arg-type]
            assert SECRET.encode() not in reply.body, case.name
        assert trap.count() == before
    finally:
        worker.kill()
        worker.wait()


# --- the two parsers read the same text the same way ------------------------------------------------------

_PIECES = [
    " ", "\n", "\r", "\t", "SERVICE", "service", "SILENT", "<TRAP>", "<2)SERVICE#x>", "#", "#x>", '"', "'",
    '"""', "\\u0022", "\\u0027", "\\u000A", "\\u005C", "\\", "{", "}", ".", "?a", "?x", "<", ">", "2",
    "FILTER(", ")", "BIND(", " AS ", "VALUES ?v {", "OPTIONAL {", "UNION", "<>", "t:", "t:x", ":x", "(", ",",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_what_the_parser_accepts_oxigraph_runs_without_a_connection(pieces: list[str]) -> None:
    """Token soup around SERVICE: whenever the parser lets a text through, Oxigraph, given the text the
    parser read, makes no connection (the parser and Oxigraph agree on where SERVICE is)."""
    trap = _shared_trap()
    soup = "".join(pieces).replace("<TRAP>", f"<{trap.url}/>")
    text = f"PREFIX t: <{trap.url}/>\nPREFIX : <{trap.url}/>\nSELECT * WHERE {{ ?a ?b ?c {soup} }}"
    try:
        plain = syntax.check(text, "query")
    except QueryError:
        return
    before = trap.count()
    run_raw(plain)
    assert trap.count() == before, text


_TRAP: list[Trap] = []


def _shared_trap() -> Trap:
    if not _TRAP:
        _TRAP.append(Trap())
    return _TRAP[0]


def test_the_real_workers_are_locked(graph_file: Path) -> None:
    """The endpoint's own workers run under the filter (where the kernel has seccomp) and a low fd limit."""
    with serving(graph_file) as server:
        pid = server.process.pid
        workers = [
            int(p) for t in Path(f"/proc/{pid}/task").iterdir() for p in (t / "children").read_text().split()
        ]
        assert workers
        for worker in workers:
            limits = Path(f"/proc/{worker}/limits").read_text()
            assert int(re.search(r"Max open files\s+(\d+)\s+(\d+)", limits).group(2)) < 1024  # type: ignore[union-attr]
            assert re.search(r"Seccomp:\s+2", Path(f"/proc/{worker}/status").read_text())


@pytest.mark.parametrize(
    "form",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "ASK {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
)
def test_errors_never_echo_what_a_server_sent(trap: Trap, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    """Even if a SERVICE were evaluated (here: the parser check bypassed, in this unlocked process, against
    the local trap), the error would not carry the server's answer: it used to be echoed whole."""
    from mmr_graph.query import engine

    monkeypatch.setattr(syntax, "check", lambda sparql, source="query", known=None: syntax.plain_text(sparql))
    with pytest.raises(QueryError) as error:
        answer = engine.run(raw_store(), form.format(url=trap.url))
        list(answer.rows) + list(answer.triples)
    assert SECRET not in str(error.value) and "outside this graph" in str(error.value)
