"""Resolve an item's bold ``[...]`` tags against the ontology's vocabularies.

* ``[Image]``, ``[3D Object]``, ``[Omni]`` ... -> modality (any prefLabel/altLabel of the modality scheme);
* ``[CVPR 2025]``, ``[WWW2025]`` ... -> venue series + year (spelling variants are one venue);
* ``[&Reasoning]`` -> secondary category (or secondary modality for ``[&Visual]``);
* ``[Training]``, ``[Benchmarking]`` -> dataset role;
* ``[2504]`` -> a date (read by :mod:`mmr_graph.ingest.dates`; kept as a raw tag only);
* anything else -> a plain tag, kept as written.
"""

from __future__ import annotations

from typing import Any

from mmr_graph.ingest.dates import tag_date
from mmr_graph.ingest.venues import tag_venue
from mmr_graph.model import Tags, Venue
from mmr_graph.vocab import Vocabulary


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
        elif venue := tag_venue(text, vocab):
            venues.append(venue)
        elif tag_date(text):
            continue
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


def _unique(values: list[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(values))
