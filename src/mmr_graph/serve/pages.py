"""HTML of the endpoint: the query page (a shipped file) and a small page per entity (made here).

Every value is escaped; links go to the endpoint's own page for IRIs of the project's namespace and to the
IRI itself for other web IRIs, never to anything else (no ``javascript:``). Pages load only the endpoint's
own stylesheet and script, no external assets.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from importlib.resources import files

import pyoxigraph as ox

from mmr_graph.identity.namespaces import ID_IRI
from mmr_graph.query.results import compact

ASSETS = {
    "query.js": "text/javascript; charset=utf-8",
    "query.css": "text/css; charset=utf-8",
}
_LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
)


def asset(name: str) -> bytes:
    """A shipped file of ``serve/assets`` (the query page, its script and stylesheet)."""
    return files("mmr_graph.serve").joinpath("assets", name).read_bytes()


def local_path(iri: str) -> str | None:
    """Where the endpoint serves an IRI of the project's namespace (``/id/...``), else None."""
    return "/id/" + iri[len(ID_IRI) :] if iri.startswith(ID_IRI) else None


def _href(iri: str) -> str | None:
    local = local_path(iri)
    if local:
        return local
    return iri if iri.startswith(("http://", "https://")) else None


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        href = _href(term.value)
        text = escape(compact(term))
        title = escape(term.value, quote=True)
        return f'<a href="{escape(href, quote=True)}" title="{title}">{text}</a>' if href else text
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else ""
        if not note and not term.datatype.value.endswith("#string"):
            note = f"^^{compact(term.datatype)}"
        small = f" <small>{escape(note)}</small>" if note else ""
        return f"{escape(term.value)}{small}"
    return escape(compact(term))


def _rows(triples: list[ox.Triple]) -> str:
    by_property: dict[str, list[str]] = defaultdict(list)
    for t in sorted(triples, key=lambda t: (str(t.predicate), str(t.object))):
        by_property[_term(t.predicate)].append(_term(t.object))
    return "".join(
        f"<tr><th>{prop}</th><td>{'<br>'.join(values)}</td></tr>" for prop, values in by_property.items()
    )


def _referrers(incoming: list[ox.Triple]) -> list[tuple[str, list[str]]]:
    """Who refers to the entity, each once: ``(subject, [properties])`` by subject. A part of another
    referrer (an entry's assertion ``entry/x/assertion/...`` or link ``entry/x/link/2``) counts as that
    referrer, its property noted with the part's kind (``assertedValue (assertion)``)."""
    subjects = {t.subject.value for t in incoming if isinstance(t.subject, ox.NamedNode)}
    by_owner: dict[str, tuple[ox.NamedNode | ox.BlankNode | ox.Triple, set[str]]] = {}
    for t in incoming:
        key = t.subject.value if isinstance(t.subject, ox.NamedNode) else str(t.subject)
        owner = max((s for s in subjects if key.startswith(s + "/")), key=len, default=None)
        prop = _term(t.predicate)
        if owner is not None:
            part = key[len(owner) + 1 :].split("/", 1)[0]
            prop += f" ({escape(part)})"
            key = owner
        subject = ox.NamedNode(key) if owner is not None else t.subject
        by_owner.setdefault(key, (subject, set()))[1].add(prop)
    items = sorted(by_owner.items(), key=lambda item: compact(item[1][0]))
    return [(_term(subject), sorted(props)) for _, (subject, props) in items]


def entity_page(iri: str, triples: list[ox.Triple]) -> str:
    """A page about one resource: its statements, those of its parts (IRIs under it), what refers to it."""
    own = [t for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri]
    parts: dict[str, list[ox.Triple]] = defaultdict(list)
    incoming = []
    for t in triples:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        if subject.startswith(iri + "/"):
            parts[subject].append(t)
        elif subject != iri:
            incoming.append(t)
    labels = [
        t.object.value
        for p in _LABELS
        for t in own
        if t.predicate.value == p and not isinstance(t.object, ox.Triple)
    ]
    title = labels[0] if labels else compact(ox.NamedNode(iri))
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="iri"><code>{escape(iri)}</code> · <a href="?format=ttl">Turtle</a> · '
        f'<a href="?format=nt">N-Triples</a> · <a href="?format=jsonld">JSON-LD</a> · '
        f'<a href="/">query page</a></p>',
        f"<table>{_rows(own)}</table>",
    ]
    for part in sorted(parts):
        body.append(f"<h2>{_term(ox.NamedNode(part))}</h2><table>{_rows(parts[part])}</table>")
    if incoming:
        items = _referrers(incoming)
        body.append(f"<h2>Referred to by ({len(items)})</h2><ul>")
        body += [f"<li>{subject} <small>{' · '.join(props)}</small></li>" for subject, props in items]
        body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)} · mmr-graph</title><link rel="stylesheet" href="/assets/query.css">'
        f'</head><body class="entity">{"".join(body)}</body></html>\n'
    )


def describe_query(iri: str) -> str:
    """The statements about ``iri``, about its parts (IRIs under it, reached from it) and those that refer
    to it (at most 2,000), as one CONSTRUCT query."""
    return f"""CONSTRUCT {{ <{iri}> ?p ?o . ?part ?q ?v . ?s ?r <{iri}> }}
WHERE {{
  {{ <{iri}> ?p ?o }}
  UNION {{ <{iri}> ?p0 ?part . FILTER (isIRI(?part) && STRSTARTS(STR(?part), "{iri}/")) ?part ?q ?v }}
  UNION {{ SELECT ?s ?r WHERE {{ ?s ?r <{iri}> }} LIMIT 2000 }}
}}"""
