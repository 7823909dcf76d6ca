"""What a newcomer meets on the command line: a bad --out said first, Ctrl-C and SIGTERM, the main --help,
a final newline, and `make test` / `make bench` on a machine that lacks something. One test per point."""

from __future__ import annotations

import inspect
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from mmr_graph import pipeline
from mmr_graph.cli import COMMANDS, main

MMR_GRAPH = [sys.executable, "-m", "mmr_graph"]


@pytest.fixture
def no_build(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Records a build started (and runs none)."""
    calls: list[object] = []
    monkeypatch.setattr(pipeline, "build", lambda *args, **kwargs: calls.append(args))
    yield calls


# --- build --out -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "says"),
    [
        ("/proc/nope", "cannot create the folder"),
        ("some-file.md", "not a folder"),
        ("some-file.md/below", "cannot create the folder"),
    ],
)
def test_a_bad_out_is_one_line_before_the_build_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_build: list[object], out: str, says: str
) -> None:
    # before: the whole build ran, then a traceback from mkdir or open
    monkeypatch.chdir(tmp_path)
    (tmp_path / "some-file.md").write_text("# mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", out])
    assert result.exit_code == 1, result.output
    assert result.output == f"error: --out {out}: {says}" + result.output.split(says, 1)[1]
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert no_build == []  # said first: nothing was built
    assert (tmp_path / "some-file.md").read_text(encoding="utf-8") == "# mine\n"


# --- Ctrl-C and SIGTERM ---------------------------------------------------------------------------------


def test_ctrl_c_in_a_build_says_interrupted_and_exits_130(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # before: click printed "Aborted!" and exited 1
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build", interrupted)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert result.output.strip() == "interrupted"


def _started(args: list[str], tmp_path: Path, **kwargs: object) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    return subprocess.Popen(
        [*MMR_GRAPH, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kwargs,  # type: ignore[arg-type]
    )


def test_ctrl_c_in_a_real_process_says_interrupted_and_exits_130(tmp_path: Path) -> None:
    # `query -` waits for the query on standard input: a moment where Ctrl-C is certain to land
    process = _started(["query", "-"], tmp_path)
    time.sleep(1.5)  # imports done, reading standard input
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert err == "interrupted\n" and out == ""


def _serving(tmp_path: Path) -> subprocess.Popen[str]:
    graph = tmp_path / "g.nt"
    graph.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8"
    )
    process = _started(["serve", "--graph", str(graph), "--port", "0", "--workers", "1", "-q"], tmp_path)
    deadline, line = time.monotonic() + 60, ""
    while "SPARQL endpoint" not in line and time.monotonic() < deadline:
        if select.select([process.stdout], [], [], 1)[0]:
            line = process.stdout.readline()  # type: ignore[union-attr]
        assert process.poll() is None, process.stderr.read()  # type: ignore[union-attr]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("mmr-graph-serve-")], "no folder to clean"
    return process


@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")]
)
def test_serve_stopped_by_a_signal_removes_its_temporary_folder(
    tmp_path: Path, sig: signal.Signals, code: int, word: str
) -> None:
    # before: SIGTERM ended the process at once, leaving mmr-graph-serve-* (the whole graph) in the temp dir
    process = _serving(tmp_path)
    process.send_signal(sig)
    _, err = process.communicate(timeout=30)
    assert process.returncode == code, err
    assert err.strip().splitlines()[-1] == word and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("mmr-graph-serve-")] == []


# --- output and help -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fmt"),
    [
        ("SELECT (1 AS ?one) WHERE {}", "json"),
        ("ASK {}", "json"),
        ("ASK {}", "csv"),
        ("CONSTRUCT WHERE {}", "json"),
    ],
)
def test_query_output_ends_with_a_newline(query: str, fmt: str, tmp_path: Path) -> None:
    graph = tmp_path / "g.nt"
    graph.write_text(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["query", "--graph", str(graph), "--format", fmt, query])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_the_main_help_shows_each_description_whole() -> None:
    # before: click cut each description at about 60 characters, with "..."
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("\nCommands:\n", 1)[1]
    shown = " ".join(commands.split())
    assert "..." not in shown
    for name in COMMANDS:
        command = main.get_command(None, name)  # type: ignore[arg-type]
        first = " ".join(inspect.cleandoc(command.help or "").split("\n\n")[0].split())
        assert f"{name} {first}" in shown, name


# --- make test, make bench -----------------------------------------------------------------------------


def _system_deps(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = "/bin/bash"
    return subprocess.run(
        [bash, str(ROOT / ".ci" / "install-system-deps")], capture_output=True, text=True, env=env, timeout=60
    )


def test_install_system_deps_without_apt_says_what_is_missing_and_lets_the_tests_run(tmp_path: Path) -> None:
    # before: "sudo: command not found" (or apt-get's error) and make stopped before lint and the tests
    bare = {"PATH": str(tmp_path), "HOME": str(tmp_path)}  # no chromium, no apt-get, no sudo
    result = _system_deps(bare)
    assert result.returncode == 0, result.stderr
    assert "missing: Debian's chromium" in result.stderr and "apt-get install chromium" in result.stderr
    assert "will be skipped" in result.stderr
    strict = _system_deps({**bare, "MMR_GRAPH_STRICT_TESTS": "1"})
    assert strict.returncode == 1 and "strict mode" in strict.stderr


def test_make_test_runs_lint_and_tests_after_the_installs_and_ci_is_strict() -> None:
    plan = subprocess.run(
        ["make", "-n", "test", "PYTHON=python"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert plan.returncode == 0, plan.stderr
    lines = plan.stdout.splitlines()
    steps = [next(i for i, line in enumerate(lines) if key in line)
             for key in ("install-python-deps", "install-system-deps", "ruff check", "pytest")]  # fmt: skip
    assert steps == sorted(steps)
    assert "MMR_GRAPH_STRICT_TESTS=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_strict_mode_turns_a_skip_into_a_failure(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import pytest\n\ndef test_skipped():\n    pytest.skip('no chromium here')\n", encoding="utf-8"
    )
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "strict_mode",
        "-p",
        "no:cacheprovider",
        str(probe),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    env.pop("MMR_GRAPH_STRICT_TESTS", None)
    relaxed = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert relaxed.returncode == 0 and "1 skipped" in relaxed.stdout
    strict = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**env, "MMR_GRAPH_STRICT_TESTS": "1"},
        cwd=tmp_path,
        timeout=120,
    )
    assert strict.returncode == 1 and "no chromium here" in strict.stdout and "1 failed" in strict.stdout


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_benchmark_says_how_long_and_removes_its_temporary_files(
    tmp_path: Path, sig: signal.Signals
) -> None:
    # before: no forecast, and a SIGTERM left mmr-bench-* (lists and outputs) behind
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "3000",
            "--runs",
            "1",
            "--cold-runs",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        start_new_session=True,  # its own process group, signalled as a terminal would
    )
    first = process.stdout.readline()  # type: ignore[union-attr]
    assert "about" in first and "minutes" in first
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob("mmr-bench-*/synthetic-*.md")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # measuring: builds running in child processes
    os.killpg(process.pid, sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    time.sleep(0.5)
    assert list(tmp_path.iterdir()) == []
