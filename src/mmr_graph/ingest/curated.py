"""Curated facts: ``data/curated.yaml``, one reviewed record per entry, each with its evidence URL.

A record says what kind of work an entry is, which methods it uses (notations of ``ontology/methods.ttl``),
which base models it trains from, which teachers it distils from, its modalities (used where the list has no
tag) and a short note. Records are keyed by the entry's key: its canonical paper IRI, else its repository or
dataset IRI. The file is kept in canonical form (sorted by key, fixed field order) so that diffs stay
readable; ``dump_records`` writes that form and a test checks the file equals it.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mmr_graph.errors import InputError
from mmr_graph.ingest.links import UnusableURL, classify
from mmr_graph.vocab import Vocabulary

FIELDS = ("key", "name", "kind", "methods", "base_models", "distilled_from", "modalities", "repository",
          "evidence", "note")  # fmt: skip

HEADER = """\
# Curated facts about the entries of the shipped lists, one record per entry, sorted by key.
#
#   key             the entry's key: canonical arXiv/OpenReview/ACL IRI, else repository or dataset IRI
#   name            the entry's short name (for people reading this file)
#   kind            notation of the kinds-of-work scheme (ontology/kinds.ttl)
#   methods         notations of the method scheme (ontology/methods.ttl), most specific first-class methods
#   base_models     models the work trains from: a Hugging Face id (owner/name) where one exists, else a name
#   distilled_from  teacher models whose outputs the work distils (set with DISTILL); empty only where
#                   the sources read name none, and then the note says "teacher not named in the sources read"
#   modalities      notations of the modality scheme; used where the list has no modality tag
#   repository      (optional) the work's own repository when the list does not link it
#   evidence        the source stating these facts: the entry's own paper (abstract page) or repository
#   note            one sentence on what the work does and how, in our own words
#
# The curation rules every record follows are in data/README.md, tested in tests/test_curation_rules.py.
# Keep it canonical: `python -m mmr_graph.ingest.curated data/curated.yaml` rewrites it sorted.
"""


class CuratedRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    name: str
    kind: str
    methods: tuple[str, ...] = ()
    base_models: tuple[str, ...] = ()
    distilled_from: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    repository: str | None = None
    evidence: str = Field(pattern=r"^https?://")
    note: str = Field(min_length=1, max_length=300)
    line: int = Field(default=0, exclude=True)


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 20x faster


def _parse(text: str) -> tuple[object, list[int]]:
    """The YAML data and the 1-based line of each top-level record, from one parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []
    return data, lines


def load_records(path: Path, vocab: Vocabulary) -> dict[str, CuratedRecord]:
    """Read and validate the curated file; any problem is an :class:`InputError` naming the record."""
    try:
        data, lines = _parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(path, f"cannot read curated facts: {exc}") from None
    if not isinstance(data, list):
        raise InputError(path, "expected a list of records")
    records: dict[str, CuratedRecord] = {}
    for index, raw in enumerate(data):
        line = lines[index] if index < len(lines) else None
        where = raw.get("key", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
        try:
            record = CuratedRecord.model_validate({**raw, "line": line or 0})
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise InputError(path, f"record {where}: {problems}", line) from None
        except TypeError as exc:
            raise InputError(path, f"record {where}: {exc}", line) from None
        problem = check_record(record, vocab)
        if problem:
            raise InputError(path, f"record {where}: {problem}", line)
        key = canonical_key(record.key)
        if key in records:
            raise InputError(path, f"record {where}: duplicate key", line)
        records[key] = record
    return records


def canonical_key(key: str) -> str:
    if key.startswith("urn:"):
        return key
    try:
        return classify(key).iri
    except UnusableURL:
        return key


def check_record(record: CuratedRecord, vocab: Vocabulary) -> str | None:
    """What is wrong with a record, or None: unknown notations, or no method for a method/model."""
    if record.kind not in vocab.kinds.concepts:
        return f"unknown kind {record.kind!r} (known: {', '.join(sorted(vocab.kinds.concepts))})"
    for notation in record.methods:
        if notation not in vocab.methods.concepts:
            return f"unknown method notation {notation!r} (see ontology/methods.ttl)"
    for notation in record.modalities:
        if notation not in vocab.modalities.concepts:
            return f"unknown modality notation {notation!r} (see ontology/modalities.ttl)"
    if record.kind == "method" and not record.methods:
        return "a method or model needs at least one method"
    return None


def dump_records(records: list[CuratedRecord]) -> str:
    """The canonical text of the curated file."""
    out = [HEADER]
    for record in sorted(records, key=lambda r: canonical_key(r.key)):
        data = record.model_dump()
        lines = []
        for name in FIELDS:
            value = data.get(name)
            if name == "repository" and value is None:
                continue
            if isinstance(value, tuple | list):
                text = "[" + ", ".join(_scalar(v) for v in value) + "]"
            else:
                text = _scalar(value)
            lines.append(f"{'- ' if name == 'key' else '  '}{name}: {text}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def _scalar(value: object) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n...\n").removesuffix("\n")


if __name__ == "__main__":  # rewrite the file in canonical form
    import sys

    from mmr_graph.vocab import load_vocabulary

    target = Path(sys.argv[1])
    loaded = load_records(target, load_vocabulary())
    target.write_text(dump_records(list(loaded.values())), encoding="utf-8")
