"""What the HTTP client says and reads in headers and status lines: its User-Agent, the standard reason
phrase of a status (never the server's own), and the wait a ``Retry-After`` header asks for."""

from __future__ import annotations

import datetime as dt
import email.utils

import httpx


def user_agent() -> str:
    from mmr_graph import __version__

    return f"mmr-graph/{__version__} (+https://w3id.org/mmr-graph)"


def reason_phrase(status: int) -> str:
    """The standard phrase of ``status`` (never the server's own, which is remote content)."""
    return httpx.codes.get_reason_phrase(status) or "(no standard name)"


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
