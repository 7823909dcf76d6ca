"""Write files so that readers only ever see a complete old or a complete new version.

Each file is written to a temporary name in the same directory (hidden, ``.<name>.<pid>.<random>.tmp``,
so nothing named like an output is ever incomplete), flushed and fsynced, then renamed over the target with
:func:`os.replace` (atomic on POSIX). A build killed at any moment leaves the previous file or the new one.
:func:`staged` does the same for files written as streams, too large to hold in memory.

Renames into a directory happen while holding an exclusive lock on ``<dir>/.mmr-graph.lock``, after every
temporary file of the set is complete: two builds into one directory at once leave the set of files of one
build or of the other, never a mix; the slow part, writing, runs unlocked.

A killed build leaves its temporary files. A later write removes them only when the process that made
them is gone and they are older than :data:`STALE_AFTER`: removing a younger one, or one whose writer is
alive, could delete a file that a build still running (here or on another machine sharing the directory)
is about to rename.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: renames stay atomic, concurrent builds are not serialized
    fcntl = None  # type: ignore[assignment] # checked before each use

LOCK_NAME = ".mmr-graph.lock"
STALE_AFTER = 600.0  # seconds
_TEMP_NAME = re.compile(r"^\.(?P<name>.+?)\.(?P<pid>\d+)\.(?P<random>[a-z0-9_]{8})\.tmp$")


def _temp_file(target: Path) -> Path:
    """A new, empty temporary file next to ``target``, named after it and this process."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def _owner_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no safe way to ask: never remove
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(directory: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of writers that died: owner process gone and older than STALE_AFTER."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or int(match["pid"]) == os.getpid():
            continue
        with contextlib.suppress(FileNotFoundError):
            if now - entry.stat().st_mtime > STALE_AFTER and not _owner_alive(int(match["pid"])):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def _renaming(directories: Iterable[Path]) -> Iterator[None]:
    """Hold the rename lock of each directory (in a fixed order); fsync the directories afterwards."""
    with contextlib.ExitStack() as stack:
        for directory in sorted(set(directories)):
            if fcntl is not None:
                fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
                stack.callback(os.close, fd)
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
        for directory in sorted(set(directories)):
            fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make the renames durable (a power cut after this keeps the new names)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    replace_all({path: data})


def replace_all(files: dict[Path, bytes]) -> None:
    """Write every file to its temporary name, then rename them all under the directory lock."""
    with staged(files) as temporary:
        for target, tmp in temporary.items():
            tmp.write_bytes(files[target])


class Staging(dict[Path, Path]):
    """Target -> temporary path of the files of one set; more can join while the set is written."""

    def add(self, target: Path) -> Path:
        """A temporary path for one more target, renamed with the others."""
        if target not in self:
            self[target] = _temp_file(target)
        return self[target]


@contextlib.contextmanager
def staged(targets: Iterable[Path]) -> Iterator[Staging]:
    """Temporary paths next to each target, for writing large files as streams; when the block ends
    normally they are synced and renamed over the targets (under the directory lock), when it fails they
    are removed. Targets added in the block (:meth:`Staging.add`) are part of the same set."""
    temporary = Staging()
    try:
        for target in targets:
            temporary.add(target)
        for directory in {target.parent for target in temporary}:
            sweep_stale(directory)
        yield temporary
        for tmp in temporary.values():
            _fsync_file(tmp)
            os.chmod(tmp, 0o644)
        with _renaming(target.parent for target in temporary):
            for target, tmp in temporary.items():
                os.replace(tmp, target)
    finally:
        for tmp in temporary.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
