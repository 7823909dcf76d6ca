"""One way to get a graph: every command that works on a graph reads a build's output folder, an RDF file,
``--from`` lists or the default list through :func:`mmr_graph.loader.load_graph`."""

from __future__ import annotations

import json
import re
import select
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.errors import InputError
from mmr_graph.loader import BUILD_FILES, RDF_FORMATS, load_graph, read_rdf

ROOT = Path(__file__).resolve().parents[1]
APRIL = ROOT / "data" / "lists" / "awesome-deep-multimodal-reasoning.2025-04-24.md"


class _Local(BaseHTTPRequestHandler):
    """Answers every request with 200, and keeps what was sent (a link to check, a graph pushed)."""

    seen: list[tuple[str, str, bytes]] = []  # noqa: RUF012 - shared with the tests

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append((self.command, self.path, body))
        self.send_response(204 if self.command in ("PUT", "POST") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_PUT = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Local)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, local: str) -> Path:
    """A build's output folder of a small list whose links all point at the local server."""
    tmp = tmp_path_factory.mktemp("built")
    items = "\n".join(
        f"- Work{i}-R1: a work [page]({local}/page/{i}) [code]({local}/code/{i})" for i in range(3)
    )
    (tmp / "local.md").write_text(f"# Local\n\n## Papers\n\n{items}\n", encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(
        main, ["build", str(tmp / "local.md"), "--out", str(out), "-q", "--no-curated"]
    )
    assert result.exit_code == 0, result.output
    return out


def triples_of(path: Path) -> set[str]:
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}


def test_a_folder_is_read_through_its_n_triples_first(built: Path, tmp_path: Path) -> None:
    assert BUILD_FILES[0] == "graph.nt"
    loaded = load_graph(built)
    assert loaded.name == str(built / "graph.nt") and not loaded.built
    assert {str(t) for t in loaded.triples()} == triples_of(built / "graph.nt")
    # a build of Turtle only: its Turtle
    (tmp_path / "graph.ttl").write_bytes((built / "graph.ttl").read_bytes())
    assert load_graph(tmp_path).name == str(tmp_path / "graph.ttl")
    assert {str(t) for t in load_graph(tmp_path).triples()} == triples_of(built / "graph.nt")


def test_the_built_graph_is_what_a_build_writes(built: Path) -> None:
    lists = [built.parent / "local.md"]
    loaded = load_graph(lists=lists)
    assert loaded.built and loaded.name == "local.md"
    assert {str(t) for t in loaded.triples()} == triples_of(built / "graph.nt")


def test_named_graphs_go_to_the_store_and_rdflib_but_not_to_push(tmp_path: Path) -> None:
    path = tmp_path / "two.trig"
    path.write_text(
        "<http://e/a> <http://e/p> 1 .\n<http://e/g> { <http://e/b> <http://e/p> 2 . }\n", "utf-8"
    )
    loaded = load_graph(path)
    assert len(loaded.store()) == 2 and len(loaded.rdflib_graph()) == 2
    assert [str(t) for t in loaded.triples()] == [
        '<http://e/a> <http://e/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("graph.csv", "a,b", "unknown RDF file extension '.csv'"),
        ("missing.nt", None, "no such file"),
        ("bad.nt", "<http://e/a> <http://e/p> <http://e/b> .\n<a b c\n", "bad.nt:2: not valid N-Triples"),
        ("remote.jsonld", '{"@context": "https://example.org/c.jsonld", "@id": "x"}', "not valid JSON-LD"),
    ],
)
def test_unreadable_files_are_input_errors(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        read_rdf(path)


def test_every_extension_of_the_table_is_read(tmp_path: Path) -> None:
    triple = ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"))
    for extension, fmt in RDF_FORMATS.items():
        path = tmp_path / f"graph{extension}"
        statement = ox.Quad(*triple) if fmt.supports_datasets else triple
        path.write_bytes(ox.serialize([statement], format=fmt) or b"")
        assert [str(q.object) for q in read_rdf(path)] == ['"x"'], extension


# Each command, on a folder: (arguments before the folder, the option that names it)
COMMANDS = {
    "query": (["query", "class-counts", "-f", "csv"], "--graph"),
    "validate": (["validate"], None),
    "check-links": (["check-links", "--no-link-cache", "--quiet", "--timeout", "5"], "--graph"),
    "push": (["push", "--endpoint", "{local}/store"], "--graph"),
}


def _invoke(command: str, folder: Path, local: str, tmp_path: Path) -> str:
    args, option = COMMANDS[command]
    args = [a.format(local=local) for a in args] + ([option] if option else []) + [str(folder)]
    if command == "check-links":  # its links point at the local server, which the guard would block
        args += ["--out", str(tmp_path), "--allow-private"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_query_reads_a_folder(built: Path, local: str, tmp_path: Path) -> None:
    from_folder = _invoke("query", built, local, tmp_path)
    from_file = CliRunner().invoke(
        main, ["query", "class-counts", "-f", "csv", "--graph", str(built / "graph.ttl")]
    )
    assert from_folder == from_file.output
    assert "https://w3id.org/mmr-graph/ns#Entry,3" in from_folder


def test_validate_reads_a_folder(built: Path, local: str, tmp_path: Path) -> None:
    assert _invoke("validate", built, local, tmp_path).startswith(f"{built / 'graph.nt'}: conforms")


def test_check_links_reads_a_folder(built: Path, local: str, tmp_path: Path) -> None:
    _Local.seen = []
    _invoke("check-links", built, local, tmp_path)
    report = json.loads((tmp_path / "link-report.json").read_text(encoding="utf-8"))
    assert report["graph"] == str(built / "graph.nt")
    asked = {path for _, path, _ in _Local.seen}
    assert asked == {f"/{kind}/{i}" for kind in ("page", "code") for i in range(3)}


def test_push_reads_a_folder(built: Path, local: str, tmp_path: Path) -> None:
    _Local.seen = []
    output = _invoke("push", built, local, tmp_path)
    ((method, _, body),) = _Local.seen
    assert method == "POST" and f"with {len(triples_of(built / 'graph.nt'))} triples" in output
    assert {str(t) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == triples_of(built / "graph.nt")


def test_serve_reads_a_folder(built: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mmr_graph",
            "serve",
            "--graph",
            str(built),
            "--port",
            "0",
            "--workers",
            "1",
            "-q",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line, deadline = "", time.monotonic() + 60
        while "SPARQL endpoint" not in line and time.monotonic() < deadline and process.poll() is None:
            if select.select([process.stdout], [], [], 1)[0]:
                line = process.stdout.readline()  # type: ignore[union-attr]
        m = re.search(r"SPARQL endpoint (\S+) \((\d+) triples\)", line)
        assert m, line
        assert int(m.group(2)) == len(triples_of(built / "graph.nt"))
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?e a mmr:Entry }"})
        with urllib.request.urlopen(f"{m.group(1)}?{query}", timeout=30) as reply:
            answer = json.load(reply)
        assert answer["results"]["bindings"][0]["n"]["value"] == "3"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("command", ["query", "validate", "check-links", "push", "serve"])
def test_a_folder_without_a_graph_is_a_one_line_error(command: str, tmp_path: Path) -> None:
    args, option = COMMANDS.get(command, (["serve", "--port", "0"], "--graph"))
    args = (
        [a.format(local="http://127.0.0.1:9") for a in args] + ([option] if option else []) + [str(tmp_path)]
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(
        f"error: {tmp_path}: a folder without graph.nt, graph.ttl or graph.jsonld"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["validate", "check-links"])
def test_validate_and_check_links_build_from_lists_too(command: str, tmp_path: Path) -> None:
    if command == "validate":
        result = CliRunner().invoke(main, ["validate", "--from", str(APRIL)])
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"{APRIL.name} (built in memory): conforms")
        both = CliRunner().invoke(main, ["validate", str(tmp_path), "--from", str(APRIL)])
        assert both.exit_code == 2 and "use FILE or --from, not both" in both.output
    else:  # no request is made: the run's deadline is over before it starts
        args = ["check-links", "--from", str(APRIL), "--deadline", "0", "--no-link-cache"]
        args += ["--out", str(tmp_path)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        report = json.loads((tmp_path / "link-report.json").read_text(encoding="utf-8"))
        assert report["graph"] == APRIL.name
        both = CliRunner().invoke(main, ["check-links", "--graph", str(tmp_path), "--from", str(APRIL)])
        assert both.exit_code == 2 and "use --graph or --from, not both" in both.output
