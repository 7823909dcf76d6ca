"""The facts of entries: the curated record where there is one, else what the graph's texts say.

Curated records (``data/curated.yaml``) win. For an entry without one, as in a user's own list, methods,
base models, teachers and kind are extracted from everything known about it: its title, the rest of its
list text (description and notes) and, once enrichment metadata is read, its paper's abstract, its
repository's README and the Hub tags of its Hugging Face models (:func:`with_texts`,
:mod:`mmr_graph.ingest.hub_tags`). Each extracted fact keeps a :class:`~mmr_graph.model.Finding`: the text it
was read in and that text's URL (the list's source for list text, the abstract page for an abstract, the
repository for its README, the model's page for its tags).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

from mmr_graph.identity.iris import model_iri
from mmr_graph.identity.keys import slug
from mmr_graph.ingest.curated import CuratedRecord
from mmr_graph.ingest.extraction import MAX_TEXT, TRAINING_FREE, capitals_only, methods_in, sentences
from mmr_graph.ingest.hub_tags import ModelTags, hub_findings, hub_models
from mmr_graph.ingest.model_names import models_in, unnamed_teacher
from mmr_graph.ingest.readme_text import excerpt
from mmr_graph.model import (
    Catalog,
    Entry,
    FactField,
    Facts,
    Finding,
    LinkKind,
    SourceList,
    TextSource,
)
from mmr_graph.vocab import Scheme, Vocabulary

__all__ = [
    "capitals_only",
    "extract_methods",
    "facts_for",
    "guess_kind",
    "readme_repositories",
    "with_list_text",
    "with_texts",
]

# section words -> kind notation, for entries without a curated record
_SECTION_KINDS = [
    ("survey", "survey"),
    ("review", "survey"),
    ("benchmark", "benchmark"),
    ("evaluation", "benchmark"),
    ("dataset", "dataset"),
    ("data", "dataset"),
    ("infra", "framework"),
    ("framework", "framework"),
    ("tool", "framework"),
    ("librar", "framework"),
    ("related", "collection"),
    ("collection", "collection"),
    ("awesome", "collection"),
]
# what a title calls the work, when its section does not say
_TITLE_KINDS = [
    (re.compile(r"\bmethods?\b", re.IGNORECASE), "method"),  # "A Dataset, Benchmark, and GRPO-based Method"
    (re.compile(r"\b(?:survey|review)\b", re.IGNORECASE), "survey"),
    (
        re.compile(
            r"\bbenchmark(?:s|ing)?\b|\w-?Bench\b|\b(?:evaluating|assessing)\b|\bhow (?:good|well|far)\b",
            re.IGNORECASE,
        ),
        "benchmark",
    ),
    (re.compile(r"\b(?:toolkit|library)\b", re.IGNORECASE), "framework"),
    (re.compile(r"\bdataset\b", re.IGNORECASE), "dataset"),
]
_TITLE_KIND_WORDS = (
    "method",
    "survey",
    "review",
    "bench",
    "evaluat",
    "assess",
    "how ",
    "toolkit",
    "librar",
    "dataset",
)
# kinds of work that use no method of their own (data/curated.yaml gives them none)
_NO_METHODS = frozenset({"survey", "collection"})
# what a dataset's own pipeline can have done that its texts show (data/README.md: a dataset's methods are
# what its pipeline did, not the training it is meant for): these and their narrower concepts. Narrower than
# the curation rule on purpose: a reward model that filtered a dataset is rarely told from one it is for
_DATA_METHODS = frozenset({"DISTILL", "SEARCH"})
# what an abstract's first sentence about the work says it introduces
_ABSTRACT_KIND = re.compile(
    r"\b(?:we|this paper|this work)\s+(?:first\s+)?"
    r"(?:introduce|present|propose|construct|build|release|curate|develop)s?\s+(?:[\w-]+,?\s+){0,4}?(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(benchmark|dataset|survey)\b",
    re.IGNORECASE,
)
_KIND_OF_WORD = {"benchmark": "benchmark", "dataset": "dataset", "survey": "survey"}
# the fields of Facts that name models
_MODEL_FIELDS = frozenset({"base_models", "distilled_from"})


def extract_methods(title: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Method notations the title says the work uses (longest label wins an overlap): see
    :mod:`mmr_graph.ingest.extraction` for what is not a use (a work's name, a comparison, a baseline)."""
    return methods_in(title, vocab.methods, background=False)


@lru_cache(maxsize=1 << 12)  # entries share a few hundred sections
def guess_kind(sections: tuple[tuple[str, ...], ...]) -> str:
    """The kind of work the first section heading naming one suggests (a 'Benchmarks' section...)."""
    for section in sections:
        text = " ".join(section).lower()
        for word, kind in _SECTION_KINDS:
            if word in text:
                return kind
    return "method"


def facts_for(
    title: str, sections: tuple[tuple[str, ...], ...], record: CuratedRecord | None, vocab: Vocabulary
) -> Facts:
    """An entry's facts: its curated record if it has one, else what its title and sections say (the rest
    of the list text and the list's URL are added by :func:`with_list_text`).

    Called while entries are built, so that each entry is made once, facts included."""
    if record is not None:
        return Facts(
            source="curated",
            kind=record.kind,
            methods=record.methods,
            base_models=record.base_models,
            distilled_from=record.distilled_from,
            modalities=record.modalities,
            evidence=record.evidence,
            note=record.note,
        )
    return _from_texts(vocab.methods, title, sections, "", None)


def with_list_text(entries: Iterable[Entry], lists: Iterable[SourceList], vocab: Vocabulary) -> list[Entry]:
    """The entries, those without a curated record with facts read from their whole list text (title,
    description and notes), each fact's evidence the URL of the list the entry was read from."""
    urls = {source.id: _list_url(source) for source in lists}
    out = []
    for entry in entries:
        if entry.facts is not None and entry.facts.source == "extracted":
            evidence = urls.get(entry.occurrences[0].list_id) if entry.occurrences else None
            facts = _from_texts(vocab.methods, entry.title, entry.sections, entry.description, evidence)
            entry = dataclasses.replace(entry, facts=facts)
        out.append(entry)
    return out


def with_texts(
    catalog: Catalog,
    vocab: Vocabulary,
    abstracts: Mapping[str, str] | None = None,
    readmes: Mapping[str, str] | None = None,
    models: Mapping[str, ModelTags] | None = None,
) -> Catalog:
    """The catalog with the extracted facts of each entry whose paper has an abstract in ``abstracts``
    (paper IRI -> text), whose repository has a README in ``readmes`` (repository IRI -> Markdown) or whose
    own Hugging Face models have tags in ``models`` (model IRI -> its tags) read again, now from those texts
    and tags too (curated facts are kept as they are)."""
    abstracts, readmes, models = abstracts or {}, readmes or {}, models or {}
    if not abstracts and not readmes and not models:
        return catalog
    urls = {source.id: _list_url(source) for source in catalog.lists}
    entries = list(catalog.entries)
    own = readme_repositories(catalog)
    own_models = hub_models(catalog) if models else {}
    changed = False
    for index, entry in enumerate(entries):
        if entry.facts is None or entry.facts.source != "extracted":
            continue
        paper = next(
            (link.iri for link in entry.links if link.kind is LinkKind.PAPER and link.iri in abstracts), None
        )
        repository = own.get(entry.key)
        repository = repository if repository in readmes else None
        linked = [link.iri for link in entry.links if link.kind is LinkKind.MODEL]
        hub = tuple(
            finding
            for model in own_models.get(entry.key, ())
            if model in models
            for finding in hub_findings(model, models[model], vocab.methods, linked)
        )
        if paper is None and repository is None and not hub:
            continue
        evidence = urls.get(entry.occurrences[0].list_id) if entry.occurrences else None
        facts = _from_texts(
            vocab.methods,
            entry.title,
            entry.sections,
            entry.description,
            evidence,
            abstracts[paper][:MAX_TEXT] if paper else "",  # what extraction reads: the memo keeps no more
            paper,
            "\n".join(excerpt(readmes[repository], vocab.methods))[:MAX_TEXT] if repository else "",
            repository,
            hub,
        )
        entries[index] = dataclasses.replace(entry, facts=facts)
        changed = True
    return dataclasses.replace(catalog, entries=tuple(entries)) if changed else catalog


def readme_repositories(catalog: Catalog) -> dict[str, str]:
    """Entry key -> the repository whose README speaks for the entry: the one repository it links, linked as
    a whole (not a folder or a file in it, whose README is another) and linked by no other entry. An entry
    that links several (its own and one it builds on) or a repository several entries link (a family's) has
    none: which work the README describes cannot be told."""
    code = {
        entry.key: [link for link in entry.links if link.kind is LinkKind.CODE] for entry in catalog.entries
    }
    linked = Counter(iri for links in code.values() for iri in {link.iri for link in links})
    return {
        key: links[0].iri
        for key, links in code.items()
        if links
        and len({link.iri for link in links}) == 1
        and linked[links[0].iri] == 1
        and all(_whole_repository(link.url) for link in links)
    }


def _whole_repository(url: str) -> bool:
    """Whether a GitHub URL points at a repository itself: its root, at a branch (``tree/main``) or its
    README, not a folder or another file in it."""
    rest = [part for part in urlsplit(url).path.split("/") if part][2:]
    return (
        not rest
        or (rest[0] == "tree" and len(rest) == 2)
        or (rest[0] == "blob" and len(rest) == 3 and rest[2].lower().startswith("readme"))
    )


def _list_url(source: SourceList) -> str | None:
    """The web address of a list's text: where it was read, else its upstream repository."""
    for url in (source.source, source.upstream):
        if url and url.startswith(("https://", "http://")):
            return url
    return None


@lru_cache(maxsize=1 << 12)  # many entries of a large list share a title's few facts
def _from_texts(
    methods: Scheme,
    title: str,
    sections: tuple[tuple[str, ...], ...],
    description: str,
    list_url: str | None,
    abstract: str = "",
    paper: str | None = None,
    readme: str = "",
    repository: str | None = None,
    hub: tuple[Finding, ...] = (),
) -> Facts:
    """The facts read from an entry's texts, each with its finding (first the title, then the list text,
    then the abstract, then the README's prose, then the facts ``hub`` tags of its models state: a fact is
    credited to the first that states it, except a base model the Hub names, see
    :func:`_one_finding_per_model`)."""
    name = title.split(":", 1)[0].strip() if ":" in title[:60] else ""
    # (source, text, its URL, background: prose that speaks of other work too, lead: an opening about it)
    texts: list[tuple[TextSource, str, str | None, bool, bool]] = [("title", title, list_url, False, False)]
    if description:
        texts.append(("list text", description[:MAX_TEXT], list_url, False, False))
    if abstract:
        texts.append(("abstract", abstract[:MAX_TEXT], paper, True, True))
    if readme:
        texts.append(("readme", readme[:MAX_TEXT], repository, True, False))
    found: dict[tuple[str, str], Finding] = {}

    def add(field: FactField, values: Iterable[str], source: TextSource, evidence: str | None) -> None:
        for value in values:
            finding = Finding(field=field, value=value, source=source, evidence=evidence)
            found.setdefault((field, value), finding)

    for source, text, evidence, background, lead in texts:
        add("methods", methods_in(text, methods, name, background, lead), source, evidence)
        bases, teachers = models_in(text, name, background, lead)
        add("base_models", bases, source, evidence)
        add("distilled_from", teachers, source, evidence)
        if teachers or unnamed_teacher(text, name, background, lead):
            add("methods", ("DISTILL",), source, evidence)
    for finding in hub:
        found.setdefault((finding.field, finding.value), finding)
    found = _one_finding_per_model(found)
    trains = any(f == "methods" and v not in TRAINING_FREE for f, v in found)
    kind, kind_source, kind_evidence = _kind(
        title, sections, "" if trains else abstract, name, list_url, paper
    )
    add("kind", (kind,), kind_source, kind_evidence)
    if kind in _NO_METHODS:  # a survey or a collection reviews methods, it uses none
        found = {k: f for k, f in found.items() if k[0] != "methods"}
    elif kind == "dataset":  # the training a dataset is for is not its method
        found = {k: f for k, f in found.items() if k[0] != "methods" or _makes_data(methods, k[1])}
    values = {
        field: tuple(v for f, v in found if f == field)
        for field in ("methods", "base_models", "distilled_from")
    }
    return Facts(
        source="extracted",
        kind=kind,
        methods=values["methods"],
        base_models=tuple(b for b in values["base_models"] if b not in values["distilled_from"]),
        distilled_from=values["distilled_from"],
        found=tuple(found.values()),
    )


def _makes_data(methods: Scheme, notation: str) -> bool:
    """Whether the method is one of :data:`_DATA_METHODS` or narrower than one."""
    by_iri = {concept.iri: concept for concept in methods.concepts.values()}
    todo, seen = [notation], set()
    while todo:
        current = todo.pop()
        if current in _DATA_METHODS:
            return True
        concept = methods.concepts.get(current)
        if concept is None or current in seen:
            continue
        seen.add(current)
        todo += [by_iri[b].notation for b in concept.broader if b in by_iri]
    return False


def _one_finding_per_model(found: dict[tuple[str, str], Finding]) -> dict[tuple[str, str], Finding]:
    """The findings with one base model and one teacher a model: names whose model IRIs end alike (two
    spellings of one name, "Qwen2.5-VL-7B" and "Qwen2.5-vl-7B") would be one model, or one qualified
    statement (``…/assertion/baseModel/qwen2-5-vl-7b``) with two sources, so the first read is kept.

    A base model the Hub names (``Qwen/Qwen2.5-VL-7B-Instruct``) stands for a text's name of it, spelt alike
    or shorter ("Qwen2.5-VL-7B", which the id extends by a part): the id names the exact repository, whose
    page is the model's IRI."""
    hub = [model_key(f.value) for f in found.values() if f.source == "hub" and f.field == "base_models"]
    kept: dict[tuple[str, str], Finding] = {}
    for finding in found.values():
        if finding.field not in _MODEL_FIELDS:
            continue
        key = model_key(finding.value)
        if finding.field == "base_models" and finding.source != "hub":
            key = key if key in hub else next((k for k in hub if k.startswith(key + "-")), key)
        held = kept.get((finding.field, key))
        if held is None or (finding.source == "hub" and held.source != "hub"):
            kept[(finding.field, key)] = finding
    chosen = set(kept.values())
    return {k: f for k, f in found.items() if k[0] not in _MODEL_FIELDS or f in chosen}


def model_key(name: str) -> str:
    """What tells models apart in the graph: the last part of a model's IRI, as the IRI of a statement about
    it spells it (:func:`~mmr_graph.identity.iris.model_iri`, then :func:`~mmr_graph.identity.keys.slug`)."""
    return slug(str(model_iri(name)).rstrip("/").rsplit("/", 1)[-1])


def _kind(
    title: str,
    sections: tuple[tuple[str, ...], ...],
    abstract: str,
    name: str,
    list_url: str | None,
    paper: str | None,
) -> tuple[str, TextSource, str | None]:
    """The kind of work: its section's if that names one, else its title's, else its abstract's claim (a
    work whose texts say it trains a model is a method, whatever data it also introduces: ``abstract`` is
    then empty)."""
    by_section = guess_kind(sections)
    if by_section != "method":
        return by_section, "list text", list_url
    lower = title.lower()
    if any(word in lower for word in _TITLE_KIND_WORDS):  # one quick look before the patterns
        for pattern, kind in _TITLE_KINDS:
            if pattern.search(title):
                return kind, "title", list_url
    for sentence in sentences(abstract, name):
        if sentence.own:
            match = _ABSTRACT_KIND.search(sentence.text)
            if match:
                return _KIND_OF_WORD[match.group(1).lower()], "abstract", paper
            break  # only the first sentence about the work says what it is
    return "method", "list text", list_url
