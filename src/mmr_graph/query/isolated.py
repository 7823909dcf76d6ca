"""Evaluate a query in a child process that cannot reach the network and may add only so much memory.

``mmr-graph query`` loads the store, then forks: the child (sharing the loaded store, copy-on-write) locks
itself out of the network (:mod:`mmr_graph.query.lockdown`), evaluates and writes the answer's bytes into a
pipe; the parent copies them out and watches the child's resident memory (:mod:`mmr_graph.query.memory`),
ending it when the query adds more than the limit. The parent itself stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import struct
from collections.abc import Callable, Iterator

from mmr_graph.errors import MmrGraphError
from mmr_graph.parallel.processes import fork_child
from mmr_graph.query.memory import POLL_SECONDS, MemoryLimitError, ResidentWatch, resident_bytes

_HEADER = struct.Struct(">cI")  # tag, length of what follows
_DATA, _ERROR, _USAGE, _DONE = b"D", b"E", b"U", b"K"


class ChildError(MmrGraphError):
    """An error the evaluating child reported: its message and exit status, as the child had them."""

    def __init__(self, message: str, exit_code: int) -> None:
        self.exit_code = exit_code
        super().__init__(message)


class UsageProblem(Exception):
    """Raised by the work when the answer cannot be given in the asked form (the CLI's usage error)."""


def evaluate(work: Callable[[], Iterator[bytes]], max_memory: int, *, lock: bool = True) -> Iterator[bytes]:
    """The bytes ``work`` yields, computed in a locked child; MemoryLimitError if it adds more than
    ``max_memory`` bytes of resident memory. ``lock=False`` leaves the child's network alone (tests of the
    lock itself)."""
    from mmr_graph.query import lockdown

    baseline = resident_bytes(os.getpid())
    read_end, write_end = os.pipe()

    def child() -> None:  # never returns
        os.close(read_end)
        _child(work, write_end, lock, lockdown.lock_out_network)

    pid = fork_child(child)  # Ctrl-C ignored in the child: the parent ends it
    os.close(write_end)
    watch = ResidentWatch(pid, max_memory, baseline)
    try:
        yield from _relay(read_end, watch)
    finally:
        os.close(read_end)
        watch.close()
        _end(pid)


def _child(work: Callable[[], Iterator[bytes]], out: int, lock: bool, lock_out: Callable[[], object]) -> None:
    status = 0
    try:
        if lock:
            lock_out()
        for chunk in work():
            for start in range(0, len(chunk), 1 << 16):
                _send(out, _DATA, chunk[start : start + (1 << 16)])
        _send(out, _DONE, b"")
    except UsageProblem as exc:
        _send(out, _USAGE, str(exc).encode())
    except MmrGraphError as exc:
        _send(out, _ERROR, struct.pack(">B", getattr(exc, "exit_code", 1)) + str(exc).encode())
    except MemoryError:
        status = 3
    except BaseException as exc:  # a bug: said as one line, like the others
        status = 1
        message = f"internal error while evaluating the query: {type(exc).__name__}: {exc}"
        _send(out, _ERROR, struct.pack(">B", 1) + message.encode())
    finally:
        os._exit(status)


def _send(fd: int, tag: bytes, payload: bytes) -> None:
    data = _HEADER.pack(tag, len(payload)) + payload
    while data:
        data = data[os.write(fd, data) :]


def _relay(fd: int, watch: ResidentWatch) -> Iterator[bytes]:
    buffer = b""
    while True:
        ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
        if watch.over():
            raise MemoryLimitError(watch.message())
        if not ready:
            continue
        data = os.read(fd, 1 << 16)
        if not data:
            raise ChildError("the query's evaluation ended without an answer (out of memory?)", 1)
        buffer += data
        while len(buffer) >= _HEADER.size:
            tag, length = _HEADER.unpack_from(buffer)
            if len(buffer) < _HEADER.size + length:
                break
            payload = buffer[_HEADER.size : _HEADER.size + length]
            buffer = buffer[_HEADER.size + length :]
            if tag == _DATA:
                yield payload
            elif tag == _DONE:
                return
            elif tag == _USAGE:
                raise UsageProblem(payload.decode())
            else:
                raise ChildError(payload[1:].decode(), payload[0])


def _end(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
