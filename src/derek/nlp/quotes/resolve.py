"""Speakers: a claim's reference resolved in document order — a name to its person, a role to the
person the article gives it to, a pronoun or «спикер» to the subject of the sentences before or the
last speaker. A speaker that is not a named person or organization stays unresolved (``None``)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .claims import Claim, Ref
from .config import ANTECEDENT_SENTENCES, MAX_SENTENCES_BACK, ROLE_NEIGHBOURS
from .kazakh import post_holder, pronoun_antecedent
from .refs import ref_from_token
from .view import View

FAR_AFTER = 10**7  # a role stated after the quote ranks below every one stated before


@dataclass
class Resolution:
    """The state of the document-order pass: who has spoken so far."""

    subjects: list[str | None]
    speakers: list[tuple[int, str]] = field(default_factory=list)  # (offset, entity) of person speakers
    named: dict[str, int] = field(default_factory=dict)  # how often each person is named as a speaker


def new_resolution(d: View, claims: list[Claim]) -> Resolution:
    res = Resolution(sentence_subjects(d))
    for c in claims:
        if c.ref.kind == "person" and c.ref.entity:
            ent = d.canonical(c.ref.entity)
            res.named[ent] = res.named.get(ent, 0) + 1
    return res


def speaker(d: View, ref: Ref, at: int, res: Resolution) -> tuple[str | None, str | None]:
    """(name, entity id) of a claim's speaker; (None, None) when it is not a named person or organization."""
    if ref.kind == "person" and ref.entity:
        ent = d.canonical(ref.entity)
        return d.name(ent), ent
    if ref.kind == "org":
        ent = ref.entity
        e = d.entities.get(ent) if ent else None
        if e is None:
            return None, None  # «министерство», «полиция»: an organization the words do not name
        if ref.phrase and e.name.lower() in ref.phrase.lower():
            return ref.phrase, ent
        return (ref.phrase or e.name), ent
    if ref.kind == "kkname":  # a Kazakh speaker named in the attribution that the tagger missed
        return ref.phrase, None
    if ref.kind in ("other", "first") or (ref.kind == "none" and ref.plural):
        return None, None
    if ref.kind == "role":
        ent = by_role(d, ref, at)
        if ent is not None:
            return d.name(ent), ent
        if ref.soft and ref.role[:1] and ref.role[0] in d.lex.described:
            return None, None  # «эксперт», «адвокат»: someone the article does not name
        if ref.soft:
            ent, _ = _recent_subject(d, at, res.subjects, lambda e: ref.gender is None or d.gender(e) in (None, ref.gender))
            return (d.name(ent), ent) if ent is not None else (None, None)
        ent = principal_speaker(d, ref, res)
        if ent is not None:
            return d.name(ent), ent
    if ref.kind == "kkpron":
        ent = kazakh_antecedent(d, at, res)
        return (d.name(ent), ent) if ent is not None else (None, None)
    if ref.kind == "kkrole":
        ent = post_holder(d, ref, at) or by_kazakh_post(d, ref, at) or principal_speaker(d, ref, res)
        if ent is not None:
            return d.name(ent), ent
    ent = antecedent(d, ref, at, res.subjects, res.speakers)
    return (d.name(ent), ent) if ent is not None else (None, None)


def kazakh_antecedent(d: View, at: int, res: Resolution) -> str | None:
    """Whom «ол» / «оның» stands for (:func:`.kazakh_speakers.pronoun_antecedent`)."""
    return pronoun_antecedent(d, at, res.speakers)


def by_kazakh_post(d: View, ref: Ref, at: int) -> str | None:
    """The person whose post has the Kazakh head word («министр», «басшы»), last mentioned before ``at``."""
    holders: list[str] = []
    for w in ref.role or ((ref.phrase or "").lower(),):  # the words as written first, then their synonyms
        key = ("holders", w)
        if key not in d.memo:
            d.memo[key] = [p.entity for p in d.people.values()
                           if any(w in (pos.title or "").lower() for pos in p.positions)]
        holders = d.memo[key]
        if holders:
            break
    if len(holders) <= 1:
        return holders[0] if holders else None

    def last_before(ent: str) -> int:
        offs = [m[0] for m in d.by_entity.get(ent, []) if m[0] < at]
        return max(offs) if offs else -1

    return max(holders, key=last_before)


def principal_speaker(d: View, ref: Ref, res: Resolution) -> str | None:
    """A post the article never gives to anyone by name: its one most often named speaker
    (computed once per gender)."""
    key = ("principal", ref.gender)
    if key not in d.memo:
        fits = [e for e in res.named if not ref.gender or d.gender(e) in (None, ref.gender)]
        best = max(fits, key=lambda e: res.named[e]) if fits else None
        unique = best is not None and [res.named[e] for e in fits].count(res.named[best]) == 1
        d.memo[key] = best if unique else None
    return d.memo[key]


def _role_index(d: View) -> dict[str, list[tuple[str, int, set[str]]]]:
    """Context word → (person, offset, context words) for every mention and position (built once)."""
    idx = d.memo.get("roles")
    if idx is None:
        idx = {}
        for ent, items in d.context().items():
            for off, words in items:
                for w in words:
                    idx.setdefault(w, []).append((ent, off, words))
        for entries in idx.values():
            entries.sort(key=lambda e: e[1])
        d.memo["roles"] = idx
        d.memo["role_offsets"] = {w: [e[1] for e in entries] for w, entries in idx.items()}
    return idx


def _near(d: View, head: str, at: int) -> list[tuple[str, int, set[str]]]:
    """The entries for ``head`` nearest to ``at`` (ROLE_NEIGHBOURS on either side): a long text's
    far mentions are not searched for every role word."""
    entries = _role_index(d).get(head, [])
    if len(entries) <= 2 * ROLE_NEIGHBOURS:
        return entries
    i = bisect.bisect_left(d.memo["role_offsets"][head], at)
    return entries[max(0, i - ROLE_NEIGHBOURS) : i + ROLE_NEIGHBOURS]


def by_role(d: View, ref: Ref, at: int) -> str | None:
    """The person the article introduces with the role ``ref`` names (nearest before it first)."""
    wanted: list[tuple[str, ...]] = []
    for g in d.lex.roles:
        if any(m[0] == ref.role[0] and set(m) <= set(ref.role) for m in g):
            wanted.extend(g)
    if not wanted:
        wanted = [ref.role[:1]]
    best: tuple[tuple[int, int, int], str] | None = None
    for head in {m[0] for m in wanted}:
        for ent, off, words in _near(d, head, at):
            g = d.gender(ent)
            if (ref.gender and g and g != ref.gender) or not any(set(m) <= words for m in wanted):
                continue
            extra = len(set(ref.role[1:]) & words)
            before = 1 if off < at else 0
            dist = -(at - off) if off < at else -(off - at) - FAR_AFTER
            key = (extra, before, dist)
            if best is None or key > best[0]:
                best = (key, ent)
    return best[1] if best else None


def antecedent(
    d: View, ref: Ref, at: int, subjects: list[str | None], speakers: list[tuple[int, str]]
) -> str | None:
    """Whom a pronoun or a generic «спикер» stands for: a recent subject, the last speaker, the last name."""
    g = ref.gender

    def ok(ent: str) -> bool:
        pg = d.gender(ent)
        return g is None or pg is None or pg == g

    spoke = next(((off, e) for off, e in reversed(speakers) if off < at and ok(e)), None)
    last_speaker = spoke[1] if spoke else None
    subj, subj_at = _recent_subject(d, at, subjects, ok)
    if ref.kind == "generic" or (spoke is not None and subj_at is not None and spoke[0] > subj_at):
        order = [last_speaker, subj]  # «спикер», or someone spoke after the last sentence about a person
    else:
        order = [subj, last_speaker]
    for ent in order:
        if ent is not None:
            return ent
    i = bisect.bisect_left(d.mention_starts, at)
    for j in range(i - 1, -1, -1):
        a, _, etype, eid = d.mentions[j]
        if etype == "PER" and not d.in_top_quote(a):
            ent = d.canonical(eid)
            if ok(ent):
                return ent
    return None


def _recent_subject(d: View, at: int, subjects: list[str | None], ok: object) -> tuple[str | None, int | None]:
    """The subject of one of the last sentences before ``at`` (and where that sentence starts)."""
    si = d.sent_of(at)
    seen = 0
    for j in range(si - 1, max(-1, si - 1 - MAX_SENTENCES_BACK), -1):
        if j >= len(subjects):
            continue
        if d.in_top_quote(d.sents[j][0] + 1) is not None and d.in_top_quote(d.sents[j][1] - 1):
            continue
        seen += 1
        s = subjects[j]
        if s is not None and ok(s):  # type: ignore[operator]
            return s, d.sents[j][0]
        if seen >= ANTECEDENT_SENTENCES:
            break
    return None, None


def sentence_subjects(d: View) -> list[str | None]:
    """The person each sentence's main clause is about (its root's subject), in order."""
    out: list[str | None] = []
    for si in range(len(d.sents)):
        out.append(_subject(d, si, out))
    return out


def _subject(d: View, si: int, before: list[str | None]) -> str | None:
    for t in d.sent_toks(si):
        if t.rel != "root":
            continue
        for k in d.kids(t):
            if k.rel != "nsubj":
                continue
            ref = ref_from_token(d, k, t)
            if ref is None:
                continue
            if ref.kind == "person" and ref.entity:
                return d.canonical(ref.entity)
            if ref.kind == "role":
                return by_role(d, ref, t.start)
            if ref.kind in ("pronoun", "generic"):
                return antecedent(d, ref, t.start, before, [])
            return None
    return None
