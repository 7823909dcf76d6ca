"""The output folder of a build (``--out``): its files change as one, and a build touches only its own.

In the folder, besides the user's own files (never read, written or removed):

``manifest.json``
    the files the current build owns: ``path``, ``sha256`` and ``bytes`` of each, sorted, no timestamps
    (the same build gives the same bytes). A reader tells current files from anything else by it.
``.mmr-graph.lock``
    locked (``flock``) by a build from its start to its end, and by a reader finishing an interrupted
    change; it holds the process id of the build that has it. A second build waits for the first.
``.mmr-graph.staging-<random>/``
    the files of the build under way, written there in full and synced.
``.mmr-graph.journal.json``
    exists only while a build moves its files into place: the staging folder, the files to rename from it
    (``manifest.json`` last) and the previous build's files to remove (those it did not write again).

A build (:class:`OutputFolder`) takes the lock, finishes any change a killed build left (see below),
removes staging folders of killed builds, writes every file into a fresh staging folder, then commits:
it writes the manifest into the staging folder, the journal (to a temporary name, synced, renamed: the
moment the new build becomes the current one), renames each file into place, removes the old files, and
deletes the journal and the staging folder.

A build killed before the journal exists leaves the previous build's files untouched; killed after, the
journal says how to finish, and whoever opens the folder next (a build, or a command reading a file in it:
:func:`current_file`) rolls it forward first. Either way every file in the folder comes from one build,
the one ``manifest.json`` names. Files of earlier mmr-graph versions (which wrote no manifest) are taken
as a build's own only where their empty ``.mmr-graph.lock`` shows such a build wrote into the folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from os import stat_result
from pathlib import Path
from typing import Any

from mmr_graph.errors import OutputError
from mmr_graph.export.atomic import Staging, fsync_directory, sweep_stale
from mmr_graph.export.manifest import (
    JOURNAL,
    LOCK,
    MANIFEST,
    STAGING_PREFIX,
    manifest_bytes,
    plain_name,
    read_manifest,
    sha256_of,
)

try:
    import fcntl
except ImportError:  # not POSIX: builds into one folder at once are not serialized
    fcntl = None  # type: ignore[assignment]  # no fcntl off POSIX: no lock there

# what builds before manifests wrote: taken as theirs in a folder that has their lock file
_EARLIER_OUTPUTS = re.compile(r"^(graph\.(ttl|nt|jsonld)|index\.html|view-[^/]+\.html)$")


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


# --- the journal ---------------------------------------------------------------------------------------


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _read_journal(folder: Path) -> dict[str, Any] | None:
    try:
        journal: dict[str, Any] = json.loads((folder / JOURNAL).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        raise OutputError(f"{folder / JOURNAL}: unreadable; remove it and build again") from None
    staging = journal.get("staging") if isinstance(journal, dict) else None
    if not (isinstance(staging, str) and staging.startswith(STAGING_PREFIX) and "/" not in staging):
        raise OutputError(f"{folder / JOURNAL}: not a journal of mmr-graph; remove it and build again")
    journal["rename"] = [n for n in journal.get("rename", []) if plain_name(n)]
    journal["remove"] = [n for n in journal.get("remove", []) if plain_name(n)]
    return journal


def _roll_forward(folder: Path, journal: dict[str, Any]) -> None:
    """Finish the change the journal describes: rename what is still staged, remove the old files, then
    the journal and the staging folder. Each step can be done twice: a kill in here is finished later."""
    staging = folder / journal["staging"]
    try:  # a real folder in ``folder``: never a link to elsewhere, whose files would be moved in here
        staged = stat.S_ISDIR(os.lstat(staging).st_mode)
    except FileNotFoundError:
        staged = False
    for name in journal["rename"] if staged else ():
        with contextlib.suppress(FileNotFoundError):  # renamed already
            os.replace(staging / name, folder / name)
    for name in journal["remove"]:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISDIR(os.lstat(folder / name).st_mode):  # a folder is never a build's file
                os.unlink(folder / name)
    fsync_directory(folder)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / JOURNAL)
    if staged:
        shutil.rmtree(staging, ignore_errors=True)
    fsync_directory(folder)


def _clean(folder: Path) -> None:
    """Under the lock, with no change pending: remove what killed builds left (staging folders, a journal
    never completed, earlier versions' temporary files whose writer is gone)."""
    for entry in os.scandir(folder):
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.name == JOURNAL + ".tmp":
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
    sweep_stale(folder)


# --- the lock ------------------------------------------------------------------------------------------


def _lock(folder: Path, on_wait: Callable[[str], None] | None) -> int | None:
    """Take the folder's lock (waiting for a build that has it, after saying so); its descriptor."""
    if fcntl is None:
        return None
    path = folder / LOCK
    try:  # never through a link someone planted: the lock file is written to (truncated, a process id)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            raise OutputError(f"{path}: a symbolic link, not a lock of mmr-graph; remove it") from None
        raise OutputError(f"{path}: cannot open the lock ({_reason(exc)})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"{path}: not a regular file, not a lock of mmr-graph; remove it")
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if on_wait is not None:
                by = f" (process {holder})" if holder.isdigit() else ""
                on_wait(f"waiting for another build into {folder}{by} to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, b"%d\n" % os.getpid(), 0)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _earlier_build(folder: Path) -> bool:
    """Whether a build of an earlier version (which wrote no manifest) wrote into ``folder``: its lock file
    is there, empty (builds now write their process id into it; a build of this version that never
    committed leaves no claim on the folder's files)."""
    try:
        lock = (folder / LOCK).lstat()
        return stat.S_ISREG(lock.st_mode) and lock.st_size == 0 and not (folder / MANIFEST).exists()
    except FileNotFoundError:
        return False


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the lock


def settle(folder: Path) -> None:
    """Finish a change a killed build left in ``folder``, if any (waiting for a build committing now)."""
    if not (folder / JOURNAL).exists():
        return
    fd = _lock(folder, None)
    try:
        journal = _read_journal(folder)
        if journal is not None:
            _roll_forward(folder, journal)
    finally:
        _unlock(fd)


def settle_if_possible(folder: Path) -> None:
    """:func:`settle`, for a reader: where the folder cannot be written, it is left as it is."""
    with contextlib.suppress(OSError, OutputError):
        settle(folder)


def current_names(folder: Path) -> set[str] | None:
    """The files of the folder's current build, as its manifest lists them; None without a manifest of
    mmr-graph (a folder of RDF files that no build wrote)."""
    try:
        listed = read_manifest(folder)
    except OutputError:
        return None
    return None if listed is None else set(listed)


def current_file(path: Path) -> Path:
    """The file to read for ``path``, in a folder a build may have left mid-change: the change is finished
    first; where the reader may not write there, the file the journal will put in place is read instead."""
    folder = path.parent
    if not (folder / JOURNAL).exists():
        return path
    try:
        settle(folder)
    except (OSError, OutputError):
        journal = _read_journal(folder)
        if journal is not None and path.name in journal["rename"]:
            staged: Path = folder / journal["staging"] / path.name
            if staged.exists():
                return staged
    return path


# --- a build's folder ----------------------------------------------------------------------------------


def _regular(path: Path) -> stat_result | None:
    """``path``'s status if it is a regular file (not a link, a folder...), else None."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _still_as_listed(folder: Path, manifest: dict[str, dict[str, Any]]) -> set[str]:
    """The manifest's files that are still the previous build's: regular files (not links, not folders)
    with the size and SHA-256 it lists. A file changed since, or a manifest edited to list a user's file,
    is not the build's to replace or remove."""
    sized = [
        name
        for name, entry in manifest.items()
        if (status := _regular(folder / name)) is not None and status.st_size == entry.get("bytes")
    ]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        digests = pool.map(lambda n: sha256_of(folder / n), sized)
        return {n for n, d in zip(sized, digests, strict=True) if d == manifest[n].get("sha256")}


class _FolderStaging(Staging):
    """Target in the folder -> its path in the staging folder (same name)."""

    def __init__(self, folder: Path, staging: Path) -> None:
        super().__init__()
        self.folder = folder
        self.staging = staging

    def add(self, target: Path) -> Path:
        if target.parent != self.folder:
            raise ValueError(f"{target} is not in {self.folder}")
        if target not in self:
            self[target] = self.staging / target.name
        return self[target]


class OutputFolder:
    """The folder of one build, used as a context manager: on entry the folder is checked, locked, a
    change a killed build left is finished and its temporary files removed; :meth:`stage` gives the
    paths to write to; :meth:`commit` makes the written files the folder's current build; on exit the
    lock is released (and the staging folder removed, if nothing was committed)."""

    def __init__(self, root: Path, on_wait: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.on_wait = on_wait
        self.staging: Path | None = None
        self._fd: int | None = None
        self._owned: set[str] = set()

    def __enter__(self) -> OutputFolder:
        check_output_folder(self.root)
        earlier = _earlier_build(self.root)
        self._fd = _lock(self.root, self.on_wait)
        try:
            journal = _read_journal(self.root)
            if journal is not None:
                _roll_forward(self.root, journal)
            _clean(self.root)
            manifest = read_manifest(self.root)
            if manifest is not None:
                self._owned = _still_as_listed(self.root, manifest)
            elif earlier:
                self._owned = {
                    n for n in os.listdir(self.root) if _EARLIER_OUTPUTS.match(n) and _regular(self.root / n)
                }
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.root))
        except BaseException:
            _unlock(self._fd)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            _unlock(self._fd)
            self._fd = None

    def check_free(self, names: Iterable[str]) -> None:
        """An :class:`OutputError` if a file the build will write is there and not the previous build's:
        the user's own file of that name is never replaced."""
        for name in sorted(set(names)):
            if name not in self._owned and os.path.lexists(self.root / name):
                raise OutputError(
                    f"{self.root / name}: not written by a build "
                    "(manifest.json does not list it as it is now); move it away or choose another --out"
                )

    @contextlib.contextmanager
    def stage(self, targets: Iterable[Path]) -> Iterator[Staging]:
        """Like :func:`mmr_graph.export.atomic.staged`, but into the staging folder, renamed by
        :meth:`commit` only."""
        assert self.staging is not None, "stage() inside the with block"
        staging = _FolderStaging(self.root, self.staging)
        for target in targets:
            staging.add(target)
        yield staging

    def commit(self) -> list[str]:
        """Make the staged files the folder's current build, with a manifest; returns their names."""
        assert self.staging is not None, "commit() inside the with block"
        names = sorted(n for n in os.listdir(self.staging) if plain_name(n) and not n.startswith("."))
        if MANIFEST in names:
            raise OutputError(f"{self.root / MANIFEST}: a build cannot write a file of that name")
        self.check_free(names)
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            digests = dict(zip(names, pool.map(lambda n: sha256_of(self.staging / n), names), strict=True))
        entries = [
            {"path": n, "sha256": digests[n], "bytes": (self.staging / n).stat().st_size} for n in names
        ]
        for name in names:
            os.chmod(self.staging / name, 0o644)
            fd = os.open(self.staging / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _write_synced(self.staging / MANIFEST, manifest_bytes(entries))
        fsync_directory(self.staging)
        journal = {
            "staging": self.staging.name,
            "rename": [*names, MANIFEST],
            "remove": sorted(n for n in self._owned - set(names) if n != MANIFEST),
        }
        pending = self.root / (JOURNAL + ".tmp")
        _write_synced(pending, (json.dumps(journal, indent=1) + "\n").encode("utf-8"))
        os.replace(pending, self.root / JOURNAL)  # from here on, the new build is the current one
        fsync_directory(self.root)
        _roll_forward(self.root, journal)
        self.staging = None
        self._owned = set(names)
        return names
