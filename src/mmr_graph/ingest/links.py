"""Classify a URL by what it points at and give the canonical public IRI of that resource.

The kind is decided from the URL alone, never from the link's label: a ``[code]`` label pointing at arXiv is
a paper. Canonical IRIs follow each host's own identity scheme:

* arXiv: ``https://arxiv.org/abs/<id>`` (abs, pdf and html forms, with or without version; alphaXiv's and
  Hugging Face's pages of an arXiv paper too);
* OpenReview: ``https://openreview.net/forum?id=<id>``; ACL Anthology: ``https://aclanthology.org/<id>``;
* GitHub: ``https://github.com/<owner>/<repo>`` (``/tree/...``, trailing slash and ``.git`` removed);
* Hugging Face: ``https://huggingface.co/datasets/<owner>/<name>``, ``.../collections/<owner>/<slug>``,
  ``https://huggingface.co/<owner>/<model>``; ModelScope: ``https://modelscope.cn/datasets|models/<o>/<n>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

from mmr_graph.identity.namespaces import ARXIV, GITHUB, HUGGING_FACE, HUGGING_FACE_DATASETS
from mmr_graph.model import LinkKind

ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z.-]*/\d{7}"
_ARXIV_PATH = re.compile(rf"^/(?:abs|pdf|html|format)/({ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?$", re.I)
_ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
_ALPHAXIV_HOSTS = {"alphaxiv.org", "www.alphaxiv.org"}
_ALPHAXIV_PATH = re.compile(rf"^/(?:abs|overview|pdf)/({ARXIV_NEW})(?:v\d+)?/?$")
_HF_HOSTS = {"huggingface.co", "www.huggingface.co", "hf.co"}
_MS_HOSTS = {"modelscope.cn", "www.modelscope.cn"}
_GITHUB_HOSTS = {"github.com", "www.github.com"}
# GitHub top-level paths that are not user or organisation names.
_GITHUB_RESERVED = {
    "about",
    "collections",
    "enterprise",
    "explore",
    "features",
    "login",
    "marketplace",
    "orgs",
    "pricing",
    "search",
    "settings",
    "sponsors",
    "topics",
    "trending",
    "users",
}
# Hugging Face top-level paths that are not model owners.
_HF_RESERVED = {
    "docs",
    "blog",
    "models",
    "spaces",
    "organizations",
    "learn",
    "tasks",
    "join",
    "login",
    "settings",
}
# Hosts of pages that are not project sites (videos, social media): kind "other".
_OTHER_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "youtu.be",
    "twitter.com",
    "x.com",
    "www.bilibili.com",
    "bilibili.com",
    "discord.gg",
    "discord.com",
    "www.reddit.com",
    "reddit.com",
    "zhuanlan.zhihu.com",
    "www.zhihu.com",
    "api.star-history.com",
    "star-history.com",
    "www.star-history.com",
    "img.shields.io",
}
# Characters that may not appear in an IRI reference (RFC 3987) and are percent-encoded when present.
_IRI_UNSAFE = re.compile(r"[\x00-\x20<>\"{}|\\^`\x7f]|[^\x00-\x7f]")
_HOST_NAME = re.compile(r"[\w.-]+")  # letters of any script, digits, "-", "_", "."
_IPV6 = re.compile(r"[0-9a-f:.]+")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Non-ASCII code points an IRI may contain as they are (RFC 3987 ucschar); others (C1 controls, private
# use, noncharacters such as U+FFF0-U+FFFF) are percent-encoded.
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)),
    (0xE1000, 0xEFFFD),
)


@dataclass(frozen=True)
class Classified:
    """What a URL points at: its kind, the canonical IRI and, for arXiv, the identifier."""

    kind: LinkKind
    iri: str
    arxiv_id: str | None = None


class UnusableURL(ValueError):
    """The URL is not an absolute http(s) URL that can be turned into an IRI."""


def iri_safe(url: str) -> str:
    """Percent-encode characters that are not allowed in an IRI (spaces, angle brackets, quotes...)."""
    return _IRI_UNSAFE.sub(_escape, url)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char > "\x7f" and any(low <= ord(char) <= high for low, high in _UCSCHAR):
        return char
    return quote(char.encode("utf-8", "surrogatepass"), safe="")


# The two URL shapes most links have, in the plainest spelling (lower-case host, no port, query, fragment or
# escapes): their kind and IRI follow from the match alone, as :func:`classify_url` finds them.
_PLAIN_ARXIV = re.compile(rf"https?://arxiv\.org/(?:abs|pdf|html)/({ARXIV_NEW})(?:v\d+)?(?:\.pdf)?/?")
_PLAIN_GITHUB = re.compile(r"https?://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/?")


def classify(url: str) -> Classified:
    """Return the kind and canonical IRI of ``url``; raise :class:`UnusableURL` if it is not web-linkable."""
    return plain_classified(url) or classify_url(url)


def plain_classified(url: str) -> Classified | None:
    """What :func:`classify_url` says of an arXiv or GitHub URL spelled the plain way, without parsing it
    (at 100,000 entries that is most of the time classifying takes); None for any other URL."""
    found = _PLAIN_ARXIV.fullmatch(url)
    if found is not None:
        return Classified(LinkKind.PAPER, ARXIV + found.group(1), found.group(1))
    found = _PLAIN_GITHUB.fullmatch(url)
    # a path ending in .pdf is a paper, on GitHub too
    if (
        found is not None
        and found.group(1).lower() not in _GITHUB_RESERVED
        and not url.lower().endswith(".pdf")
    ):
        owner, repo = found.group(1), found.group(2).removesuffix(".git")
        return Classified(LinkKind.CODE, f"{GITHUB}{owner}/{repo}")
    return None


def classify_url(url: str) -> Classified:
    """:func:`classify` the long way: the URL parsed, then read by what its host is."""
    raw = url.strip()
    try:
        parts = urlsplit(raw)
    except ValueError as exc:  # e.g. an unbalanced IPv6 bracket
        raise UnusableURL(f"cannot parse URL {raw!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise UnusableURL(f"not an http(s) URL: {raw!r}")
    try:
        host = parts.hostname.lower().rstrip(".")
        port = parts.port
    except ValueError as exc:
        raise UnusableURL(f"bad host or port in URL {raw!r}: {exc}") from exc
    if not (_HOST_NAME.fullmatch(host) or (":" in host and _IPV6.fullmatch(host))):
        # spaces, "<", an IPv6 zone such as [fe80::1%eth0] (local to one machine): not a host of the web
        raise UnusableURL(f"not a public host in URL {raw!r}")
    path = parts.path or "/"
    segments = [unquote(s) for s in path.split("/") if s]

    if host in _ARXIV_HOSTS:
        m = _ARXIV_PATH.match(path)
        if m:
            arxiv_id = m.group(1).lower() if "/" in m.group(1) else m.group(1)
            return Classified(LinkKind.PAPER, ARXIV + arxiv_id, arxiv_id)
    if host in _ALPHAXIV_HOSTS:  # alphaXiv shows arXiv papers under their arXiv ids
        m = _ALPHAXIV_PATH.match(path)
        if m:
            return Classified(LinkKind.PAPER, ARXIV + m.group(1), m.group(1))
    if host in ("openreview.net", "www.openreview.net"):
        ids = parse_qs(parts.query).get("id")
        if ids and segments and segments[0] in ("forum", "pdf", "attachment"):
            return Classified(LinkKind.PAPER, "https://openreview.net/forum?id=" + quote(ids[0], safe=""))
    if host in ("aclanthology.org", "www.aclanthology.org") and segments:
        anthology_id = segments[-1].removesuffix(".pdf")
        if re.fullmatch(r"[0-9]{4}\.[a-z0-9-]+\.\d+|[A-Z]\d{2}-\d{4}", anthology_id):
            return Classified(LinkKind.PAPER, f"https://aclanthology.org/{anthology_id}")
    if (
        host in _HF_HOSTS
        and len(segments) >= 2
        and segments[0] == "papers"
        and re.fullmatch(ARXIV_NEW, segments[1])
    ):
        return Classified(LinkKind.PAPER, ARXIV + segments[1], segments[1])
    if path.lower().endswith(".pdf"):
        return Classified(LinkKind.PAPER, _plain_iri(scheme, host, port, path, parts.query))

    if host in _GITHUB_HOSTS:
        return _github(segments, parts.fragment, scheme, host, port, path, parts.query)
    if host in _HF_HOSTS:
        hub = _hugging_face(segments)
        if hub:
            return hub
    if host in _MS_HOSTS and len(segments) >= 3 and segments[0] in ("datasets", "models"):
        kind = LinkKind.DATASET if segments[0] == "datasets" else LinkKind.MODEL
        return Classified(
            kind, f"https://modelscope.cn/{segments[0]}/{_seg(segments[1])}/{_seg(segments[2])}"
        )

    iri = _plain_iri(scheme, host, port, path, parts.query, parts.fragment)
    if host in _OTHER_HOSTS or host in _GITHUB_HOSTS or host in _HF_HOSTS or host in _MS_HOSTS:
        return Classified(LinkKind.OTHER, iri)
    return Classified(LinkKind.PAGE, iri)


def _seg(segment: str) -> str:
    return quote(segment, safe="-._~@+!$&'()*,;=:")


def _plain_iri(scheme: str, host: str, port: int | None, path: str, query: str, fragment: str = "") -> str:
    host = f"[{host}]" if ":" in host else iri_safe(host)  # an IPv6 address keeps its brackets
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, _component(path), _component(query), _component(fragment, "#")))


def _component(text: str, also: str = "") -> str:
    """Path, query or fragment as valid IRI text: a "%" that starts no escape, "[" and "]" (allowed only
    around an IPv6 host) and the characters in ``also`` (a second "#") are percent-encoded too."""
    text = iri_safe(_STRAY_PERCENT.sub("%25", text))
    for char in "[]" + also:
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def _github(
    segments: list[str], fragment: str, scheme: str, host: str, port: int | None, path: str, query: str
) -> Classified:
    iri = _plain_iri(scheme, "github.com", port, path, query, fragment)
    if len(segments) < 2 or segments[0].lower() in _GITHUB_RESERVED:
        return Classified(LinkKind.OTHER, iri)  # a profile page or a site page, not a repository
    owner, repo = segments[0], segments[1].removesuffix(".git")
    rest = segments[2:]
    if rest and rest[0] not in ("tree", "blob", "raw"):
        return Classified(LinkKind.OTHER, iri)  # issues, pulls, wiki, releases...
    if fragment and fragment.lower() not in ("readme", "readme-ov-file"):
        return Classified(LinkKind.OTHER, iri)  # a section of the README, e.g. #-leaderboard
    return Classified(LinkKind.CODE, f"{GITHUB}{_seg(owner)}/{_seg(repo)}")


def _hugging_face(segments: list[str]) -> Classified | None:
    if len(segments) >= 3 and segments[0] == "datasets":
        return Classified(LinkKind.DATASET, f"{HUGGING_FACE_DATASETS}{_seg(segments[1])}/{_seg(segments[2])}")
    if len(segments) >= 3 and segments[0] == "collections":
        iri = f"{HUGGING_FACE}collections/{_seg(segments[1])}/{_seg(segments[2])}"
        return Classified(LinkKind.COLLECTION, iri)
    is_repo = len(segments) == 2 or (len(segments) > 2 and segments[2] in ("tree", "blob", "resolve"))
    if len(segments) >= 2 and segments[0] not in _HF_RESERVED and segments[0] != "datasets" and is_repo:
        return Classified(LinkKind.MODEL, f"{HUGGING_FACE}{_seg(segments[0])}/{_seg(segments[1])}")
    return None
