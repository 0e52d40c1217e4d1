"""Places around posts: the one region of each kind an article names, its genitive and its akimat,
and the place a local body serves (found by bisection over the document's place mentions)."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..article import Entity


def regions(art) -> dict[str, tuple[Entity, str]]:
    """«область»/«район» → the one region of that kind the article names («Карагандинская область»,
    «области Улытау»), with the place text for its akimat; a kind named for several is left out."""
    found: dict[str, dict[str, tuple[Entity, str]]] = {"область": {}, "район": {}}
    for e in art.entities:
        if e.type != "LOC":
            continue
        for kind, stem in (("область", "област"), ("район", "район")):
            if stem in e.name.lower():
                found[kind][e.name] = (e, region_genitive(e.name))
                continue
            for m in e.mentions:
                before = art.text[max(0, m.start - 10):m.start].lower()
                if re.search(stem + r"\w*\s+$", before):
                    found[kind][e.name] = (e, region_genitive(f"{kind} {e.name}"))
    return {kind: next(iter(v.values())) for kind, v in found.items() if len(v) == 1}

def region_genitive(name: str) -> str:
    """«Карагандинская область» → «Карагандинской области», «Бухар-Жырауский район» → «…ского района»."""
    out = []
    for w in name.split():
        low = w.lower()
        if low == "область":
            w = w[:-1] + "и"
        elif low == "район":
            w = w + "а"
        elif low.endswith("ская") or low.endswith("цкая"):
            w = w[:-2] + "ой"
        elif low.endswith("ский") or low.endswith("цкий"):
            w = w[:-2] + "ого"
        out.append(w)
    return " ".join(out)

def akimat(place_text: str) -> str:
    """«Алматы» → «акимат города Алматы»; «Карагандинской области» → «акимат Карагандинской области»."""
    if re.search(r"(област|район|округ|сел|поселк)", place_text, re.I):
        return f"акимат {place_text}"
    return f"акимат города {place_text}"

def place_in(org: Entity, entities: list[Entity]) -> str | None:
    """The place a local body serves, named inside its name («акимат города Алматы» → «Алматы»)."""
    return PlaceIndex(entities).place_in(org)


class PlaceIndex:
    """One document's place mentions sorted by offset, so that the place named inside an
    organization's mentions is found by bisection, not by pairing every place mention with every
    mention of the organization. Built per document (the entities' places must not change after)."""

    def __init__(self, entities: list[Entity]) -> None:
        locs = sorted((m.start, m.end, rank) for rank, e in enumerate(entities) if e.type == "LOC"
                      for m in e.mentions)
        self._names = {rank: e.name for rank, e in enumerate(entities) if e.type == "LOC"}
        self._starts = [s for s, _, _ in locs]
        self._locs = locs
        self._memo: dict[tuple[int, int], str | None] = {}

    def place_in(self, org: Entity) -> str | None:
        """:func:`place_in` for this document: the first place (in entity order) with a mention
        inside a mention of ``org``, if ``org`` is a local body."""
        if not re.search(r"(город|област|район|акимат|маслихат)", org.name, re.I):
            return None
        key = (id(org), len(org.mentions))
        if key not in self._memo:
            self._memo[key] = self._first_inside(org)
        return self._memo[key]

    def _first_inside(self, org: Entity) -> str | None:
        best = None
        for om in org.mentions:
            i = bisect_left(self._starts, om.start)
            while i < len(self._locs) and self._locs[i][0] <= om.end:
                _, end, rank = self._locs[i]
                if end <= om.end and (best is None or rank < best):
                    best = rank
                i += 1
        return self._names[best] if best is not None else None
