"""``mmr-graph cache``: the HTTP cache's folder (--cache, $MMR_GRAPH_CACHE), its dated entries, --clear."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from local_servers import ScriptedServer
from mmr_graph.cli import main
from mmr_graph.web import AddressGuard, Policy, ResponseCache, WebClient


def test_the_cache_command_lists_dated_copies_and_clears_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = ScriptedServer()
    server.script.routes["/list.md"] = (200, {"ETag": '"a"'}, b"# List\n")
    folder = tmp_path / "cache"
    try:
        with WebClient(Policy(), guard=AddressGuard(allow_private=True), cache=ResponseCache(folder)) as web:
            web.get(f"http://user:secret@127.0.0.1:{server.port}/list.md")
    finally:
        server.close()
    monkeypatch.setenv("MMR_GRAPH_CACHE", str(folder))
    result = CliRunner().invoke(main, ["cache"])
    assert result.exit_code == 0, result.output
    assert f"cache: {folder} (1 answers, 7 bytes)" in result.output
    assert f"http://***@127.0.0.1:{server.port}/list.md" in result.output and "secret" not in result.output
    assert "fetched 20" in result.output  # dated
    other = tmp_path / "elsewhere"
    assert "(0 answers" in CliRunner().invoke(main, ["cache", "--cache", str(other)]).output
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["cache", "--clear"])
    assert "removed 1 cached answers" in result.output
    assert ResponseCache(folder).entries() == [] and (folder / "notes.txt").exists()
