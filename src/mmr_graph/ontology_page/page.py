"""The ontology page: one HTML document for people, generated from ``ontology/*.ttl`` (in the manner of
pyLODE): the ontology's header, then every class, property and concept scheme with its label, definition,
domain and range, the terms it builds on, the terms that point at it, and an example from the real graph.

Every text is escaped. The page runs no script and loads nothing: its stylesheet is inline (allowed by its
hash in the page's Content Security Policy) or, for a server whose policy forbids inline styles, a link to
the server's own copy. Links go to the page's own anchors, to the endpoint's ``/id/...`` pages (when
served) or to the terms' and examples' web IRIs.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from pathlib import Path

from mmr_graph.identity.namespaces import ID_IRI, NS_IRI
from mmr_graph.ontology_page.terms import VANN, Examples, Ontology, Term

STYLESHEET = Path(__file__).resolve().parent / "ontology.css"
PAGE = "ontology.html"
TURTLE = "ontology.ttl"
_DC = "http://purl.org/dc/terms/"
_OWL = "http://www.w3.org/2002/07/owl#"


def _e(text: str) -> str:
    return escape(text, quote=True)


def anchor(iri: str) -> str:
    """The page's anchor of one of its terms: ``Entry`` for ``mmr:Entry`` (so ``ns#Entry`` lands there),
    ``method/GRPO`` for a concept."""
    if iri.startswith(NS_IRI):
        return iri[len(NS_IRI) :]
    if iri.startswith(ID_IRI):
        return iri[len(ID_IRI) :]
    return iri


class _Writer:
    def __init__(self, ontology: Ontology, examples: Examples, served: bool) -> None:
        self.o = ontology
        self.examples = examples
        self.served = served
        self.terms = ontology.terms()
        self.pointing: dict[str, list[tuple[str, str]]] = {}  # term -> (how, other term)
        for term in (*ontology.classes, *ontology.properties):
            for how, targets in (("domain of", term.domain), ("range of", term.range)):
                for target in targets:
                    self.pointing.setdefault(target, []).append((how, term.iri))
            for parent in term.parents:
                self.pointing.setdefault(parent, []).append(("narrower: ", term.iri))
        for concepts in ontology.concepts.values():
            for concept in concepts:
                for cls in concept.types:
                    self.pointing.setdefault(cls, []).append(("instance: ", concept.iri))

    def ref(self, iri: str) -> str:
        """A term: a link to its place on the page, else to the web, else its text."""
        term = self.terms.get(iri)
        text = _e(self.o.compact(iri))
        if term is not None:
            return f'<a href="#{_e(anchor(iri))}" title="{_e(term.label)}"><code>{text}</code></a>'
        return self.web(iri, f"<code>{text}</code>")

    def web(self, iri: str, inner: str) -> str:
        if self.served and iri.startswith(ID_IRI):
            return f'<a href="/id/{_e(iri[len(ID_IRI) :])}">{inner}</a>'
        if iri.startswith(("https://", "http://")):
            return f'<a href="{_e(iri)}" rel="noopener noreferrer">{inner}</a>'
        return inner

    def example(self, term: Term) -> str:
        found = self.examples.of.get(term.iri)
        if found is None:
            return ""

        def node(iri: str) -> str:
            label = self.examples.labels.get(iri)
            code = f"<code>{_e(self.o.compact(iri))}</code>"
            named = f"{_e(label)} {code}" if label else code
            return self.web(iri, named)

        if term.kind.endswith("property"):
            value = node(found.value) if found.value_is_iri else f"<q>{_e(found.value)}</q>"
            text = f"{node(found.subject)} → {value}"
        else:
            text = node(found.subject)
        return f"<dt>Example</dt><dd>{text}</dd>"

    def rows(self, term: Term) -> str:
        out = [f"<dt>IRI</dt><dd><code>{_e(term.iri)}</code></dd>"]
        if term.notation:
            out.append(f"<dt>Notation</dt><dd><code>{_e(term.notation)}</code></dd>")
        if term.also:
            out.append(f"<dt>Also called</dt><dd>{_e(', '.join(term.also))}</dd>")
        heading = {"class": "Subclass of", "concept": "Broader"}.get(term.kind, "Subproperty of")
        for name, values in ((heading, term.parents), ("Domain", term.domain), ("Range", term.range),
                             ("Is a", term.types), ("Matches", term.matches)):  # fmt: skip
            if values:
                out.append(f"<dt>{name}</dt><dd>{', '.join(self.ref(v) for v in values)}</dd>")
        pointing = self.pointing.get(term.iri, [])
        for how in ("domain of", "range of", "narrower: ", "instance: "):
            found = [other for h, other in pointing if h == how]
            if found:
                name = {"domain of": "Domain of", "range of": "Range of", "narrower: ": "Narrower",
                        "instance: ": "Instances here"}[how]  # fmt: skip
                out.append(f"<dt>{name}</dt><dd>{', '.join(self.ref(v) for v in sorted(found))}</dd>")
        out.append(self.example(term))
        return "".join(out)

    def article(self, term: Term) -> str:
        return (
            f'<article class="term" id="{_e(anchor(term.iri))}"><h3>{_e(term.label)} '
            f'<span class="kind">{_e(term.kind)}</span></h3>'
            + (f'<p class="definition">{_e(term.definition)}</p>' if term.definition else "")
            + f"<dl>{self.rows(term)}</dl></article>"
        )

    def concept_table(self, scheme: Term) -> str:
        concepts = self.o.concepts.get(scheme.iri, ())
        if not concepts:
            return '<p class="muted">Its concepts come from the lists themselves.</p>'
        rows = []
        for c in concepts:
            broader = ", ".join(self.ref(p) for p in c.parents)
            also = f'<div class="muted">also: {_e(", ".join(c.also))}</div>' if c.also else ""
            matches = " ".join(self.web(m, _e(self.o.compact(m))) for m in c.matches)
            rows.append(
                f'<tr id="{_e(anchor(c.iri))}"><td><code>{_e(c.notation)}</code></td>'
                f"<td>{_e(c.label)}{also}</td><td>{_e(c.definition)}</td><td>{broader}</td><td>{matches}</td></tr>"
            )
        return (
            "<table><thead><tr><th>Notation</th><th>Label</th><th>Definition</th><th>Broader</th>"
            f"<th>Matches</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def toc(self) -> str:
        def items(terms: tuple[Term, ...]) -> str:
            compact = self.o.compact
            links = (f'<li><a href="#{_e(anchor(t.iri))}">{_e(compact(t.iri))}</a></li>' for t in terms)
            return "".join(links)

        objects = tuple(t for t in self.o.properties if t.kind == "object property")
        data = tuple(t for t in self.o.properties if t.kind == "datatype property")
        return (
            '<nav class="toc" aria-label="Contents"><h2>Contents</h2>'
            f'<h3><a href="#classes">Classes</a></h3><ul>{items(self.o.classes)}</ul>'
            f'<h3><a href="#object-properties">Object properties</a></h3><ul>{items(objects)}</ul>'
            f'<h3><a href="#datatype-properties">Datatype properties</a></h3><ul>{items(data)}</ul>'
            f'<h3><a href="#schemes">Concept schemes</a></h3><ul>{items(self.o.schemes)}</ul>'
            '<h3><a href="#namespaces">Namespaces</a></h3></nav>'
        )

    def header(self, turtle_href: str) -> str:
        h = self.o.header

        def one(prop: str) -> str:
            return h.get(prop, ("",))[0]

        licence, creator = one(_DC + "license"), one(_DC + "creator")
        prefix = one(VANN + "preferredNamespacePrefix")
        version = f"{_e(one(_OWL + 'versionInfo'))} <code>{_e(one(_OWL + 'versionIRI'))}</code>"
        facts = [
            f"<dt>IRI</dt><dd><code>{_e(NS_IRI)}</code> (prefix <code>{_e(prefix)}:</code>)</dd>",
            f"<dt>Version</dt><dd>{version}</dd>",
            f"<dt>Licence</dt><dd>{self.web(licence, _e(licence))}</dd>" if licence else "",
            f"<dt>Creator</dt><dd>{_e(creator)}</dd>" if creator else "",
            f'<dt>Source</dt><dd><a href="{_e(turtle_href)}">Turtle</a> (the <code>ontology/*.ttl</code> '
            "files)</dd>",
        ]
        concepts = sum(len(c) for c in self.o.concepts.values())
        counts = (
            f"{len(self.o.classes)} classes, {len(self.o.properties)} properties, {len(self.o.schemes)} "
            f"concept schemes with {concepts} concepts."
        )
        return (
            f"<header><h1>{_e(one(_DC + 'title') or 'Ontology')}</h1>"
            f'<p class="definition">{_e(one(_DC + "description"))}</p><p>{counts} Examples are taken from '
            f"the graph this page was made with.</p><dl>{''.join(facts)}</dl></header>"
        )

    def namespaces(self) -> str:
        """The prefixes the page writes, with their namespaces."""
        iris = {
            i
            for t in self.terms.values()
            for i in (t.iri, *t.parents, *t.domain, *t.range, *t.types, *t.matches)
        }
        used = {self.o.compact(i).split(":", 1)[0] for i in iris if self.o.compact(i) != i}
        rows = "".join(
            f"<tr><td><code>{_e(p)}:</code></td><td><code>{_e(n)}</code></td></tr>"
            for p, n in sorted(self.o.prefixes)
            if p in used
        )
        return f'<section id="namespaces"><h2>Namespaces</h2><table><tbody>{rows}</tbody></table></section>'


def _section(anchor_id: str, heading: str, content: str) -> str:
    return f'<section id="{anchor_id}"><h2>{heading}</h2>{content}</section>'


def render_ontology(ontology: Ontology, examples: Examples, served: bool = False) -> bytes:
    """The page. ``served``: for the endpoint (stylesheet and Turtle at ``/ontology.css`` and
    ``/ontology.ttl``, the graph's own IRIs linked to ``/id/...``); else a file next to ``ontology.ttl``."""
    w = _Writer(ontology, examples, served)
    css = STYLESHEET.read_text(encoding="utf-8")
    if served:
        style, style_src = '<link rel="stylesheet" href="/ontology.css">', "'self'"
    else:
        digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
        style, style_src = f"<style>{css}</style>", f"'sha256-{digest}'"
    objects = tuple(t for t in ontology.properties if t.kind == "object property")
    data = tuple(t for t in ontology.properties if t.kind == "datatype property")
    schemes = "".join(
        w.article(s).replace("</article>", w.concept_table(s) + "</article>") for s in ontology.schemes
    )
    body = (
        w.header("/ontology.ttl" if served else TURTLE)
        + '<div class="columns">'
        + w.toc()
        + "<main>"
        + _section("classes", "Classes", "".join(w.article(t) for t in ontology.classes))
        + _section("object-properties", "Object properties", "".join(w.article(t) for t in objects))
        + _section("datatype-properties", "Datatype properties", "".join(w.article(t) for t in data))
        + _section("schemes", "Concept schemes", schemes)
        + w.namespaces()
        + "</main></div>"
    )
    title = _e(ontology.header.get(_DC + "title", ("Ontology",))[0])
    page = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src {style_src}; '
        "img-src 'none'; form-action 'none'; base-uri 'none'\">"
        '<meta name="referrer" content="no-referrer"><meta name="generator" content="mmr-graph">'
        f"<title>{title}</title>{style}</head>\n<body>{body}</body></html>\n"
    )
    return page.encode("utf-8")


def ontology_files(ontology: Ontology, examples: Examples, out_dir: Path) -> dict[Path, bytes]:
    """The page and the Turtle it documents, by path in ``out_dir`` (a build writes them with the rest)."""
    return {
        out_dir / PAGE: render_ontology(ontology, examples),
        out_dir / TURTLE: ontology.turtle.encode("utf-8"),
    }
