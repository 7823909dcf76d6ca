"""The link checker's report: a table for people (problems first) and a JSON file for machines."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from mmr_graph.check.links import NOT_TRIED_OFFLINE, Checked, offline, outcome_record

# worst first; "slow" is a flag on ok and redirected URLs, reported as its own group
STATUS_ORDER = ("dead", "timeout", "error", "blocked", "skipped", "redirected", "ok")
FAIL_CATEGORIES = ("dead", "timeout", "error", "blocked", "skipped", "redirected", "slow")
_USED_BY_SHOWN = 3
_SKIPPED_SHOWN = 20  # skipped URLs listed on screen (all are in the JSON report)


def is_slow(checked: Checked, slow: float) -> bool:
    return checked.outcome.status in ("ok", "redirected") and checked.outcome.seconds > slow


def summarize(results: list[Checked], slow: float) -> dict[str, int]:
    counts = Counter(c.outcome.status for c in results)
    summary = {"urls": len(results), "from cache": sum(c.cached for c in results)}
    summary.update({status: counts.get(status, 0) for status in reversed(STATUS_ORDER)})
    summary["slow"] = sum(is_slow(c, slow) for c in results)
    return summary


def failing(results: list[Checked], categories: tuple[str, ...], slow: float) -> list[Checked]:
    """The results in any of ``categories`` (statuses, or "slow")."""
    return [
        c for c in results if c.outcome.status in categories or ("slow" in categories and is_slow(c, slow))
    ]


def offline_note(results: list[Checked]) -> str | None:
    """One sentence when the run stopped because nothing could be reached, else None."""
    if not offline(results):
        return None
    not_tried = sum(c.outcome.error == NOT_TRIED_OFFLINE for c in results)
    tried = sum(not c.cached and c.outcome.status != "skipped" for c in results)
    return (
        f"offline? none of the {tried} URLs tried got an answer (names do not resolve or connections fail); "
        f"the other {not_tried} were not tried and nothing was cached"
    )


def _sort_key(checked: Checked) -> tuple[int, str]:
    return STATUS_ORDER.index(checked.outcome.status), checked.outcome.url


def format_report(results: list[Checked], slow: float, seconds: float) -> list[str]:
    """Lines for the terminal: a summary, then each group of problems with the entries that use the URL."""
    summary = summarize(results, slow)
    counts = ", ".join(f"{summary[s]} {s}" for s in reversed(STATUS_ORDER) if summary[s])
    lines = [
        f"checked {summary['urls']} URLs in {seconds:.1f} s ({summary['from cache']} from cache): "
        f"{counts or 'nothing to check'}; {summary['slow']} slow (> {slow:g} s)"
    ]
    if offline(results):  # one line says it all (offline_note), not a row per URL
        return lines
    groups: list[tuple[str, list[Checked]]] = [
        (status, sorted((c for c in results if c.outcome.status == status), key=_sort_key))
        for status in STATUS_ORDER
        if status != "ok"
    ]
    groups.append(
        ("slow", sorted((c for c in results if is_slow(c, slow)), key=lambda c: -c.outcome.seconds))
    )
    for name, members in groups:
        if not members:
            continue
        lines.append(f"{name} ({len(members)})")
        shown = members[:_SKIPPED_SHOWN] if name == "skipped" else members
        for checked in shown:
            lines += _describe(checked, name)
        if len(shown) < len(members):
            lines.append(f"  ... and {len(members) - len(shown)} more (in the JSON report)")
    return lines


def _describe(checked: Checked, group: str) -> list[str]:
    outcome = checked.outcome
    if group == "slow":
        first = f"  {outcome.seconds:5.1f} s  {outcome.url}"
    else:
        code = str(outcome.http_status or (outcome.redirects[0][0] if outcome.redirects else "---"))
        first = f"  {code:>5}  {outcome.url}"
        if group == "redirected" and outcome.final_url:
            hops = f" ({len(outcome.redirects)} redirects)" if len(outcome.redirects) > 1 else ""
            first += f" -> {outcome.final_url}{hops}"
        elif outcome.error:
            tries = f", {outcome.attempts} attempts" if outcome.attempts > 1 else ""
            first += f"  ({outcome.error}{tries})"
    lines = [first]
    if checked.referrers:
        shown = ", ".join(checked.referrers[:_USED_BY_SHOWN])
        more = len(checked.referrers) - _USED_BY_SHOWN
        lines.append(f"         used by {shown}" + (f" and {more} more" if more > 0 else ""))
    return lines


def report_json(
    results: list[Checked], *, graph: str, settings: dict[str, Any], seconds: float, slow: float
) -> bytes:
    """The machine-readable report: summary, settings and one record per URL, problems first."""
    records = []
    for checked in sorted(results, key=_sort_key):
        record = outcome_record(checked.outcome)
        record.update(slow=is_slow(checked, slow), cached=checked.cached, used_by=checked.referrers)
        records.append(record)
    data = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "graph": graph,
        "seconds": round(seconds, 2),
        "settings": settings,
        "summary": {**summarize(results, slow), "offline": offline(results)},
        "results": records,
    }
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
