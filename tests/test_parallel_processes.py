"""A build's worker processes leave Ctrl-C to the build and end once it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from mmr_graph.parallel.processes import follow_parent

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks a worker")


def _exit_code_of_worker(work: Callable[[], None], within: float = 10) -> int | None:
    """Fork a worker that runs ``work`` and then exits 0: its exit code, or None if it is still running."""
    pid = os.fork()
    if pid == 0:
        try:
            work()
        finally:
            os._exit(0)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def test_a_worker_whose_parent_died_before_it_started_ends() -> None:
    """The parent's id is the one the parent had: a worker that looked it up itself after the build was
    killed would follow its new parent and never end."""
    gone = subprocess.Popen([sys.executable, "-c", ""])
    gone.wait()

    def work() -> None:
        follow_parent(gone.pid)
        time.sleep(30)

    assert _exit_code_of_worker(work) == 1


def test_a_worker_ignores_ctrl_c() -> None:
    def work() -> None:
        follow_parent(os.getppid())
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)

    assert _exit_code_of_worker(work) == 0
