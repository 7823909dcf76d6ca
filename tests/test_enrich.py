"""``mmr-graph enrich`` against a local server speaking the arXiv, GitHub and Hugging Face APIs, and
``mmr-graph build --cache`` putting what the cache holds into the graph. Nothing reaches the internet."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from local_apis import FIXTURES, REPOSITORIES, ApiServer, arxiv_entries, feed
from mmr_graph.cli import main
from mmr_graph.enrich import arxiv, github, huggingface
from mmr_graph.identity.namespaces import MMR, SDO
from mmr_graph.rdf.enrichment import person_iri
from mmr_graph.web import Reply, ResponseCache

LIST = FIXTURES / "list.md"
TOKEN = "ghp_fixtureSecretToken123"
HF_SECRET = "hf_fixtureSecretToken456"
PR1 = URIRef("https://github.com/linkangheng/PR1")
SEG_ZERO = URIRef("https://github.com/dvlab-research/Seg-Zero")
PAPER = URIRef("https://arxiv.org/abs/2504.07954")


@pytest.fixture
def api() -> Iterator[ApiServer]:
    server = ApiServer()
    yield server
    server.close()


def run_enrich(api: ApiServer, cache: Path, *extra: str) -> tuple[int, str]:
    env = {"GITHUB_TOKEN": TOKEN, "HF_TOKEN": HF_SECRET, "HF_ENDPOINT": api.base}
    args = ["enrich", str(LIST), "--cache", str(cache), "--arxiv-api", f"{api.base}/api/query",
            "--github-api", api.base, *extra]  # fmt: skip
    result = CliRunner().invoke(main, args, env=env)
    return result.exit_code, result.output


def build_summary(tmp_path: Path, cache: Path) -> str:
    out = tmp_path / "summary-out"
    result = CliRunner().invoke(
        main, ["build", str(LIST), "--out", str(out), "--no-html", "--cache", str(cache)]
    )
    return result.output


def run_build(out: Path, *extra: str) -> tuple[int, str, Graph]:
    result = CliRunner().invoke(main, ["build", str(LIST), "--out", str(out), "--no-html", "-q", *extra])
    graph = Graph()
    if result.exit_code == 0:
        graph.parse(out / "graph.nt", format="nt")
    return result.exit_code, result.output, graph


# -------------------------------------------------------------------------------------------------------
# the arXiv API's Atom


def test_feed_is_read_with_every_field() -> None:
    papers = {
        p.arxiv_id: p for p in arxiv.read_feed(feed(["2504.07954", "2503.06520"], arxiv_entries()), "t")
    }
    first, second = papers["2504.07954"], papers["2503.06520"]
    assert first.title == "Perception-R1: Pioneering Perception Policy with Reinforcement Learning"
    assert first.authors == ("Ada Example", "Jürgen Müller")
    assert (
        first.abstract
        == "Fixture abstract of the first paper. It spans several lines, as arXiv's abstracts do."
    )
    assert first.published == "2025-04-10"
    assert first.categories == ("cs.CV", "cs.LG")
    assert (first.doi, first.journal_ref) == (None, None)
    assert second.doi == "10.1000/fixture.2025.1"
    assert second.journal_ref == "Fixture Journal 12 (2025) 34-56"


def test_error_entries_are_skipped() -> None:
    error = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
      <summary>incorrect id format for 1234</summary><updated>2026-12-05T00:00:00-05:00</updated></entry></feed>"""
    assert arxiv.read_feed(error, "t") == []


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>',
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&x;</title></feed>',
        b"<feed><unclosed></feed>",
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body>maintenance</body></html>',
    ],
)
def test_hostile_or_wrong_answers_are_refused(body: bytes) -> None:
    with pytest.raises(arxiv.BadFeed) as caught:
        arxiv.read_feed(body, "t")
    assert "passwd" not in str(caught.value) and "maintenance" not in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_answer_parses_or_is_a_bad_feed(body: bytes) -> None:
    with contextlib.suppress(arxiv.BadFeed):
        arxiv.read_feed(body, "t")


def test_ids_are_asked_in_sorted_batches() -> None:
    ids = [f"2501.{n:05d}" for n in range(120, 0, -1)]
    batches = arxiv.query_urls("http://127.0.0.1:9/api/query", ids, batch=50)
    assert [len(chunk) for _, chunk in batches] == [50, 50, 20]
    assert batches[0][1][0] == "2501.00001"
    url = httpx.URL(batches[2][0])
    assert url.params["max_results"] == "20" and url.params["id_list"].split(",")[-1] == "2501.00120"


def test_hub_and_repository_answers() -> None:
    repo = github.read_repository(
        json.dumps(REPOSITORIES["linkangheng/PR1"]).encode(), "linkangheng/PR1", "t"
    )
    assert repo is not None and (repo.stars, repo.licence, repo.topics) == (
        412,
        "Apache-2.0",
        ("grpo", "mllm"),
    )
    assert github.read_repository(b'{"message": "Not Found"}', "a/b", "t") is None
    assert github.read_repository(b"\xff not json", "a/b", "t") is None
    hub = huggingface.read_hub(b'{"id": "a/b", "downloads": 3, "tags": ["license:mit"]}', "model", "a/b", "t")
    assert hub is not None and (hub.downloads, hub.likes, hub.licence) == (3, None, "mit")
    assert huggingface.read_hub(b'{"id": "a/b", "downloads": -1, "likes": true}', "model", "a/b", "t") == \
        huggingface.read_hub(b'{"id": "a/b"}', "model", "a/b", "t")  # fmt: skip


def test_authors_are_one_node_per_normalised_name() -> None:
    assert person_iri("Jürgen Müller") == person_iri("JÜRGEN  MÜLLER") == person_iri(" jürgen müller")
    assert str(person_iri("Jürgen Müller")).endswith("/id/person/jurgen-muller")
    assert person_iri("Ada Example") != person_iri("Ada Exampel")


# -------------------------------------------------------------------------------------------------------
# the command, against the local APIs


def test_enrich_fetches_each_api_and_build_uses_the_cache(api: ApiServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code, output = run_enrich(api, cache)
    assert code == 0, output
    assert "arXiv: 3 of 3 papers (1 requests" in output
    assert "GitHub: 2 of 2 repositories" in output
    assert TOKEN not in output and HF_SECRET not in output
    arxiv_requests = [r for r in api.state.seen if r.path.startswith("/api/query")]
    assert (
        len(arxiv_requests) == 1 and "id_list=2503.06520%2C2503.10291%2C2504.07954" in arxiv_requests[0].path
    )
    for request in api.state.seen:  # each token to its own API only
        expected = {"/repos": f"Bearer {TOKEN}", "/api/datasets": f"Bearer {HF_SECRET}",
                    "/api/models": f"Bearer {HF_SECRET}", "/api/query": None}  # fmt: skip
        prefix = next(p for p in expected if request.path.startswith(p))
        assert request.headers.get("Authorization") == expected[prefix]
        assert request.headers["User-Agent"].startswith("mmr-graph/")
    assert not any(TOKEN in p.read_text(errors="replace") for p in cache.rglob("*") if p.is_file())

    code, output, graph = run_build(tmp_path / "out", "--cache", str(cache))
    assert code == 0, output
    assert (PAPER, DCTERMS.issued, Literal("2025-04-10", datatype=XSD.date)) in graph
    assert set(graph.objects(PAPER, SDO.author)) == {person_iri("Ada Example"), person_iri("Jürgen Müller")}
    assert (person_iri("Jürgen Müller"), SDO.name, Literal("Jürgen Müller")) in graph
    assert (person_iri("Jürgen Müller"), RDF.type, SDO.Person) in graph
    assert str(graph.value(PAPER, DCTERMS.abstract)).startswith("Fixture abstract of the first paper.")
    assert (PR1, MMR.stars, Literal(412, datatype=XSD.integer)) in graph
    assert (SEG_ZERO, MMR.archived, Literal(True)) in graph
    dataset = URIRef("https://huggingface.co/datasets/Ricky06662/refCOCOg_2k_840")
    assert (dataset, MMR.downloads, Literal(321, datatype=XSD.integer)) in graph
    assert (dataset, SDO.license, Literal("cc-by-4.0")) in graph
    base_model = URIRef("https://huggingface.co/Qwen/Qwen2.5-VL-7B-Instruct")  # named by a curated record
    assert (base_model, MMR.downloads, Literal(1003, datatype=XSD.integer)) in graph
    assert "Hugging Face 6 (cache" in build_summary(tmp_path, cache)  # as many as enrich found
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "out" / "graph.nt")]).exit_code == 0


def test_a_second_run_within_max_age_asks_nothing_and_offline_never_asks(
    api: ApiServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    assert run_enrich(api, cache)[0] == 0
    asked = len(api.state.seen)
    code, output = run_enrich(api, cache)
    assert code == 0 and len(api.state.seen) == asked
    assert "arXiv: 3 of 3 papers (0 requests, 1 answers from the cache)" in output
    code, output = run_enrich(api, cache, "--offline", "--max-age", "0")
    assert code == 0 and len(api.state.seen) == asked
    code, output = run_enrich(api, cache, "--max-age", "0")  # revalidated: GitHub answers 304
    assert code == 0 and "GitHub: 2 of 2 repositories" in output
    assert any(r.headers.get("If-None-Match") == '"gh-1"' for r in api.state.seen[asked:])


def test_offline_with_an_empty_cache_says_what_is_missing(api: ApiServer, tmp_path: Path) -> None:
    code, output = run_enrich(api, tmp_path / "empty", "--offline")
    assert code == 0 and api.state.seen == []
    assert "arXiv: 0 of 3 papers" in output and "not in the cache" in output


def test_arxiv_is_asked_in_batches_one_request_at_a_time_apart(
    api: ApiServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arxiv, "BATCH", 2)
    monkeypatch.setattr(arxiv, "PAUSE", 0.5)
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0 and "arXiv: 3 of 3 papers (2 requests" in output
    asked = [r for r in api.state.seen if r.path.startswith("/api/query")]
    assert len(asked) == 2 and asked[1].at - asked[0].at >= 0.5
    assert "max_results=2" in asked[0].path and "max_results=1" in asked[1].path


def test_retry_after_is_honoured(api: ApiServer, tmp_path: Path) -> None:
    api.state.fail_once["/repos/linkangheng/PR1"] = (429, {"Retry-After": "1"}, b"slow down")
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0 and "GitHub: 2 of 2 repositories" in output
    assert [r.path for r in api.state.seen].count("/repos/linkangheng/PR1") == 2
    assert "slow down" not in output


def test_a_long_retry_after_or_an_exhausted_rate_limit_stops_that_api(api: ApiServer, tmp_path: Path) -> None:
    api.state.fail_once["/api/query"] = (503, {"Retry-After": "3600"}, b"")
    api.state.fail_once["/repos/dvlab-research/Seg-Zero"] = (403, {"X-RateLimit-Remaining": "0"}, b"{}")
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0
    assert "arXiv: 0 of 3 papers" in output and "server asks to wait 3600 s" in output
    assert "GitHub: 0 of 2 repositories" in output and "rate limit reached" in output
    assert not any(r.path == "/repos/linkangheng/PR1" for r in api.state.seen)  # stopped after the first


def test_a_resource_the_api_does_not_know_is_reported(api: ApiServer, tmp_path: Path) -> None:
    del api.state.entries["2503.10291"]
    api.state.fail_once["/repos/linkangheng/PR1"] = (404, {}, b'{"message": "Not Found"}')
    code, output = run_enrich(api, tmp_path / "cache")
    assert code == 0
    assert "arXiv: 2 of 3 papers" in output and "GitHub: 1 of 2 repositories" in output
    assert "/repos/linkangheng/PR1 answered 404 Not Found" in output and "message" not in output


def test_a_bad_api_url_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["enrich", str(LIST), "--cache", str(tmp_path), "--arxiv-api", "ftp://x"]
    )
    assert result.exit_code == 2 and "--arxiv-api" in result.output


# -------------------------------------------------------------------------------------------------------
# stars and downloads from a fixture cache, deterministic output, two builds told apart


def fixture_cache(root: Path, fetched_at: str, stars: int | None = None) -> ResponseCache:
    """A cache holding the answers of the three APIs, as ``enrich`` stores them, dated ``fetched_at``."""
    cache = ResponseCache(root)
    base = "https://api.example.test"

    def keep(url: str, data: bytes, kind: str) -> None:
        cache.save(url, Reply(url, 200, httpx.Headers({"Content-Type": kind}), data, fetched_at=fetched_at))

    ids = ["2503.06520", "2503.10291", "2504.07954"]
    keep(arxiv.query_urls(f"{base}/api/query", ids)[0][0], feed(ids, arxiv_entries()), "application/atom+xml")
    for name, data in REPOSITORIES.items():
        keep(
            github.repository_url(base, name),
            json.dumps(
                {**data, "stargazers_count": data["stargazers_count"] if stars is None else stars}
            ).encode(),
            "application/json",
        )
    keep(huggingface.hub_url(base, "model", "OpenGVLab/VisualPRM-8B"),
         b'{"id": "OpenGVLab/VisualPRM-8B", "downloads": 5120, "likes": 44, "tags": ["license:mit"]}',
         "application/json")  # fmt: skip
    keep("https://elsewhere.example.test/repos/some/other", b'{"stargazers_count": 1}', "application/json")
    return cache


def test_stars_and_downloads_from_a_fixture_cache(tmp_path: Path) -> None:
    fixture_cache(tmp_path / "cache", "2026-11-30T10:00:00+00:00")
    code, output, graph = run_build(tmp_path / "out", "--cache", str(tmp_path / "cache"))
    assert code == 0, output
    assert (PR1, MMR.stars, Literal(412, datatype=XSD.integer)) in graph
    assert (PR1, SDO.license, Literal("Apache-2.0")) in graph
    model = URIRef("https://huggingface.co/OpenGVLab/VisualPRM-8B")
    assert (model, MMR.downloads, Literal(5120, datatype=XSD.integer)) in graph
    assert (model, MMR.likes, Literal(44, datatype=XSD.integer)) in graph
    assert (model, SDO.license, Literal("mit")) in graph
    assert not any("some/other" in str(s) for s in graph.subjects())  # only the graph's own resources


def test_the_summary_and_the_description_tell_two_builds_apart(tmp_path: Path) -> None:
    fixture_cache(tmp_path / "old", "2026-11-30T10:00:00+00:00", stars=400)
    fixture_cache(tmp_path / "new", "2026-12-04T09:00:00+00:00")
    runner = CliRunner()
    summaries, graphs = [], []
    for name in ("old", "new", "new"):
        out = tmp_path / f"out-{name}-{len(graphs)}"
        result = runner.invoke(
            main,
            ["build", str(LIST), "--out", str(out), "--no-html", "--cache", str(tmp_path / name),
             "--no-shipped-metadata"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        summaries.append(next(line for line in result.output.splitlines() if "metadata:" in line))
        graphs.append((out / "graph.nt").read_bytes())
    assert (
        summaries[0]
        == "  metadata: arXiv 3 (cache, fetched 2026-11-30), GitHub 2 (cache, fetched 2026-11-30), Hugging Face 1 (cache, fetched 2026-11-30)"
    )
    assert "fetched 2026-12-04" in summaries[1]
    assert graphs[1] == graphs[2]  # deterministic
    assert graphs[0] != graphs[1]
    graph = Graph().parse(data=graphs[1].decode(), format="nt")
    origin = URIRef("https://w3id.org/mmr-graph/id/metadata/github-cache")
    assert (None, DCTERMS.source, origin) in graph
    assert graph.value(origin, DCTERMS.modified) == Literal(
        "2026-12-04T09:00:00+00:00", datatype=XSD.dateTime
    )
    plain = runner.invoke(
        main, ["build", str(LIST), "--out", str(tmp_path / "plain"), "--no-html", "--no-shipped-metadata"]
    )
    assert "metadata:" not in plain.output
    assert b"id/metadata/" not in (tmp_path / "plain" / "graph.nt").read_bytes()


def test_a_hostile_answer_s_tags_and_topics_are_bounded() -> None:
    from mmr_graph.enrich import github, huggingface
    from mmr_graph.enrich.records import MAX_KEYWORD, MAX_KEYWORDS

    many = [f"tag-{i:06d}" for i in range(20_000)] + ["x" * (MAX_KEYWORD + 1), "grpo", "grpo", 7]
    hub = huggingface.read_hub(
        json.dumps({"id": "o/m", "tags": many, "cardData": {"tags": many}}).encode(),
        "model",
        "o/m",
        "2026-12-01",
    )
    repo = github.read_repository(
        json.dumps({"full_name": "o/r", "stargazers_count": 3, "topics": many}).encode(), "o/r", "2026-12-01"
    )
    assert hub is not None and repo is not None
    for kept in (hub.tags, hub.card_tags, repo.topics):
        assert len(kept) == MAX_KEYWORDS and kept == tuple(sorted(set(kept)))
        assert all(len(t) <= MAX_KEYWORD for t in kept)
    assert huggingface.read_hub(
        b'{"id": "o/m", "cardData": {"tags": "grpo"}}', "model", "o/m", "d"
    ).card_tags == (  # type: ignore[union-attr]
        "grpo",
    )
