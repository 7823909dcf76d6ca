"""What to say when a name is not known: the closest known names, and the known ones when few enough."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

LISTED = 40  # at most this many known names are listed in a message


def suggest(value: str, known: Iterable[str], listed: int = LISTED) -> str:
    """``"did you mean 'PPO'? known: DAPO, DPO, GRPO…"`` for an unknown ``value``: close matches (any case)
    first, then every known name if there are at most ``listed``, else how many there are."""
    names = sorted(set(known), key=lambda n: (n.casefold(), n))
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.5)
    parts = []
    if close:
        parts.append("did you mean " + " or ".join(repr(by_fold[c]) for c in close) + "?")
    if not names:
        parts.append("none are known")
    elif len(names) <= listed:
        parts.append("known: " + ", ".join(names))
    else:
        parts.append(f"{len(names)} are known")
    return "; ".join(parts)
