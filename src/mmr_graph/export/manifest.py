"""The manifest of a build's output folder (``manifest.json``): the files the current build owns, with the
``path``, ``sha256`` and ``bytes`` of each, sorted, no timestamps; and the folder's bookkeeping names, which
are never a build's files. :mod:`mmr_graph.export.folder` keeps the folder changing as one."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mmr_graph.errors import OutputError

MANIFEST = "manifest.json"
LOCK = ".mmr-graph.lock"
JOURNAL = ".mmr-graph.journal.json"
STAGING_PREFIX = ".mmr-graph.staging-"
GENERATOR = "mmr-graph"
_BLOCK = 1 << 20


# --- the manifest --------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(_BLOCK):
            digest.update(block)  # large updates run without the GIL: files are hashed side by side
    return digest.hexdigest()


def manifest_bytes(entries: Iterable[dict[str, Any]]) -> bytes:
    """The manifest's text: the entries sorted by path, one JSON document with a final newline."""
    files = sorted(entries, key=lambda entry: entry["path"])
    document = {"generator": GENERATOR, "files": files}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> dict[str, dict[str, Any]] | None:
    """The files ``folder/manifest.json`` lists, by path; None without a manifest. A ``manifest.json`` that
    mmr-graph did not write is an :class:`OutputError`: the folder is someone else's."""
    path = folder / MANIFEST
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        document = None
    if not isinstance(document, dict) or document.get("generator") != GENERATOR:
        raise OutputError(f"{path}: not a manifest of mmr-graph; choose another --out for the build")
    files = document.get("files", [])
    return {entry["path"]: entry for entry in files if plain_name(entry.get("path"))}


def plain_name(name: object) -> bool:
    """A file name directly in the folder, and not one of the folder's own bookkeeping names."""
    return (
        isinstance(name, str)
        and name not in ("", ".", "..", LOCK, JOURNAL)
        and "/" not in name
        and "\0" not in name
        and os.sep not in name
        and not name.startswith(STAGING_PREFIX)
    )
