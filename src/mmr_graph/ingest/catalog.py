"""Read list files and merge their items into a :class:`~mmr_graph.model.Catalog`.

Items are merged into entries by key: the arXiv paper if there is one, else another paper record
(OpenReview, ACL Anthology), else the code repository, else a PDF, dataset, collection, model, page or other
link, else the title. The same work listed twice (in one list or in several) is one entry with several
occurrences; two works that share a name but not a key (the two "Vision-R1") stay two entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from mmr_graph.errors import InputError
from mmr_graph.identity.keys import entry_key
from mmr_graph.identity.keys import slug as slugify
from mmr_graph.identity.namespaces import GITHUB
from mmr_graph.ingest.markdown import ParsedList, normalize_space, parse_markdown
from mmr_graph.ingest.occurrences import Children, merge_tags, occurrences, sections_by_list, union_of_links
from mmr_graph.ingest.sources import ListSource
from mmr_graph.ingest.titles import most_complete
from mmr_graph.model import Catalog, Entry, Item, ItemWarning, LinkKind, SourceList
from mmr_graph.resources import resource
from mmr_graph.vocab import Vocabulary, load_vocabulary

if TYPE_CHECKING:
    from mmr_graph.ingest.curated import CuratedRecord

# How a list's text is parsed: ``(text, list id, path, vocabulary) -> ParsedList``; by default in one piece,
# in this process (:mod:`mmr_graph.parallel.parse` parses a large one on all cores)
Parse = Callable[[str, str, str, Vocabulary], ParsedList]
# Which lists a build of several skips (reported) rather than stops at: see :func:`read_lists`
Skip = Literal["empty", "unreadable", "none"]

NO_ENTRIES = (
    "no list entries found (looked for list items, numbered items, table rows and reference paragraphs "
    "with a link to a paper, code, dataset or model)"
)
_SHORT_NAME_SEPARATORS = re.compile(r"\s*(?::|\s-{2,}\s|\s[–—]\s)\s*")


def short_name(title: str) -> str:
    """The part of the title before the first colon (or ' --- ' / ' – ' separator)."""
    parts = _SHORT_NAME_SEPARATORS.split(title, maxsplit=1)
    name = normalize_space(parts[0])
    if len(parts) == 1 and "," in name:
        head = name.split(",", 1)[0].strip()
        if head and " " not in head:  # "HuatuoGPT-o1, Towards ..." -> "HuatuoGPT-o1"
            name = head
    return name or normalize_space(title)


def decode(path: Path | str, data: bytes) -> str:
    """UTF-8 (a byte-order mark is dropped); anything else is an error naming the line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def shipped_lists() -> list[dict[str, Any]]:
    """The records of ``data/lists.yaml``: the snapshots shipped with the package."""
    with resource("lists.yaml").open(encoding="utf-8") as fh:
        records: list[dict[str, Any]] = yaml.safe_load(fh)
    return records


def default_list() -> Path:
    record = next(r for r in shipped_lists() if r.get("default"))
    return resource("lists") / str(record["file"])


def list_id(path: Path) -> str:
    """A list's id: its record's in ``data/lists.yaml`` for a shipped snapshot, else from its file name."""
    for record in shipped_lists():
        if record["file"] == path.name:
            return str(record["id"])
    return slugify(path.stem.replace(".", "-"), 80)


def _source_list(
    given: ListSource, list_key: str, title: str | None, sections: list[tuple[str, ...]]
) -> SourceList:
    """What is known of a list: from where it was fetched, else its record in ``data/lists.yaml``, else a date
    in its file name. A title from a lists file comes before the list's own H1."""
    title = given.title or title
    if not given.local:
        return SourceList(id=list_key, path=given.name, title=title, upstream=given.upstream,
                          source=given.source, commit=given.commit, date=given.date,
                          sections=tuple(sections))  # fmt: skip
    path = given.path or Path(given.name)
    record = next((r for r in shipped_lists() if r["file"] == path.name), {})
    date = given.date or (record["date"] if isinstance(record.get("date"), dt.date) else None)
    m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    if m and date is None:
        try:
            date = dt.date.fromisoformat(m.group(1))
        except ValueError:
            date = None
    return SourceList(
        id=list_key,
        path=path.name,
        title=title,
        upstream=given.upstream or record.get("upstream"),
        source=given.source or record.get("source"),
        commit=given.commit or record.get("commit"),
        date=date,
        sections=tuple(sections),
    )


def as_source(given: Path | str | ListSource) -> ListSource:
    """A list given as a path (or a path's text) as a :class:`ListSource`."""
    if isinstance(given, ListSource):
        return given
    return ListSource(str(given), path=Path(given))


def read_list(
    path: Path | ListSource, vocab: Vocabulary | None = None, parse: Parse = parse_markdown
) -> tuple[SourceList, ParsedList]:
    """Read and parse one list (a markdown file, or a fetched one); problems with it raise
    :class:`InputError`."""
    vocab = vocab or load_vocabulary()
    given = as_source(path)
    data = given.read_bytes()
    text = decode(given.name, data)
    if not text.strip():
        raise InputError(given.name, "file is empty")
    key = given.id or list_id(given.path or Path(given.name))
    parsed = parse(text, key, given.name, vocab)
    source = _source_list(given, key, parsed.title, parsed.sections)
    if not any(not item.mention for item in parsed.items):
        raise InputError(given.name, NO_ENTRIES)
    return source, parsed


def build_catalog(
    paths: Sequence[Path | ListSource], vocab: Vocabulary | None = None, curated: Path | bool | None = True
) -> Catalog:
    """Read every list and merge their items into entries (the title by :mod:`mmr_graph.ingest.titles`, the
    union of the tags and links, what each list says in its occurrence), then
    attach facts: from the curated file (``True``: the shipped ``data/curated.yaml``; a path; ``False``: none)
    and, for entries without a record, from their titles."""
    vocab = vocab or load_vocabulary()
    return catalog_of(read_lists(paths, vocab), vocab, curated)


def read_lists(
    paths: Sequence[Path | ListSource],
    vocab: Vocabulary | None = None,
    on_list: Callable[[Path | ListSource], None] | None = None,
    parse: Parse = parse_markdown,
    skip: Skip = "empty",
) -> list[tuple[SourceList, ParsedList]]:
    """Read and parse every list (the first stage of :func:`build_catalog`); ``on_list`` is called after
    each one. A list given twice is an :class:`InputError`. Among several lists, those that ``skip`` names
    are skipped, each with a warning (carried by the next list read, in ``ParsedList.skipped``): ``"empty"``
    lists without entries, ``"unreadable"`` any list that cannot be fetched, read or parsed or has no entries,
    ``"none"`` none. A single list, or lists that are all skipped, raise the first list's error."""
    vocab = vocab or load_vocabulary()
    parsed_lists: list[tuple[SourceList, ParsedList]] = []
    seen_ids: set[str] = set()
    skipped: list[ItemWarning] = []
    first_error: InputError | None = None
    for path in paths:
        try:
            source, parsed = read_list(path, vocab, parse)
        except InputError as exc:
            if len(paths) < 2 or skip == "none" or (skip == "empty" and exc.message != NO_ENTRIES):
                raise
            first_error = first_error or exc
            where = as_source(path).name
            why = f"{exc.message}; list skipped"
            skipped.append(ItemWarning(path=where, line=exc.line or 1, message=why))
            if on_list:
                on_list(path)
            continue
        if source.id in seen_ids:
            raise InputError(as_source(path).name, f"the list {source.id!r} is given twice")
        seen_ids.add(source.id)
        if skipped:  # the lists skipped so far are reported with this one
            parsed = dataclasses.replace(parsed, skipped=[*parsed.skipped, *skipped])
            skipped = []
        parsed_lists.append((source, parsed))
        if on_list:
            on_list(path)
    if first_error is not None and not parsed_lists:
        raise first_error
    if skipped:
        source, parsed = parsed_lists[-1]
        parsed_lists[-1] = (source, dataclasses.replace(parsed, skipped=[*parsed.skipped, *skipped]))
    return parsed_lists


def catalog_of(
    parsed_lists: list[tuple[SourceList, ParsedList]],
    vocab: Vocabulary | None = None,
    curated: Path | bool | None = True,
) -> Catalog:
    """Merge parsed lists into a catalog and attach facts (the second stage of :func:`build_catalog`)."""
    from mmr_graph.ingest.curated import load_records
    from mmr_graph.ingest.entry_facts import with_list_text

    vocab = vocab or load_vocabulary()
    lists = [source for source, _ in parsed_lists]
    skipped = [w for _, parsed in parsed_lists for w in parsed.skipped]  # in the order given
    warnings = [*skipped, *(w for _, parsed in parsed_lists for w in parsed.warnings)]
    items = [item for _, parsed in parsed_lists for item in parsed.items]
    curated_path = resource("curated.yaml") if curated is True else (curated or None)
    records = load_records(Path(curated_path), vocab) if curated_path else {}
    entries = with_list_text(_merge(items, sections_by_list(lists), records, vocab), lists, vocab)
    return Catalog(
        lists=tuple(lists), entries=tuple(entries), warnings=tuple(warnings), skipped=tuple(skipped)
    )


def _merge(
    items: list[Item],
    sections: dict[str, Children],
    records: dict[str, CuratedRecord],
    vocab: Vocabulary,
) -> list[Entry]:
    """One entry per key, facts attached: the curated record of the key, else what the title says. Its title
    (and short name, description) is the most complete listing's (:mod:`mmr_graph.ingest.titles`); its tags
    and links are the union of its listings'; each list's say is kept in that list's occurrence."""
    from mmr_graph.ingest.entry_facts import facts_for

    groups: dict[str, list[Item]] = {}
    for item in one_spelling(items):
        groups.setdefault(entry_key(item), []).append(item)
    by_lower = {key.lower(): record for key, record in records.items()} if records else {}
    entries = []
    for key, group in groups.items():
        listed = [item for item in group if not item.mention]
        if not listed:
            continue  # a news line about a work the list does not list
        chosen = most_complete(listed)
        tags = merge_tags([item.tags for item in listed])
        item_sections = tuple(dict.fromkeys(item.section for item in listed))
        record = records.get(key) or by_lower.get(key.lower())
        entries.append(
            Entry(
                key=key,
                title=chosen.title,
                short_name=short_name(chosen.title),
                description=chosen.description or next((i.description for i in listed if i.description), ""),
                tags=tags,
                links=union_of_links(listed),
                sections=item_sections,
                occurrences=occurrences(group, sections),
                facts=facts_for(chosen.title, item_sections, record, vocab),
                date=next((item.date for item in listed if item.date), None),
            )
        )
    return entries


def one_spelling(items: list[Item]) -> list[Item]:
    """The items with each GitHub repository under one IRI whatever the letter case of its URLs (GitHub
    does not tell them apart): the spelling of its first occurrence, in input order. URLs stay as written."""
    first: dict[str, str] = {}
    out = []
    for item in items:
        changed = False
        links = []
        for link in item.links:
            if link.kind is LinkKind.CODE and link.iri.startswith(GITHUB):
                iri = first.setdefault(link.iri.lower(), link.iri)
                if iri != link.iri:
                    link, changed = dataclasses.replace(link, iri=iri), True
            links.append(link)
        out.append(dataclasses.replace(item, links=tuple(links)) if changed else item)
    return out
