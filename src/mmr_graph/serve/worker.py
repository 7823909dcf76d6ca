"""A query worker: a separate process holding the graph in an Oxigraph store, answering one query at a time.

Started with the argument ``STORE`` (an Oxigraph store on disk, which it opens read-only: the build's own
store, or one the server wrote for it) by :mod:`mmr_graph.serve.pool`, it reads
:class:`~mmr_graph.serve.protocol.Job` messages on standard input and writes
:class:`~mmr_graph.serve.protocol.Reply` messages on standard output (length-prefixed pickles; both ends are
this package). Running queries in their own process is what lets the server stop one: it ends the process.
Once the store is open, the worker locks itself out of the network (:mod:`mmr_graph.query.lockdown`):
whatever a query asks for, the process cannot open a connection.
"""

from __future__ import annotations

import pickle
import struct
import sys
from itertools import islice
from typing import Any, BinaryIO

import pyoxigraph as ox

from mmr_graph.export.serialize import serialize
from mmr_graph.export.serialize import warm_up as warm_up_graph_formats
from mmr_graph.parallel.processes import ignore_ctrl_c
from mmr_graph.query import engine
from mmr_graph.query.errors import QueryError
from mmr_graph.query.lockdown import lock_out_network
from mmr_graph.query.results import warm_up, write_boolean, write_solutions
from mmr_graph.query.syntax import UpdateRefused
from mmr_graph.serve.protocol import TYPES, Job, Reply, choose_format, media_type

_LENGTH = struct.Struct(">I")


def send(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def receive(stream: BinaryIO) -> Any:
    """The next message, or raise EOFError when the other end has gone."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError("channel closed")
    (length,) = _LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        raise EOFError("channel closed")
    return pickle.loads(data)


def _text(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode())


def execute(store: ox.Store, job: Job) -> Reply:
    """Answer one job: run the query, pick the format, write at most ``max_rows`` rows (or triples)."""
    try:
        answer = engine.run(store, job.sparql, "query", job.default_graph, job.named_graphs)
        fmt = choose_format(answer.kind, job.accept, job.format)
        if fmt is None:
            offered = ", ".join(sorted(set(TYPES[answer.kind])))
            return _text(406, f"no acceptable format for this {answer.kind} answer; offered: {offered}")
        if answer.kind == "boolean":
            return Reply(200, media_type(fmt), write_boolean(answer.boolean, fmt))
        if answer.kind == "graph":
            triples = list(islice(answer.triples, job.max_rows + 1))
            cut = len(triples) > job.max_rows
            return Reply(200, media_type(fmt), serialize(triples[: job.max_rows], fmt), cut)
        rows = list(islice(answer.rows, job.max_rows + 1))
        cut = len(rows) > job.max_rows
        return Reply(200, media_type(fmt), write_solutions(answer.variables, rows[: job.max_rows], fmt), cut)
    except UpdateRefused:
        return _text(403, "updates are refused: this endpoint is read-only")
    except QueryError as exc:
        return _text(400, str(exc))
    except MemoryError:
        return _text(500, "the query needed more memory than available")


def main(argv: list[str]) -> int:
    ignore_ctrl_c()  # the server stops its workers itself
    channel_in, channel_out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but messages on the channel
    store = ox.Store.read_only(argv[0])  # every file of it opened here, before the descriptor limit
    execute(store, Job("ASK {}", format="json"))  # the parser and the writers used before the lock
    warm_up()
    warm_up_graph_formats()
    locked = lock_out_network()
    send(channel_out, ("ready", locked.seccomp))
    while True:
        try:
            job = receive(channel_in)
        except EOFError:
            return 0
        try:
            reply = execute(store, job)
        except Exception as exc:
            reply = _text(500, f"internal error: {type(exc).__name__}: {exc}")
        send(channel_out, reply)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
