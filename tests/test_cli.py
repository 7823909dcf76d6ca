"""The CLI as users run it: click's runner for behaviour, one real subprocess for the installed script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mmr_graph import __version__
from mmr_graph.cli import COMMANDS, main


def _empty(directory: Path) -> Path:
    path = directory / "empty.md"
    path.write_text("", encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_default_list(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "277 entries" in result.output
    assert "papers" in result.output and "code repositories" in result.output and "datasets" in result.output
    assert "triples" in result.output and " s" in result.output
    for name in ("graph.ttl", "graph.jsonld", "graph.nt"):
        assert (out / name).stat().st_size > 1000
    assert len(Graph().parse(out / "graph.ttl")) > 5000


def test_build_several_lists_merges_them(runner: CliRunner, tmp_path: Path) -> None:
    lists = sorted(Path("data/lists").resolve().glob("*.md"))
    result = runner.invoke(main, ["build", *map(str, lists), "--out", str(tmp_path), "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "277 entries" in result.output  # the April and May entries are all still listed in July
    assert (tmp_path / "graph.nt").exists() and not (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.md", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _empty(d), "file is empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    path = setup(tmp_path)
    result = runner.invoke(main, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_failed_build_leaves_previous_output_intact(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--out", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"- caf\xe9\n")
    assert runner.invoke(main, ["build", str(bad), "--out", str(out)]).exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, name
        assert f"mmr-graph {name}" in readme, f"README does not show `mmr-graph {name}`"


def test_version_from_package_metadata(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.output.strip() == f"mmr-graph, version {__version__}"
    assert __version__ != "0+unknown"


def test_real_subprocess_build_and_quick_help(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("mmr-graph")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mmr_graph"]
    help_run = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=60)
    assert help_run.returncode == 0 and "build" in help_run.stdout
    # --help must not import the heavy libraries
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, mmr_graph.cli; "
         "print(sorted(m for m in ('rdflib','pyvis','networkx','pyoxigraph','markdown_it') if m in sys.modules))"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.stdout.strip() == "[]"
    run = subprocess.run([*cmd, "build", "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "277 entries" in run.stdout
    bad = subprocess.run(
        [*cmd, "build", str(tmp_path / "nope.md")], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 1 and "Traceback" not in bad.stderr and "no such file" in bad.stderr


def test_a_build_process_freezes_its_objects_before_the_collector_runs_at_exit(tmp_path: Path) -> None:
    # handlers run last registered first: this one runs after the build's own, before Python's last collection
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "from mmr_graph.cli import main\n"
        "main(['build', '--out', sys.argv[1], '-q', '--no-html'])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "frozen True"
