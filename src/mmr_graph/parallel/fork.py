"""Work done by a forked child while the build goes on, its result handed back through a file in memory.

The child shares the build's memory copy-on-write (a large catalog is not copied), computes its result,
writes it pickled to an anonymous file in memory and ends; the build reads it once it is ready for it. A
file, not a pipe: the child can write its whole result and end (its memory freed) while the build is
still busy with its own share of the work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, Generic, NoReturn, TypeVar

from mmr_graph.errors import MmrGraphError
from mmr_graph.parallel import collector
from mmr_graph.parallel.processes import follow_parent, fork_child

T = TypeVar("T")
_BUFFER = 1 << 20


def can_hand_back() -> bool:
    """Whether this system has the files in memory a child hands its result back in."""
    return hasattr(os, "memfd_create")


class Child(Generic[T]):
    """A forked child doing ``what`` (``"describing entries 2 to 3 of the graph"``, say)."""

    def __init__(self, pid: int, result_file: BinaryIO, what: str, failure: type[MmrGraphError]) -> None:
        self.pid: int | None = pid  # None once reaped
        self.result_file = result_file
        self.what = what
        self.failure = failure

    def result(self) -> T:
        """Wait for the child and return its result; raise its error (with its traceback as a note), or a
        ``failure`` that says how it ended if it ended without one."""
        assert self.pid is not None
        status = os.waitpid(self.pid, 0)[1]
        self.pid = None
        self.result_file.seek(0)
        try:
            message = pickle.load(self.result_file)
        except Exception as exc:
            code = os.waitstatus_to_exitcode(status)
            if code == 0:  # it sent the whole message: this process could not read it
                raise
            ended = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
            raise self.failure(f"the process {self.what} ended without its part ({ended})") from exc
        if message[0] == "error":
            _, error, trace = message
            error.add_note(f"(raised {self.what} in a child process)\n{trace}")
            raise error
        return message[1]  # type: ignore[no-any-return] # what the child's work returned, unpickled

    def end(self) -> None:
        """Kill and reap the child, if it is still there to be."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None


@contextlib.contextmanager
def forked(work: Callable[[], T], what: str, failure: type[MmrGraphError]) -> Iterator[Child[T] | None]:
    """A child forked to run ``work``, for the caller to do its own share meanwhile and then ask for the
    child's :meth:`~Child.result`; None if no child can be started (no memory or process left for it): the
    caller does it all. If the caller fails or is interrupted, the child is ended and reaped. Call only
    where :func:`~mmr_graph.parallel.processes.can_fork` and :func:`can_hand_back`."""
    try:
        fd = os.memfd_create("mmr-graph-part")
    except OSError:
        yield None
        return
    with open(fd, "rb", buffering=_BUFFER) as result_file:
        parent = os.getpid()
        try:
            pid: int | None = fork_child(lambda: _run_child(work, fd, parent))
        except OSError:
            pid = None
        if pid is None:
            yield None
            return
        child: Child[T] = Child(pid, result_file, what, failure)
        try:
            yield child
        finally:  # Ctrl-C or an error: the child's result is not wanted any more
            child.end()


def _run_child(work: Callable[[], Any], fd: int, parent: int) -> NoReturn:
    """The child: run ``work``, write its result (or the error that stopped it) to the file ``fd``, and
    exit. Whatever happens it exits here: it must never return into the build's code. ``parent``: the
    build's process id."""
    status = 1
    try:
        follow_parent(parent)  # Ctrl-C ignored, and an end with the build
        collector.off()  # a collection would touch (and so copy) all of the shared heap
        try:
            message: tuple[Any, ...] = ("result", work())
        except Exception as exc:
            message = ("error", _picklable(exc), traceback.format_exc())
        with open(fd, "wb", buffering=_BUFFER) as result_file:
            pickle.dump(message, result_file, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0 if message[0] == "result" else 1
    finally:
        os._exit(status)


def _picklable(error: Exception) -> Exception:
    """The error itself if it can be sent to the parent and read there, else a RuntimeError that says what
    it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
