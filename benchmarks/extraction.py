"""How well extraction finds the methods of curated entries with their records hidden.

The curated entries are split once, before any extraction pattern was written: ``extraction_heldout.txt``
lists a seeded random third of their keys (the held-out split); the others are the training split. Patterns
and labels were tuned only on the training split; the held-out entries' records, titles, abstracts and READMEs
were not read while writing them. Before every look at the data left the split out, a few held-out items were
seen once while checking data formats: the record of 2410.16198, the abstract of 2502.19634 and the titles on
lines 100-130 of the 2025-07-21 list; no pattern came from them. A review of the README section rule saw the
README headings of every repository; its two fixes rest on the wording of the rule ("preference" is not
"references"; a work's own contributions are not a guide to contributing). The records themselves were
audited for SFT, distillation and learned rewards, all of them, by reviewers who saw neither extraction's
output nor the split; those three methods were picked for it because their held-out precision was the
lowest (README, "How well extraction does"); whoever applied it saw one quoted sentence of each of the seven held-out
records it changed, and a review of those changes read the abstracts or READMEs of T2I-R1, Flow-GRPO,
Visionary-R1, Embodied-R, RL with Cold Start, R1-Track and 2505.13973; later patterns came from the training
split and from papers outside the list. Each entry's facts are extracted as
``mmr-graph build`` extracts them for an entry without a record: from its list text (title, description,
notes) and, when the metadata knows its paper or its repository, from the abstract and the README. Scores are per method, and micro-averaged over GRPO, PPO,
DPO, SFT, RL, DISTILL and RM; a method implies its broader concepts (``skos:broader`` in
``ontology/methods.ttl``) on both sides, so GRPO found where the record says DAPO counts for GRPO and RL, not
for DAPO. The title-only baseline is the fallback before this extraction (labels and altLabels of the scheme
matched in the title). Each split's micro-average comes with 95% intervals, from 2,000 seeded bootstrap
resamples of its entries.

    python benchmarks/extraction.py                   # both splits, with the shipped abstracts and READMEs
    python benchmarks/extraction.py --abstracts --readmes   # the list text alone
    mmr-graph enrich --cache DIR && python benchmarks/extraction.py --cache DIR   # as an enriched build reads

``--abstracts`` takes JSON Lines files of arXiv metadata (one object per line with ``arxiv_id`` and
``abstract``, as ``data/metadata/arxiv.jsonl``), by default the shipped file where it exists; ``--readmes``
JSON Lines of README excerpts (``repository`` and ``excerpt``, as ``data/metadata/github-readmes.jsonl``) or
of whole READMEs (``repository`` and ``text``), by default the shipped file. The READMEs that cannot be
shipped are named in ``data/metadata/github-readmes.source.json`` with the commit they were read at. ``--cache
DIR`` adds what an ``mmr-graph enrich`` cache holds for the list's papers, repositories and models (abstracts,
whole READMEs and Hugging Face models' tags, read as ``mmr-graph build --cache DIR`` reads them: with the
shipped files, the newer record of each paper and README wins; over files given with ``--abstracts`` or
``--readmes``, the cache's): the figure a user's enriched build reaches, READMEs that cannot be shipped
included. The column "no README" is extraction from the list text and abstracts alone.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mmr_graph.identity.keys import label_key
from mmr_graph.identity.namespaces import ARXIV, GITHUB
from mmr_graph.ingest.catalog import build_catalog, default_list
from mmr_graph.ingest.curated import load_records
from mmr_graph.ingest.entry_facts import guess_kind, readme_repositories, with_texts
from mmr_graph.ingest.hub_tags import ModelTags
from mmr_graph.ingest.readme_text import markdown_of
from mmr_graph.model import Entry, Facts
from mmr_graph.resources import resource
from mmr_graph.vocab import Scheme, Vocabulary, load_vocabulary

HERE = Path(__file__).resolve().parent
HELDOUT = HERE / "extraction_heldout.txt"
SHIPPED = HERE.parent / "data" / "metadata" / "arxiv.jsonl"  # the shipped arXiv metadata, where present
READMES = HERE.parent / "data" / "metadata" / "github-readmes.jsonl"  # the shipped README excerpts
CORE = ("GRPO", "PPO", "DPO", "SFT", "RL", "DISTILL", "RM")


@dataclass
class Score:
    """True positives, false positives and false negatives of one method (or of several, summed)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Report:
    """The scores of one split by one extractor."""

    entries: int = 0
    with_abstract: int = 0
    with_readme: int = 0
    methods: dict[str, Score] = field(default_factory=dict)
    kind_right: int = 0
    models: dict[str, Score] = field(default_factory=dict)  # "base models", "teachers"
    per_entry: list[Score] = field(default_factory=list)  # each entry's micro score over CORE

    def micro(self, notations: Iterable[str] = CORE) -> Score:
        total = Score()
        for notation in notations:
            score = self.methods.get(notation, Score())
            total.tp, total.fp, total.fn = total.tp + score.tp, total.fp + score.fp, total.fn + score.fn
        return total


def read_keys(path: Path) -> list[str]:
    """The keys of a split file: one per line, ``#`` comments and blank lines ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_abstracts(paths: Iterable[Path]) -> dict[str, str]:
    """Paper IRI -> abstract, from JSON Lines files of arXiv metadata (later files win)."""
    return {
        ARXIV + str(record["arxiv_id"]): str(record["abstract"])
        for record in _json_lines(paths)
        if record.get("abstract")
    }


def read_readmes(paths: Iterable[Path]) -> dict[str, str]:
    """Repository IRI -> README Markdown, from JSON Lines files of README excerpts (``excerpt``, a list of
    lines) or of whole READMEs (``text``), later files winning."""
    return {
        GITHUB + str(record["repository"]): (
            markdown_of(list(record["excerpt"])) if record.get("excerpt") else str(record["text"])
        )
        for record in _json_lines(paths)
        if record.get("excerpt") or record.get("text")
    }


def from_cache(
    cache: Path, lists: Sequence[Path], vocab: Vocabulary, shipped: bool = False
) -> tuple[dict[str, str], dict[str, str], dict[str, ModelTags]]:
    """The abstracts (paper IRI -> text), READMEs (repository IRI -> Markdown) and Hugging Face models' tags
    (model IRI -> tags) an ``mmr-graph enrich`` cache holds for the lists' entries, every record hidden, with
    ``shipped`` the shipped ones too, the newer record of each winning: what ``mmr-graph build --cache`` would
    read."""
    from mmr_graph.enrich.stored import build_metadata
    from mmr_graph.pipeline import abstracts_of, hub_models_of, readmes_of
    from mmr_graph.web import ResponseCache

    plain = build_catalog(list(lists), vocab=vocab, curated=False)
    metadata = build_metadata(plain, ResponseCache(cache), shipped=shipped)
    return abstracts_of(metadata), readmes_of(metadata), hub_models_of(metadata)


def _json_lines(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def closure(notations: Iterable[str], scheme: Scheme) -> set[str]:
    """The notations and those of all their broader concepts (GRPO -> GRPO, RL)."""
    by_iri = {c.iri: c.notation for c in scheme.concepts.values()}
    out: set[str] = set()
    todo = list(notations)
    while todo:
        notation = todo.pop()
        if notation in out or notation not in scheme.concepts:
            continue
        out.add(notation)
        todo += [by_iri[b] for b in scheme.concepts[notation].broader if b in by_iri]
    return out


def title_fallback(title: str, scheme: Scheme) -> tuple[str, ...]:
    """The methods the fallback before extraction found: notations, prefLabels and altLabels (no hidden
    labels) in the title, whole words, a label ending a hyphenated name skipped, capitals kept."""
    found: list[str] = []
    labels = {
        label_key(label): c
        for c in scheme.concepts.values()
        for label in (c.notation, c.pref_label, *c.alt_labels)
    }
    for match in scheme.label_pattern().finditer(title):
        text, start = match.group(1), match.start(1)
        if start > 1 and title[start - 1] == "-" and title[start - 2].isalnum():
            continue
        concept = labels.get(label_key(text))
        if concept is None or concept.notation in found:
            continue
        same = [
            x
            for x in (concept.notation, concept.pref_label, *concept.alt_labels)
            if label_key(x) == label_key(text)
        ]
        if all(x.isupper() for x in same) and text not in same:
            continue
        found.append(concept.notation)
    return tuple(found)


def same_model(found: str, named: str) -> bool:
    """Whether an extracted model name names the curated one: equal, or one the start of the other, owner,
    case, spaces, hyphens and dots ignored ("Qwen2.5-VL-7B" names "Qwen/Qwen2.5-VL-7B-Instruct")."""
    a, b = label_key(found.rsplit("/", 1)[-1]), label_key(named.rsplit("/", 1)[-1])
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def score_models(found: Sequence[str], named: Sequence[str], score: Score) -> None:
    """Add one entry's extracted models against its curated ones to ``score``."""
    matched = [f for f in found if any(same_model(f, n) for n in named)]
    score.tp += sum(any(same_model(f, n) for f in found) for n in named)
    score.fn += sum(not any(same_model(f, n) for f in found) for n in named)
    score.fp += len(found) - len(matched)


def evaluate(
    keys: Sequence[str],
    truth: Mapping[str, Facts],
    predicted: Mapping[str, Facts],
    scheme: Scheme,
    with_abstract: set[str],
    with_readme: frozenset[str] = frozenset(),
) -> Report:
    """Scores of ``predicted`` facts against ``truth`` over ``keys``."""
    report = Report()
    for key in keys:
        if key not in truth or key not in predicted:
            continue
        report.entries += 1
        report.with_abstract += key in with_abstract
        report.with_readme += key in with_readme
        true, got = truth[key], predicted[key]
        report.kind_right += true.kind == got.kind
        score_models(got.base_models, true.base_models, report.models.setdefault("base models", Score()))
        score_models(got.distilled_from, true.distilled_from, report.models.setdefault("teachers", Score()))
        expected, found = closure(true.methods, scheme), closure(got.methods, scheme)
        entry = Score()
        for notation in expected | found:
            score = report.methods.setdefault(notation, Score())
            counted = entry if notation in CORE else Score()
            if notation in expected and notation in found:
                score.tp, counted.tp = score.tp + 1, counted.tp + 1
            elif notation in found:
                score.fp, counted.fp = score.fp + 1, counted.fp + 1
            else:
                score.fn, counted.fn = score.fn + 1, counted.fn + 1
        report.per_entry.append(entry)
    return report


def interval(
    scores: Sequence[Score], resamples: int = 2000, seed: int = 0
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """95% bootstrap intervals of micro precision and recall, resampling entries (seeded: the same figures
    every run); None without entries."""
    if not scores:
        return None
    rng = random.Random(seed)
    precisions, recalls = [], []
    for _ in range(resamples):
        tp = fp = fn = 0
        for score in rng.choices(scores, k=len(scores)):
            tp, fp, fn = tp + score.tp, fp + score.fp, fn + score.fn
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)

    def bounds(values: list[float]) -> tuple[float, float]:
        values.sort()
        return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]

    return bounds(precisions), bounds(recalls)


def run(
    lists: Sequence[Path],
    curated: Path,
    heldout: Path,
    abstracts: Mapping[str, str],
    vocab: Vocabulary,
    readmes: Mapping[str, str] | None = None,
    models: Mapping[str, ModelTags] | None = None,
) -> dict[str, dict[str, Report]]:
    """Reports by split ("held-out", "training") and extractor ("extraction": every text and ``models``'
    Hub tags; "no README": the list text and abstracts; "title only")."""
    records = load_records(curated, vocab)
    plain = build_catalog(list(lists), vocab=vocab, curated=False)  # every record hidden
    catalog = with_texts(plain, vocab, abstracts, readmes, models)
    entries: dict[str, Entry] = {entry.key: entry for entry in catalog.entries}
    no_readme = {
        entry.key: entry.facts for entry in with_texts(plain, vocab, abstracts).entries if entry.facts
    }
    truth = {
        key: Facts("curated", r.kind, r.methods, r.base_models, r.distilled_from)
        for key, r in records.items()
    }
    extracted = {key: entry.facts for key, entry in entries.items() if entry.facts}
    fallback = {
        key: Facts("extracted", guess_kind(entry.sections), title_fallback(entry.title, vocab.methods))
        for key, entry in entries.items()
    }
    with_abstract = {
        key for key, entry in entries.items() if any(link.iri in abstracts for link in entry.links)
    }
    with_readme = frozenset(  # the entries whose README extraction reads
        key for key, iri in readme_repositories(plain).items() if iri in (readmes or {})
    )
    held = read_keys(heldout)
    held_set = set(held)
    splits = {"held-out": held, "training": sorted(k for k in records if k not in held_set)}
    return {
        split: {
            "extraction": evaluate(keys, truth, extracted, vocab.methods, with_abstract, with_readme),
            "no README": evaluate(keys, truth, no_readme, vocab.methods, with_abstract),
            "title only": evaluate(keys, truth, fallback, vocab.methods, with_abstract),
        }
        for split, keys in splits.items()
    }


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(reports: Mapping[str, Report], methods: Sequence[str]) -> str:
    """A markdown table: precision and recall of each extractor, per method and micro-averaged."""
    names = list(reports)
    header = "| method | " + " | ".join(f"{n} P | {n} R" for n in names) + " | entries with it |"
    rows = [header, "|---|" + "---:|---:|" * len(names) + "---:|"]
    first = reports[names[0]]

    def row(label: str, scores: list[Score], support: int) -> str:
        cells = " | ".join(f"{_number(s.precision)} | {_number(s.recall)}" for s in scores)
        return f"| {label} | {cells} | {support} |"

    for notation in methods:
        scores = [reports[n].methods.get(notation, Score()) for n in names]
        support = first.methods.get(notation, Score()).tp + first.methods.get(notation, Score()).fn
        rows.append(row(notation, scores, support))
    micro = [reports[n].micro() for n in names]
    rows.append(row("**micro (" + ", ".join(CORE) + ")**", micro, micro[0].tp + micro[0].fn))
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--abstracts",
        type=Path,
        nargs="*",
        default=None,
        help="JSON Lines of arXiv metadata (default: the shipped file, if any; none given: list text only)",
    )
    parser.add_argument(
        "--readmes",
        type=Path,
        nargs="*",
        default=None,
        help="JSON Lines of README excerpts (default: the shipped file, if any; none given: no READMEs)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="an `mmr-graph enrich` cache: its abstracts and READMEs are read too, as `build --cache` reads them",
    )
    parser.add_argument("--list", type=Path, nargs="*", default=None, help="lists (default: the shipped one)")
    parser.add_argument("--curated", type=Path, default=None, help="curated records (default: shipped)")
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="the held-out keys")
    parser.add_argument("--split", choices=("held-out", "training", "both"), default="both")
    args = parser.parse_args(argv)
    vocab = load_vocabulary()
    given = args.abstracts if args.abstracts is not None else [p for p in (SHIPPED,) if p.exists()]
    abstracts = read_abstracts(given)
    readmes = read_readmes(
        args.readmes if args.readmes is not None else [p for p in (READMES,) if p.exists()]
    )
    lists = args.list or [default_list()]
    curated = args.curated or Path(resource("curated.yaml"))
    models: dict[str, ModelTags] = {}
    if args.cache is not None and args.cache.exists() and not args.cache.is_dir():
        parser.error(f"--cache {args.cache}: not a folder (an `mmr-graph enrich --cache` folder)")
    if args.cache is not None and args.abstracts is None and args.readmes is None:
        abstracts, readmes, models = from_cache(args.cache, lists, vocab, shipped=True)  # as a build merges
    elif args.cache is not None:  # files given: what the cache holds is read over them
        cached = from_cache(args.cache, lists, vocab)
        abstracts, readmes, models = {**abstracts, **cached[0]}, {**readmes, **cached[1]}, cached[2]
    results = run(lists, curated, args.heldout, abstracts, vocab, readmes, models)
    for split, reports in results.items():
        if args.split not in ("both", split):
            continue
        report = reports["extraction"]
        present = sorted({n for r in reports.values() for n, s in r.methods.items() if s.tp + s.fn})
        methods = [*CORE, *(n for n in present if n not in CORE)]
        micro = report.micro()
        print(
            f"\n### {split} split: {report.entries} entries, {report.with_abstract} with an abstract, "
            f"{report.with_readme} with a README\n"
        )
        print(table(reports, methods))
        fallback = reports["title only"]
        print(
            f"\nmicro P {_number(micro.precision)}, R {_number(micro.recall)}; kind right for "
            f"{report.kind_right} of {report.entries} (title only, by section: {fallback.kind_right})"
        )
        ci = interval(report.per_entry)
        if ci is not None:
            (p_low, p_high), (r_low, r_high) = ci
            print(
                f"95% intervals (bootstrap over entries, 2000 resamples, seed 0): P {p_low:.2f}-{p_high:.2f}, "
                f"R {r_low:.2f}-{r_high:.2f}"
            )
        for name, score in sorted(report.models.items()):
            print(
                f"{name}: P {_number(score.precision)}, R {_number(score.recall)} "
                f"({score.tp + score.fn} named in the records)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
