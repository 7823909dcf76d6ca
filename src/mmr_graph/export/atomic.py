"""Write files so that readers only ever see a complete old or a complete new version.

Each file is written to a temporary name in the same directory, flushed and fsynced, then renamed over
the target with :func:`os.replace` (atomic on POSIX). A build that dies before the rename leaves the
previous file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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
