"""One identity per person and organization across articles, with the reason for each decision.

Persons are matched on a folded key (lower case, Kazakh letters and ё folded) of their name
parts. Rules, in order:

* the surname must be equal (so «Нукенов» and «Нукенова» stay apart);
* different first names (or first initials) never join; a first name joins an initial that
  matches it («А. Нукенов» → «Абзал Нукенов»); different patronymics never join, a missing one
  joins either;
* a surname-only or initial mention joins the one known person it can be; when several are
  possible, the evidence decides (someone with that surname in the same article, shared
  positions, organizations, co-mentioned people), and with no clear winner the mention is kept
  apart on a surname-only record rather than merged blindly;
* a new full name absorbs a surname-only record of the same surname when it is the only full
  name with that surname (so the order of ingest does not matter in the common case).

Organizations are matched on a key of their lemmatized words without «города»/«г.», and on
abbreviations (given by the article, or the initials of a full name) when those are unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, func, insert, select, update

from ..article import Person, Position
from . import models as m
from .text import fold, lemma, words

# ---------------------------------------------------------------- names


@dataclass
class Name:
    """A person's name split into parts, with folded keys."""

    first: str | None
    middle: str | None
    last: str | None
    gender: str | None = None

    @property
    def last_key(self) -> str:
        return _key(self.last or "")

    @property
    def first_key(self) -> str | None:
        return _key(self.first) if self.first else None

    @property
    def middle_key(self) -> str | None:
        return _key(self.middle) if self.middle else None

    @property
    def display(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


def _key(s: str) -> str:
    return fold(s).replace(".", "").strip()


def is_initial(s: str | None) -> bool:
    return bool(s) and len(_key(s)) == 1


_PATRONYMIC_M = ("вич", "ич", "улы", "ұлы", "оглы", "уулу")
_PATRONYMIC_F = ("вна", "чна", "кызы", "қызы", "гызы")


def guess_gender(first: str | None, middle: str | None, last: str | None) -> str | None:
    """m / f from a patronymic or a Slavic-type surname ending; None when the name does not tell."""
    if middle and not is_initial(middle):
        k = _key(middle)
        if k.endswith(tuple(fold(e) for e in _PATRONYMIC_M)):
            return "m"
        if k.endswith(tuple(fold(e) for e in _PATRONYMIC_F)):
            return "f"
    if last:
        k = _key(last)
        if re.search(r"(ова|ева|ёва|ина|ына|ская|цкая)$", k):
            return "f"
        if re.search(r"(ов|ев|ёв|ин|ын|ский|цкий)$", k):
            return "m"
    return None


def split_name(p: Person | str) -> Name:
    """Name parts from a Person (its first/middle/last when given) or a plain name string."""
    if isinstance(p, Person):
        name, first, middle, last, gender = p.name, p.first, p.middle, p.last, p.gender
    else:
        name, first, middle, last, gender = p, None, None, None, None
    if not last:
        toks = [t for t in re.split(r"\s+|(?<=\.)(?=\S)", name.strip()) if t]
        if len(toks) == 1:
            last = toks[0]
        elif len(toks) == 2:
            first, last = toks
        elif len(toks) >= 3:
            first, middle, last = toks[0], " ".join(toks[1:-1]), toks[-1]
    if first and not middle and not last:
        first, last = None, first
    gender = gender or guess_gender(first, middle, last)
    return Name(first=first, middle=middle, last=last, gender=gender)


def _initial_ok(a: str | None, b: str | None) -> bool:
    """Two first (or middle) name keys are compatible: equal, or one is the other's initial."""
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


# ---------------------------------------------------------------- persons


@dataclass
class Context:
    """What an article tells about a mention: for evidence when a surname is ambiguous."""

    article_person_ids: set[int] = field(default_factory=set)  # persons already resolved in this article
    org_ids: set[int] = field(default_factory=set)
    position_keys: set[str] = field(default_factory=set)  # lemmas of this person's titles and orgs here
    article_last_keys: dict[str, list[int]] = field(default_factory=dict)  # surname → persons in this article


@dataclass
class Decision:
    person_id: int
    reason: str
    created: bool = False


def _title_keys(positions: Iterable[Position]) -> set[str]:
    out: set[str] = set()
    for pos in positions:
        for s in (pos.title, pos.org):
            if s:
                out.update(lemma(fold(w)) for w in words(s) if len(w) > 2)
    return out


class PersonResolver:
    """Finds or creates the person record for each person mention of an article."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.merged: dict[int, int] = {}  # records merged away → the record they joined

    def current(self, person_id: int) -> int:
        while person_id in self.merged:
            person_id = self.merged[person_id]
        return person_id

    # -- lookups
    def _candidates(self, last_key: str) -> list[dict]:
        rows = self.conn.execute(select(m.persons).where(m.persons.c.last_key == last_key)).mappings()
        return [dict(r) for r in rows]

    def _evidence(self, cand_id: int, ctx: Context) -> tuple[int, list[str]]:
        score, why = 0, []
        if ctx.position_keys:
            rows = self.conn.execute(select(m.positions.c.title, m.positions.c.org)
                                     .where(m.positions.c.person_id == cand_id)).all()
            known = _title_keys(Position(title=t, org=o) for t, o in rows)
            shared = ctx.position_keys & known
            if shared:
                score += 3
                why.append("same post (" + ", ".join(sorted(shared)[:3]) + ")")
        if ctx.org_ids:
            arts = select(m.article_persons.c.article_id).where(m.article_persons.c.person_id == cand_id)
            n = self.conn.execute(select(func.count(func.distinct(m.article_orgs.c.org_id)))
                                  .where(m.article_orgs.c.article_id.in_(arts),
                                         m.article_orgs.c.org_id.in_(ctx.org_ids))).scalar() or 0
            if n:
                score += min(int(n), 3)
                why.append(f"{n} shared organization(s)")
        if ctx.article_person_ids:
            arts = select(m.article_persons.c.article_id).where(m.article_persons.c.person_id == cand_id)
            n = self.conn.execute(select(func.count(func.distinct(m.article_persons.c.person_id)))
                                  .where(m.article_persons.c.article_id.in_(arts),
                                         m.article_persons.c.person_id.in_(ctx.article_person_ids))).scalar() or 0
            if n:
                score += min(int(n), 3)
                why.append(f"{n} co-mentioned person(s)")
        return score, why

    def _pick(self, cands: list[dict], ctx: Context, what: str) -> tuple[dict | None, str]:
        """One candidate out of several by evidence, or None when no clear winner."""
        here = [c for c in cands if c["id"] in ctx.article_person_ids]
        if len(here) == 1:
            return here[0], f"{what}: {here[0]['name']} is named in full in the same article"
        scored = sorted(((self._evidence(c["id"], ctx), c) for c in cands), key=lambda t: -t[0][0])
        (best, why), c = scored[0]
        second = scored[1][0][0] if len(scored) > 1 else 0
        names = ", ".join(x["name"] for x in cands)
        if best > 0 and best > second:
            return c, f"{what}: ambiguous between {names}; evidence for {c['name']}: " + "; ".join(why)
        return None, f"{what}: ambiguous between {names}, no evidence decides"

    # -- writes
    def _create(self, name: Name, reason: str) -> int:
        ident = person_ident(name)
        if ident and self.conn.execute(select(m.persons.c.id).where(m.persons.c.ident == ident)).first():
            ident = None  # a record kept apart on purpose (an initial that cannot be placed): no key
        res = self.conn.execute(insert(m.persons).values(
            name=name.display, first=name.first, middle=name.middle, last=name.last, gender=name.gender,
            last_key=name.last_key, first_key=name.first_key, middle_key=name.middle_key,
            articles=0, mentions=0, reason=reason, ident=ident))
        return int(res.inserted_primary_key[0])

    def _upgrade(self, cand: dict, name: Name) -> None:
        """Fill in name parts a record lacked (a full first name over an initial, a patronymic)."""
        vals = {}
        if name.first and not is_initial(name.first) and (not cand["first"] or is_initial(cand["first"])):
            vals.update(first=name.first, first_key=name.first_key)
        if name.middle and not is_initial(name.middle) and (not cand["middle"] or is_initial(cand["middle"])):
            vals.update(middle=name.middle, middle_key=name.middle_key)
        if not cand["gender"] and name.gender:
            vals["gender"] = name.gender
        if vals:
            parts = {k: cand[k] for k in ("first", "middle", "last")} | {k: v for k, v in vals.items()
                                                                         if k in ("first", "middle")}
            vals["name"] = " ".join(p for p in (parts["first"], parts["middle"], parts["last"]) if p)
            self.conn.execute(update(m.persons).where(m.persons.c.id == cand["id"]).values(**vals))

    def merge(self, src: int, dst: int, reason: str) -> None:
        """Move everything of person ``src`` to ``dst`` and delete ``src``."""
        for t in (m.article_persons, m.positions, m.quotes):
            self.conn.execute(update(t).where(t.c.person_id == src).values(person_id=dst))
        old = self.conn.execute(select(m.persons.c.reason).where(m.persons.c.id == dst)).scalar()
        self.conn.execute(update(m.persons).where(m.persons.c.id == dst)
                          .values(reason=((old + "; ") if old else "") + reason))
        self.conn.execute(delete(m.persons).where(m.persons.c.id == src))
        self.merged[src] = dst
        refresh_person_counts(self.conn, [dst])

    def resolve(self, person: Person | str, ctx: Context | None = None) -> Decision:
        ctx = ctx or Context()
        name = split_name(person)
        if not name.last_key:
            return Decision(self._create(name, "no surname"), "no surname: a record of its own", True)
        cands = [c for c in self._candidates(name.last_key)
                 if not (name.gender and c["gender"] and name.gender != c["gender"])]
        fk, mk = name.first_key, name.middle_key
        full = [c for c in cands if c["first_key"]]
        bare = [c for c in cands if not c["first_key"]]

        if fk:
            ok = [c for c in full if _initial_ok(fk, c["first_key"]) and _initial_ok(mk, c["middle_key"])]
            if len(fk) > 1:
                exact = [c for c in ok if c["first_key"] == fk]
                pool = exact or [c for c in ok if len(c["first_key"]) == 1]
            else:
                pool = ok
            if mk and len(pool) > 1:
                pool = [c for c in pool if c["middle_key"] == mk] or pool
            if len(pool) == 1:
                c = pool[0]
                self._upgrade(c, name)
                how = "same first name and surname" if c["first_key"] == fk else \
                    (f"initial {name.first} matches {c['first']}" if len(fk) == 1 else
                     f"first name {name.first} completes the initial {c['first']}")
                if mk and not c["middle_key"]:
                    how += "; patronymic added"
                elif not mk and c["middle_key"]:
                    how += "; the patronymic is not given here"
                return Decision(c["id"], how)
            if len(pool) > 1:
                c, why = self._pick(pool, ctx, f"{name.display}")
                if c is not None:
                    return Decision(c["id"], why)
                if len(fk) == 1:  # an initial we cannot place: its own record
                    return Decision(self._create(name, why), why, True)
            # a new full name
            why = "new person"
            if full:
                why += " (other first names with this surname: " + ", ".join(c["name"] for c in full) + ")"
            pid = self._create(name, why)
            if len(fk) > 1 and not full and len(bare) == 1:
                self.merge(bare[0]["id"], pid, f"surname-only «{bare[0]['name']}» joined: the only full name "
                                               f"with this surname")
            return Decision(pid, why, True)

        # surname only
        if len(full) == 1:
            c = full[0]
            return Decision(c["id"], f"surname only: {c['name']} is the only known person with this surname")
        if len(full) > 1:
            c, why = self._pick(full, ctx, "surname only")
            if c is not None:
                return Decision(c["id"], why)
            if bare:
                return Decision(bare[0]["id"], why + "; kept on the surname-only record")
            return Decision(self._create(name, why), why, True)
        if bare:
            return Decision(bare[0]["id"], "same surname, no first name known")
        return Decision(self._create(name, "new person (surname only)"), "new person (surname only)", True)


def person_ident(name: Name) -> str | None:
    """The unique key of the record a name creates: «surname|first|patronymic», folded."""
    if not name.last_key:
        return None
    return f"{name.last_key}|{name.first_key or ''}|{name.middle_key or ''}"


def refresh_person_counts(conn: Connection, ids: Iterable[int]) -> None:
    """Recompute the cached article and mention counts and the first/last day seen."""
    ap, a = m.article_persons, m.articles
    for pid in set(ids):
        row = conn.execute(
            select(func.count(func.distinct(ap.c.article_id)), func.coalesce(func.sum(ap.c.mentions), 0),
                   func.min(a.c.day), func.max(a.c.day))
            .select_from(ap.join(a, a.c.id == ap.c.article_id)).where(ap.c.person_id == pid)).one()
        conn.execute(update(m.persons).where(m.persons.c.id == pid).values(
            articles=row[0], mentions=int(row[1]), first_seen=row[2], last_seen=row[3]))


# ---------------------------------------------------------------- organizations

_DROP = {"города", "город", "г", "гор", "городской"}
_STOP = {"и", "по", "в", "на", "при", "для", "с", "of", "the", "and", "де"}
_QUOTES = str.maketrans({c: " " for c in "«»\"“”„'"})


def org_key(name: str) -> str:
    """«акимата города Алматы» → «акимат алматы»; «Ассамблеи народа Казахстана» → «ассамблея народ казахстан»."""
    ws = [fold(w) for w in words(name.translate(_QUOTES))]
    ws = [w for w in ws if w not in _DROP]
    if len(ws) == 1 and is_abbreviation(name.strip()):
        return ws[0]
    return " ".join(lemma(w) for w in ws)


def is_abbreviation(name: str) -> bool:
    s = name.strip()
    letters = [c for c in s if c.isalpha()]
    return 2 <= len(letters) <= 8 and " " not in s and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def acronym(name: str) -> str | None:
    """The initials of a full name's words: «Ассамблея народа Казахстана» → «анк»."""
    ws = [w for w in words(name.translate(_QUOTES)) if fold(w) not in _STOP]
    if len(ws) < 2 or not all(w[0].isalpha() for w in ws):
        return None
    acr = fold("".join(w[0] for w in ws))
    return acr if len(acr) >= 3 else None


class OrgResolver:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.merged: dict[int, int] = {}  # records merged away while resolving → the record they joined

    def current(self, org_id: int) -> int:
        """The id an organization has now (after merges made by this resolver)."""
        while org_id in self.merged:
            org_id = self.merged[org_id]
        return org_id

    def _by_key(self, key: str) -> list[int]:
        ids = self.conn.execute(select(m.org_aliases.c.org_id).where(m.org_aliases.c.key == key)).scalars()
        return sorted(set(ids))

    def _alias(self, org_id: int, alias: str, key: str) -> None:
        """Add an alias key to an organization; one it has already is left as it is (an upsert)."""
        if self.conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        self.conn.execute(upsert(m.org_aliases).values(org_id=org_id, key=key, alias=alias)
                          .on_conflict_do_nothing(index_elements=["org_id", "key"]))

    def resolve(self, name: str, aliases: Iterable[str] = ()) -> tuple[int, str]:
        key = org_key(name)
        abbr = is_abbreviation(name)
        names = dict(self.conn.execute(
            select(m.org_aliases.c.org_id, m.organizations.c.name)
            .join(m.organizations, m.organizations.c.id == m.org_aliases.c.org_id)
            .where(m.org_aliases.c.key == key)).all())
        ids = sorted(names)
        by_key = bool(ids)
        if not ids:
            for al in aliases:  # the article says this is also called …
                ids = self._by_key(org_key(al))
                if len(ids) == 1:
                    break
        if len(ids) == 1:
            oid, why = ids[0], "same name key" if not abbr else "abbreviation known"
        elif len(ids) > 1:
            # prefer the record whose own key this is
            own = self.conn.execute(select(m.organizations.c.id).where(
                m.organizations.c.key == key, m.organizations.c.id.in_(ids))).scalars().all()
            oid, why = (own[0] if own else ids[0]), "ambiguous abbreviation; the record of that name"
        else:
            oid = self._create(name, key)
            names[oid] = name
            why = "new organization"
            acr = acronym(name)
            if acr and not abbr:
                # an abbreviation-only record made earlier becomes this full name
                abbr_ids = self.conn.execute(select(m.organizations.c.id).where(
                    m.organizations.c.key == acr)).scalars().all()
                if len(abbr_ids) == 1 and len(self._by_key(acr)) == 1:
                    self._merge(abbr_ids[0], oid)
                    why += f"; the abbreviation record {acr.upper()} joined"
                if not self._by_key(acr):
                    self._alias(oid, acr.upper(), acr)
        if not abbr:
            cur = names.get(oid)
            if cur is None:
                cur = self.conn.execute(select(m.organizations.c.name).where(m.organizations.c.id == oid)).scalar()
            if cur and is_abbreviation(cur):  # a full name for a record known by its abbreviation
                self.conn.execute(update(m.organizations).where(m.organizations.c.id == oid)
                                  .values(name=name, key=key))
        if not by_key:
            self._alias(oid, name, key)
        for al in aliases:
            k = org_key(al)
            if k and k != key:
                have = self._by_key(k)
                if not have:
                    self._alias(oid, al, k)
                elif len(have) == 1 and have[0] != oid and self._own_key(have[0]) == k:
                    # the article says this is also called «al», and a record of that name is kept
                    # apart: it joins, as this name would have joined it had it come first
                    self._merge(have[0], oid)
                    why += f"; the record «{al}» joined (the same organization in this article)"
        return oid, why

    def _own_key(self, org_id: int) -> str | None:
        return self.conn.execute(select(m.organizations.c.key).where(m.organizations.c.id == org_id)).scalar()

    def _create(self, name: str, key: str) -> int:
        taken = self.conn.execute(select(m.organizations.c.id).where(m.organizations.c.ident == key)).first()
        res = self.conn.execute(insert(m.organizations).values(name=name, key=key, articles=0,
                                                               ident=None if taken else key))
        return int(res.inserted_primary_key[0])

    def _merge(self, src: int, dst: int) -> None:
        for t in (m.article_orgs, m.positions, m.quotes):
            self.conn.execute(update(t).where(t.c.org_id == src).values(org_id=dst))
        for alias, key in self.conn.execute(select(m.org_aliases.c.alias, m.org_aliases.c.key)
                                            .where(m.org_aliases.c.org_id == src)).all():
            self._alias(dst, alias, key)
        self.conn.execute(delete(m.org_aliases).where(m.org_aliases.c.org_id == src))
        self.conn.execute(delete(m.organizations).where(m.organizations.c.id == src))
        self.merged[src] = dst
        n = self.conn.execute(select(func.count(func.distinct(m.article_orgs.c.article_id)))
                              .where(m.article_orgs.c.org_id == dst)).scalar()
        self.conn.execute(update(m.organizations).where(m.organizations.c.id == dst).values(articles=n))
