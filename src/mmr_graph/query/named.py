"""The named research questions: the shipped ``queries/*.rq`` files, each opening with a header comment::

    # title: Entries using a method on a modality
    # description: Entries that use a method ... Default: GRPO on video.
    # param: method — notation of a method in ontology/methods.ttl
    # values: method — SELECT ?value WHERE { ?c skos:inScheme mmr:MethodScheme ; skos:notation ?value }
    PREFIX mmr: <https://w3id.org/mmr-graph/ns#>
    SELECT ... WHERE { VALUES ?method { "GRPO" } ... }

A parameter is a variable bound by a one-value ``VALUES`` clause holding a string, its default. Binding a
parameter replaces that string with the given value, written as a SPARQL string literal: a value can never
change the query's structure, and the file stays a plain query that runs anywhere as it is. A ``# values:``
line gives a query listing the values a parameter accepts (its ``?value``): a value it does not list is an
error with suggestions, not an empty answer.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from mmr_graph.errors import InputError
from mmr_graph.query.errors import QueryError
from mmr_graph.resources import resource
from mmr_graph.suggestions import suggest

_HEADER = re.compile(r"#\s*(title|description|param|values):\s*(.*?)\s*$")
_PARAM = re.compile(r"(\w+)\s*[—–-]+\s*(.+)")
_NAME = re.compile(r"[A-Za-z0-9][\w.-]*")
_STRING = r'"((?:[^"\\\n\r]|\\.)*)"'


def _values(name: str) -> re.Pattern[str]:
    return re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{\s*)" + _STRING + r"(\s*\})")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    params: dict[str, str]  # parameter -> what it is
    values: dict[str, str] = field(default_factory=dict)  # parameter -> a query of its accepted values

    def check_values(self, given: dict[str, str], accepted: Callable[[str], list[str]]) -> None:
        """A :class:`QueryError` for a given value that its parameter's ``# values:`` query (run by
        ``accepted``) does not list, any case: a value that matches nothing would give no rows, silently."""
        for param, value in given.items():
            if param not in self.values:
                continue
            known = accepted(self.values[param])
            if value.casefold() not in {k.casefold() for k in known}:
                raise QueryError(
                    f"named query {self.name!r}: {value!r} is not a known {param} ({suggest(value, known)})"
                )

    def defaults(self) -> dict[str, str]:
        """Each parameter's default: the string its VALUES clause holds."""
        out = {}
        for param in self.params:
            m = _values(param).search(self.text)
            out[param] = _unescape(m.group(2)) if m else ""
        return out

    def bind(self, values: dict[str, str]) -> str:
        """The query text with the given parameter values in place of the defaults."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "none"
            raise QueryError(
                f"named query {self.name!r} has no parameter {unknown[0]!r} (parameters: {known})"
            )
        text = self.text
        for param, value in values.items():
            literal = sparql_string(value)
            text = _values(param).sub(_replacing(literal), text, count=1)
        return text


def _replacing(literal: str) -> Callable[[re.Match[str]], str]:
    """The replacement of a ``VALUES`` clause's string by ``literal``."""
    return lambda m: m.group(1) + literal + m.group(3)


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal (quotes, backslashes and line breaks escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), text)


def parse(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a header without title or description, or a parameter without its
    ``VALUES`` clause, is an error naming the file."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key in ("param", "values"):
            pm = _PARAM.match(value)
            if not pm:
                what = "parameter" if key == "param" else "values"
                raise InputError(path, f"bad {what} line {line!r}: expected '# {key}: NAME — text'")
            (params if key == "param" else values)[pm.group(1)] = pm.group(2)
        else:
            fields[key] = value
    for key in ("title", "description"):
        if not fields.get(key):
            raise InputError(path, f"the header comment has no '# {key}:' line")
    for param in values:
        if param not in params:
            raise InputError(path, f"'# values: {param}' for a parameter that is not declared")
    for param in params:
        if len(_values(param).findall(text)) != 1:
            raise InputError(path, f'parameter {param!r} needs exactly one VALUES ?{param} {{ "default" }}')
    return NamedQuery(path.stem, fields["title"], fields["description"], text, path, params, values)


@cache
def _shipped() -> dict[str, NamedQuery]:
    return {q.name: q for q in map(parse, sorted(resource("queries").glob("*.rq")))}


def named_queries(folder: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries by name, sorted: the shipped ones, or those of ``folder``."""
    if folder is None:
        return _shipped()
    return {q.name: q for q in map(parse, sorted(folder.glob("*.rq")))}


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["method=PPO", "modality=image"]`` -> ``{"method": "PPO", "modality": "image"}``."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"bad parameter {pair!r}: expected NAME=VALUE, e.g. method=PPO")
        out[name.strip()] = value
    return out


def resolve(argument: str, params: dict[str, str] | None = None) -> tuple[str, str]:
    """What ``mmr-graph query ARGUMENT`` means: a named query, a query file, or the query itself.
    Returns the SPARQL text and a name for it in messages."""
    params = params or {}
    named = named_queries()
    if argument in named:
        return named[argument].bind(params), f"named query {argument!r}"
    single_word = bool(argument) and not any(c.isspace() for c in argument) and len(argument) < 4096
    if single_word:
        path = Path(argument)
        try:
            is_file = path.is_file()
        except (OSError, ValueError):
            is_file = False
        if is_file:
            if params:
                raise QueryError("--param applies to named queries only")
            try:
                return path.read_text(encoding="utf-8"), str(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(path, f"cannot read the query: {exc}") from None
        if path.suffix.lower() in (".rq", ".sparql"):
            raise InputError(path, "no such query file")
        if _NAME.fullmatch(argument):
            close = difflib.get_close_matches(argument, list(named), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise QueryError(f"no named query {argument!r}{hint} (mmr-graph query --list shows them)")
    if params:
        raise QueryError("--param applies to named queries only")
    return argument, "query"
