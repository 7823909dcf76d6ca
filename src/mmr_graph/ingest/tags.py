"""Resolve an item's bold ``[...]`` tags against the ontology's vocabularies.

* ``[Image]``, ``[3D Object]``, ``[Omni]`` ... -> modality (any prefLabel/altLabel of the modality scheme);
* ``[CVPR 2025]``, ``[WWW2025]`` ... -> venue series + year (spelling variants are one venue);
* ``[&Reasoning]`` -> secondary category (or secondary modality for ``[&Visual]``);
* ``[Training]``, ``[Benchmarking]`` -> dataset role;
* anything else -> a plain tag, kept as written.
"""

from __future__ import annotations

import re
from typing import Any

from mmr_graph.identity.keys import label_key
from mmr_graph.model import Tags, Venue
from mmr_graph.vocab import Vocabulary

_VENUE = re.compile(r"^\s*([A-Za-z][A-Za-z&\- ]*?)[\s'’]*((?:19|20)\d{2})\s*$")


def resolve_tags(raw: list[str], vocab: Vocabulary) -> Tags:
    modalities: list[str] = []
    venues: list[Venue] = []
    secondary: list[str] = []
    roles: list[str] = []
    plain: list[str] = []
    for tag in raw:
        text = tag.strip()
        if text.startswith("&"):
            target = text[1:].strip()
            modality = vocab.modalities.match(target)
            if modality:
                modalities.append(modality.notation)
            elif target:
                secondary.append(target)
            continue
        if modality := vocab.modalities.match(text):
            modalities.append(modality.notation)
        elif role := vocab.roles.match(text):
            roles.append(role.notation)
        elif venue := _venue(text, vocab):
            venues.append(venue)
        else:
            plain.append(text)
    return Tags(
        raw=tuple(raw),
        modalities=_unique(modalities),
        venues=_unique(venues),
        secondary=_unique(secondary),
        roles=_unique(roles),
        plain=_unique(plain),
    )


def _venue(text: str, vocab: Vocabulary) -> Venue | None:
    m = _VENUE.match(text)
    if not m:
        return None
    name, year = m.group(1).strip(), int(m.group(2))
    known = vocab.venues.match(name)
    if known:
        return Venue(series=known.notation, year=year)
    # an unknown acronym followed by a year is still a venue (e.g. [MIDL 2025]); keep its letters
    if re.fullmatch(r"[A-Za-z][A-Za-z&\-]{1,15}", name) and any(ch.isupper() for ch in name):
        return Venue(series=label_key(name).upper(), year=year)
    return None


def _unique(values: list[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))
