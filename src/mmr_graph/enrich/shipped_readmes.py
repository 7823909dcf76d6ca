"""The README excerpts shipped with mmr-graph (``data/metadata/github-readmes.jsonl``), read into
:class:`~mmr_graph.enrich.records.ReadmeMetadata` for a build, the rules every record follows, and the
assembly of the file from READMEs as collected.

One JSON object a line, sorted by repository, keys in :data:`FIELDS` order: the repository (``owner/name``)
of a work of the default list, the README's path and the commit it was read at (with that commit's date),
the day it was read, the repository's licence (SPDX) and copyright notices (the "Copyright ..." lines of
its licence and notice files: the attribution its licence asks to keep with a copy; the licences' texts are
in ``data/metadata/licences/``), the README's address at that commit, and the *excerpt*: the lines of the
README's prose that name a method, a model or distillation (:func:`mmr_graph.ingest.readme_text.excerpt`),
what extraction reads. Only READMEs of repositories under a licence that lets them be redistributed
(:data:`OPEN_LICENCES`) are shipped; the sidecar ``github-readmes.source.json`` lists the others and why
they were left out.

    python -m mmr_graph.enrich.shipped_readmes COLLECTED.jsonl --out data/metadata

reads READMEs as collected (one object a line: ``repository``, ``path``, ``commit``, ``committed``,
``read_on``, ``licence``, ``notice`` and ``text``, the whole README), keeps those of repositories the
default list links to, and writes both files.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from mmr_graph.enrich.records import Metadata, Origin, ReadmeMetadata
from mmr_graph.enrich.shipped import BadShippedFile, checked_records
from mmr_graph.identity.namespaces import GITHUB

FILE = "github-readmes.jsonl"
SIDECAR = "github-readmes.source.json"
FIELDS = ("repository", "path", "commit", "committed", "read_on", "licence", "notice", "source", "excerpt")
# licences under which a README's text may be copied with its attribution (SPDX identifiers)
OPEN_LICENCES = frozenset(
    {"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "CC-BY-4.0", "CC0-1.0", "MulanPSL-2.0"}
)
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_COMMIT = re.compile(r"[0-9a-f]{40}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_README = re.compile(r"(?:[\w.-]+/)*README(?:\.\w+)?", re.IGNORECASE)
MAX_LINE = 2_000  # characters of one excerpt line


class BadShippedReadmes(BadShippedFile):
    """The shipped file cannot be read: ``path:line: what``."""


def shipped_file() -> Path:
    """Where the shipped README excerpts are (packaged copy, else the source tree's ``data/metadata/``)."""
    from mmr_graph.resources import resource

    return resource("metadata") / FILE


def problems(record: Mapping[str, Any]) -> list[str]:
    """What is wrong with a shipped record (nothing: an empty list)."""
    wrong = []
    if list(record) != list(FIELDS):
        return [f"keys must be {', '.join(FIELDS)} in that order"]
    repository, path, commit = record["repository"], record["path"], record["commit"]
    if not isinstance(repository, str) or not _REPOSITORY.fullmatch(repository):
        wrong.append("repository is not owner/name")
    if not isinstance(path, str) or not _README.fullmatch(path):
        wrong.append("path is not a README")
    if not isinstance(commit, str) or not _COMMIT.fullmatch(commit):
        wrong.append("commit is not a 40-digit hexadecimal commit id")
    for key in ("committed", "read_on"):
        if not isinstance(record[key], str) or not _DATE.fullmatch(record[key]):
            wrong.append(f"{key} is not a date (YYYY-MM-DD)")
    if record["licence"] not in OPEN_LICENCES:
        wrong.append("licence is not one that lets the text be redistributed")
    notice = record["notice"]
    if notice is not None and not (isinstance(notice, str) and notice == " ".join(notice.split()) and notice):
        wrong.append("notice is not null or one spaced line (the repository's copyright notices)")
    if record["source"] != f"https://github.com/{repository}/blob/{commit}/{path}":
        wrong.append("source is not the README's address at its commit")
    lines = record["excerpt"]
    if not isinstance(lines, list) or not lines:
        wrong.append("excerpt is not a non-empty list of lines")
    elif not all(isinstance(x, str) and x == " ".join(x.split()) and 0 < len(x) <= MAX_LINE for x in lines):
        wrong.append(f"an excerpt line is empty, longer than {MAX_LINE} characters or not one spaced line")
    return wrong


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a shipped file, checked (:class:`BadShippedReadmes` names the first bad line)."""
    return checked_records(path, problems, BadShippedReadmes)


def readme_of(record: Mapping[str, Any]) -> ReadmeMetadata:
    """A shipped record as the build's README of one repository (its excerpt as Markdown)."""
    from mmr_graph.ingest.readme_text import markdown_of

    return ReadmeMetadata(
        full_name=record["repository"],
        path=record["path"],
        text=markdown_of(list(record["excerpt"])),
        fetched_at=record["read_on"],
        commit=record["commit"],
        licence=record["licence"],
    )


@cache
def _readmes(path: Path) -> dict[str, ReadmeMetadata]:
    return {r["repository"]: readme_of(r) for r in read_records(path)}


def shipped_readmes(repositories: Iterable[str], path: Path | None = None) -> Metadata:
    """The shipped READMEs of ``repositories`` (``owner/name``, a graph's own), keyed by repository IRI,
    with their origin: how many and the first and last day they were read."""
    readmes = _readmes(path or shipped_file())
    found = {GITHUB + r: readmes[r] for r in sorted(set(repositories)) if r in readmes}
    if not found:
        return Metadata()
    days = sorted(r.fetched_at for r in found.values())
    origin = Origin(api="readme", where="shipped", resources=len(found), oldest=days[0], newest=days[-1])
    return Metadata(origins=(origin,), readmes=found)


def default_list_repositories() -> set[str]:
    """The repositories (``owner/name``) the default list's entries link to: the ones a build reads."""
    from mmr_graph.enrich.targets import targets_of_catalog
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.parallel.parse import build_catalog

    return set(targets_of_catalog(build_catalog([default_list()])).repositories)


def assemble(
    collected: Sequence[Mapping[str, Any]], repositories: set[str] | None = None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Shipped records of READMEs as collected (of ``repositories`` only, when given), sorted, and the
    repositories left out with the reason (and, for those whose licence keeps them out, the commit read:
    what extraction's benchmark read of them can be fetched again)."""
    from mmr_graph.ingest.readme_text import excerpt
    from mmr_graph.vocab import load_vocabulary

    methods = load_vocabulary().methods
    records: dict[str, dict[str, Any]] = {}
    left_out: dict[str, str] = {}
    for item in collected:
        repository, path, commit = item["repository"], item["path"], item["commit"]
        record = {
            "repository": repository,
            "path": path,
            "commit": commit,
            "committed": item["committed"],
            "read_on": item["read_on"],
            "licence": item["licence"],
            "notice": item.get("notice"),
            "source": f"https://github.com/{repository}/blob/{commit}/{path}",
            "excerpt": [line[:MAX_LINE] for line in excerpt(str(item["text"]), methods)],
        }
        if repositories is not None and repository not in repositories:
            left_out[repository] = "not linked by the default list"
        elif record["licence"] not in OPEN_LICENCES:
            licence = record["licence"] or "not given"
            left_out[repository] = f"licence {licence}: not shipped (read at commit {commit})"
        elif not record["excerpt"]:
            left_out[repository] = "names no method, model or distillation"
        elif wrong := problems(record):
            left_out[repository] = wrong[0]
        else:
            records[repository] = record
    return [records[r] for r in sorted(records)], dict(sorted(left_out.items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Assemble the shipped README excerpts.")
    parser.add_argument("collected", type=Path, nargs="+", help="JSON Lines of READMEs as collected")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write both files to")
    args = parser.parse_args(argv)
    collected = [
        json.loads(line)
        for path in args.collected
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    linked = default_list_repositories()
    records, left_out = assemble(collected, linked)
    not_read = sorted(linked - {str(item["repository"]) for item in collected})
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (args.out / FILE).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    days = sorted(r["read_on"] for r in records)
    sidecar = {
        "title": "Excerpts of the READMEs of the default list's repositories",
        "file": FILE,
        "source": "GitHub (https://github.com/): each repository's README at the commit in its record "
        "(source), read from a copy of the repository",
        "licence": "each record's licence (SPDX), the repository's, with its copyright notices (notice); "
        "only repositories under "
        + ", ".join(sorted(OPEN_LICENCES))
        + " are shipped; the licences' texts are in licences/",
        "read_from": days[0] if days else None,
        "read_to": days[-1] if days else None,
        "records": len(records),
        "excerpt_lines": sum(len(r["excerpt"]) for r in records),
        "left_out": left_out,
        "not_read": not_read,  # repositories of the default list whose README could not be read
    }
    (args.out / SIDECAR).write_text(
        json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for repository, why in left_out.items():
        print(f"left out {repository}: {why}", file=sys.stderr)
    print(f"{len(records)} READMEs written to {args.out / FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
