"""One indexed view of an article for the quote rules: tokens with their syntax, sentences,
paragraphs, entity mentions and quotation-mark spans, each found by bisection (no scan of the
whole document per lookup, so the rules stay linear in the text's length)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ...article import Entity, Person
from ...stage import Work
from .. import models
from .config import CONTEXT_AFTER, CONTEXT_BEFORE, LEMMA_CACHE_SIZE
from .lexicon import Lexicon, lexicon
from .marks import QSpan, pair_quotes

Mention = tuple[int, int, str, str]  # start, end, entity type, entity id


@dataclass
class Tok:
    i: int  # index in the flat token list
    s: int  # sentence index
    start: int
    stop: int
    text: str
    src: Any  # the natasha token, lemmatized on demand
    pos: str
    feats: dict[str, str]
    id: str
    head_id: str
    rel: str
    _lemma: str | None = None

    @property
    def lemma(self) -> str:
        if self._lemma is None:
            self._lemma = _lemma(self.src)
        return self._lemma

    @property
    def low(self) -> str:
        return self.text.lower()

    def gender(self) -> str | None:
        g = self.feats.get("Gender")
        return {"Masc": "m", "Fem": "f"}.get(g or "")


_LEMMAS: dict[tuple[str, str, tuple[tuple[str, str], ...]], str] = {}


def _lemma(t: Any) -> str:
    if getattr(t, "lemma", None):
        return str(t.lemma).lower().replace("ё", "е")
    key = (t.text, t.pos or "", tuple(sorted((t.feats or {}).items())))
    lem = _LEMMAS.get(key)
    if lem is None:
        try:
            t.lemmatize(models.morph_vocab())
            lem = (t.lemma or t.text).lower().replace("ё", "е")
        except Exception:  # a token pymorphy cannot handle: keep its text
            lem = t.text.lower()
        if len(_LEMMAS) > LEMMA_CACHE_SIZE:
            _LEMMAS.clear()
        _LEMMAS[key] = lem
    return lem


@dataclass
class _Caches:
    gender: dict[str, str | None] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)
    context: dict[str, list[tuple[int, set[str]]]] | None = None


class View:
    """The article text, tokens, sentences, entity mentions and quote spans, indexed."""

    def __init__(self, work: Work) -> None:
        art = work.article
        self.text: str = art.text
        self.lang: str = art.lang or "ru"
        self.lex: Lexicon = lexicon()
        self.toks: list[Tok] = []
        self.sents: list[tuple[int, int, int, int]] = []  # start, stop, first tok, last tok+1
        self.by_id: dict[tuple[int, str], Tok] = {}
        self.children: dict[tuple[int, str], list[Tok]] = {}
        for si, sent in enumerate(work.doc.sents if work.doc is not None else []):
            self._add_sentence(si, sent)
        self.starts = [t.start for t in self.toks]
        self.sent_starts = [s[0] for s in self.sents]
        self.entities: dict[str, Entity] = {e.id: e for e in art.entities}
        self.mentions: list[Mention] = sorted(
            (m.start, m.end, e.type, e.id) for e in art.entities if e.type in ("PER", "ORG", "LOC") for m in e.mentions
        )
        self.mention_starts = [m[0] for m in self.mentions]
        self.longest_mention = max((m[1] - m[0] for m in self.mentions), default=0)
        self.by_entity: dict[str, list[Mention]] = {}
        for m in self.mentions:
            self.by_entity.setdefault(m[3], []).append(m)
        self.people: dict[str, Person] = {p.entity: p for p in art.people}
        self.by_surname: dict[str, list[Person]] = {}
        for p in art.people:
            if " " in p.name and p.last:
                self.by_surname.setdefault(p.last.lower()[:4], []).append(p)
        self.spans, self.orphans = pair_quotes(self.text)
        self.top = [s for s in self.spans if s.depth == 0]
        self.top_opens = [s.open for s in self.top]
        self.span_opens = [s.open for s in self.spans]
        self.orphan_set = set(self.orphans)
        self.paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]
        self.para_starts = [p[0] for p in self.paras]
        self.caches = _Caches()
        self.memo: dict[str, Any] = {}  # results computed once per document by the rules

    def _add_sentence(self, si: int, sent: Any) -> None:
        first = len(self.toks)
        for t in sent.tokens:
            tok = Tok(len(self.toks), si, t.start, t.stop, t.text, t, t.pos or "",
                      dict(t.feats or {}), t.id or "", t.head_id or "", t.rel or "")
            self.toks.append(tok)
            self.by_id[(si, tok.id)] = tok
        for tok in self.toks[first:]:
            self.children.setdefault((si, tok.head_id), []).append(tok)
        self.sents.append((sent.start, sent.stop, first, len(self.toks)))

    # -- lookups ---------------------------------------------------------
    def tokens(self, a: int, b: int) -> list[Tok]:
        i = bisect.bisect_left(self.starts, a)
        out = []
        while i < len(self.toks) and self.toks[i].stop <= b:
            out.append(self.toks[i])
            i += 1
        return out

    def sent_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def sent_toks(self, si: int) -> list[Tok]:
        _, _, a, b = self.sents[si]
        return self.toks[a:b]

    def head(self, t: Tok) -> Tok | None:
        return self.by_id.get((t.s, t.head_id)) if t.head_id != f"{t.s + 1}_0" else None

    def kids(self, t: Tok) -> list[Tok]:
        return self.children.get((t.s, t.id), [])

    def subtree(self, t: Tok, skip: tuple[str, ...] = ()) -> list[Tok]:
        out, todo, seen = [], [t], set()
        while todo:
            x = todo.pop()
            if x.i in seen:
                continue
            seen.add(x.i)
            out.append(x)
            todo.extend(k for k in self.kids(x) if k.rel not in skip)
        return sorted(out, key=lambda x: x.i)

    def mentions_in(self, a: int, b: int, etype: str) -> list[Mention]:
        """Mentions of ``etype`` overlapping [a, b), in order."""
        lo = bisect.bisect_left(self.mention_starts, a - self.longest_mention)
        hi = bisect.bisect_left(self.mention_starts, b)
        return [m for m in self.mentions[lo:hi] if m[2] == etype and m[1] > a]

    def mention_at(self, a: int, b: int, etype: str) -> Mention | None:
        """The last mention of ``etype`` overlapping [a, b)."""
        found = self.mentions_in(a, b, etype)
        return found[-1] if found else None

    def in_top_quote(self, pos: int) -> QSpan | None:
        i = bisect.bisect_left(self.top_opens, pos) - 1
        if i >= 0 and self.top[i].open < pos < self.top[i].close:
            return self.top[i]
        return None

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def span(self, a: int, b: int) -> str:
        return self.text[a:b]

    # -- people ------------------------------------------------------------
    def canonical(self, entity_id: str) -> str:
        """A surname-only person entity maps to the person with that surname and a full name."""
        hit = self.caches.canonical.get(entity_id)
        if hit is None:
            hit = self.caches.canonical[entity_id] = self._canonical(entity_id)
        return hit

    def _canonical(self, entity_id: str) -> str:
        e = self.entities.get(entity_id)
        if e is None or e.type != "PER" or " " in e.name.strip():
            return entity_id
        low = e.name.lower()
        near = [p for p in self.by_surname.get(low[:4], []) if p.entity != entity_id]
        for p in near:
            if (p.last or "").lower() == low:
                return p.entity
        stem = low[: max(4, len(low) - 2)]
        for p in near:
            last = (p.last or "").lower()
            if last[: max(4, len(last) - 2)] == stem:
                return p.entity
        # a first name alone («Юлия») is the one person of the article with that first name
        firsts = [p for p in self.people.values()
                  if p.entity != entity_id and " " in p.name and (p.first or "").lower() == low]
        return firsts[0].entity if len(firsts) == 1 else entity_id

    def name(self, entity_id: str) -> str:
        p = self.people.get(entity_id)
        if p is not None:
            return p.name
        e = self.entities.get(entity_id)
        return e.name if e else entity_id

    def gender(self, entity_id: str) -> str | None:
        if entity_id in self.caches.gender:
            return self.caches.gender[entity_id]
        p = self.people.get(entity_id)
        g = p.gender if p is not None and p.gender in ("m", "f") else None
        if g is None:
            g = surname_gender(self.name(entity_id))
        if g is None:
            votes: dict[str, int] = {}
            for a, b, _, _ in self.by_entity.get(entity_id, []):
                for t in self.tokens(a, b):
                    tg = t.gender() if t.pos == "PROPN" else None
                    if tg:
                        votes[tg] = votes.get(tg, 0) + 1
            g = max(votes, key=lambda k: votes[k]) if votes else None
        self.caches.gender[entity_id] = g
        return g

    def context(self) -> dict[str, list[tuple[int, set[str]]]]:
        """For each person: (mention offset, lemmas of the words around it that may state a role)."""
        if self.caches.context is not None:
            return self.caches.context
        ctx: dict[str, list[tuple[int, set[str]]]] = {}
        for a, b, etype, eid in self.mentions:
            if etype == "PER":
                ctx.setdefault(self.canonical(eid), []).append((a, self._words_around(a, b)))
        for eid, p in self.people.items():
            for pos in p.positions:
                if pos.start is not None and pos.end is not None:
                    if self._disagrees(eid, pos.start, pos.end):
                        continue
                    lem = {t.lemma for t in self.tokens(pos.start, pos.end)}
                else:
                    vocab = models.morph_vocab()
                    lem = {vocab.lemmatize(w, "NOUN", {}) for w in pos.title.lower().split()}
                ctx.setdefault(self.canonical(eid), []).append((pos.start if pos.start is not None else -1, lem))
        self.caches.context = ctx
        return ctx

    def _words_around(self, a: int, b: int) -> set[str]:
        """Lemmas of the words before a name up to a verb, and of an apposition after «Name,»."""
        words: set[str] = set()
        inside = self.tokens(a, b)
        if not inside:
            return words
        st = self.sent_toks(inside[0].s)
        first, last = inside[0].i, inside[-1].i
        j = first - 1
        while j >= st[0].i and first - j <= CONTEXT_BEFORE and self.toks[j].pos not in ("VERB", "AUX") and not (
            self.toks[j].pos == "PUNCT" and self.toks[j].text != "-"
        ) and not self.mention_at(self.toks[j].start, self.toks[j].stop, "PER"):
            words.add(self.toks[j].lemma)
            j -= 1
        hi = st[-1].i
        j = last + 1
        if j <= hi and self.toks[j].text in (",", "(", "–", "—", "-"):
            j += 1
            while j <= hi and j - last <= CONTEXT_AFTER and self.toks[j].pos != "PUNCT" and not self.mention_at(
                self.toks[j].start, self.toks[j].stop, "PER"
            ):
                words.add(self.toks[j].lemma)
                j += 1
        return words

    def _disagrees(self, entity_id: str, a: int, b: int) -> bool:
        """A post in evidence where the name is in an oblique case and the post in the nominative
        («Ерболу Досаеву Президент Казахстана поручил»): an apposition agrees in case, so the post
        is someone else's."""
        names = [m for m in self.by_entity.get(entity_id, []) if a <= m[0] and m[1] <= b]
        if not names or not oblique(self, names[0]):
            return False
        rest = [t for t in self.tokens(a, b) if not (names[0][0] <= t.start < names[0][1])]
        head = next((t for t in rest if t.pos in ("NOUN", "PROPN") and t.lemma in self.lex.role_heads), None)
        return head is not None and head.feats.get("Case") == "Nom" and head.text.lower() == head.lemma


FEMININE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая")
MASCULINE_SURNAME = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий")


def surname_gender(name: str) -> str | None:
    """The gender a Russian-style surname shows («Сабирова» → f, «Нукенов» → m), if any."""
    parts = name.split()
    if len(parts) < 2:
        return None
    last = parts[-1].lower()
    if last.endswith(FEMININE_SURNAME):
        return "f"
    if last.endswith(MASCULINE_SURNAME):
        return "m"
    return None


def oblique(d: View, m: Mention) -> bool:
    """A name mention that cannot be a subject: its last word is in an oblique case only («Ерболу Досаеву»)."""
    toks = d.tokens(m[0], m[1])
    if not toks:
        return False
    w = toks[-1].text.lower()
    if not w.endswith(("у", "ю", "ым", "ом", "ой", "ей")):
        return False
    return not any("nomn" in str(f.tag) for f in models.morph_vocab().parse(w))
