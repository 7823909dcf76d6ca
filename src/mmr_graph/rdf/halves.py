"""A large catalog's graph described in two processes at once, with exactly the result of one description.

The build describes the vocabulary, the lists and the first entries while a forked child (the catalog is
shared with it copy-on-write, not copied) describes the others, groups and sorts its statements as
:class:`~mmr_graph.rdf.ntriples.SortedGraph` keeps them and writes them, with the subjects of its
counted classes, to a file in memory that the build reads once the child has ended. The build takes the
child's sorted groups as they are.

Why the two parts make the graph of the one description (:mod:`mmr_graph.rdf.describe`):

* each entry is described by one process, and the nodes an entry owns (links, occurrences, assertions)
  have IRIs under the entry's own: the parts share none of those subjects;
* a shared node (a category, tag, venue, linked resource, model) is described the first time each process
  meets it; its statements depend on its key alone, so a node both describe gets the same statements
  twice and the graph keeps one;
* labels are the one thing that depends on the order: a subject's first label is its ``skos:prefLabel``,
  a later, different one an ``skos:altLabel``. In the one description the child's labels come after all
  of the build's, so about a subject the build has labelled, each label the child gives is the preferred
  one if it is the build's first and an alternative one otherwise; a subject only the child labelled keeps
  the child's labels (its first one is the first in the one description too);
* the members of a counted class are a set of subjects: the union of both parts'.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Iterable
from itertools import chain
from typing import Any, BinaryIO, NoReturn

from mmr_graph.errors import GraphError
from mmr_graph.model import Catalog
from mmr_graph.rdf.describe import Description
from mmr_graph.rdf.grouping import group
from mmr_graph.rdf.ntriples import SortedGraph
from mmr_graph.rdf.terms import TEXT
from mmr_graph.vocab import Vocabulary
from mmr_graph.workers import follow_parent, usable_cores

# From this many entries a graph is described in two processes (a fifth of the time saved: 0.2 s at
# 20,000 entries, over a second at 100,000); a smaller one is not worth another process.
SPLIT_MIN_ENTRIES = 20_000
# The share of the entries the build describes itself. The child then sorts and writes its part, the build
# sorts its own and reads the child's: at this share the child's part is ready when the build wants it.
OWN_SHARE = 0.6
_BUFFER = 1 << 20
_PREF_LABEL, _ALT_LABEL = TEXT.SKOS.prefLabel + " ", TEXT.SKOS.altLabel + " "

Members = dict[str, set[str]]  # counted class -> its members (N-Triples text of each)
# what the child sends: ("part", its SortedGraph, its Members) or ("error", the error, its traceback)
Message = tuple[Any, ...]


def worth_splitting(catalog: Catalog) -> bool:
    """Whether the catalog is large enough to be described in two processes, and they can be forked here:
    on Linux (elsewhere fork is not safe, and a spawned child would need the whole catalog pickled), from
    the main thread (only it may hold Ctrl-C back while the child is started)."""
    return (
        len(catalog.entries) >= SPLIT_MIN_ENTRIES
        and sys.platform.startswith("linux")
        and hasattr(os, "memfd_create")
        and usable_cores() >= 2
        and threading.current_thread() is threading.main_thread()
    )


def describe_in_two(
    catalog: Catalog, vocab: Vocabulary, counted: Iterable[str], own: int | None = None
) -> tuple[SortedGraph, Members] | None:
    """The sorted graph of the catalog's description and the members of each ``counted`` class, as one
    process would make them (:func:`~mmr_graph.rdf.grouping.group`, then ``SortedGraph``); the entries
    from ``own`` on (by default, those after :data:`OWN_SHARE` of them) are described by a child process.
    None if no child can be started (no memory or process left for it): the caller describes them all.

    The part goes to a file in memory, not a pipe: the child can write it and end (its memory freed)
    while the build still describes and sorts its own part, and read it only then."""
    counted = list(counted)
    at = round(len(catalog.entries) * OWN_SHARE) if own is None else own
    try:
        part = os.memfd_create("mmr-graph-part")
    except OSError:
        return None
    with open(part, "rb", buffering=_BUFFER) as part_file:
        ctrl_c = signal.getsignal(signal.SIGINT)
        pid = None  # a child not yet reaped
        try:
            # Ctrl-C is ignored (in every thread) until the child is known here and ignores it itself;
            # after that, it ends the child below
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            pid = _fork_child(catalog, vocab, counted, at, part)
            _restore(ctrl_c)
            if pid is None:
                return None
            description = Description(catalog, vocab, TEXT)
            mine = group(
                chain(description.vocabulary_and_lists(), description.entry_triples(catalog.entries[:at])),
                counted,
            )
            graph = SortedGraph(mine.groups)  # sorted while the child finishes its part
            status = os.waitpid(pid, 0)[1]
            pid = None
        except BaseException:  # Ctrl-C or an error: the child's part is not wanted any more
            if pid is not None:
                _end(pid)
            raise
        finally:
            _restore(ctrl_c)
        part_file.seek(0)
        message = _read_message(part_file)
    code = os.waitstatus_to_exitcode(status)
    theirs, their_members = _their_part(message, code, f"entries {at + 1:,} to {len(catalog.entries):,}")
    labels = description.labels
    # every subject the build labelled is one of its own, so merge() sorts these statements again
    for subject in theirs.groups.keys() & labels.keys():
        theirs.groups[subject] = _relabelled(theirs.groups[subject], labels[subject])  # type: ignore[arg-type]
    graph.merge(theirs)
    for cls, found in their_members.items():
        mine.members[cls] |= found
    return graph, mine.members


def _fork_child(catalog: Catalog, vocab: Vocabulary, counted: list[str], at: int, part: int) -> int | None:
    """Fork the child that describes the entries from ``at`` on and writes them to the file ``part``: its
    process id, or None if the system has no memory or process left for it."""
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        _describe_rest(catalog, vocab, counted, at, part, parent)
    return pid


def _restore(handler: Any) -> None:
    """Put Ctrl-C's handler back (one not set from Python is left as it is)."""
    if handler is not None:
        signal.signal(signal.SIGINT, handler)


def _end(pid: int) -> None:
    """Kill and reap the child, if it is still there to be."""
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _read_message(part_file: BinaryIO) -> Message | Exception:
    """The child's message, or the error that stopped reading it (it was cut short, say)."""
    try:
        return pickle.load(part_file)  # type: ignore[no-any-return]
    except Exception as exc:
        return exc


def _their_part(message: Message | Exception, code: int, entries: str) -> tuple[SortedGraph, Members]:
    """The child's part, from its message and exit code; or the error that says why there is none."""
    if isinstance(message, Exception):
        if code == 0:  # it sent the whole message: this process could not read it
            raise message
        ended = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        raise GraphError(f"the process describing {entries} of the graph ended without its part ({ended})")
    if message[0] == "error":
        _, error, trace = message
        error.add_note(f"(raised describing {entries} of the graph in a child process)\n{trace}")
        raise error
    _, graph, members = message
    return graph, members


def _relabelled(statements: list[str], first: str) -> list[str]:
    """The child's statements about a subject whose first label in the build was ``first``: each of its
    labels the preferred one if it is that one, else an alternative one, as the one description gives
    them."""
    relabelled = []
    for statement in statements:
        if statement.startswith((_PREF_LABEL, _ALT_LABEL)):
            label = statement.partition(" ")[2]
            statement = (_PREF_LABEL if label == first else _ALT_LABEL) + label
        relabelled.append(statement)
    return relabelled


def _describe_rest(
    catalog: Catalog,
    vocab: Vocabulary,
    counted: list[str],
    at: int,
    part: int,
    parent: int,
) -> NoReturn:
    """The child: describe the entries from ``at`` on, write the sorted part (or the error that stopped it)
    to the file ``part``, and exit. Whatever happens it exits here: it must never return into the
    build's code. ``parent``: the build's process id."""
    status = 1
    try:
        follow_parent(parent)  # Ctrl-C stays ignored, as the build left it for the fork
        # its objects have no cycles, and a collection would touch (and so copy) all of the shared heap
        gc.disable()
        try:
            message: Message = ("part", *_sorted_part(catalog, vocab, counted, at))
        except Exception as exc:
            message = ("error", _picklable(exc), traceback.format_exc())
        with open(part, "wb", buffering=_BUFFER) as part_file:
            pickle.dump(message, part_file, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0 if message[0] == "part" else 1
    finally:
        os._exit(status)


def _sorted_part(
    catalog: Catalog, vocab: Vocabulary, counted: list[str], at: int
) -> tuple[SortedGraph, Members]:
    """The child's part: the entries from ``at`` on, sorted, and the members of each counted class."""
    description = Description(catalog, vocab, TEXT)
    part = group(description.entry_triples(catalog.entries[at:]), counted)
    return SortedGraph(part.groups), part.members


def _picklable(error: Exception) -> Exception:
    """The error itself if it can be sent to the parent and read there, else a RuntimeError that says what
    it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
