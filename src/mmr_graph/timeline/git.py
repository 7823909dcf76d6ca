"""Reading a list's versions from a local git repository with the git command line (``subprocess``, bounded in
time, never prompting), and cloning a repository for that (the one call that reaches another machine, to the
address the user gave: ``github:`` lists from GitHub's git base URL, see :func:`clone`)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mmr_graph.errors import InputError

GIT_TIMEOUT = 60.0  # seconds for one git call
CLONE_TIMEOUT = 600.0  # seconds for a clone
# transports a clone may use: no ext:: (runs a command) or other helper; "file" for a local repository
CLONE_PROTOCOLS = "https:http:file"
MAX_FILE_BYTES = 64 * 1024 * 1024  # a list larger than this is refused rather than read


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit that touched the list: its full id and its committer date."""

    sha: str
    date: dt.datetime


def _git(repo: Path, *args: str, timeout: float = GIT_TIMEOUT) -> bytes:
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_ALLOW_PROTOCOL": CLONE_PROTOCOLS,
        "LC_ALL": "C",
    }
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "-c", "core.fsmonitor=false", *args],
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise InputError(repo, "git is not installed (it is needed to read a repository's history)") from None
    except subprocess.TimeoutExpired:
        raise InputError(repo, f"git took longer than {timeout:.0f} s; stopped") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[-1].removeprefix("fatal: ") if lines else f"git exited with {done.returncode}"
        raise InputError(repo, reason[:200])
    if len(done.stdout) > MAX_FILE_BYTES:
        raise InputError(repo, f"git output larger than {MAX_FILE_BYTES} bytes; refused")
    return done.stdout


def check_repository(repo: Path) -> None:
    """A clear error unless ``repo`` is a local git repository (a work tree or a bare one)."""
    if not repo.is_dir():
        raise InputError(repo, "no such directory (expected a local git repository)")
    _git(repo, "rev-parse", "--git-dir")


def _check_ref(repo: Path, ref: str) -> None:
    if not ref or ref.startswith("-") or any(c in ref for c in "\0\n"):
        raise InputError(repo, f"not a git revision: {ref!r}")


def resolve(repo: Path, ref: str) -> Commit:
    """The commit ``ref`` names (a branch, tag or commit id), with its committer date."""
    check_repository(repo)
    _check_ref(repo, ref)
    try:
        out = _git(repo, "log", "-1", "--format=%H %cI", f"{ref}^{{commit}}", "--")
    except InputError:
        raise InputError(repo, f"no commit {ref!r} in this repository") from None
    sha, date = out.decode().split()
    return Commit(sha, dt.datetime.fromisoformat(date))


def file_at(repo: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` at ``commit``, or None when the file does not exist there."""
    listing = _git(repo, "ls-tree", "-z", "--full-tree", commit, "--", path).split(b"\0")
    if not any(line.endswith(b"\t" + path.encode()) and b" blob " in line for line in listing):
        return None
    size = int(_git(repo, "cat-file", "-s", f"{commit}:{path}").decode().strip())
    if size > MAX_FILE_BYTES:
        raise InputError(f"{repo}@{commit[:12]}:{path}", f"{size} bytes; larger than {MAX_FILE_BYTES}")
    return _git(repo, "cat-file", "blob", f"{commit}:{path}")


def commits_touching(repo: Path, path: str, ref: str = "HEAD", since: dt.date | None = None) -> list[Commit]:
    """The commits of ``ref``'s first-parent history that changed ``path``, oldest first."""
    check_repository(repo)
    _check_ref(repo, ref)
    args = ["log", "--first-parent", "--format=%H %cI", ref]
    if since is not None:
        args.insert(1, f"--since={since.isoformat()}T00:00:00Z")
    out = _git(repo, *args, "--", path).decode()
    commits = [
        Commit(sha, dt.datetime.fromisoformat(date))
        for sha, date in (line.split() for line in out.splitlines())
    ]
    return commits[::-1]


def clone(url: str, into: Path, name: str) -> Path:
    """A bare clone of the repository at ``url`` (an https:// URL, file:// URL or local path) as
    ``into/name``, for its history to be read; errors name ``name``, never the URL (it may hold a secret)."""
    target = into / name
    try:
        _git(into, "clone", "--bare", "--quiet", "--no-tags", "--", url, str(target), timeout=CLONE_TIMEOUT)
    except InputError as exc:
        raise InputError(name, f"cannot clone: {_without(exc.message, url)}") from None
    return target


def _without(message: str, url: str) -> str:
    return message.replace(url, "the repository") if url else message
