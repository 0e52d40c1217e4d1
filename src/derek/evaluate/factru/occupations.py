"""derek's positions exported as FactRuEval Occupation facts (WHO, POSITION, WHERE)."""

from __future__ import annotations

import re
from typing import Any

from ... import lexicons

_PROFESSIONS = frozenset(lexicons.lines("professions.txt"))
_OWNERSHIP_TITLES = frozenset(lexicons.lines("ownership_titles.txt"))


def _as_written_past(pos: Any) -> str:
    """FactRuEval keeps «бывший»/«экс-» in the post («экс-премьер»); derek states it as tense."""
    if pos.tense != "past" or not pos.evidence:
        return pos.title
    ev = pos.evidence.lower()
    head = pos.title.split()[0]
    if f"экс-{head[:4]}" in ev:
        return f"экс-{pos.title}"
    if re.search(r"\bбывш(ий|его|ему|им|ем|ая|ей|ую)\s+" + re.escape(head[:4]), ev):
        return f"бывший {pos.title}"
    return pos.title


def article_occupations(article: Any) -> list[dict[str, str]]:
    """derek's positions as Occupation facts: WHO the person, POSITION the title, WHERE org or place.

    WHERE follows the gold convention: the organization when the article states
    it (an ORG entity, or a unit such as «палестинская делегация»), otherwise
    the place («мэр Москвы» → Москва); an organization derek only infers
    («аким Алматы» → акимат, an entity with no mentions) only when no place is known.
    """
    named_orgs: dict[str, str] = {}
    inferred = set()
    for e in article.entities:
        if e.type == "ORG" and not e.mentions:
            inferred.add(e.name.lower())
        elif e.type == "ORG":
            # an expansion derek knows («ОБСЕ» → «Организация по безопасности …») that the article
            # never writes out is reported as written
            forms = [re.sub(r"(?<=[А-ЯЁ])[а-яё]{1,3}$", "", m.text) for m in e.mentions]  # «МИДа» → «МИД»
            abbreviated = bool(forms) and not e.name.isupper() and all(
                f.isupper() and f.lower() not in e.name.lower() for f in forms)
            written = min(forms, key=len) if abbreviated else e.name
            for form in [e.name, *e.aliases]:
                named_orgs.setdefault(form.lower(), written)
    out = []
    seen = set()
    for person in article.people:
        for pos in person.positions:
            words = set(pos.title.lower().split())
            if words & _OWNERSHIP_TITLES or (words & _PROFESSIONS and not pos.org and not pos.place):
                continue  # an Ownership fact, or a profession with no organization: not an Occupation
            if pos.kind == "profession":
                continue  # a profession («шахматист», «хирург»); posts and ranks («полковник») are Occupations
            if pos.org and pos.org.lower() in named_orgs:
                where = named_orgs[pos.org.lower()]
            elif pos.org and pos.org.lower() not in inferred:
                where = pos.org
            else:
                where = pos.place or pos.org
            fact = {"who": person.name, "position": _as_written_past(pos), "where": where or ""}
            key = tuple(fact.values())
            if key not in seen:
                seen.add(key)
                out.append(fact)
    return out


