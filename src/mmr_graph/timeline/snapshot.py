"""One version of a list, read and merged into a catalog: a local file, a list fetched from where it lives
(``https://``, ``github:OWNER/REPO[@REF][:PATH]``), or a file at a commit of a local git repository
(``PATH@REF``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from mmr_graph.errors import InputError
from mmr_graph.ingest.catalog import NO_ENTRIES, catalog_of, decode, read_list
from mmr_graph.ingest.markdown import parse_markdown
from mmr_graph.ingest.sources import Fetching, ListSource, is_remote, resolve_lists
from mmr_graph.model import Catalog, SourceList
from mmr_graph.timeline import git
from mmr_graph.vocab import Vocabulary, load_vocabulary

DEFAULT_PATH = "README.md"


@dataclass(frozen=True)
class Snapshot:
    """A version of a list: where it was read from (``label``), its entries, and, where known, its commit and
    date."""

    label: str
    catalog: Catalog
    date: dt.date | None = None
    commit: str | None = None
    committed: dt.datetime | None = None  # the commit's own time, when the version is a commit


def parse_snapshot(
    data: bytes,
    label: str,
    list_id: str,
    date: dt.date | None = None,
    commit: str | None = None,
    committed: dt.datetime | None = None,
    vocab: Vocabulary | None = None,
) -> Snapshot:
    """A version given as bytes (a file at a commit): parsed and merged as ``build`` merges one list, without
    curated facts (what changed is what the list says)."""
    vocab = vocab or load_vocabulary()
    text = decode(Path(label), data)
    if not text.strip():
        raise InputError(label, "file is empty")
    parsed = parse_markdown(text, list_id, label, vocab)
    if not any(not item.mention for item in parsed.items):
        raise InputError(label, NO_ENTRIES)
    source = SourceList(
        id=list_id,
        path=label,
        title=parsed.title,
        commit=commit,
        date=date,
        sections=tuple(parsed.sections),
    )
    catalog = catalog_of([(source, parsed)], vocab, curated=False)
    return Snapshot(label, catalog, date, commit, committed)


def _split_git_spec(spec: str) -> tuple[Path, str] | None:
    """``PATH@REF`` when PATH is a local directory; None otherwise."""
    if "@" not in spec:
        return None
    where, ref = spec.rsplit("@", 1)
    if where and ref and Path(where).is_dir():
        return Path(where), ref
    return None


def read_snapshot(
    spec: str, path: str = DEFAULT_PATH, vocab: Vocabulary | None = None, fetching: Fetching | None = None
) -> Snapshot:
    """The version ``spec`` names: a local file (a path that exists is always the file), an ``https://`` URL
    or ``github:OWNER/REPO[@REF][:PATH]`` (fetched as ``build`` fetches lists, through the cache of
    ``fetching``), or ``REPO@REF`` for ``path`` at a commit of a local git repository."""
    vocab = vocab or load_vocabulary()
    local = Path(spec)
    if local.is_file() or is_remote(spec):
        given = ListSource(spec, path=local) if local.is_file() else resolve_lists([spec], fetching)[0]
        source, parsed = read_list(given, vocab)
        catalog = catalog_of([(source, parsed)], vocab, curated=False)
        return Snapshot(spec, catalog, source.date, source.commit)
    in_git = _split_git_spec(spec)
    if in_git is None:
        if local.is_dir():
            raise InputError(spec, "is a directory; name a file, or a git repository as PATH@REF")
        raise InputError(spec, "no such file (a git repository is named as PATH@REF)")
    repo, ref = in_git
    commit = git.resolve(repo, ref)
    data = git.file_at(repo, commit.sha, path)
    label = f"{spec}:{path}"
    if data is None:
        raise InputError(label, f"no file {path!r} at this commit (choose it with --path)")
    return parse_snapshot(
        data, label, repository_list_id(repo, path), commit.date.date(), commit.sha, commit.date, vocab
    )


def repository_list_id(repo: Path, path: str) -> str:
    """A list's id in a repository: the repository folder's name, and the file's unless it is the README."""
    name = repo.resolve().name.removesuffix(".git")
    stem = Path(path).stem
    words = name if stem.lower() == "readme" else f"{name}-{stem}"
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-") or "list"
