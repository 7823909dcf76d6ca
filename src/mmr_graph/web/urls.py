"""URLs as the web client sees them: parsed once (httpx), origins compared, userinfo split off and redacted.

Userinfo (``user:password@``) never reaches a request line, a ``Host`` header, a log line or an error: it
is split off here, turned into a ``Basic`` credential by the caller that wants one, and every URL that is
shown is first passed through :func:`redact`.
"""

from __future__ import annotations

import httpx

from mmr_graph.web.errors import BadURL

REDACTED = "***"
__all__ = ["BadURL", "origin", "parse", "redact", "request_target", "without_userinfo"]


def parse(url: str | httpx.URL) -> httpx.URL:
    """``url`` as an absolute http(s) ``httpx.URL`` (IDNA host, %-encoded path), or :class:`BadURL`."""
    if isinstance(url, httpx.URL):
        parsed = url
    else:
        try:
            parsed = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise BadURL(f"not a usable URL: {redact(url)} ({_reason(exc)})") from None
    try:
        host = parsed.host
    except UnicodeError:  # an ``xn--`` label that is not IDNA (idna's errors are UnicodeErrors)
        raise BadURL(f"not a usable URL: {redact(str(url))} (invalid host name)") from None
    if parsed.scheme not in ("http", "https") or not host:
        raise BadURL(f"not an http(s) URL: {redact(str(url))}")
    return parsed


def _reason(exc: Exception) -> str:
    """httpx's message without the URL it may quote (it could hold a password)."""
    text = str(exc).split(":", 1)[0]
    return text if len(text) < 80 else type(exc).__name__


def redact(url: str | httpx.URL) -> str:
    """``url`` with any userinfo replaced by ``***``, for messages; a string that does not parse is cut at
    its last ``@`` before the path, so that no password shows even then."""
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    authority_end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:authority_end], rest[authority_end:]
    if "@" in authority:
        authority = f"{REDACTED}@{authority.rsplit('@', 1)[1]}"
    return f"{scheme}{sep}{authority}{tail}"


def without_userinfo(url: httpx.URL) -> tuple[httpx.URL, tuple[str, str] | None]:
    """(``url`` without userinfo, (user, password) if it had any)."""
    if not url.userinfo:
        return url, None
    user, _, password = url.userinfo.decode("ascii").partition(":")
    from urllib.parse import unquote

    return url.copy_with(userinfo=b""), (unquote(user), unquote(password))


def origin(url: httpx.URL) -> tuple[str, str, int]:
    """(scheme, host, port) with the default port filled in: two URLs are same-origin when these agree."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.scheme, url.host.lower(), port


def request_target(url: str) -> tuple[str, str, int | None, str]:
    """(scheme, ASCII host, port, path?query) of ``url``, as it goes on the wire."""
    parsed = parse(url)
    return parsed.scheme, parsed.raw_host.decode("ascii"), parsed.port, parsed.raw_path.decode("ascii")
