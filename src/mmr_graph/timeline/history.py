"""Every version of a list in a git repository's history, and what each entry's history is: when it was first
and last seen, and whether it left the latest version."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mmr_graph.errors import InputError
from mmr_graph.model import Catalog, Entry, ItemWarning
from mmr_graph.timeline import git
from mmr_graph.timeline.snapshot import Snapshot, parse_snapshot, repository_list_id
from mmr_graph.vocab import Vocabulary, load_vocabulary


@dataclass(frozen=True, slots=True)
class Seen:
    """An entry's history: the first and last version it is in, and whether the latest version lacks it."""

    first: Snapshot
    last: Snapshot
    removed_in: Snapshot | None  # the first version after ``last`` (None: in the latest version)


@dataclass(frozen=True)
class History:
    snapshots: tuple[Snapshot, ...]
    seen: dict[str, Seen]  # entry key -> its history
    entries: dict[str, Entry]  # entry key -> its latest record (the last version it is in)
    skipped: tuple[ItemWarning, ...]

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]

    def union(self) -> Catalog:
        """The latest version's catalog, with the entries that left it (their last record) after its own."""
        latest = self.latest.catalog
        gone = tuple(self.entries[k] for k, s in self.seen.items() if s.removed_in is not None)
        return dataclasses.replace(
            latest, entries=latest.entries + gone, warnings=latest.warnings + self.skipped
        )


def every_nth(commits: list[git.Commit], every: int) -> list[git.Commit]:
    """Every ``every``-th commit from the oldest, and always the newest."""
    if every <= 1 or not commits:
        return commits
    chosen = commits[::every]
    if chosen[-1] != commits[-1]:
        chosen.append(commits[-1])
    return chosen


def read_history(
    repo: Path,
    path: str = "README.md",
    since: dt.date | None = None,
    every: int = 1,
    ref: str = "HEAD",
    vocab: Vocabulary | None = None,
    on_version: Callable[[int, int], None] | None = None,
) -> History:
    """Read the list at each chosen commit that changed it (oldest first). A version that is missing or has no
    entries is skipped with a warning; none readable at all is an :class:`InputError`."""
    vocab = vocab or load_vocabulary()
    commits = every_nth(git.commits_touching(repo, path, ref, since), every)
    if not commits:
        raise InputError(repo, f"no commit changes {path!r}" + (f" since {since}" if since else ""))
    list_id = repository_list_id(repo, path)
    snapshots: list[Snapshot] = []
    skipped: list[ItemWarning] = []
    for i, commit in enumerate(commits):
        label = f"{repo}@{commit.sha[:12]}:{path}"
        data = git.file_at(repo, commit.sha, path)
        try:
            if data is None:
                raise InputError(label, "file deleted in this commit")
            snapshots.append(
                parse_snapshot(data, label, list_id, commit.date.date(), commit.sha, commit.date, vocab)
            )
        except InputError as exc:
            skipped.append(
                ItemWarning(path=label, line=exc.line or 1, message=f"{exc.message}; version skipped")
            )
        if on_version:
            on_version(i + 1, len(commits))
    if not snapshots:
        raise InputError(repo, f"no version of {path!r} has list entries")
    return history_of(snapshots, tuple(skipped))


def history_of(snapshots: list[Snapshot], skipped: tuple[ItemWarning, ...] = ()) -> History:
    """First and last seen of every entry of the versions (oldest first), matched by key."""
    first: dict[str, Snapshot] = {}
    last: dict[str, Snapshot] = {}
    after_last: dict[str, Snapshot | None] = {}
    entries: dict[str, Entry] = {}
    for snapshot in snapshots:
        present = {e.key for e in snapshot.catalog.entries}
        for key in list(after_last):
            if key not in present and after_last[key] is None:
                after_last[key] = snapshot
        for entry in snapshot.catalog.entries:
            first.setdefault(entry.key, snapshot)
            last[entry.key] = snapshot
            after_last[entry.key] = None
            entries[entry.key] = entry
    by_commit = {s.commit or s.label: s for s in snapshots}

    def same(s: Snapshot | None) -> Snapshot | None:
        return None if s is None else by_commit[s.commit or s.label]

    seen = {
        key: Seen(same(first[key]), same(last[key]), same(after_last[key]))  # type: ignore[arg-type]  # first and last are never None
        for key in first
    }
    return History(tuple(snapshots), seen, entries, skipped)
