"""A lists file: the lists of a field, named once so that they build with one command
(``mmr-graph build --lists field.yaml``).

YAML, grown from the shipped ``data/lists.yaml``: a sequence of records (or a mapping whose ``lists`` key
holds them), one per list::

    - list: github:yuanpinz/awesome-deep-multimodal-reasoning    # a file, an https:// URL or a github: spec
      title: Awesome Deep Multimodal Reasoning                   # over the list's own H1
    - id: sota                                                   # the list's id (default: from where it is)
      list: https://example.org/awesome/README.md
      date: 2025-06-01                                           # the snapshot's date
    - file: awesome-deep-multimodal-reasoning.2025-05-30.md      # data/lists.yaml's records work as they are

``list`` (or ``file``, or ``url``) says where the list is; a relative path is relative to the lists file's
folder (and, as in ``data/lists.yaml``, to its ``lists/`` subfolder). ``id``, ``title``, ``date``,
``upstream``, ``source`` and ``commit`` describe the list; ``default`` is allowed and ignored. Anything
else is an error naming the file, the line and the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from mmr_graph.errors import InputError
from mmr_graph.identity.keys import slug as slugify

if TYPE_CHECKING:
    from mmr_graph.ingest.sources import Fetching, ListSource

WHERE_KEYS = ("list", "file", "url")
DESCRIBING_KEYS = ("id", "title", "date", "upstream", "source", "commit")
IGNORED_KEYS = ("default",)
MAX_LISTS_FILE_BYTES = 2**20


@dataclass(frozen=True)
class ListRecord:
    """One record of a lists file: where the list is (``spec``, as a command line takes it) and what the
    record says of it."""

    spec: str
    line: int
    id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    upstream: str | None = None
    source: str | None = None
    commit: str | None = None


def read_lists_file(path: Path) -> list[ListRecord]:
    """The records of the lists file ``path``; problems raise :class:`InputError` (file, line, what)."""
    try:
        if path.stat().st_size > MAX_LISTS_FILE_BYTES:
            raise InputError(path, f"larger than {MAX_LISTS_FILE_BYTES} bytes; not a lists file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if isinstance(root, yaml.MappingNode):
        found = [value for key, value in root.value if key.value == "lists"]
        if not found:
            raise InputError(path, "a mapping without a 'lists' key", root.start_mark.line + 1)
        root = found[0]
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        raise InputError(path, "not a list of records (see the README: '- list: github:OWNER/REPO')", 1)
    records = [_record(path, node) for node in root.value]
    seen: set[str] = set()
    for record in records:
        if record.id and record.id in seen:
            raise InputError(path, f"the id {record.id!r} is given twice", record.line)
        seen.add(record.id or "")
    return records


def _record(path: Path, node: yaml.Node) -> ListRecord:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):  # "- github:o/r": a list without a description
        return ListRecord(_where(path, str(node.value), "list"), line)
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, "a record is a mapping (list:, title:...) or a list as a string", line)
    data = yaml.safe_load(yaml.serialize(node))
    for key in data:
        if key not in (*WHERE_KEYS, *DESCRIBING_KEYS, *IGNORED_KEYS):
            known = ", ".join((*WHERE_KEYS, *DESCRIBING_KEYS))
            raise InputError(path, f"unknown key {str(key)[:40]!r} (known: {known})", line)
    given = [key for key in WHERE_KEYS if key in data]
    if len(given) != 1:
        raise InputError(path, "a record needs exactly one of list:, file: or url:", line)
    text = {
        key: data[key] for key in (*WHERE_KEYS, "id", "title", "upstream", "source", "commit") if key in data
    }
    for key, value in text.items():
        if not isinstance(value, str) or not value.strip():
            raise InputError(path, f"{key}: is not a text", line)
    date = data.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise InputError(path, "date: is not a date (YYYY-MM-DD)", line)
    return ListRecord(
        spec=_where(path, text[given[0]], given[0]),
        line=line,
        id=slugify(text["id"], 80) if "id" in text else None,
        title=text.get("title"),
        date=date if isinstance(date, dt.date) and not isinstance(date, dt.datetime) else None,
        upstream=text.get("upstream"),
        source=text.get("source"),
        commit=text.get("commit"),
    )


def _where(path: Path, value: str, key: str) -> str:
    """A list's spec; a relative path from the lists file's folder (or its ``lists/`` subfolder)."""
    from mmr_graph.ingest.sources import is_remote

    value = value.strip()
    if key == "url" or is_remote(value):
        return value
    local = Path(value).expanduser()
    if local.is_absolute():
        return str(local)
    for folder in (path.parent, path.parent / "lists"):
        if (folder / local).exists():
            return str(folder / local)
    return str(path.parent / local)


def sources_of(records: list[ListRecord], fetching: Fetching, *, keep_going: bool) -> list[ListSource]:
    """The records' lists, fetched where needed, with what the records say of them."""
    from mmr_graph.ingest.sources import resolve_lists

    found = resolve_lists([r.spec for r in records], fetching, keep_going=keep_going)
    described = []
    for record, source in zip(records, found, strict=True):
        changes = {
            name: getattr(record, name)
            for name in ("id", "title", "upstream", "source", "commit")
            if getattr(record, name) is not None
        }
        if record.date is not None and fetching.date is None:
            changes["date"] = record.date
        described.append(dataclasses.replace(source, **changes))
    return described
