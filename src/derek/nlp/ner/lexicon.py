"""The word lists the entity rules read: institution head words, organization abbreviations,
position words and honorifics (the project's own lexicons, loaded once)."""

from __future__ import annotations

from functools import cache

from ... import lexicons


@cache
def institution_heads() -> dict[str, frozenset[str]]:
    """Head lemma → flags (standalone, gov)."""
    return {r[0].lower(): frozenset(r[1].split(",") if len(r) > 1 else ()) for r in lexicons.rows("institution_heads.txt")}


@cache
def org_abbreviations() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.rows("org_abbreviations.txt") if len(r) > 1}


@cache
def position_words() -> frozenset[str]:
    words = set()
    for r in lexicons.rows("position_titles.txt"):
        words.add(r[0].split()[0].lower())
    return frozenset(words)


@cache
def honorifics() -> frozenset[str]:
    """Words of address and rank before a name that are not part of it («Принц», «Шейх»)."""
    return frozenset(lexicons.lines("person_honorifics.txt"))
