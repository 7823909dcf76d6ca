"""The endpoint over real HTTP: ``mmr-graph serve`` started on a free loopback port."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import select
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.loader import load_graph
from mmr_graph.query import engine
from mmr_graph.query.named import named_queries

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TIMEOUT = 1.5
MAX_ROWS = 50


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    log: Path
    triples: int
    store: ox.Store


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def workers_of(pid: int) -> set[int]:
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children.update(map(int, text))
    return children


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    assert CliRunner().invoke(main, ["build", "--out", str(folder), "--format", "ttl", "-q"]).exit_code == 0
    graph = folder / "graph.ttl"
    log = folder / "server.log"
    args = ["serve", "--graph", str(graph), "--port", "0", "--timeout", str(TIMEOUT)]
    args += ["--max-rows", str(MAX_ROWS), "--workers", "2"]
    with log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "mmr_graph", *args], stdout=subprocess.PIPE, stderr=err, text=True
        )
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline and "SPARQL endpoint" not in line:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()  # type: ignore[union-attr]
        assert process.poll() is None, log.read_text()
    m = re.search(r"query page (http://\S+/)$", line.strip())
    assert m, f"no announcement: {line!r}\n{log.read_text()}"
    store = load_graph(graph).store()
    yield Server(m.group(1), process, log, len(store), store)
    workers = workers_of(process.pid)
    process.terminate()
    process.wait(timeout=20)
    time.sleep(0.5)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "workers outlived the server"


def request(
    server: Server,
    path: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> Reply:
    req = urllib.request.Request(
        server.url.rstrip("/") + path, data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return Reply(
                response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
            )
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def get(server: Server, query: str, accept: str = "application/sparql-results+json", **params: str) -> Reply:
    qs = urllib.parse.urlencode({"query": query, **params})
    return request(server, f"/sparql?{qs}", headers={"Accept": accept})


def post_form(
    server: Server, fields: dict[str, str], accept: str = "application/sparql-results+json"
) -> Reply:
    body = urllib.parse.urlencode(fields).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return request(server, "/sparql", body, headers)


def count(server: Server) -> int:
    reply = get(server, COUNT)
    assert reply.status == 200, reply.text
    return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])


# --- the protocol ------------------------------------------------------------------------------------


def test_binds_to_localhost_by_default(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")


def test_get_post_form_and_post_direct_agree(server: Server) -> None:
    assert count(server) == server.triples
    form = post_form(server, {"query": COUNT})
    direct = request(
        server,
        "/sparql",
        COUNT.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert form.status == direct.status == 200
    assert form.body == direct.body == get(server, COUNT).body
    assert form.headers["content-type"] == "application/sparql-results+json"


@pytest.mark.parametrize(
    ("accept", "media", "fmt"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            "application/sparql-results+xml",
            ox.QueryResultsFormat.XML,
        ),
        ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_content_negotiation(
    server: Server, accept: str, media: str, fmt: ox.QueryResultsFormat
) -> None:
    query = "SELECT ?e ?name WHERE { ?e mmr:usesMethod method:GRPO ; rdfs:label ?name } ORDER BY ?e LIMIT 5"
    reply = get(server, query, accept)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"].split(";")[0] == media
    expected = list(engine.run(server.store, query).rows)
    if fmt == ox.QueryResultsFormat.CSV:  # lossy: lexical forms only, which Oxigraph does not parse back
        rows = list(csv.reader(io.StringIO(reply.text, newline="")))
        assert rows == [["e", "name"]] + [[t.value for t in r] for r in expected]
        return
    assert [tuple(s) for s in ox.parse_query_results(reply.body, format=fmt)] == expected


def test_dataset_parameters(server: Server) -> None:
    """The graph is the store's default graph; another default-graph-uri is an empty dataset."""
    other = get(server, COUNT, **{"default-graph-uri": "http://example.org/nothing"})
    assert other.status == 200
    assert json.loads(other.body)["results"]["bindings"][0]["n"]["value"] == "0"
    assert get(server, COUNT, **{"default-graph-uri": "not an iri"}).status == 400


def test_format_parameter_overrides_accept(server: Server) -> None:
    reply = get(server, COUNT, "application/sparql-results+json", format="csv")
    assert reply.headers["content-type"].startswith("text/csv") and reply.text.startswith("n\r\n")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_content_negotiation(server: Server, accept: str, fmt: ox.RdfFormat) -> None:
    query = "CONSTRUCT { ?e mmr:usesMethod method:GRPO } WHERE { ?e mmr:usesMethod method:GRPO } ORDER BY ?e LIMIT 20"
    reply = get(server, query, accept)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"].split(";")[0] == accept
    expected = set(map(str, engine.run(server.store, query).triples))
    assert {
        str(ox.Triple(q.subject, q.predicate, q.object)) for q in ox.parse(reply.body, format=fmt)
    } == expected


def test_ask(server: Server) -> None:
    assert json.loads(get(server, "ASK { ?s a mmr:Entry }").body) == {"head": {}, "boolean": True}
    xml = get(server, "ASK { ?s a mmr:Nothing }", "application/sparql-results+xml")
    assert not ox.parse_query_results(xml.body, format=ox.QueryResultsFormat.XML)


def test_not_acceptable(server: Server) -> None:
    reply = get(server, COUNT, "image/png")
    assert reply.status == 406 and "application/sparql-results+json" in reply.text


def test_named_queries_give_the_same_answers_as_the_command_line(server: Server) -> None:
    for name, q in named_queries().items():
        reply = post_form(server, {"query": q.text})
        assert reply.status == 200, (name, reply.text)
        got = [tuple(s) for s in ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)]
        expected = list(engine.run(server.store, q.text).rows)
        assert got == expected[:MAX_ROWS], name
        assert ("x-sparql-maxrows" in reply.headers) == (len(expected) > MAX_ROWS)


# --- read-only, limits, errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "attempt",
    [
        lambda s: request(
            s,
            "/sparql",
            b"INSERT DATA { <http://a> <http://b> <http://c> }",
            {"Content-Type": "application/sparql-update"},
        ),
        lambda s: post_form(s, {"update": "DELETE WHERE { ?s ?p ?o }"}),
        lambda s: post_form(s, {"query": "DELETE WHERE { ?s ?p ?o }"}),
        lambda s: get(s, "CLEAR ALL"),
        lambda s: request(s, "/sparql?" + urllib.parse.urlencode({"update": "CLEAR ALL"})),
        lambda s: post_form(s, {"query": "PREFIX ex: <http://ex/>\nDROP ALL"}),
    ],
)
def test_updates_are_refused_and_change_nothing(server: Server, attempt) -> None:  # type: ignore[no-untyped-def]
    reply = attempt(server)
    assert reply.status == 403, reply.text
    assert "read-only" in reply.text
    assert count(server) == server.triples


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_not_allowed(server: Server, method: str) -> None:
    reply = request(
        server, "/sparql", b"<http://a> <http://b> <http://c> .", {"Content-Type": "text/turtle"}, method
    )
    assert reply.status == 405
    assert count(server) == server.triples


def test_bad_query_is_400_with_line_and_column(server: Server) -> None:
    reply = post_form(server, {"query": "SELECT *\nWHERE { ?s ?p }"})
    assert reply.status == 400
    assert "line 2, column" in reply.text and "Traceback" not in reply.text


def test_service_is_refused(server: Server) -> None:
    reply = get(server, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert reply.status == 400 and "SERVICE" in reply.text


@pytest.mark.parametrize(
    ("call", "status"),
    [
        (lambda s: request(s, "/sparql", headers={"Accept": "application/json"}), 400),
        (lambda s: request(s, "/sparql?query=ASK%7B%7D&query=ASK%7B%7D"), 400),
        (lambda s: request(s, "/sparql?query=%20"), 400),
        (lambda s: request(s, "/sparql", b"ASK {}", {"Content-Type": "text/plain"}), 415),
        (
            lambda s: request(
                s, "/sparql", b"query=%FF", {"Content-Type": "application/x-www-form-urlencoded"}
            ),
            400,
        ),
    ],
)
def test_malformed_requests(server: Server, call, status: int) -> None:  # type: ignore[no-untyped-def]
    assert call(server).status == status


def test_a_large_body_is_refused_before_it_is_read(server: Server) -> None:
    host, port = urllib.parse.urlsplit(server.url).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("POST", "/sparql")
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", "5000000")
    connection.endheaders()
    assert connection.getresponse().status == 413


def test_browser_opening_the_endpoint_goes_to_the_query_page(server: Server) -> None:
    reply = request(server, "/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    assert reply.status == 200 and b"<textarea" in reply.body  # followed the 303 to /


def test_result_size_is_capped(server: Server) -> None:
    reply = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert reply.status == 200
    assert len(json.loads(reply.body)["results"]["bindings"]) == MAX_ROWS
    assert reply.headers.get("x-sparql-maxrows") == "true"
    small = get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "x-sparql-maxrows" not in small.headers
    graph = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(graph.text.splitlines()) == MAX_ROWS and graph.headers.get("x-sparql-maxrows") == "true"


def test_a_query_past_the_time_limit_is_stopped_without_blocking_others(server: Server) -> None:
    result: dict[str, object] = {}

    def slow() -> None:
        start = time.monotonic()
        result["reply"] = post_form(server, {"query": SLOW})
        result["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    assert count(server) == server.triples  # the other worker answers meanwhile
    assert time.monotonic() - start < 1.0
    thread.join(30)
    reply = result["reply"]
    assert isinstance(reply, Reply) and reply.status == 503, reply
    assert "time limit" in reply.text
    assert TIMEOUT - 0.1 <= result["seconds"] < TIMEOUT + 3  # type: ignore[operator]
    # the stopped worker is replaced: two slow queries at once are both stopped, then all is well
    replies: list[Reply] = []
    threads = [
        threading.Thread(target=lambda: replies.append(post_form(server, {"query": SLOW}))) for _ in range(2)
    ]
    time.sleep(2)
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert [r.status for r in replies] == [503, 503]
    assert count(server) == server.triples
    assert "query stopped after" in server.log.read_text()


def test_each_request_is_logged(server: Server) -> None:
    get(server, "ASK { ?s ?p ?o } # logged")
    time.sleep(0.2)
    lines = server.log.read_text().splitlines()
    assert any(
        re.search(r"127\.0\.0\.1 GET /sparql 200 \d+B [\d.]+ms 'ASK \{ \?s \?p \?o \} # logged'", line)
        for line in lines
    )


# --- the query page and entity pages ------------------------------------------------------------------


def test_query_page_works_offline(server: Server) -> None:
    page = request(server, "/", headers={"Accept": "text/html"})
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<textarea id="query"' in html and '<select id="examples"' in html and 'id="results"' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "no external assets"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    script = request(server, "/assets/query.js")
    assert script.status == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script.text and "textContent" in script.text
    assert request(server, "/assets/query.css").status == 200
    assert request(server, "/assets/../app.py").status == 404
    named = json.loads(request(server, "/queries").body)
    assert [q["name"] for q in named["queries"]] == list(named_queries())
    assert named["prefixes"]["entry"] == "https://w3id.org/mmr-graph/id/entry/"
    assert all(q["sparql"].startswith("# title:") for q in named["queries"])


def test_entity_as_turtle_and_html(server: Server) -> None:
    iri = "https://w3id.org/mmr-graph/id/entry/arxiv/2503.21776"
    turtle = request(server, "/id/entry/arxiv/2503.21776", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.headers["content-type"].startswith("text/turtle")
    triples = {str(q) for q in ox.parse(turtle.body, format=ox.RdfFormat.TURTLE)}
    assert f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "Video-R1"' in triples
    assert any(t.startswith(f"<{iri}/link/1>") for t in triples), "parts come along"
    assert request(server, "/id/entry/arxiv/2503.21776").headers["content-type"].startswith("text/turtle")
    html = request(server, "/id/entry/arxiv/2503.21776", headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.status == 200 and html.headers["content-type"].startswith("text/html")
    assert "<h1>Video-R1</h1>" in html.text and 'href="/id/method/GRPO"' in html.text
    assert 'href="https://arxiv.org/abs/2503.21776"' in html.text
    nt = request(server, "/id/entry/arxiv/2503.21776?format=nt")
    assert nt.headers["content-type"] == "application/n-triples"


def test_concept_page_lists_what_refers_to_it(server: Server) -> None:
    html = request(server, "/id/method/GRPO", headers={"Accept": "text/html"})
    assert html.status == 200 and "Referred to by" in html.text
    assert 'href="/id/entry/arxiv/2503.21776"' in html.text


def test_referred_to_by_lists_each_entry_once(server: Server) -> None:
    """Regression: "Referred to by (184)" listed each of GRPO's 91 entries twice, once through its
    assertion (entry/x/assertion/usesMethod/grpo, a part of the entry)."""
    html = request(server, "/id/method/GRPO", headers={"Accept": "text/html"}).text
    section = html.split("Referred to by (", 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section)
    assert int(section.split(")", 1)[0]) == len(items)
    hrefs = [re.search(r'href="([^"]+)"', item).group(1) for item in items]  # type: ignore[union-attr]
    assert len(hrefs) == len(set(hrefs)) and not [h for h in hrefs if "/assertion/" in h]
    users = server.store.query(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <https://w3id.org/mmr-graph/ns#usesMethod> "
        "<https://w3id.org/mmr-graph/id/method/GRPO> }"
    )
    entries = [h for h in hrefs if h.startswith("/id/entry/")]
    assert len(entries) == int(next(iter(users))["n"].value)  # type: ignore[index]
    video_r1 = next(item for item in items if 'href="/id/entry/arxiv/2503.21776"' in item)
    assert "usesMethod" in video_r1 and "(assertion)" in video_r1  # both ways it refers, on one line


def test_ontology_page_turtle_and_namespace(server: Server) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from mmr_graph.ontology_page.page import render_ontology
    from mmr_graph.ontology_page.terms import examples_from_triples, shipped_ontology
    from mmr_graph.resources import ontology_files

    page = request(server, "/ontology")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>mmr-graph ontology</h1>" in page.text and 'id="usesMethod"' in page.text
    assert re.search(
        r'href="/id/entry/arxiv/\d{4}\.\d{5}"', page.text
    )  # examples link to the endpoint's pages
    assert '<link rel="stylesheet" href="/ontology.css">' in page.text and "<style" not in page.text
    css = request(server, "/ontology.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    # the same page a build makes of the served graph (examples asked of the store, or read from triples)
    ontology = shipped_ontology()
    triples = list(Graph().parse(server.log.parent / "graph.ttl"))
    assert page.body == render_ontology(ontology, examples_from_triples(triples, ontology), served=True)
    turtle = request(server, "/ontology.ttl")
    assert turtle.status == 200 and turtle.headers["content-type"].startswith("text/turtle")
    expected = Graph()
    for path in ontology_files():
        expected.parse(path, format="turtle")
    assert isomorphic(Graph().parse(data=turtle.text, format="turtle"), expected)
    # the namespace's own path, by content negotiation (Turtle unless HTML is preferred)
    html = request(server, "/ns", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert html.status == 200 and html.body == page.body and html.headers["vary"] == "Accept"
    for accept in ("text/turtle", "*/*", ""):
        reply = request(server, "/ns", headers={"Accept": accept} if accept else {})
        assert reply.status == 200 and reply.body == turtle.body, accept
    assert request(server, "/ns?format=html").body == page.body
    assert request(server, "/ns", headers={"Accept": "image/png"}).status == 406


def test_entity_paths_may_be_percent_encoded(server: Server) -> None:
    reply = request(server, "/id/entry/arxiv/2503%2E21776", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and b"Video-R1" in reply.body


def test_unknown_entities_are_404(server: Server) -> None:
    assert request(server, "/id/entry/no-such-entry").status == 404
    assert request(server, "/id/entry/a%3Eb").status == 404
    assert request(server, "/id/entry/x", headers={"Accept": "image/png"}).status == 406


def test_entity_html_escapes_values(server: Server) -> None:
    html = request(server, "/id/entry/arxiv/2503.21776", headers={"Accept": "text/html"}).text
    assert "<script" not in html
    assert os.linesep not in html.split("<body", 1)[1][:10]


@pytest.mark.browser
def test_query_page_in_a_browser(server: Server) -> None:
    """A person picks a named question, runs it, follows a result; the page asks nothing of the internet."""
    chromium = next(
        (p for p in (os.environ.get("MMR_CHROMIUM"), "/usr/bin/chromium") if p and Path(p).exists()), None
    )
    sync_api = pytest.importorskip("playwright.sync_api")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing (run .ci/install-system-deps)")
        pytest.skip("Debian's chromium is not installed")
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1300, "height": 900})

        def route(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(server.url):
                route.continue_()
            else:
                problems.append(f"external request {route.request.url}")
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(10_000)
        expected = (
            "Failed to load resource: the server responded with a status of 400"  # the syntax error below
        )
        page.on(
            "console",
            lambda m: (
                problems.append(f"console: {m.text}")
                if m.type == "error" and expected not in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(server.url)
        page.wait_for_selector(
            "#examples option >> nth=5", state="attached"
        )  # (CSP forbids eval: no wait_for_function)
        page.select_option("#examples", "method-on-modality")
        assert 'VALUES ?method { "GRPO" }' in page.input_value("#query")
        assert "narrower" in page.inner_text("#description")
        page.click("#run")
        page.wait_for_selector("#results table tbody tr")
        assert page.locator("#results thead th").all_inner_texts() == ["entry", "name", "uses", "on"]
        link = page.locator('#results a[href="/id/entry/arxiv/2503.21776"]')
        assert link.inner_text() == "entry:arxiv/2503.21776"
        assert "rows in" in page.inner_text("#status")
        assert "format=csv" in (page.get_attribute("#as-csv", "href") or "")
        SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "query-page.png"), full_page=True)
        # markup in a value is shown as text, never run
        page.fill("#query", 'SELECT ?x WHERE { BIND("<img src=x onerror=alert(1)>" AS ?x) }')
        page.locator("#query").press("Control+Enter")
        page.wait_for_selector("#results td:has-text('<img src=x')")
        assert page.locator("#results img").count() == 0
        # a syntax error is shown with its position
        page.fill("#query", "SELECT * WHERE {\n ?s ?p }")
        page.click("#run")
        page.wait_for_selector("#results pre.error")
        assert "line 2, column" in page.inner_text("#results")
        assert page.inner_text("#status") == "error 400"
        link_page = context.new_page()
        link_page.goto(server.url + "id/entry/arxiv/2503.21776")
        assert link_page.inner_text("h1") == "Video-R1"
        browser.close()
    assert problems == [], "\n".join(problems)


def test_a_taken_port_is_a_one_line_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "Traceback" not in result.output


def test_serve_needs_one_source_of_graph(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--graph", "a.ttl", "--from", "b.md"])
    assert result.exit_code == 2 and "not both" in result.output
