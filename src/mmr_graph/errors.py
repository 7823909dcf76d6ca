"""Errors a user can act on: each names the file (and line) and says what is wrong."""

from __future__ import annotations

from pathlib import Path

# the exit status of a command that did its work but skipped some of the lists it was given (README table)
EXIT_LISTS_SKIPPED = 3


class MmrGraphError(Exception):
    """Base class of the errors the CLI reports as one line and a non-zero exit."""


class InputError(MmrGraphError):
    """A problem with an input file; ``line`` is 1-based, or None for the whole file."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # pickled by its fields (an error raised in a worker process reaches the parent whole)
        return (type(self), (self.path, self.message, self.line))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class OutputError(MmrGraphError):
    """An output file could not be written (a process writing it failed, say); the previous files stay."""


class GraphError(MmrGraphError):
    """The graph could not be described: a process describing part of it ended without giving its part."""
