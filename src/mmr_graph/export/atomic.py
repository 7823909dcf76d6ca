"""Write files so that readers only ever see a complete old or a complete new version.

Each file is written to a temporary name in the same directory, flushed and fsynced, then renamed over
the target with :func:`os.replace` (atomic on POSIX). A build that dies before the rename leaves the
previous file. :func:`staged` does the same for files written as streams, too large to hold in memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def replace_all(files: dict[Path, bytes]) -> None:
    """Write every file; all contents are ready in memory before the first rename happens."""
    for path, data in files.items():
        write_atomic(path, data)


@contextlib.contextmanager
def staged(targets: Iterable[Path]) -> Iterator[dict[Path, Path]]:
    """Temporary paths next to each target, for writing large files as streams; when the block ends
    normally they are synced and renamed over the targets, when it fails they are removed."""
    temporary: dict[Path, Path] = {}
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temporary[target] = Path(tmp)
        yield temporary
        for tmp in temporary.values():
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(tmp, 0o644)
        for target, tmp in temporary.items():
            os.replace(tmp, target)
    finally:
        for tmp in temporary.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
