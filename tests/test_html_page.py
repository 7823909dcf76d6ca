"""The HTML page as written: self-contained (nothing loaded from elsewhere), data embedded safely,
deterministic, fast enough, and wired into ``mmr-graph build``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from mmr_graph.cli import main
from mmr_graph.html import render_page, render_site
from mmr_graph.html.layout import initial_positions
from mmr_graph.html.payload import page_data, script_json, stabilization_iterations
from mmr_graph.identity.keys import entry_path
from mmr_graph.identity.namespaces import ID_IRI, MMR
from mmr_graph.network import to_networkx
from mmr_graph.network.focus import parse_view
from mmr_graph.rdf.graph import iter_triples

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile.md"


class _Resources(HTMLParser):
    """Every URL the browser would fetch by itself (src, href of link, etc.) and every script element."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.csp = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("src", "srcset", "poster", "data", "action", "background"):
            if a.get(name):
                self.fetched.append(f"{tag}[{name}]={a[name]}")
        if tag == "link" and a.get("href"):
            self.fetched.append(f"link[href]={a['href']}")
        if tag == "script":
            self.scripts.append(a)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content") or ""


@pytest.fixture(scope="module")
def g(kitchen_sink: Path):  # type: ignore[no-untyped-def]
    from mmr_graph.ingest import build_catalog

    triples = list(iter_triples(build_catalog([kitchen_sink], curated=False)))
    triples.append(
        (URIRef(f"{ID_IRI}entry/arxiv/2503.06520"), MMR.usesMethod, URIRef(f"{ID_IRI}method/GRPO"))
    )
    return to_networkx(triples)


@pytest.fixture(scope="module")
def page(g) -> str:  # type: ignore[no-untyped-def]
    return render_page(g).decode("utf-8")


def test_page_loads_nothing_from_anywhere(page: str) -> None:
    parser = _Resources()
    parser.feed(page)
    assert parser.fetched == []
    assert "@import" not in page and "url(http" not in page
    # the only scripts are inline ones, plus the JSON data block
    assert all(set(s) <= {"id", "type"} for s in parser.scripts)
    assert [s.get("type") for s in parser.scripts if s.get("type")] == ["application/json"]


def test_csp_allows_exactly_the_inline_code(page: str) -> None:
    parser = _Resources()
    parser.feed(page)
    csp = dict(part.strip().split(" ", 1) for part in parser.csp.split(";"))
    assert csp["default-src"] == "'none'" and csp["connect-src"] == "'none'"
    assert "unsafe-inline" not in parser.csp and "unsafe-eval" not in parser.csp
    n_scripts = len([s for s in parser.scripts if not s.get("type")])
    assert len(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", csp["script-src"])) == n_scripts


def test_data_is_embedded_as_inert_json(page: str, g) -> None:  # type: ignore[no-untyped-def]
    block = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert block
    data = json.loads(block.group(1))
    assert len(data["nodes"]) == len(data["records"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    assert {f["id"] for f in data["facets"]} >= {"section", "modality", "method", "venue"}
    method = next(f for f in data["facets"] if f["id"] == "method")
    assert any(
        v["id"] == "GRPO"
        and v["label"] == "GRPO — Group Relative Policy Optimization"
        and v["notation"] == "GRPO"
        for v in method["values"]
    )


def test_script_json_cannot_break_out() -> None:
    nasty = {"t": "</script><script>alert(1)</script><!-- & \u2028\u2029 'x' \"y\""}
    text = script_json(nasty)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == nasty


def test_hostile_strings_stay_data(tmp_path: Path) -> None:
    from mmr_graph.ingest import build_catalog

    page = render_page(to_networkx(iter_triples(build_catalog([HOSTILE], curated=False)))).decode("utf-8")
    body = page.split('<script id="graph-data"', 1)[1]
    data_block = body.split("</script>", 1)[0]
    for needle in ("<script>alert", "<img src=x", "<svg onload", "</script><script>"):
        assert needle not in data_block
    assert "\\u003cscript\\u003ealert(" in data_block
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    # the heading's raw HTML is not part of the list's title; its quotes and ampersand are escaped
    assert title and "&quot;quotes&quot; &amp;" in title.group(1)
    assert "<script>" not in title.group(1) and "<b>" not in title.group(1)


def test_page_is_deterministic(g) -> None:  # type: ignore[no-untyped-def]
    assert render_site(g) == render_site(g)
    assert initial_positions(g) == initial_positions(g)


def test_layout_is_seeded_and_bounded(g) -> None:  # type: ignore[no-untyped-def]
    data = page_data(g)
    options = data["options"]
    assert options["layout"]["randomSeed"] and options["layout"]["hierarchical"]["enabled"] is False
    assert options["physics"]["stabilization"]["iterations"] == stabilization_iterations(len(data["nodes"]))
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert stabilization_iterations(5000) <= 10 and stabilization_iterations(100) >= 200


def test_kind_styles_and_sizes(g) -> None:  # type: ignore[no-untyped-def]
    data = page_data(g)
    groups = data["options"]["groups"]
    assert set(groups) >= {k["id"] for k in data["kinds"]}
    shapes = {(groups[k]["shape"], groups[k]["color"]["background"]) for k in groups}
    assert len(shapes) == len(groups)  # every kind looks different
    sizes = {n["label"]: n.get("size") for n in data["nodes"]}
    assert all(len(n["label"]) <= 26 for n in data["nodes"])  # short labels
    assert sizes["Perception-R1"] and sizes["arXiv:2504.07954"] < sizes["Perception-R1"]


def test_focused_page_is_smaller(g) -> None:  # type: ignore[no-untyped-def]
    files = render_site(g, [parse_view("method:GRPO")])
    assert set(files) == {"index.html", "view-method-GRPO.html"}
    assert len(files["view-method-GRPO.html"]) < len(files["index.html"])


@pytest.mark.slow
def test_5000_nodes_are_built_without_pyvis_quadratic_calls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyvis's ``add_node``/``add_edge``/``from_nx`` scan lists for duplicates (tens of seconds at 5,000
    nodes); the view never calls them. benchmarks/bench_html.py measures the time."""
    from mmr_graph.html.payload import _pyvis
    from mmr_graph.ingest import build_catalog

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import write_list

    path = write_list(tmp_path / "synthetic.md", 1800, seed=1)
    triples = list(iter_triples(build_catalog([path], curated=False)))
    network = _pyvis()[1]

    def quadratic(*args: object, **kwargs: object) -> None:
        raise AssertionError("a quadratic pyvis call")

    for name in ("add_node", "add_nodes", "add_edge", "add_edges", "from_nx"):
        monkeypatch.setattr(network, name, quadratic)
    g = to_networkx(triples)
    page = render_site(g)["index.html"].decode("utf-8")
    block = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    assert block
    assert g.number_of_nodes() > 4500
    assert len(json.loads(block.group(1))["nodes"]) == g.number_of_nodes()


def test_build_writes_the_view(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["build", "--out", str(out), "--view", "method:GRPO", "--view", "modality:video"]
    )
    assert result.exit_code == 0, result.output
    assert "index.html" in result.output and "view-method-GRPO.html" in result.output
    for name in ("index.html", "view-method-GRPO.html", "view-modality-video.html"):
        assert (out / name).read_bytes().startswith(b"<!doctype html>")
    first = (out / "index.html").read_bytes()
    assert runner.invoke(main, ["build", "--out", str(out)]).exit_code == 0
    assert (out / "index.html").read_bytes() == first  # byte-identical rebuild


def test_build_without_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-html"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "index.html").exists() and (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize(
    ("view", "message"),
    [("method:NOPE", "no method called 'NOPE'"), ("GRPO", "bad view 'GRPO'"), ("planet:x", "KIND one of")],
)
def test_bad_view_is_one_line_and_exit_1(tmp_path: Path, view: str, message: str) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--view", view])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "index.html").exists()


def test_too_big_a_graph_gets_a_notice_not_a_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, g
) -> None:  # type: ignore[no-untyped-def]
    """Beyond MAX_ENTRIES entries the index page is a short notice (and the graph is not even read to the
    end); focused views that are small enough are still drawn."""
    import mmr_graph.html.page as page_module
    from mmr_graph.html import write_site
    from mmr_graph.ingest import build_catalog

    monkeypatch.setattr(page_module, "MAX_ENTRIES", 5)
    catalog = build_catalog([Path(__file__).parent / "fixtures" / "kitchen_sink.md"], curated=False)
    seen = 0

    def counted():  # type: ignore[no-untyped-def]
        nonlocal seen
        for triple in iter_triples(catalog):
            seen += 1
            yield triple

    write_site(counted(), tmp_path)
    notice = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "too many to draw" in notice and "<script" not in notice and "--view" in notice
    assert "Kitchen Sink Awesome List" in notice
    assert "more than 5 entries" in notice
    # read no further than the first entries: the triples of the 11th entry on are never asked for
    later = "/entry/" + entry_path(catalog.entries[10].key)
    assert seen < next(i for i, t in enumerate(iter_triples(catalog)) if str(t[0]).endswith(later))
    write_site(iter_triples(catalog), tmp_path, [parse_view("modality:3d")])
    assert "too many to draw" in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "graph-data" in (tmp_path / "view-modality-3d.html").read_text(encoding="utf-8")


def test_the_view_is_written_without_importing_ipython(tmp_path: Path) -> None:
    """pyvis imports IPython only for notebooks; a build keeps it out, and IPython still imports after."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mmr_graph.pipeline import build\n"
        "from mmr_graph.ingest.catalog import default_list\n"
        f"build([default_list()], Path({str(tmp_path)!r}))\n"
        "assert 'IPython' not in sys.modules, 'IPython was imported'\n"
        "import IPython.display\n"
        "assert IPython.display.IFrame.__module__.startswith('IPython'), IPython.display.IFrame\n"
        "import pyvis.network\n"
        "assert (Path(sys.argv[1]) / 'index.html').exists()\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_build_too_big_to_draw_says_how_many_entries_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build knows its entries: the notice gives their number (it said "6 entries" for any size)."""
    import mmr_graph.html.page as page_module
    from mmr_graph.pipeline import build

    monkeypatch.setattr(page_module, "MAX_ENTRIES", 5)
    result = build([Path(__file__).parent / "fixtures" / "kitchen_sink.md"], tmp_path)
    notice = (tmp_path / "index.html").read_text(encoding="utf-8")
    entries = len(result.catalog.entries)
    assert entries > 6
    assert f"This graph has {entries} entries (the view draws up to 5)" in notice
    assert "Kitchen Sink Awesome List" in notice
