"""Worker processes of a build: how many cores they may use, and how each behaves once started.

A build hands work to processes of its own (pieces of a large list to parse, part of a large graph to
describe). Each leaves Ctrl-C to the build, which stops them (a traceback per worker would only be noise),
and ends on its own when the build is gone: a build that is killed (SIGKILL, the OOM killer) cannot stop
them.
"""

from __future__ import annotations

import os
import signal
import threading
import time

PARENT_CHECK = 0.5  # seconds between a worker's checks that its parent is alive


def usable_cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def follow_parent(parent: int) -> None:
    """Called first in a worker: Ctrl-C ignored, and an end (exit status 1) once the parent is gone.

    ``parent`` is the parent's process id, as the parent knew it before the worker was started: a worker
    that asked for it itself would get its new parent's if the build had been killed meanwhile."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)
