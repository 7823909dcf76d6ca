"""Assemble the shipped arXiv metadata from records read off arxiv.org:
``python -m mmr_graph.enrich.assemble COLLECTED.jsonl... [--out data/metadata]``.

Each input line is a JSON object with ``arxiv_id``, ``title``, ``authors``, ``abstract``,
``abstract_complete``, ``published`` (first version, YYYY-MM-DD), ``categories``, ``doi``, ``journal_ref``,
``sources`` (the arxiv.org addresses read), ``read_on`` and ``found``. The assembly

- keeps the papers of the default list only, and of each paper one record: with several (a first read and
  a second one that found what the first missed), the most complete, then the latest read, with what it
  lacks (authors, first version's date, categories, DOI, journal reference, the whole abstract) taken from
  the others and their sources added to its own (unless a value taken breaks a rule);
- tidies what copying from a page leaves (runs of white space, a version suffix on the id, repeated
  categories or sources, an empty string for "none") and changes nothing else;
- leaves out ``found: false`` records (listed as not found) and records that break a rule of
  :func:`mmr_graph.enrich.shipped.problems` (listed with the rule, for someone to read again);
- writes ``arxiv.jsonl`` (canonical: sorted by id, one line a record) and the sidecar ``arxiv.source.json``
  (source, licence, dates read, counts, what is missing) into ``--out``, and prints the same account.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from mmr_graph.enrich.records import SHIPPED_LICENCE as LICENCE
from mmr_graph.enrich.records import SHIPPED_SOURCE as SOURCE
from mmr_graph.enrich.shipped import FIELDS, FILE, SIDECAR, canonical_line, problems

_VERSION = re.compile(r"v\d+$")
LICENCE_NOTE = (
    "arXiv releases the metadata of its articles (titles, authors, abstracts, dates, categories) under "
    "CC0 1.0 (https://info.arxiv.org/help/license/index.html); its metadata policy states that it may be "
    "reused in non-commercial and commercial systems, with links to full text pointing back to arXiv "
    "(https://info.arxiv.org/help/oa/metadataPolicy.html)."
)


def tidied(raw: dict[str, Any]) -> dict[str, Any]:
    """A collected record in the shipped file's form (its keys, in order; ``found`` dropped)."""

    def text(value: object) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    def listed(value: object) -> Any:
        if not isinstance(value, list):
            return value
        return list(dict.fromkeys(t for v in value if (t := text(v))))

    record: dict[str, Any] = {key: raw.get(key) for key in FIELDS}
    if isinstance(record["arxiv_id"], str):
        record["arxiv_id"] = _VERSION.sub("", record["arxiv_id"].strip())
    for key in ("title", "abstract", "published", "doi", "journal_ref", "read_on"):
        record[key] = text(record[key])
    for key in ("published", "doi", "journal_ref"):
        record[key] = record[key] or None
    record["abstract"] = record["abstract"] or ""
    for key in ("authors", "categories", "sources"):
        record[key] = listed(record[key])
    if not record["abstract"]:
        record["abstract_complete"] = False
    return record


def _completeness(record: dict[str, Any]) -> tuple[object, ...]:
    """How complete a record is, to choose among several of one paper (then the latest read, then the
    text itself, so that the choice never depends on the order of the inputs)."""
    return (
        not problems(record),
        record["abstract_complete"] is True,
        record["published"] is not None,
        len(record["categories"] or ()),
        len(record["authors"] or ()),
        len(record["abstract"] or ""),
        str(record["read_on"]),
        canonical_line(record),
    )


def combined(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One record of a paper read several times: the most complete, what it lacks filled from the others
    (the more complete first), their sources added."""
    ordered = sorted(records, key=_completeness, reverse=True)
    record = dict(ordered[0])
    for other in ordered[1:]:
        for key in ("authors", "categories"):
            if not record[key] and isinstance(other[key], list) and other[key]:
                record[key] = other[key]
        for key in ("published", "doi", "journal_ref"):
            if record[key] is None and other[key] is not None:
                record[key] = other[key]
        if not record["abstract_complete"] and other["abstract_complete"] is True and other["abstract"]:
            record["abstract"], record["abstract_complete"] = other["abstract"], True
        if isinstance(record["sources"], list) and isinstance(other["sources"], list):
            record["sources"] = list(dict.fromkeys(record["sources"] + other["sources"]))
        record["read_on"] = max(str(record["read_on"]), str(other["read_on"]))
    if problems(record) and not problems(ordered[0]):
        return ordered[0]  # a value taken from another read broke a rule: the best read alone
    return record


def assemble(lines: Iterable[tuple[str, str]], wanted: set[str]) -> dict[str, Any]:
    """The shipped records and the account of the assembly, from ``(where, line)`` pairs (``where``:
    ``file:line``); ``wanted`` are the arXiv ids of the default list."""
    reads: dict[str, list[dict[str, Any]]] = {}
    not_found: set[str] = set()
    unreadable: list[str] = []
    outside: set[str] = set()
    for where, line in lines:
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except ValueError:
            unreadable.append(f"{where}: not JSON")
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("arxiv_id"), str):
            unreadable.append(f"{where}: not a record with an arxiv_id")
            continue
        record = tidied(raw)
        arxiv_id = record["arxiv_id"]
        if arxiv_id not in wanted:
            outside.add(arxiv_id)
        elif raw.get("found") is False:
            not_found.add(arxiv_id)
        else:
            reads.setdefault(arxiv_id, []).append(record)
    kept, left_out = [], {}
    for arxiv_id, records in sorted(reads.items()):
        record = combined(records)
        wrong = problems(record)
        if wrong:
            left_out[arxiv_id] = "; ".join(wrong)
        else:
            kept.append(record)
    found = set(reads)
    days = sorted(r["read_on"] for r in kept)
    return {
        "records": kept,
        "read_from": days[0] if days else None,
        "read_to": days[-1] if days else None,
        "complete_abstracts": sum(r["abstract_complete"] for r in kept),
        "not_found": sorted(not_found - found),
        "left_out": left_out,
        "missing": sorted(wanted - found - not_found),
        "not_in_the_list": sorted(outside),
        "unreadable": unreadable,
    }


def sidecar(account: dict[str, Any], list_name: str, papers_in_list: int) -> dict[str, Any]:
    """The sidecar's description of the shipped file."""
    return {
        "title": f"arXiv metadata of the papers of {list_name}",
        "file": FILE,
        "source": f"arXiv ({SOURCE}): each paper's abstract page (https://arxiv.org/abs/ID) and HTML "
        "version (https://arxiv.org/html/ID); each record lists the addresses read (sources) and the day "
        "(read_on)",
        "licence": "CC0-1.0",
        "licence_url": LICENCE,
        "licence_note": LICENCE_NOTE,
        "read_from": account["read_from"],
        "read_to": account["read_to"],
        "list": list_name,
        "papers_in_list": papers_in_list,
        "records": len(account["records"]),
        "complete_abstracts": account["complete_abstracts"],
        "not_found": account["not_found"],
        "left_out": account["left_out"],
        "missing": account["missing"],
        "assembled_with": "python -m mmr_graph.enrich.assemble COLLECTED.jsonl... --out data/metadata",
    }


def default_list_papers() -> tuple[str, set[str]]:
    """The default list's file name and the arXiv ids its entries link to."""
    from mmr_graph.enrich.targets import targets_of_catalog
    from mmr_graph.ingest.catalog import default_list
    from mmr_graph.parallel.parse import build_catalog

    path = default_list()
    return path.name, set(targets_of_catalog(build_catalog([path])).arxiv)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmr_graph.enrich.assemble",
        description="Assemble the shipped arXiv metadata (arxiv.jsonl and arxiv.source.json).",
    )
    parser.add_argument("inputs", nargs="+", type=Path, help="collected records, JSON Lines")
    parser.add_argument("--out", type=Path, default=Path("data/metadata"), help="folder to write into")
    args = parser.parse_args(argv)
    list_name, wanted = default_list_papers()
    lines: list[tuple[str, str]] = []
    for path in args.inputs:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{path}: cannot be read ({exc})", file=sys.stderr)
            return 1
        lines += [(f"{path}:{n}", line) for n, line in enumerate(text.splitlines(), 1)]
    account = assemble(lines, wanted)
    args.out.mkdir(parents=True, exist_ok=True)
    body = "".join(canonical_line(r) + "\n" for r in account["records"])
    (args.out / FILE).write_text(body, encoding="utf-8")
    about = sidecar(account, list_name, len(wanted))
    (args.out / SIDECAR).write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out / FILE}: {about['records']} of {len(wanted)} papers of {list_name} "
          f"({about['complete_abstracts']} complete abstracts), read {about['read_from']} to "
          f"{about['read_to']}")  # fmt: skip
    print(f"  not found on arXiv: {len(about['not_found'])}; no record yet: {len(about['missing'])}")
    for arxiv_id, why in about["left_out"].items():
        print(f"  left out {arxiv_id}: {why}")
    for note in account["unreadable"]:
        print(f"  {note}", file=sys.stderr)
    if account["not_in_the_list"]:
        print(f"  not papers of the list, ignored: {', '.join(account['not_in_the_list'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
