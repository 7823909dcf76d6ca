"""Turtle and JSON-LD of a large graph written by second processes, reading the N-Triples file as it grows.

The build writes graph.nt from its sorted graph; a child (:func:`main`, with the arguments ``FORMAT NT OUT``)
can start before that is done and read the file behind the writer, so that they run on the machine's cores
at once. The children read the file, not the parent's memory: a forked copy of a large heap would be
copied page by page as reference counts change, doubling the memory of the build.

The parent says the N-Triples file is complete by writing :data:`DONE` to the child's standard input and
closing it. A child that reaches the end of the file reads on until then; standard input closed without it
(the parent died or gave up) makes the child fail instead of writing a file from a partial graph.
"""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO, ClassVar

from mmr_graph.errors import OutputError
from mmr_graph.parallel import collector
from mmr_graph.parallel.processes import python_command
from mmr_graph.rdf.ntriples import read_sorted

DONE = b"complete\n"
_BLOCK = 1 << 16
_POLL = 0.05  # seconds to wait for the writer at the end of the file


class IncompleteInput(RuntimeError):
    """Standard input closed before the writer said the file was complete."""


class GrowingFile(io.RawIOBase):
    """A file read while another process appends to it: the end of the file is only the end once
    ``signal`` (a pipe from the writer) has delivered :data:`DONE`."""

    def __init__(self, path: Path, signal: BinaryIO, start: int = 0) -> None:
        self.file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self.file.seek(start)
        self.signal = signal
        self.complete = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override] # io passes a memoryview
        while True:
            count = self.file.readinto(buffer)
            if count or self.complete:
                return count or 0
            self._wait()

    def _wait(self) -> None:
        """Wait a moment for more of the file, or for the writer to say there is no more."""
        ready, _, _ = select.select([self.signal], [], [], _POLL)
        if ready:
            said = self.signal.read(len(DONE))
            if said != DONE:
                raise IncompleteInput("the N-Triples file was not completed")
            self.complete = True

    def close(self) -> None:
        self.file.close()
        super().close()


class FileWindow(io.RawIOBase):
    """The bytes of a complete file from ``start`` up to ``end``."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.file = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by close()
        self.file.seek(start)
        self.left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override] # io passes a memoryview
        if self.left <= 0:
            return 0
        count = self.file.readinto(memoryview(buffer)[: self.left]) or 0
        self.left -= count
        return count

    def close(self) -> None:
        self.file.close()
        super().close()


def write_child(fmt: str, nt_path: Path, out_path: Path) -> None:
    """The child's work on the N-Triples file at ``nt_path``: ``ttl``, the Turtle document; or
    ``jsonld-nodes``, the JSON-LD nodes of the subjects from the byte offset the parent sends first (a
    subject's first line), for a document whose first part the build writes (see
    :func:`mmr_graph.export.jsonld.write_nodes`)."""
    collector.off()  # many short-lived objects and no cycles: collector passes would only cost time
    start = _read_offset() if fmt == "jsonld-nodes" else 0
    with GrowingFile(nt_path, sys.stdin.buffer, start) as source:
        if fmt == "ttl":
            from mmr_graph.export.turtle import nt_to_turtle

            nt_to_turtle(io.BufferedReader(source, _BLOCK), out_path)
        elif fmt == "jsonld-nodes":
            from mmr_graph.export.jsonld import write_nodes

            with open(out_path, "w", encoding="utf-8", buffering=_BLOCK) as out:
                write_nodes(read_sorted(io.BufferedReader(source, _BLOCK)), out)
        else:
            raise ValueError(f"no child writes {fmt!r}")


def _read_offset() -> int:
    """The first line of standard input, a byte offset, read a byte at a time: nothing after it may be
    buffered, :class:`GrowingFile` watches the same pipe for :data:`DONE`."""
    line = b""
    while not line.endswith(b"\n"):
        byte = os.read(sys.stdin.fileno(), 1)
        if not byte:
            raise IncompleteInput("the N-Triples file was not completed")
        line += byte
    return int(line)


class ChildJob:
    """One format written by a child process from the N-Triples file being written at ``nt_path``.

    Call :meth:`input_complete` once that file is closed, then :meth:`wait` (which raises if the child
    failed); :meth:`cancel` ends the child at once, for a build that fails or is interrupted."""

    NAMES: ClassVar[dict[str, str]] = {"ttl": "Turtle", "jsonld-nodes": "JSON-LD"}

    def __init__(self, fmt: str, nt_path: Path, out_path: Path) -> None:
        self.name = self.NAMES[fmt]
        self.process = subprocess.Popen(
            python_command(
                "from mmr_graph.parallel.children import main; main()", [fmt, str(nt_path), str(out_path)]
            ),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start_at(self, offset: int) -> None:
        """Tell a ``jsonld-nodes`` child where in the file to start (it waits for this)."""
        if self.process.stdin is not None:
            try:
                self.process.stdin.write(b"%d\n" % offset)
                self.process.stdin.flush()
            except BrokenPipeError:  # the child has failed already: wait() says why
                pass

    def input_complete(self) -> None:
        """Tell the child the N-Triples file is complete (it reads to its end, then finishes)."""
        stdin, self.process.stdin = self.process.stdin, None  # communicate() must not touch it again
        if stdin is not None:
            try:
                stdin.write(DONE)
                stdin.close()
            except BrokenPipeError:  # the child has failed already: wait() says why
                pass

    def wait(self) -> None:
        """Wait for the child (telling it the input is complete if not done yet); raise if it failed."""
        self.input_complete()
        _, err = self.process.communicate()
        code = self.process.returncode
        if code != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            detail = lines[-1] if lines else f"exit status {code}"
            if code < 0:
                detail = f"killed by signal {-code}"
            raise OutputError(f"writing {self.name} failed: {detail}")

    def cancel(self) -> None:
        """End the child now (its output is incomplete: the caller removes it)."""
        if self.process.poll() is None:
            self.process.kill()
        stdin, self.process.stdin = self.process.stdin, None
        if stdin is not None:
            stdin.close()  # closed, not completed: the child, were it still running, would fail
        self.process.communicate()


def main() -> None:
    """A child's entry point: ``FORMAT NT_PATH OUT_PATH`` on the command line."""
    write_child(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
