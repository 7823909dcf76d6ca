"""How much memory a query may add to the process that evaluates it, and a watch on that process.

The limit is on *resident* memory (what the process really holds, ``/proc/PID/statm``), measured from the
outside by the process that started the evaluating one: ``RLIMIT_AS`` would count address space that is
reserved but never used, and a thread inside the evaluating process cannot run while Oxigraph holds it. The
watch reads the figure every few milliseconds; the caller ends the process when it is over.
"""

from __future__ import annotations

import os
import re

from mmr_graph.errors import MmrGraphError

GIB = 1 << 30
POLL_SECONDS = 0.01  # at a few GB/s of new memory, a query overshoots the limit by tens of MB at most
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.I)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class MemoryLimitError(MmrGraphError):
    """A query needed more memory than it may use; its evaluation was stopped."""

    exit_code = 2


def parse_size(text: str) -> int:
    """``"200M"``, ``"1G"``, ``"1.5GiB"``, ``"4096"`` -> bytes (units are binary: 1M = 1024 KiB)."""
    m = _SIZE.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a size: write e.g. 512M, 1G or 2.5GiB")
    size = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if size <= 0:
        raise ValueError(f"{text!r}: the size must be above zero")
    return size


def describe_size(size: int) -> str:
    """1073741824 -> '1 GiB'; 209715200 -> '200 MiB'."""
    for unit, name in ((GIB, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if size >= unit:
            return f"{size / unit:.3g} {name}"
    return f"{size} B"


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process ``pid`` in bytes, or None where /proc does not tell."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class ResidentWatch:
    """Watches a process: :meth:`over` says whether it holds more than ``baseline + allowed`` bytes."""

    def __init__(self, pid: int, allowed: int, baseline: int | None = None) -> None:
        self.pid = pid
        self.allowed = allowed
        self._page = os.sysconf("SC_PAGE_SIZE")
        try:
            self._fd: int | None = os.open(f"/proc/{pid}/statm", os.O_RDONLY)
        except OSError:
            self._fd = None  # not Linux: no watch
        self.baseline = baseline if baseline is not None else (self.resident() or 0)

    def resident(self) -> int | None:
        if self._fd is None:
            return None
        try:
            return int(os.pread(self._fd, 128, 0).split()[1]) * self._page
        except (OSError, ValueError, IndexError):
            return None  # the process has ended

    def over(self) -> bool:
        now = self.resident()
        return now is not None and now - self.baseline > self.allowed

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def message(self) -> str:
        return (
            f"the query needed more than {describe_size(self.allowed)} of memory (--max-memory) "
            "and was stopped"
        )
