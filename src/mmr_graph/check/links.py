"""Check every outbound URL of a graph: which URLs, checked how concurrently, and the cache between runs.

The outbound URLs are the canonical IRIs of the linked resources (papers, repositories, datasets,
collections, models, pages, related lists) and each link's URL as written (``mmr:url``); IRIs in the
project's own namespace are not checked. Requests run on a bounded thread pool with at most ``per_host``
at a time to one host, through one client of :mod:`mmr_graph.web`; the run ends by its deadline
(requests in flight then end, reported as skipped), and stops early when nothing can be reached (offline).
Results that will not change soon (ok, redirected, dead) are cached with their date, so a rerun only asks
again for what is older than ``max_age`` or was transient (timeouts, errors).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from mmr_graph.check.probe import RUN_DEADLINE, Outcome, ProbeSettings, client_for, probe
from mmr_graph.export.atomic import write_atomic
from mmr_graph.identity.namespaces import ID_IRI, MMR

RESOURCE_CLASSES = (MMR.Paper, MMR.CodeRepository, MMR.Dataset, MMR.DataCollection, MMR.Model, MMR.WebPage,
                    MMR.AwesomeList)  # fmt: skip
# entry -> resource properties, to name the entries that use a URL
REFERRING = (MMR.paper, MMR.code, MMR.dataset, MMR.dataCollection, MMR.model, MMR.page, MMR.baseModel,
             MMR.distilledFrom)  # fmt: skip
CACHEABLE = frozenset({"ok", "redirected", "dead"})
CACHE_VERSION = 1


@dataclass
class Checked:
    """A URL's outcome, the entries that use it, and whether the outcome came from the cache."""

    outcome: Outcome
    referrers: list[str]
    cached: bool = False


def is_outbound(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://")) and not url.startswith(ID_IRI)


def outbound_urls(graph: Graph) -> dict[str, list[str]]:
    """Every outbound URL of ``graph`` -> the entries that use it, as "label (line N)", sorted."""
    names: dict[Node, str] = {}

    def entry_name(entry: Node) -> str:
        if entry not in names:
            label = graph.value(entry, RDFS.label)
            occurrences = graph.objects(entry, MMR.occurrence)
            lines = sorted(int(line) for occ in occurrences for line in graph.objects(occ, MMR.line))  # type: ignore[call-overload] # integer literals
            name = str(label) if label is not None else str(entry)
            names[entry] = f"{name} (line {lines[0]})" if lines else name
        return names[entry]

    urls: dict[str, set[str]] = {}
    for cls in RESOURCE_CLASSES:
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef) and is_outbound(str(node)):
                refs = urls.setdefault(str(node), set())
                refs.update(entry_name(e) for p in REFERRING for e in graph.subjects(p, node))
    for link, url in graph.subject_objects(MMR.url):
        if is_outbound(str(url)):
            refs = urls.setdefault(str(url).strip(), set())
            refs.update(entry_name(e) for e in graph.subjects(MMR.link, link))
    return {url: sorted(refs) for url, refs in sorted(urls.items())}


# ---------------------------------------------------------------------------------------------------------
# cache


def load_cache(path: Path) -> dict[str, dict[str, Any]]:
    """The cached outcomes by URL; a missing, unreadable or foreign file is an empty cache."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    results = data.get("results")
    return {k: v for k, v in results.items() if isinstance(v, dict)} if isinstance(results, dict) else {}


def save_cache(path: Path, cache: dict[str, dict[str, Any]]) -> None:
    data = {"version": CACHE_VERSION, "results": dict[str, Any](sorted(cache.items()))}
    write_atomic(path, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))


def cached_outcome(record: dict[str, Any], max_age: float, now: dt.datetime) -> Outcome | None:
    """The outcome of a cache record if it is final and younger than ``max_age`` seconds."""
    try:
        checked = dt.datetime.fromisoformat(record["checked_at"])
        if checked.tzinfo is None:
            checked = checked.replace(tzinfo=dt.UTC)
        if record["status"] not in CACHEABLE or (now - checked).total_seconds() > max_age:
            return None
        fields = {k: record[k] for k in Outcome.__dataclass_fields__ if k in record}
        fields["redirects"] = [(int(code), str(url)) for code, url in record.get("redirects", [])]
        return Outcome(**fields)
    except (KeyError, TypeError, ValueError):
        return None


def outcome_record(outcome: Outcome) -> dict[str, Any]:
    record = asdict(outcome)
    record["redirects"] = [list(r) for r in outcome.redirects]
    return record


# ---------------------------------------------------------------------------------------------------------
# the run


@dataclass(frozen=True)
class RunSettings:
    workers: int = 8  # requests in flight at once
    per_host: int = 2  # of which at most this many to one host
    deadline: float = 600.0  # seconds for the whole run; later URLs are reported as skipped
    max_age: float = 7 * 86400.0  # seconds a cached outcome is reused


OFFLINE_AFTER = 8  # hosts without any answer (and none with one) before the run decides it is offline
NOT_TRIED_OFFLINE = "not tried: no URL could be reached, this machine seems to be offline"


class _Watch:
    """Counts answers and hosts without one, to stop early when nothing at all can be reached."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answered = 0
        self.unreachable: set[str] = set()
        self.offline = threading.Event()

    def saw(self, outcome: Outcome) -> None:
        with self.lock:
            if outcome.http_status is not None:
                self.answered += 1
            elif outcome.status in ("dead", "error", "timeout"):
                self.unreachable.add(_host(outcome.url))
            if not self.answered and len(self.unreachable) >= OFFLINE_AFTER:
                self.offline.set()


def check_urls(
    urls: dict[str, list[str]],
    probe_settings: ProbeSettings,
    run: RunSettings,
    cache: dict[str, dict[str, Any]] | None = None,
    progress: Callable[[Checked], None] | None = None,
) -> list[Checked]:
    """Check every URL (cached outcomes first) and return one :class:`Checked` per URL, in input order.

    The run ends by its deadline: requests in flight then end as skipped, URLs not started are skipped.
    When the first hosts tried (:data:`OFFLINE_AFTER`) all failed without any answer, the rest is not
    tried (skipped, :data:`NOT_TRIED_OFFLINE`). ``cache`` is updated in place with the new final outcomes."""
    now = dt.datetime.now(dt.UTC)
    results: dict[str, Checked] = {}
    todo: list[str] = []
    for url, referrers in urls.items():
        hit = cached_outcome(cache[url], run.max_age, now) if cache and url in cache else None
        if hit is not None:
            results[url] = Checked(hit, referrers, cached=True)
        else:
            todo.append(url)
    deadline = time.monotonic() + run.deadline
    limits: dict[str, threading.BoundedSemaphore] = {}
    for url in todo:
        limits.setdefault(_host(url), threading.BoundedSemaphore(max(1, run.per_host)))
    watch = _Watch()
    lock = threading.Lock()
    client = client_for(probe_settings, connections=max(4, run.workers * 2))

    def attempt(url: str) -> Outcome:
        if watch.offline.is_set():
            return _skipped(url, NOT_TRIED_OFFLINE)
        host = limits[_host(url)]
        if not host.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return _skipped(url, RUN_DEADLINE)
        try:
            if watch.offline.is_set():
                return _skipped(url, NOT_TRIED_OFFLINE)
            outcome = probe(url, probe_settings, deadline, client)
        finally:
            host.release()
        watch.saw(outcome)
        return outcome

    def work(url: str) -> Checked:
        checked = Checked(attempt(url), urls[url])
        if progress:
            with lock:
                progress(checked)
        return checked

    pool = ThreadPoolExecutor(max_workers=max(1, run.workers))
    try:
        fresh = list(pool.map(work, _interleave_hosts(todo)))
    except BaseException:  # Ctrl-C: start nothing more, do not wait for the queue
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=False)
        client.close()
    _distrust_if_offline(fresh)
    for checked in fresh:
        results[checked.outcome.url] = checked
        if cache is not None and checked.outcome.status in CACHEABLE:
            cache[checked.outcome.url] = outcome_record(checked.outcome)
    return [results[url] for url in urls]


def _skipped(url: str, why: str) -> Outcome:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return Outcome(url=url, status="skipped", error=why, checked_at=now)


def offline(results: list[Checked]) -> bool:
    """Whether the run stopped early because nothing could be reached."""
    return any(c.outcome.error == NOT_TRIED_OFFLINE for c in results)


def _distrust_if_offline(fresh: list[Checked]) -> None:
    """If no URL got any HTTP answer, "host not found" says more about this machine than about the links:
    such results become errors (not cached) instead of dead links."""
    tried = [c for c in fresh if c.outcome.status != "skipped"]
    if not tried or any(c.outcome.http_status is not None for c in tried):
        return
    for checked in tried:
        if checked.outcome.status == "dead" and checked.outcome.http_status is None:
            checked.outcome.status = "error"
            checked.outcome.error = (
                f"{checked.outcome.error}; no URL answered at all: is this machine offline?"
            )


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _interleave_hosts(urls: list[str]) -> list[str]:
    """Round-robin over hosts, so that the pool works on many hosts at once instead of queueing on one."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(_host(url), []).append(url)
    queues = list(by_host.values())
    order: list[str] = []
    while queues:
        order += [q.pop(0) for q in queues]
        queues = [q for q in queues if q]
    return order
