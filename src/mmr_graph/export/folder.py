"""The output folder of a build (``--out``), checked before any work is done."""

from __future__ import annotations

import os
from pathlib import Path

from mmr_graph.errors import OutputError


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_output_folder(out_dir: Path) -> None:
    """Make sure ``out_dir`` is a folder this process can write into, creating it (and its parents) if
    needed; an :class:`OutputError` naming it otherwise. Called before a build starts, so that a bad
    ``--out`` is reported at once and not after the whole build ran."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir}: not a folder (a file of that name exists)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a parent is a file
        raise OutputError(f"--out {out_dir}: cannot create the folder (a parent is not a folder)") from None
    except OSError as exc:
        raise OutputError(f"--out {out_dir}: cannot create the folder ({_reason(exc)})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out_dir}: cannot write into this folder (permission denied)")
