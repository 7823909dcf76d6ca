"""What the graph of each corpus list holds, against what ``count.py`` counts in its raw text.

``measure`` builds one list's graph (no curated facts) and compares, from the graph alone: arXiv ids
(``mmr:arxivId``), GitHub repositories (``mmr:CodeRepository`` nodes, letter case ignored), Hugging Face
datasets and models, the items found (an expected item is found when an entry links to one of its URLs), the
junk (entries that link to none of the URLs of any expected item), and the venues (``mmr:venue``) and dates
(``dcterms:date``) of the entries whose item states one. ``python tests/corpus/report.py`` rewrites
``docs/corpus.md``; ``tests/test_corpus.py`` checks the figures and that the page is up to date.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from count import ARXIV, GITHUB, GITHUB_NOT_OWNERS, count  # noqa: E402

DOC = HERE.parents[1] / "docs" / "corpus.md"


def records() -> list[dict[str, object]]:
    with (HERE / "lists.yaml").open(encoding="utf-8") as fh:
        return list(yaml.safe_load(fh))


def url_key(url: str) -> str:
    """The key ``count.py`` gives a URL: an arXiv id, a GitHub repository (lower case), or the URL."""
    if m := ARXIV.match(url):
        return "arxiv:" + m.group(1)
    if (m := GITHUB.match(url)) and m.group(1).lower() not in GITHUB_NOT_OWNERS:
        return f"github:{m.group(1).lower()}/{m.group(2).lower()}"
    return "url:" + re.sub(r"^https?://(www\.)?|/$", "", url).lower()


@dataclass
class Measure:
    name: str
    arxiv: tuple[int, int]  # (found, expected)
    github: tuple[int, int]
    hf_datasets: tuple[int, int]
    hf_models: tuple[int, int]
    items: tuple[int, int]
    entries: int
    junk: list[str] = field(default_factory=list)  # titles of the junk entries
    venues: tuple[int, int] = (0, 0)  # (entries with a venue, items stating one)
    dates: tuple[int, int] = (0, 0)
    missing: list[str] = field(default_factory=list)  # keys of expected items not found


def measure(path: Path) -> Measure:
    from rdflib import RDF, Graph, URIRef
    from rdflib.namespace import DCTERMS

    from mmr_graph.ingest import build_catalog
    from mmr_graph.rdf.graph import to_graph

    mmr = "https://w3id.org/mmr-graph/ns#"
    expected = count(path.read_text(encoding="utf-8"))
    graph: Graph = to_graph(build_catalog([path], curated=False))

    def nodes(cls: str) -> set[str]:
        return {str(s) for s in graph.subjects(RDF.type, URIRef(mmr + cls))}

    arxiv = {str(o) for o in graph.objects(None, URIRef(mmr + "arxivId"))}
    github = {
        n.removeprefix("https://github.com/").lower() for n in nodes("CodeRepository") if "github.com/" in n
    }
    hub = "https://huggingface.co/"
    datasets = {n.removeprefix(hub + "datasets/") for n in nodes("Dataset") if n.startswith(hub)}
    models = {n.removeprefix(hub) for n in nodes("Model") if n.startswith(hub)}

    entry_keys: dict[str, set[str]] = {}
    for entry in nodes("Entry"):
        keys = set()
        for link in graph.objects(URIRef(entry), URIRef(mmr + "link")):
            for target in [*graph.objects(link, URIRef(mmr + "url")), *graph.objects(link, DCTERMS.relation)]:
                keys.add(url_key(str(target)))
        entry_keys[entry] = keys
    by_key: dict[str, list[str]] = {}
    for entry, keys in entry_keys.items():
        for key in keys:
            by_key.setdefault(key, []).append(entry)
    all_expected = {url_key(u) for item in expected.items.values() for u in item["urls"]}  # type: ignore[attr-defined]
    junk = sorted(
        str(graph.value(URIRef(e), DCTERMS.title))
        for e, keys in entry_keys.items()
        if not keys & all_expected
    )

    found, missing, venues, dates = 0, [], [0, 0], [0, 0]
    for key, item in expected.items.items():
        urls = {url_key(u) for u in item["urls"]} | {key}  # type: ignore[attr-defined]
        matches = {e for k in urls for e in by_key.get(k, [])}
        if matches:
            found += 1
        else:
            missing.append(key)
        for flag, tally, prop in (
            (item["venue"], venues, URIRef(mmr + "venue")),
            (item["date"], dates, DCTERMS.date),
        ):
            if flag:
                tally[1] += 1
                tally[0] += any(graph.value(URIRef(e), prop) is not None for e in matches)
    return Measure(
        name=path.stem,
        arxiv=(len(arxiv & expected.arxiv), len(expected.arxiv)),
        github=(len(github & expected.github), len(expected.github)),
        hf_datasets=(len(datasets & expected.hf_datasets), len(expected.hf_datasets)),
        hf_models=(len(models & expected.hf_models), len(expected.hf_models)),
        items=(found, len(expected.items)),
        entries=len(entry_keys),
        junk=junk,
        venues=(venues[0], venues[1]),
        dates=(dates[0], dates[1]),
        missing=missing,
    )


def _pair(pair: tuple[int, int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "–"


def page(measures: list[Measure]) -> str:
    lines = [
        "# The corpus: real lists of other shapes",
        "",
        "What the graph of each list in [tests/corpus/](../tests/corpus/) holds, against what",
        "[count.py](../tests/corpus/count.py) counts in the list's raw text without mmr-graph's parser (found /",
        "expected). *Junk* are entries that link to nothing the count names as an item; *venues* and *dates*",
        "are the entries with an `mmr:venue` or a `dcterms:date` among those whose item states one. Written by",
        "`python tests/corpus/report.py`; `tests/test_corpus.py` asserts the thresholds (arXiv ≥ 0.98, GitHub",
        "≥ 0.95, items ≥ 0.95, junk ≤ 2 %, venues and dates ≥ 0.9) and that this page is current.",
        "",
        "| list | arXiv ids | GitHub repos | HF datasets | HF models | items | entries | junk | venues | dates |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in measures:
        lines.append(
            f"| {m.name} | {_pair(m.arxiv)} | {_pair(m.github)} | {_pair(m.hf_datasets)} | {_pair(m.hf_models)} "
            f"| {_pair(m.items)} | {m.entries} | {len(m.junk)} | {_pair(m.venues)} | {_pair(m.dates)} |"
        )
    lines += ["", "Junk entries, by list:", ""]
    for m in measures:
        if m.junk:
            lines.append(f"- {m.name}: " + "; ".join(f"“{t[:80]}”" for t in m.junk))
    if not any(m.junk for m in measures):
        lines.append("- none")
    return "\n".join(lines) + "\n"


def measures() -> list[Measure]:
    return [measure(HERE / "lists" / str(r["file"])) for r in records() if r.get("entries", True)]


if __name__ == "__main__":
    DOC.write_text(page(measures()), encoding="utf-8")
    print(DOC)
