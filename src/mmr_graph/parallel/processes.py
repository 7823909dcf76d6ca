"""Processes of a build (and of the query server): how many cores they may use, how a new one is started,
and how each behaves once started.

A build hands work to processes of its own (pieces of a large list to parse, part of a large graph to
describe, the Turtle and JSON-LD of a large graph to write). Each leaves Ctrl-C to the build, which stops
them (a traceback per worker would only be noise), and a forked one ends on its own when the build is gone:
a build that is killed (SIGKILL, the OOM killer) cannot stop them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

PARENT_CHECK = 0.5  # seconds between a worker's checks that its parent is alive
# where mmr_graph is importable from
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def usable_cores() -> int:
    """The CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work may be handed to forked processes here: on Linux (elsewhere fork is not safe), from the
    main thread (only it may hold Ctrl-C back while a child is started)."""
    return sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()


def ignore_ctrl_c() -> None:
    """Ctrl-C ignored by this process: its parent stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def follow_parent(parent: int) -> None:
    """Called first in a worker: Ctrl-C ignored, and an end (exit status 1) once the parent is gone.

    ``parent`` is the parent's process id, as the parent knew it before the worker was started: a worker
    that asked for it itself would get its new parent's if the build had been killed meanwhile."""
    ignore_ctrl_c()
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True).start()


def _end_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)


@contextlib.contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Ctrl-C ignored (in every thread) while a child is forked, until the caller knows its process id and
    the child ignores Ctrl-C itself; then the handler as it was (one not set from Python is left as it
    is). Only the main thread can hold it back; elsewhere nothing changes (see :func:`can_fork`)."""
    if threading.current_thread() is not threading.main_thread():  # handlers live in the main thread
        yield
        return
    handler: Any = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        if handler is not None:
            signal.signal(signal.SIGINT, handler)


def fork_child(child: Callable[[], object]) -> int:
    """Fork a process that runs ``child`` with Ctrl-C ignored (its parent ends it) and then exits, with
    status 1 if ``child`` raised, else 0 (``child`` may exit itself); return its process id. Ctrl-C is held
    back while forking, so that it cannot reach the child before the child ignores it. OSError if the system
    has no process or memory left for it."""
    with ctrl_c_held():
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 1
            try:
                ignore_ctrl_c()  # as inherited, whatever the thread it was forked from
                child()
                status = 0
            finally:
                os._exit(status)
    return pid


@contextlib.contextmanager
def signal_raises(signum: int, raise_it: Callable[[int, Any], None]) -> Iterator[None]:
    """While the block runs, the signal ``signum`` calls ``raise_it`` (which raises, to unwind like Ctrl-C:
    ``finally`` blocks and context managers clean up) instead of ending the process at once; only where the
    default action was in place, and only in the main thread, where handlers live."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signum)
    if previous is not signal.SIG_DFL:
        yield
        return
    signal.signal(signum, raise_it)
    try:
        yield
    finally:
        signal.signal(signum, previous)


def python_command(code: str, args: Sequence[str]) -> list[str]:
    """The command line of a new Python process that runs ``code`` (``from mmr_graph.x import main;
    main()``, say) with this package importable and ``args`` as ``sys.argv[1:]``.

    ``-P`` and the package's root last on the path: nothing in the working directory or beside the package
    can stand in for a standard module; ``-c``: the module is imported once, not run as ``__main__``
    besides."""
    return [sys.executable, "-P", "-c", f"import sys; sys.path.append({_PACKAGE_ROOT!r}); {code}", *args]
