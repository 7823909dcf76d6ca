"""A link as a list gives it, a label and a target, made a :class:`~mmr_graph.model.Link`: classified by its
URL (:mod:`mmr_graph.ingest.links`), with a warning when the URL cannot be used, when the target is itself a
markdown link typed as a destination, or when the label announces another kind than the URL's."""

from __future__ import annotations

import re
from urllib.parse import unquote

from mmr_graph.ingest.links import Classified, UnusableURL, classify
from mmr_graph.model import ItemWarning, Link, LinkKind

_EMBEDDED_URL = re.compile(r"https?://[^\s\[\]()<>]+")
# Labels that announce a kind; a different kind found from the URL is worth a warning.
_LABEL_KINDS = {
    "paper": LinkKind.PAPER,
    "code": LinkKind.CODE,
    "dataset": LinkKind.DATASET,
    "datasets": LinkKind.DATASET,
    "model": LinkKind.MODEL,
}


def make_link(label: str, href: str, line: int, path: str, warnings: list[ItemWarning]) -> Link | None:
    if href.startswith("#"):
        return Link(label=label, url=href, kind=LinkKind.OTHER, iri=href, line=line)
    found: Classified | None
    try:
        found = classify(href)
    except UnusableURL as exc:
        embedded = _EMBEDDED_URL.findall(unquote(href))  # "[url](url)" typed as a destination
        try:
            found = classify(embedded[-1]) if embedded else None
        except UnusableURL:
            found = None
        if found is None:
            warnings.append(ItemWarning(path=path, line=line, message=f"link {label!r} kept as text: {exc}"))
            return None
        message = f"link {label!r} has a link as its target; read as {embedded[-1]}"
        warnings.append(ItemWarning(path=path, line=line, message=message))
        href = embedded[-1]
    assert found is not None  # classified, or returned above
    expected = _LABEL_KINDS.get(label.casefold())
    if expected is not None and expected is not found.kind:
        warnings.append(
            ItemWarning(
                path=path,
                line=line,
                message=f"link labelled {label!r} is classified as {found.kind.value} by its URL: {href}",
            )
        )
    return Link(label=label, url=href, kind=found.kind, iri=found.iri, line=line, arxiv_id=found.arxiv_id)
