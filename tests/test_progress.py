"""The progress bar: drawn on a terminal, silent in pipes, files, CI logs and with --quiet."""

from __future__ import annotations

import io
import time
from pathlib import Path

from click.testing import CliRunner

from mmr_graph.cli import main
from mmr_graph.pipeline import build, steps
from mmr_graph.progress import ProgressBar, terminal_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_a_bar_and_a_pipe_or_quiet_gets_none() -> None:
    assert isinstance(terminal_progress(["parse"], stream=FakeTerminal()), ProgressBar)
    assert terminal_progress(["parse"], quiet=True, stream=FakeTerminal()) is None
    assert terminal_progress(["parse"], stream=io.StringIO()) is None  # not a terminal


def test_the_bar_counts_steps_names_the_next_one_and_erases_itself() -> None:
    stream, clock = FakeTerminal(), Clock()
    bar = ProgressBar(["parse", "graph", "ttl", "jsonld"], stream, width=8, delay=0, tick=None, clock=clock)
    clock.now += 1.5
    bar("parse")
    assert stream.getvalue().endswith("[##......] 1/4 graph 1.5 s")
    bar("graph")
    bar("ttl")
    assert stream.getvalue().endswith("[######..] 3/4 jsonld 1.5 s")
    bar("jsonld")
    bar("unplanned")  # never past 100%
    assert stream.getvalue().endswith("[########] 4/4 done 1.5 s")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared for what comes next
    assert "\n" not in stream.getvalue()


def test_a_quick_job_draws_nothing() -> None:
    stream, clock = FakeTerminal(), Clock()
    with ProgressBar(["parse", "graph"], stream, delay=0.3, tick=None, clock=clock) as bar:
        clock.now += 0.1
        bar("parse")
        bar("graph")
    assert stream.getvalue() == ""


def test_the_clock_thread_redraws_while_a_step_runs() -> None:
    stream = FakeTerminal()
    bar = ProgressBar(["parse", "graph"], stream, delay=0, tick=0.01)
    deadline = time.monotonic() + 5
    while "0/2 parse" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    bar.close()
    assert "0/2 parse" in stream.getvalue()


def test_build_reports_exactly_the_planned_steps(tmp_path: Path, default_snapshot: Path) -> None:
    seen: list[str] = []
    plan = steps([default_snapshot, default_snapshot], ("jsonld", "ttl"), html=False)
    assert plan == ["parse", "parse", "model", "graph", "jsonld", "ttl"]
    result = build([default_snapshot], tmp_path, ("jsonld", "ttl"), progress=seen.append, html=False)
    assert seen == steps([default_snapshot], ("jsonld", "ttl"), html=False)
    assert set(result.stage_seconds) == set(seen)


def test_the_cli_prints_no_bar_when_not_on_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-html"])  # not a terminal
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "[#" not in result.output and "\x1b" not in result.output
    quiet = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--no-html", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""


def _build_on_a_terminal(tmp_path: Path, *options: str) -> str:
    """What ``mmr-graph build`` of a 3,000-entry list writes to standard error when that is a terminal."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import write_list

    listing = write_list(tmp_path / "list.md", 3000)
    leader, follower = pty.openpty()
    command = [sys.executable, "-c", "from mmr_graph.cli import main; main()", "build", str(listing),
               "--out", str(tmp_path / "out"), "--no-html", *options]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower) as process:
        os.close(follower)
        written = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once the build has ended
                break
            if not chunk:
                break
            written += chunk
    os.close(leader)
    assert process.returncode == 0
    return written.decode("utf-8", "replace")


def test_a_build_on_a_terminal_draws_the_bar_and_erases_it(tmp_path: Path) -> None:
    import re

    shown = _build_on_a_terminal(tmp_path)
    bars = re.findall(r"\r\x1b\[K\[([#.]{24})\] (\d+)/(\d+) ([\w-]+) \d+\.\d s", shown)
    assert bars, shown
    assert {total for _, _, total, _ in bars} == {
        str(len(steps(["list.md"], ("ttl", "jsonld", "nt"), False)))
    }
    assert [int(done) for _, done, _, _ in bars] == sorted(
        int(done) for _, done, _, _ in bars
    )  # only forward
    assert shown.endswith("\r\x1b[K")  # erased before the summary


def test_a_quiet_build_on_a_terminal_draws_nothing(tmp_path: Path) -> None:
    assert _build_on_a_terminal(tmp_path, "--quiet") == ""
