"""A build's Oxigraph store on disk: made by the first query of an output folder, then only opened read-only.

Reading a large build's graph file again for every query costs what loading it costs (about 30 s at 100,000
entries); an Oxigraph store on disk opens in milliseconds. The store is made from the graph file the build
wrote, once per build, and belongs to that build alone:

``<out>/.mmr-graph.store-<key>/``
    ``key``: the first 32 hex digits of the SHA-256 of the folder's ``manifest.json``, which lists the
    SHA-256 of every file of the build. Another build means another manifest, so another name: a store of an
    earlier build is never taken for the current one. Where the output folder cannot be written into, the
    store is made in the per-user cache instead (``stores/<key>/``; given by the caller).
    Inside: ``db/`` (Oxigraph's files) and ``mmr-graph-store.json``, the marker: the key, the graph file
    and its SHA-256, the number of statements, and the size of every file under ``db/``.

Made under an exclusive lock (``.mmr-graph.store.lock`` beside the stores; two first queries make it
once, the second waits and uses it), in a fresh folder (``.mmr-graph.store-building-<random>``): the graph
file is loaded while its SHA-256 is computed, and a file that is not the one the manifest lists (changed
since) is refused; every file is synced, the marker written last, and the folder renamed into place. A
store is used only if its marker is there, names the current manifest and every file has the size it
lists, and Oxigraph opens it: anything else (a half-made store, one whose files were damaged) is moved
aside and made again, never used. A process that opened a store holds a shared lock on its marker until it
ends; stores of earlier builds nobody holds are removed when a new one is made in the same folder.

The store's bytes are outside the determinism promise (Oxigraph's files differ from one making to the
next); the RDF files, which the manifest lists, are inside it. The store is not listed in the manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from mmr_graph.errors import MmrGraphError
from mmr_graph.export.atomic import fsync_directory
from mmr_graph.export.manifest import MANIFEST

try:
    import fcntl
except ImportError:  # not POSIX: no locks; two first queries may both make the store
    fcntl = None  # type: ignore[assignment]  # no fcntl off POSIX

PREFIX = ".mmr-graph.store-"
BUILDING = PREFIX + "building-"
LOCK = ".mmr-graph.store.lock"
MARKER = "mmr-graph-store.json"
DATABASE = "db"
GENERATOR = "mmr-graph"
_BLOCK = 1 << 20
# the shared locks this process holds, one per store it opened
_HELD: dict[Path, int] = {}
_INFO_LOG = "LOG"  # RocksDB's own diary (LOG, LOG.old.*): not data, so not in the marker


class StoreError(MmrGraphError):
    """A build's store cannot be made (the graph file changed since its manifest, the disk is full...)."""


@dataclass
class OpenedStore:
    """A build's store, open read-only; ``hold`` is the descriptor of its shared lock (closed with the
    process, or by :meth:`release`)."""

    store: ox.Store
    path: Path
    quads: int
    hold: int | None

    @property
    def database(self) -> Path:
        """The folder Oxigraph's files are in (what ``Store.read_only`` opens)."""
        return self.path / DATABASE

    def release(self) -> None:
        """Let go of the store's lock: others may then remove it once it is stale. (Without this, the lock
        is held until the process ends: the store may be in use as long as it can be referred to.)"""
        if self.hold is not None and _HELD.get(self.path) == self.hold:
            del _HELD[self.path]
            os.close(self.hold)
        self.hold = None


def manifest_key(manifest: bytes) -> str:
    """The name of a build's store: from its manifest, which lists the SHA-256 of every file."""
    return hashlib.sha256(manifest).hexdigest()[:32]


def store_places(folder: Path, key: str, fallback: Path) -> tuple[Path, Path]:
    """Where the store of the build with ``key`` is: in the output folder, else in ``fallback``."""
    return folder / f"{PREFIX}{key}", fallback / key


def folder_store(
    folder: Path,
    source: Path,
    fmt: ox.RdfFormat,
    fallback: Path,
    on_make: Callable[[str], None] | None = None,
) -> OpenedStore:
    """The store of the build in ``folder``, open read-only, made first from ``source`` (its graph file,
    in syntax ``fmt``) if no good one exists. ``fallback`` is where stores go for a folder this process
    cannot write into. OSError or :class:`StoreError` when no store can be made."""
    manifest = (folder / MANIFEST).read_bytes()
    key = manifest_key(manifest)
    expected = _listed(manifest, source.name)
    places = store_places(folder, key, fallback)
    for path in places:
        opened = open_store(path, key)
        if opened is not None:
            return opened
    target = places[0] if os.access(folder, os.W_OK | os.X_OK) else places[1]
    make_store(target, key, source, fmt, expected, on_make)
    opened = open_store(target, key)
    if opened is None:
        raise StoreError(f"{target}: the store just made cannot be opened")
    return opened


def _listed(manifest: bytes, name: str) -> tuple[str, int]:
    """The SHA-256 and size ``manifest`` lists for the file ``name``."""
    try:
        files = json.loads(manifest)["files"]
        entry = next(e for e in files if e.get("path") == name)
        return str(entry["sha256"]), int(entry["bytes"])
    except (ValueError, KeyError, TypeError, StopIteration):
        raise StoreError(f"{MANIFEST} does not list {name} with its SHA-256") from None


# --- using a store ---------------------------------------------------------------------------------------


def open_store(path: Path, key: str) -> OpenedStore | None:
    """The store at ``path``, open read-only under a shared lock, if it is complete, of the build ``key``
    and opens; else None (it is then not used)."""
    if not _trusted(path) or not _trusted(path / DATABASE):
        return None
    try:
        hold = os.open(path / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if fcntl is not None:
            fcntl.flock(hold, fcntl.LOCK_SH)
        if not os.path.samestat(os.fstat(hold), os.stat(path / MARKER, follow_symlinks=False)):
            raise OSError("moved aside meanwhile")
        marker = _marker(hold)
        if marker is None or not _complete(path, marker, key):
            raise OSError("not a complete store of this build")
        store = ox.Store.read_only(str(path / DATABASE))
    except (OSError, RuntimeError):  # RuntimeError: Oxigraph found the files damaged
        os.close(hold)
        return None
    if path in _HELD:  # one lock per store and process is enough
        os.close(hold)
    else:
        _HELD[path] = hold
    return OpenedStore(store, path, int(marker["quads"]), _HELD[path])


def _trusted(path: Path) -> bool:
    """Whether ``path`` is a folder itself (not a link to one elsewhere), owned by this user or by the owner
    of the folder it is in, and writable by no one else: a store planted by another user is never used."""
    try:
        status = os.lstat(path)
        owner = os.lstat(path.parent).st_uid
    except OSError:
        return False
    return (
        stat.S_ISDIR(status.st_mode)
        and status.st_uid in (os.geteuid(), owner)
        and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _marker(fd: int) -> dict[str, Any] | None:
    try:
        with os.fdopen(os.dup(fd), "rb") as marker:
            document = json.loads(marker.read(1 << 22))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("generator") != GENERATOR:
        return None
    return document


def _complete(path: Path, marker: dict[str, Any], key: str) -> bool:
    """Whether the marker names the build ``key`` and every file it lists has the size it lists."""
    files = marker.get("files")
    if marker.get("manifest") != key or not isinstance(files, dict) or not files:
        return False
    if not isinstance(marker.get("quads"), int):
        return False
    database = path / DATABASE
    for name, size in files.items():
        if not isinstance(name, str) or "/" in name or name.startswith("."):
            return False
        try:
            status = os.lstat(database / name)
        except OSError:
            return False
        if not stat.S_ISREG(status.st_mode) or status.st_size != size:
            return False
    return True


# --- making a store --------------------------------------------------------------------------------------


def make_store(
    target: Path,
    key: str,
    source: Path,
    fmt: ox.RdfFormat,
    expected: tuple[str, int],
    on_make: Callable[[str], None] | None = None,
) -> None:
    """Make the store ``target`` of the build ``key`` from ``source``, unless a good one is there already
    (another process made it while this one waited for the lock). ``expected``: the SHA-256 and size the
    manifest lists for ``source``."""
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent):
        usable = open_store(target, key)
        if usable is not None:
            usable.release()
            return
        _sweep(parent, keep=target.name)
        if on_make is not None:
            on_make(f"making the query store of {source.parent} (once per build): {target}")
        work = Path(tempfile.mkdtemp(prefix=BUILDING, dir=parent))
        try:
            _fill(work, key, source, fmt, expected)
            _move_aside(target)
            os.rename(work, target)
            fsync_directory(parent)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise


@contextlib.contextmanager
def _locked(parent: Path) -> Any:
    """The exclusive lock of making stores in ``parent``."""
    if fcntl is None:
        yield
        return
    fd = os.open(parent / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class _Hashing:
    """A file read through, its SHA-256 and size computed on the way."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size and size > 0 else _BLOCK)
        self.digest.update(data)
        self.size += len(data)
        return data


def _fill(work: Path, key: str, source: Path, fmt: ox.RdfFormat, expected: tuple[str, int]) -> None:
    """Load ``source`` into a store in ``work``, check it is the file the manifest lists, sync, mark."""
    database = work / DATABASE
    quads = _load(database, source, fmt, expected)
    files = {}
    for entry in sorted(os.scandir(database), key=lambda e: e.name):
        if entry.is_file(follow_symlinks=False) and not entry.name.startswith(_INFO_LOG):
            fd = os.open(entry.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            files[entry.name] = os.lstat(entry.path).st_size
    fsync_directory(database)
    marker: dict[str, object] = {"generator": GENERATOR, "manifest": key, "source": source.name}
    marker |= {"sha256": expected[0], "quads": quads, "files": files}
    with open(work / MARKER, "wb") as out:
        out.write((json.dumps(marker, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
    os.chmod(database, 0o755)  # whatever the umask: a folder others can write into is not used
    os.chmod(work, 0o755)  # mkdtemp's folder is private; the build's other files are readable by all
    fsync_directory(work)


def _load(database: Path, source: Path, fmt: ox.RdfFormat, expected: tuple[str, int]) -> int:
    """Load ``source`` into a new store at ``database``, closed again; the number of statements."""
    store = ox.Store(str(database))
    try:
        with open(source, "rb") as stream:
            reading = _Hashing(stream)
            store.bulk_load(reading, format=fmt)  # type: ignore[arg-type] # read() is all it calls
            while reading.read(_BLOCK):  # a parser may stop before the end: the digest covers it all
                pass
        if (reading.digest.hexdigest(), reading.size) != expected:
            raise StoreError(
                f"{source}: not the file {MANIFEST} lists (changed since the build); build again"
            )
        store.flush()
        return len(store)
    except SyntaxError as exc:
        raise StoreError(f"{source}: cannot be read into a store: {str(exc).splitlines()[0]}") from None
    finally:
        del store  # closed: Oxigraph writes nothing more, and the files can be synced


def _move_aside(path: Path) -> None:
    """Remove ``path`` (a store not to be used) without anyone opening it half-removed: renamed first."""
    if not os.path.lexists(path):
        return
    if not os.path.isdir(path) or os.path.islink(path):
        os.unlink(path)
        return
    aside = Path(tempfile.mkdtemp(prefix=BUILDING, dir=path.parent))
    os.rename(path, aside / "old")
    shutil.rmtree(aside, ignore_errors=True)


def _sweep(parent: Path, keep: str) -> None:
    """Under the lock: remove what killed makers left, and stores of other builds nobody uses now."""
    for entry in os.scandir(parent):
        if not entry.name.startswith(PREFIX) or entry.name == keep:
            continue
        if entry.name.startswith(BUILDING):
            shutil.rmtree(entry.path, ignore_errors=True)
            continue
        if entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):
                _remove_if_unused(Path(entry.path))


def _remove_if_unused(path: Path) -> None:
    """Remove the store at ``path`` unless a process holds it (its marker's lock, taken while removing)."""
    if fcntl is None:
        return
    try:
        fd = os.open(path / MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:  # never finished: nobody can have opened it
        _move_aside(path)
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _move_aside(path)
    except BlockingIOError:
        pass  # in use: left for a later sweep
    finally:
        os.close(fd)
