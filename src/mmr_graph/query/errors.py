"""The errors of querying: a query that cannot be run, a named query or parameter that does not exist."""

from __future__ import annotations

from mmr_graph.errors import MmrGraphError


class QueryError(MmrGraphError):
    """A query that cannot be run (bad syntax, an update, a SERVICE call, an unknown named query or
    parameter). The CLI prints it as one line and exits with status 2; the endpoint answers 400."""

    exit_code = 2

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)
