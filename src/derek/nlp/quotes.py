"""Stage: quotes — who said what, in direct and indirect speech.

The stage works in three steps over the clean text and its natasha ``Doc``:

1. **Quotation marks** are paired («», „“, “”, and ASCII ``"`` which opens and
   closes with the same character) into spans, nested spans included.
2. **Candidates** are found: direct speech with the attribution after the quote
   («…», – сказал X), before it (X сказал: «…»; X, судья: «…»), around it (a
   paragraph of speech after a line ending with a colon, or a dash-led
   paragraph ending with «– добавил спикер»), quoted words right after a speech
   verb («назвал "…"»); indirect speech with «что», «по словам X», «как
   сообщил X» and object clauses («подчеркнул позитивную роль …»). Each
   candidate carries an unresolved speaker reference: a named person, a
   pronoun, a role («министр», «глава ведомства»), an organization.
3. **Speakers** are resolved in document order: pronouns and generic roles
   («спикер») to the subject of the preceding sentences or the last speaker,
   roles to the person introduced with that role, surname-only mentions to the
   full name.

The speech-verb, role and organization-speaker lists are the project's own
lexicons in ``derek/lexicons``.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import lexicons
from ..article import Entity, Person, Quote
from ..stage import Stage, Work
from . import models

log = logging.getLogger("derek.nlp.quotes")

# ---------------------------------------------------------------------------
# lexicons


@dataclass(frozen=True)
class VerbInfo:
    lemma: str
    obj: bool = False  # reported content may be the object / infinitive
    quote_only: bool = False  # only direct speech / quoted words
    source: bool = False  # present tense = source line
    needs: str | None = None  # the following word (lemma) for phrases
    impersonal: bool = False  # no subject: «говорится в сообщении»
    cite: bool = False  # the speaker is the object: «цитирует министра агентство»
    inf: bool = False  # the object clause must be an infinitive («предложил рассмотреть»)


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbInfo]]
    generic: set[str]
    roles: list[list[tuple[str, ...]]]  # groups of equivalent roles, each a lemma tuple
    role_heads: set[str]
    orgs: set[str]
    described: set[str]  # heads of roles that are descriptions, not posts
    surface: set[str]  # Kazakh speech words matched as written (the tagger does not know them)


def _lines(name: str) -> Iterable[str]:
    return lexicons.lines(name)


@cache
def lexicon() -> Lexicon:
    """The speech verbs, speaker roles and organization speakers, loaded once."""
    verbs: dict[str, list[VerbInfo]] = {}
    surface: set[str] = set()
    for line in _lines("speech_verbs.txt"):
        if line.startswith("="):
            surface.add(line[1:].strip().lower())
            continue
        parts = line.split()
        lemma, flags = parts[0].replace("ё", "е"), parts[1:]
        needs = next((f[1:] for f in flags if f.startswith("+")), None)
        verbs.setdefault(lemma, []).append(
            VerbInfo(lemma, obj="obj" in flags, quote_only="quote" in flags, source="source" in flags, needs=needs,
                     impersonal="impersonal" in flags, inf="inf" in flags,
                     cite="cite" in flags)
        )
    generic: set[str] = set()
    roles: list[list[tuple[str, ...]]] = []
    described: set[str] = set()
    section = ""
    for line in _lines("speaker_roles.txt"):
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "generic":
            generic.add(line.lower())
        else:
            group = [tuple(m.lower().replace("ё", "е").split()) for m in line.split("|") if m.strip()]
            roles.append(group)
            if section == "described":
                described.update(m[0] for m in group)
    role_heads = {m[0] for g in roles for m in g} | generic
    orgs = {w.lower() for w in _lines("speaker_orgs.txt")}
    return Lexicon(verbs, generic, roles, role_heads, orgs, described, surface)


# ---------------------------------------------------------------------------
# tokens


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
        if len(_LEMMAS) > 200_000:
            _LEMMAS.clear()
        _LEMMAS[key] = lem
    return lem


# ---------------------------------------------------------------------------
# quotation marks

_OPEN_CLOSE = {"«": "»", "„": "“", "“": "”", '"': '"'}
_ALL_MARKS = "«»„“”\""
_DASHES = "–—-"
_OPENERS = ("«", "„", "“", "\"")


@dataclass
class QSpan:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark
    depth: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def pair_quotes(text: str) -> tuple[list[QSpan], list[int]]:
    """Pair quotation marks; return the spans and the offsets of unpaired opening marks.

    «» and „“ / “” pair by their shape; an ASCII ``"`` opens when it follows a
    space, a line start or an opening bracket/dash/colon and precedes a
    non-space, and closes when it follows a non-space. Quotes do not run across
    line breaks: an opening mark still open at the end of a line is unpaired.
    """
    spans: list[QSpan] = []
    orphans: list[int] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == "\n":
            orphans.extend(p for _, p in stack)
            stack.clear()
            continue
        if ch not in _ALL_MARKS:
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if ch == '"':
            can_open = (prev.isspace() or prev in "([{/:«„“" + _DASHES) and not nxt.isspace()
            can_close = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
            if stack and stack[-1][0] == '"' and can_close:
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            elif can_open:
                stack.append((ch, i))
            elif can_close and any(c == '"' for c, _ in stack):
                while stack and stack[-1][0] != '"':
                    stack.pop()
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            continue
        if ch in "«„":
            stack.append((ch, i))
        elif ch == "“":
            if stack and stack[-1][0] == "„":
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
            else:
                stack.append((ch, i))
        else:  # » or ”
            opener = "«" if ch == "»" else "“"
            if any(c == opener for c, _ in stack):
                while stack and stack[-1][0] != opener:
                    stack.pop()
                _, p = stack.pop()
                spans.append(QSpan(p, i, len(stack)))
    orphans.extend(p for _, p in stack)
    spans.sort(key=lambda s: s.open)
    return spans, sorted(orphans)


# ---------------------------------------------------------------------------
# speaker references and candidates


@dataclass
class Ref:
    kind: str  # person / pronoun / generic / role / org / other / none
    entity: str | None = None
    gender: str | None = None
    phrase: str | None = None
    role: tuple[str, ...] = ()
    plural: bool = False
    soft: bool = False  # a role word outside the lexicon: resolved only by the article's own wording


@dataclass
class Cand:
    kind: str  # direct / indirect
    start: int
    end: int
    cue_start: int
    cue_end: int
    ref: Ref
    at: int  # where the attribution is read from (for antecedents)


_SENT_END = ".!?…"
_SOURCE_TAIL = re.compile(
    r"[,–—-]\s*(?:[–—-]\s*)?(?:сообщает|сообщают|передает|передаёт|передают|пишет|пишут|информирует)\s"
    r"|[,(]?\s*со ссылкой на\s",
    re.IGNORECASE,
)
_DASH_ATTR = re.compile(r"(?:[,!?…][»\"”“]?|[»\"”“],?)[ \t]*[–—-][ \t]+")
_AFTER_SEP = re.compile(r"[ \t]*([,:]?)[ \t]*([–—-]?)[ \t]*")
_PRONOUNS = {"он": "m", "она": "f"}
_OBLIQUE = ("Gen", "Dat", "Ins", "Loc")
_POSSESSIVE = {"его": "m", "ее": "f", "её": "f"}


class _Doc:
    """The article text, tokens, sentences, entity mentions and quote spans, indexed."""

    def __init__(self, work: Work) -> None:
        art = work.article
        self.text: str = art.text
        self.lex = lexicon()
        self.toks: list[Tok] = []
        self.sents: list[tuple[int, int, int, int]] = []  # start, stop, first tok, last tok+1
        by_id: dict[tuple[int, str], Tok] = {}
        children: dict[tuple[int, str], list[Tok]] = {}
        for si, sent in enumerate(work.doc.sents if work.doc is not None else []):
            first = len(self.toks)
            for t in sent.tokens:
                tok = Tok(len(self.toks), si, t.start, t.stop, t.text, t, t.pos or "",
                          dict(t.feats or {}), t.id or "", t.head_id or "", t.rel or "")
                self.toks.append(tok)
                by_id[(si, tok.id)] = tok
            for tok in self.toks[first:]:
                children.setdefault((si, tok.head_id), []).append(tok)
            self.sents.append((sent.start, sent.stop, first, len(self.toks)))
        self.by_id = by_id
        self.children = children
        self.starts = [t.start for t in self.toks]
        self.sent_starts = [s[0] for s in self.sents]
        # entity mentions
        self.entities: dict[str, Entity] = {e.id: e for e in art.entities}
        self.mentions: list[tuple[int, int, str, str]] = sorted(
            (m.start, m.end, e.type, e.id) for e in art.entities if e.type in ("PER", "ORG") for m in e.mentions
        )
        self.people: dict[str, Person] = {p.entity: p for p in art.people}
        self.spans, self.orphans = pair_quotes(self.text)
        self.top = [s for s in self.spans if s.depth == 0]
        self.paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", self.text)]
        self.para_starts = [p[0] for p in self.paras]
        self._gender: dict[str, str | None] = {}
        self._context: dict[str, list[tuple[int, set[str]]]] | None = None

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

    def mention_at(self, a: int, b: int, etype: str) -> tuple[int, int, str, str] | None:
        best = None
        for m in self.mentions:
            if m[0] >= b:
                break
            if m[1] > a and m[2] == etype:
                best = m
        return best

    def mentions_in(self, a: int, b: int, etype: str) -> list[tuple[int, int, str, str]]:
        return [m for m in self.mentions if m[2] == etype and m[1] > a and m[0] < b]

    def in_top_quote(self, pos: int) -> QSpan | None:
        for s in self.top:
            if s.open < pos < s.close:
                return s
            if s.open > pos:
                break
        return None

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    # -- people ------------------------------------------------------------
    def canonical(self, entity_id: str) -> str:
        """A surname-only person entity maps to the person with that surname and a full name."""
        e = self.entities.get(entity_id)
        if e is None or e.type != "PER" or " " in e.name.strip():
            return entity_id
        low = e.name.lower()
        for p in self.people.values():
            if p.entity != entity_id and " " in p.name and (p.last or "").lower() == low:
                return p.entity
        stem = low[: max(4, len(low) - 2)]
        for p in self.people.values():
            last = (p.last or "").lower()
            if p.entity != entity_id and " " in p.name and last and last[: max(4, len(last) - 2)] == stem:
                return p.entity
        return entity_id

    def name(self, entity_id: str) -> str:
        p = self.people.get(entity_id)
        if p is not None:
            return p.name
        e = self.entities.get(entity_id)
        return e.name if e else entity_id

    def gender(self, entity_id: str) -> str | None:
        if entity_id in self._gender:
            return self._gender[entity_id]
        p = self.people.get(entity_id)
        g = p.gender if p is not None and p.gender in ("m", "f") else None
        if g is None:
            votes: dict[str, int] = {}
            for a, b, _, eid in self.mentions:
                if eid == entity_id:
                    for t in self.tokens(a, b):
                        tg = t.gender() if t.pos == "PROPN" else None
                        if tg:
                            votes[tg] = votes.get(tg, 0) + 1
            g = max(votes, key=lambda k: votes[k]) if votes else None
        self._gender[entity_id] = g
        return g

    def context(self) -> dict[str, list[tuple[int, set[str]]]]:
        """For each person: (mention offset, lemmas of the words around it that may state a role)."""
        if self._context is not None:
            return self._context
        ctx: dict[str, list[tuple[int, set[str]]]] = {}
        for a, b, etype, eid in self.mentions:
            if etype != "PER":
                continue
            eid = self.canonical(eid)
            words: set[str] = set()
            inside = self.tokens(a, b)
            if inside:
                st = self.sent_toks(inside[0].s)
                first, last = inside[0].i, inside[-1].i
                lo = st[0].i
                j = first - 1
                while j >= lo and first - j <= 7 and self.toks[j].pos not in ("VERB", "AUX") and not (
                    self.toks[j].pos == "PUNCT" and self.toks[j].text != "-"
                ) and not self.mention_at(self.toks[j].start, self.toks[j].stop, "PER"):
                    words.add(self.toks[j].lemma)
                    j -= 1
                hi = st[-1].i
                j = last + 1
                if j <= hi and self.toks[j].text in (",", "(", "–", "—", "-"):
                    j += 1
                    while j <= hi and j - last <= 8 and self.toks[j].pos != "PUNCT" and not self.mention_at(
                        self.toks[j].start, self.toks[j].stop, "PER"
                    ):
                        words.add(self.toks[j].lemma)
                        j += 1
            ctx.setdefault(eid, []).append((a, words))
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
        self._context = ctx
        return ctx

    def _disagrees(self, entity_id: str, a: int, b: int) -> bool:
        """A post in evidence where the name is in an oblique case and the post in the nominative
        («Ерболу Досаеву Президент Казахстана поручил»): an apposition agrees in case, so the post
        is someone else's."""
        names = [m for m in self.mentions if m[2] == "PER" and m[3] == entity_id and a <= m[0] and m[1] <= b]
        if not names or not _oblique(self, names[0]):
            return False
        rest = [t for t in self.tokens(a, b) if not (names[0][0] <= t.start < names[0][1])]
        head = next((t for t in rest if t.pos in ("NOUN", "PROPN") and t.lemma in self.lex.role_heads), None)
        return head is not None and head.feats.get("Case") == "Nom" and head.text.lower() == head.lemma


# ---------------------------------------------------------------------------
# finding the speaker reference near a cue


_SURFACE = VerbInfo("", quote_only=True)


def _is_speech(d: _Doc, t: Tok, present_source: bool = False) -> VerbInfo | None:
    """The speech verb ``t`` is, if any. Present-tense source verbs («сообщает») count only with
    ``present_source`` (the caller checks that a «что» clause follows and the subject is not an outlet)."""
    if t.low in d.lex.surface:
        return _SURFACE
    if t.pos not in ("VERB", "AUX"):
        return None
    infos = d.lex.verbs.get(t.lemma)
    if not infos:
        return None
    for info in infos:
        if info.needs is None:
            if info.source and t.feats.get("Tense") == "Pres" and not present_source:
                return None
            return info
        # the phrase's noun right after the verb or just before it: «выразил уверенность», «заявление сделал»
        near = [x for x in d.toks[max(0, t.i - 2) : t.i + 3] if x.s == t.s and x.i != t.i]
        if any(x.lemma == info.needs for x in near):
            return info
    return None


def _role_lemmas(d: _Doc, t: Tok) -> tuple[str, ...]:
    out = [t.lemma]
    for k in d.kids(t):
        if k.rel == "nmod" and k.feats.get("Case") == "Gen" and k.i > t.i and k.pos in ("NOUN", "PROPN"):
            out.append(k.lemma)
            break
    return tuple(out)


def _phrase(d: _Doc, toks: list[Tok]) -> str:
    if not toks:
        return ""
    return d.text[toks[0].start : toks[-1].stop]


def _nominative_phrase(d: _Doc, head: Tok, toks: list[Tok]) -> str:
    """The phrase as written, with its head word put back in the nominative («в МВД» → «МВД»)."""
    toks = [t for t in toks if not (t.rel == "case" and t.head_id == head.id) and t.pos != "PUNCT"]
    if not toks:
        return head.text
    parts = []
    prev = None
    for t in toks:
        if prev is not None:
            parts.append(d.text[prev.stop : t.start])
        w = t.text
        if t is head and head.feats.get("Case") not in (None, "Nom") and not head.text.isupper():
            w = head.lemma if head.text[:1].islower() else head.lemma[:1].upper() + head.lemma[1:]
        parts.append(w)
        prev = t
    out = "".join(parts)
    # a closing mark the tokens left out: «агентство «Интерфакс»»
    for o, c in (("«", "»"), ("“", "”"), ("„", "“")):
        if out.count(o) > out.count(c) and d.text[toks[-1].stop : toks[-1].stop + 1] == c:
            out += c
    if out.count('"') % 2 == 1 and d.text[toks[-1].stop : toks[-1].stop + 1] == '"':
        out += '"'
    return out


def _ref_from_token(d: _Doc, t: Tok, verb: Tok | None, scope: tuple[int, int] | None = None) -> Ref | None:
    """What the subject token ``t`` (with its dependents) says about the speaker."""
    sub = d.subtree(t, skip=("acl:relcl", "parataxis", "punct", "conj") if t.pos != "PROPN" else ("acl:relcl",))
    if scope is not None:
        sub = [x for x in sub if scope[0] <= x.start and x.stop <= scope[1]]
    if verb is not None:
        sub = [x for x in sub if x.i != verb.i and (x.i < verb.i) == (t.i < verb.i)]
    if not sub:
        sub = [t]
    a, b = sub[0].start, sub[-1].stop
    vg = verb.gender() if verb is not None else None
    plural = verb is not None and verb.feats.get("Number") == "Plur"
    pers = [m for m in d.mentions_in(a, b, "PER") if verb is None or not _oblique(d, m)]
    if t.pos == "NOUN" and not d.mention_at(t.start, t.stop, "PER"):
        # «Помощник Хиллари Клинтон … заявил»: a name governed by the subject noun is whom it serves
        pers = [m for m in pers if not any(
            x.rel == "nmod" and d.head(x) is t for x in d.tokens(m[0], m[1])[:1])]
    if pers:
        pick = next((m for m in pers if m[0] <= t.start < m[1]), None)
        if pick is None:
            pick = next((m for m in pers if any(d.head(x) is t for x in d.tokens(m[0], m[1]))), None)
        if pick is None:
            pick = pers[-1]
        return Ref("person", entity=pick[3])
    if t.pos == "PROPN" and d.mention_at(t.start, t.stop, "PER"):
        # a name the tagger took for the subject but which is not nominative: its title may be
        for k in d.kids(t):
            if k.rel == "appos" and k.pos in ("NOUN", "PROPN") and not d.mention_at(k.start, k.stop, "PER"):
                return _ref_from_token(d, k, verb, scope)
        return None
    if t.pos == "PRON" and t.lemma in _PRONOUNS:
        return Ref("pronoun", gender=_PRONOUNS[t.lemma] if t.lemma else vg)
    if t.pos in ("NOUN", "PROPN"):
        if t.lemma in d.lex.generic:
            return Ref("generic", gender=vg, phrase=t.text)
        orgs = d.mentions_in(a, b, "ORG")
        if t.lemma in d.lex.orgs or (orgs and orgs[0][0] <= t.start < orgs[0][1]):
            ent = orgs[0][3] if orgs else None
            return Ref("org", entity=ent, phrase=_nominative_phrase(d, t, sub), plural=plural)
        if t.lemma in d.lex.role_heads:
            return Ref("role", gender=vg, phrase=_phrase(d, sub), role=_role_lemmas(d, t),
                       soft=t.lemma in d.lex.described)
        if orgs:
            return Ref("org", entity=orgs[0][3], phrase=_nominative_phrase(d, t, sub), plural=plural)
        if t.feats.get("Animacy") == "Anim" and t.pos == "NOUN":
            # a description of people: «участники», «освещающие акцию блоггеры», «чиновник»
            near = [x for x in d.subtree(t, skip=("acl", "acl:relcl", "parataxis", "punct", "conj", "appos", "nmod"))
                    if scope is None or scope[0] <= x.start and x.stop <= scope[1]]
            phrase = _phrase(d, near) or t.text
            if phrase[:1].isupper() and not phrase[1:2].isupper() and near and near[0].i == d.sents[t.s][2]:
                phrase = phrase[:1].lower() + phrase[1:]
            if t.feats.get("Number") == "Plur":
                return Ref("other", phrase=phrase, plural=True)
            # a singular description may name a person given elsewhere («протоиерей Всеволод Чаплин»)
            return Ref("role", gender=vg, phrase=phrase, role=_role_lemmas(d, t), soft=True)
    return None


def _oblique(d: _Doc, m: tuple[int, int, str, str]) -> bool:
    """A name mention that cannot be a subject: its last word is in an oblique case only («Ерболу Досаеву»)."""
    toks = d.tokens(m[0], m[1])
    if not toks:
        return False
    w = toks[-1].text.lower()
    if not w.endswith(("у", "ю", "ым", "ом", "ой", "ей")):
        return False
    return not any("nomn" in str(f.tag) for f in models.morph_vocab().parse(w))


def _scan_ref(d: _Doc, toks: list[Tok], verb: Tok | None) -> Ref | None:
    """A speaker in a short attribution clause, without syntax: a name, a pronoun, a role, an org."""
    for t in toks:
        if verb is not None and t.i == verb.i:
            continue
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None and (verb is None or not (_oblique(d, m) or t.feats.get("Case") in _OBLIQUE)):
            return Ref("person", entity=m[3])
    for t in toks:
        if verb is not None and t.i == verb.i:
            continue
        if t.low == "ол" and verb is not None and verb.low in d.lex.surface:
            return Ref("pronoun")  # Kazakh «ол»: he or she
        if t.feats.get("Case", "Nom") != "Nom" or (verb is not None and any(k.rel == "case" for k in d.kids(t))):
            continue
        if t.pos == "PRON" and t.lemma in _PRONOUNS:
            return Ref("pronoun", gender=_PRONOUNS[t.lemma])
        if t.pos in ("NOUN", "PROPN") and (
            t.lemma in d.lex.role_heads or t.lemma in d.lex.orgs or d.mention_at(t.start, t.stop, "ORG")
        ):
            return _ref_from_token(d, t, verb, scope=(toks[0].start, toks[-1].stop))
    return None


def _ref_for_verb(d: _Doc, v: Tok, scope: tuple[int, int] | None = None) -> Ref:
    """The speaker of speech verb ``v``: its subject (through gerunds and conjoined verbs), or an org «в МВД»."""
    if any(i.impersonal for i in d.lex.verbs.get(v.lemma, [])):
        # «говорится в сообщении ведомства»: the document's author, when named
        for k in d.kids(v):
            if k.rel == "obl" and any(c.rel == "case" and c.lemma == "в" for c in d.kids(k)):
                owner = next((n for n in d.kids(k) if n.rel == "nmod"), None)
                for x in (owner, k):
                    if x is not None and (x.lemma in d.lex.orgs or d.mention_at(x.start, x.stop, "ORG")):
                        ref = _ref_from_token(d, x, None, scope)
                        if ref is not None and ref.kind == "org":
                            return ref
        return Ref("none", plural=True)
    x: Tok | None = v
    for _ in range(3):
        if x is None:
            break
        for k in d.kids(x):
            if k.rel in ("nsubj",) and (scope is None or scope[0] <= k.start < scope[1]):
                ref = _ref_from_token(d, k, x, scope)
                if ref is not None:
                    return ref
        if x.feats.get("Number") == "Plur" or x.feats.get("VerbForm") == "Conv" or x is v:
            for k in d.kids(x):
                if k.rel == "obl" and any(c.rel == "case" and c.lemma == "в" for c in d.kids(k)):
                    if k.lemma in d.lex.orgs or d.mention_at(k.start, k.stop, "ORG"):
                        ref = _ref_from_token(d, k, x, scope)
                        if ref is not None and ref.kind == "org":
                            return ref
        if x.rel in ("advcl", "conj", "xcomp", "parataxis") or x.feats.get("VerbForm") == "Conv":
            x = d.head(x)
        else:
            break
    if v.feats.get("Number") == "Plur":
        return Ref("none", plural=True)
    # no usable syntax: look around the verb in its sentence
    st = d.sent_toks(v.s)
    lo = scope[0] if scope else st[0].start
    hi = scope[1] if scope else st[-1].stop
    before = [t for t in st if lo <= t.start and t.i < v.i]
    after = []
    for t in st:
        if t.i > v.i and t.stop <= hi:
            if t.text in (",", ":") or t.pos == "PUNCT" and t.text in _SENT_END:
                break
            after.append(t)
    ref = _scan_ref(d, after, v)
    if ref is None and before:
        # the nearest clause before the verb
        j = len(before)
        while j > 0 and before[j - 1].text not in _SENT_END:
            j -= 1
        ref = _scan_ref(d, list(reversed(before[j:])), v)
    if ref is not None:
        return ref
    return Ref("none", gender=v.gender(), plural=v.feats.get("Number") == "Plur")


def _cited(d: _Doc, v: Tok, clause: list[Tok]) -> Ref | None:
    """The person quoted by «цитирует X …», «приводит слова X …»: a name or post in the object."""
    for t in clause:
        if t.i == v.i or t.feats.get("Case") not in ("Acc", "Gen"):
            continue
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None:
            return Ref("person", entity=m[3])
        if t.pos == "NOUN" and t.lemma in d.lex.role_heads - d.lex.generic:
            return Ref("role", phrase=t.text, role=_role_lemmas(d, t), soft=t.lemma in d.lex.described)
    return None


def _cue_end(d: _Doc, v: Tok, ref: Ref) -> int:
    """The cue is the verb, plus a pronoun or role subject right after it («заявил он», «добавил спикер»)."""
    if ref.kind in ("pronoun", "generic", "role") and v.i + 1 < len(d.toks):
        nxt = d.toks[v.i + 1]
        if nxt.s == v.s and nxt.pos == "PRON" and nxt.lemma in _PRONOUNS and ref.kind == "pronoun":
            return nxt.stop
        if nxt.s == v.s and nxt.pos == "NOUN" and ref.phrase and d.text.startswith(ref.phrase, nxt.start):
            return nxt.start + len(ref.phrase)
        if nxt.s == v.s and nxt.pos == "NOUN" and ref.phrase and ref.phrase.split()[0] == nxt.text:
            return nxt.stop
    return v.stop


# ---------------------------------------------------------------------------
# the stage


def _trim(text: str, a: int, b: int, strip_final: bool = False) -> tuple[int, int]:
    """Shrink [a, b) past spaces, leading dashes and marks, and trailing commas (and full stops)."""
    while a < b and (text[a].isspace() or text[a] in _DASHES + "«„“\""):
        if text[a] in _DASHES and a + 1 < b and not text[a + 1].isspace():
            break
        a += 1
    tail = " \t\n,;:" + _DASHES + ("." if strip_final else "")
    while b > a and (text[b - 1] in tail or (text[b - 1] in "»”\"“" and _unbalanced_close(text, a, b))):
        b -= 1
    return a, b


def _unbalanced_close(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    ch = seg[-1]
    if ch == "»":
        return seg.count("«") < seg.count("»")
    if ch == '"':
        return seg.count('"') % 2 == 1
    return seg.count("“") + seg.count("„") < seg.count("”") + seg.count("“") - (1 if ch == "“" else 0)


class QuoteStage(Stage):
    """Direct and indirect speech with resolved speakers → ``article.quotes``."""

    name = "quotes"
    requires = ("entities", "people")
    provides = ("quotes",)

    def __init__(self) -> None:
        self.lex = lexicon()

    def __call__(self, work: Work) -> Work:
        if work.doc is None or not work.article.text.strip():
            work.article.quotes = []
            return work
        d = _Doc(work)
        cands = self.direct(d)
        cands += self.indirect(d, cands)
        work.article.quotes = self.resolve(d, cands)
        return work

    # -- direct speech ----------------------------------------------------
    def attribution_after(self, d: _Doc, p: int, colon: bool, dash: bool) -> tuple[Ref, int, int] | None:
        """Is the text from ``p`` an attribution («сказал X», «X отметил», «Токаев.»)?"""
        nl = d.text.find("\n", p)
        limit = len(d.text) if nl < 0 else nl
        clause: list[Tok] = []
        self.att_end = limit
        for t in d.tokens(p, limit):
            if t.pos == "PUNCT" and t.text in _SENT_END + ":":
                self.att_end = t.start
                break
            clause.append(t)
        words = [t for t in clause if t.pos != "PUNCT"]
        if not words:
            return None
        for n_w, t in enumerate(words[: 3 if colon else 5]):
            info = _is_speech(d, t)
            if info is not None and t.lemma == "назвать" and n_w > 0 and words[n_w - 1].low == "как":
                return None  # «к «коробке с письмами», как назвали ящик авторы»: a name, not speech
            if info is not None:
                scope = (clause[0].start, clause[-1].stop)
                ref = (_cited(d, t, clause) if info.cite else None) or _ref_for_verb(d, t, scope)
                return ref, t.start, _cue_end(d, t, ref)
            if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin":
                break
        if dash and not colon:
            m = d.mention_at(words[0].start, words[0].stop, "PER")
            if m is not None and words[-1].stop <= m[1] and words[0].start >= m[0]:
                return Ref("person", entity=m[3]), p, m[1]
        return None

    def intro(self, d: _Doc, a: int, colon: int) -> tuple[Ref, int, int] | None:
        """The sentence before a colon that introduces speech: «X отметил:», «Даурен Мадалиев, судья:»."""
        seg = d.text[a:colon]
        cut = max((m.end() for m in re.finditer(r"[.!?…]\s", seg)), default=0)
        a += cut
        toks = [t for t in d.tokens(a, colon) if not d.in_top_quote(t.start)]
        if not toks:
            return None
        for t in reversed(toks):
            info = _is_speech(d, t)
            if info is not None:
                ref = _ref_for_verb(d, t, (a, colon))
                return ref, t.start, _cue_end(d, t, ref)
        if any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in toks):
            return None
        m = d.mention_at(toks[0].start, toks[-1].stop, "PER")
        if m is not None and m[0] <= toks[0].start + 1:
            return Ref("person", entity=m[3]), toks[0].start, colon + 1
        return None

    def direct(self, d: _Doc) -> list[Cand]:
        text = d.text
        out: list[Cand] = []
        taken: list[tuple[int, int]] = []

        def add(kind: str, a: int, b: int, att: tuple[Ref, int, int], at: int) -> None:
            a, b = _trim(text, a, b)
            if b - a < 2 or any(x < b and a < y for x, y in taken):
                return
            ref, cs, ce = att
            out.append(Cand(kind, a, b, cs, ce, ref, at))
            out.sort(key=lambda c: c.start)
            taken.append((a, b))

        # quotation marks with an attribution after or before them
        for s in d.top:
            a, b = s.inner
            inner = text[a:b]
            if not re.search(r"\w", inner):
                continue
            if self.split_inside(d, s, add):
                continue
            m = _AFTER_SEP.match(text, s.close + 1)
            att = None
            if m and (m.group(1) or m.group(2) or text.startswith("деп ", m.end())):
                att = self.attribution_after(d, m.end(), colon=m.group(1) == ":", dash=bool(m.group(2)))
            if att is None:
                att = self.before(d, s.open)
            if att is None and len(inner.split()) >= 3:
                att = self.headline_after(d, s.open, s.close + 1)
            if att is not None and len(inner.split()) >= 2:
                add("direct", a, b, att, s.open)
                continue
        # paragraphs of speech without (paired) quotation marks
        orphans = set(d.orphans)
        for pi, (ps, pe) in enumerate(d.paras):
            if any(x < pe and ps < y for x, y in taken):
                continue
            lead = text[ps:pe]
            m = re.match(r"[–—-]\s+", lead)
            if m:
                cs = ps + m.end()
            elif lead[0] in "«„“\"" and ps in orphans:
                cs = ps + 1
            elif lead[0] in "«„“\"":
                continue
            else:
                cs = ps
            att = None
            for dm in _DASH_ATTR.finditer(text, cs, pe):
                if d.in_top_quote(dm.start()):
                    continue
                att = self.attribution_after(d, dm.end(), colon=False, dash=True)
                if att is not None:
                    add("direct", cs, dm.start() + 1, att, cs)
                    # «– Первая часть, – сказал X. – Вторая часть.»
                    rest = re.compile(r"[ \t]*[.,]?[ \t]*[–—][ \t]+").match(text, self.att_end)
                    if rest is not None and rest.end() < pe:
                        add("direct", rest.end(), pe, att, cs)
                    break
            if att is None and pi > 0:
                qs, qe = d.paras[pi - 1]
                if text[qs:qe].rstrip().endswith(":"):
                    att = self.intro(d, qs, qs + len(text[qs:qe].rstrip()) - 1)
                    if att is not None:
                        add("direct", cs, pe, att, cs)
        self.continuations(d, out, add)
        return out

    def continuations(self, d: _Doc, out: list[Cand], add: Any) -> None:
        """A quote running over several paragraphs: each opens with a mark, only the last one closes."""
        text = d.text
        orphans = set(d.orphans)

        def quote_in(pi: int) -> Cand | None:
            ps, pe = d.paras[pi]
            return next((c for c in out if ps <= c.start < pe), None)

        def body(pi: int) -> tuple[int, int] | None:
            ps, pe = d.paras[pi]
            if text[ps] not in "«„“\"":
                return None
            if ps in orphans:
                return ps + 1, pe
            s = next((x for x in d.top if x.open == ps), None)
            return (ps + 1, s.close) if s is not None and s.close >= pe - 3 else None

        changed = True
        while changed:
            changed = False
            for pi in range(len(d.paras)):
                if quote_in(pi) is not None or body(pi) is None:
                    continue
                for pj, need_open in ((pi - 1, True), (pi + 1, False)):
                    if not 0 <= pj < len(d.paras):
                        continue
                    c = quote_in(pj)
                    # the paragraph before must be left open; this one must be left open for the next
                    if c is None or (need_open and d.paras[pj][0] not in orphans) or (
                        not need_open and d.paras[pi][0] not in orphans
                    ):
                        continue
                    if body(pj) is None:
                        continue
                    a, b = body(pi)  # type: ignore[misc]
                    n = len(out)
                    add("direct", a, b, (c.ref, c.cue_start, c.cue_end), c.at)
                    if len(out) > n:
                        changed = True
                        break

    def split_inside(self, d: _Doc, s: QSpan, add: Any) -> bool:
        """«Первая часть, – сказал X. – Вторая часть»: the attribution inside the marks."""
        text = d.text
        a, b = s.inner
        for dm in _DASH_ATTR.finditer(text, a, b):
            if d.in_top_quote(dm.start()) is not s or any(x.open < dm.start() < x.close for x in d.spans if x.depth > 0):
                continue
            att = self.attribution_after(d, dm.end(), colon=False, dash=True)
            if att is None:
                continue
            rest = re.compile(r"[ \t]*[.,:]?[ \t]*[–—][ \t]+").match(text, self.att_end)
            if rest is None or rest.end() >= b:
                continue
            add("direct", a, dm.start() + 1, att, s.open)
            add("direct", rest.end(), b, att, s.open)
            return True
        return False

    def headline_after(self, d: _Doc, open_at: int, p: int) -> tuple[Ref, int, int] | None:
        """A quote opening a headline-like line, then a sentence on the same line whose subject is a
        person or a role: «Билеты дорогие, …». Депутат раскритиковал работу КТЖ."""
        text = d.text
        ps, pe = d.paras[d.para_of(open_at)] if d.paras else (0, len(text))
        if text[ps:open_at].strip() or "\n" in text[p:pe]:
            return None
        m = re.compile(r"[ \t]*[.!?…]+[ \t]+").match(text, p)
        if m is None or m.end() >= pe:
            return None
        toks = [t for t in d.tokens(m.end(), pe) if t.pos != "PUNCT"][:4]
        verb = next((t for t in toks if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"), None)
        if verb is None or verb is toks[0]:
            return None
        ref = _scan_ref(d, [t for t in toks if t.i < verb.i], verb)
        if ref is None or ref.kind not in ("person", "role"):
            return None
        return ref, verb.start, verb.stop

    def before(self, d: _Doc, open_at: int) -> tuple[Ref, int, int] | None:
        text = d.text
        ps = d.paras[d.para_of(open_at)][0] if d.paras else 0
        prefix = text[ps:open_at].rstrip()
        if prefix.endswith(":"):
            return self.intro(d, ps, ps + len(prefix) - 1)
        if prefix.strip(" " + _DASHES) == "":
            pi = d.para_of(open_at)
            if pi > 0:
                qs, qe = d.paras[pi - 1]
                prev = text[qs:qe].rstrip()
                if prev.endswith(":"):
                    return self.intro(d, qs, qs + len(prev) - 1)
        return None

    # -- indirect speech --------------------------------------------------
    def clause_end(self, d: _Doc, a: int, si: int) -> int:
        ss, se, _, _ = d.sents[si]
        nl = d.text.find("\n", a)
        b = min(se, nl) if nl >= 0 else se
        m = _SOURCE_TAIL.search(d.text, a, b)
        if m:
            b = m.start()
        return b

    def indirect(self, d: _Doc, direct: list[Cand]) -> list[Cand]:
        text = d.text
        out: list[Cand] = []
        spans = [(c.start, c.end) for c in direct]
        cues = {c.cue_start for c in direct}

        def covered(pos: int) -> bool:
            return any(x <= pos < y for x, y in spans) or d.in_top_quote(pos) is not None

        def emit(kind: str, a: int, b: int, cs: int, ce: int, ref: Ref, strip: bool = True) -> None:
            a, b = _trim(text, a, b, strip_final=strip)
            if b - a < 3 or not re.search(r"\w", text[a:b]):
                return
            if ref.kind == "none" and ref.plural:
                return
            if any(x < b and a < y for x, y in spans):
                return
            out.append(Cand(kind, a, b, cs, ce, ref, cs))
            spans.append((a, b))

        def reported(a: int, b: int, cs: int, ce: int, ref: Ref) -> None:
            """A reported clause [a, b): direct if it is (almost) all one quotation."""
            a, b = _trim(text, a, b, strip_final=True)
            for s in d.top:
                if a - 1 <= s.open < b and s.open - a <= 25 and (s.close - s.open) >= 0.6 * (b - a):
                    ia, ib = s.inner
                    emit("direct", ia, ib, cs, ce, ref, strip=False)
                    return
            emit("indirect", a, b, cs, ce, ref)

        for si in range(len(d.sents)):
            st = d.sent_toks(si)
            for k, v in enumerate(st):
                po = v.low in ("словам", "мнению") and k > 0
                info = None if po else _is_speech(d, v, present_source=True)
                if info is not None and info.source and v.feats.get("Tense") == "Pres" and not self._reports(d, st, k, v):
                    info = None
                if (not po and info is None) or covered(v.start):
                    continue
                # «по словам X, …» / «по его словам, …»
                if po:
                    self._po_slovam(d, st, k, reported)
                    continue
                if v.start in cues or info is None:
                    continue
                # the author's own phrases: «стоит отметить, что», «напомним, что», «отметим»
                if (
                    v.feats.get("VerbForm") == "Inf" or v.feats.get("Mood") == "Imp"
                    or v.feats.get("Person") == "1"
                ):
                    continue
                # «как сообщил X, …»
                if k > 0 and st[k - 1].low == "как" and (k == 1 or st[k - 2].text in (",", "—", "–", "(")):
                    j = next((i for i in range(k + 1, len(st)) if st[i].text == ","), None)
                    ref = _ref_for_verb(d, v, (v.start, st[j].start if j is not None else st[-1].stop))
                    if ref.kind == "none":
                        ref = _ref_for_verb(d, v)
                    cs, ce = st[k - 1].start, _cue_end(d, v, ref)
                    if j is not None and j + 1 < len(st) and (st[j + 1].pos != "PUNCT" or st[j + 1].text in _OPENERS):
                        reported(st[j + 1].start, self.clause_end(d, st[j + 1].start, si), cs, ce, ref)
                    elif k >= 2:
                        reported(st[0].start, st[k - 2].start, cs, ce, ref)
                    continue
                # «…, сообщил X.» / «Об этом сообщил X.»: the reported content comes before
                if v.feats.get("VerbForm") == "Fin" and self._reported_before(d, st, k, v, info, reported):
                    continue
                if info.quote_only:
                    # quoted words right after the verb: «назвал "ориентировочной"»
                    if info.source or v.lemma in ("цитировать", "процитировать"):
                        continue
                    for s in d.top:
                        if any(m[0] <= s.open + 1 and s.close <= m[1] + 1 for m in d.mentions):
                            continue
                        if v.stop <= s.open <= v.stop + 2 or (
                            v.stop <= s.open < v.stop + 40 and d.sent_of(s.open) == si
                            and all(t.pos != "PUNCT" for t in d.tokens(v.stop, s.open))
                            and len(d.tokens(v.stop, s.open)) <= 2
                        ):
                            ref = _ref_for_verb(d, v)
                            a, b = s.inner
                            emit("direct", a, b, v.start, _cue_end(d, v, ref), ref, strip=False)
                            break
                    continue
                # «отметил, что …», «выразил уверенность, что …», «указал на то, что …»
                j = None
                for i in range(k + 1, min(len(st), k + 8)):
                    t = st[i]
                    if t.low in ("что", "чтобы") and t.pos in ("SCONJ", "PRON", "CCONJ"):
                        j = i
                        break
                    if t.pos in ("VERB", "AUX") or (t.pos == "PUNCT" and t.text not in (",", "-", "–", "—")):
                        break
                    if t.pos == "PUNCT" and t.text in "–—-" and i > k + 1:
                        break
                if j is not None and j + 1 < len(st):
                    ref = _ref_for_verb(d, v)
                    cs, ce = v.start, _cue_end(d, v, ref)
                    reported(st[j + 1].start, self.clause_end(d, st[j + 1].start, si), cs, ce, ref)
                    continue
                if info.obj:
                    parts = []
                    for c in d.kids(v):
                        if c.i <= v.i:
                            continue
                        if info.inf and c.feats.get("VerbForm") != "Inf":
                            continue
                        if c.rel in ("obj", "xcomp", "ccomp") or (
                            c.rel == "obl" and any(x.rel == "case" and x.lemma in ("о", "об") for x in d.kids(c))
                        ):
                            parts.append(c)
                    if not parts:
                        # a misparsed object: an infinitive or accusative right after the verb
                        nxt = [t for t in st[k + 1 : k + 5] if t.pos != "PUNCT"]
                        if any(t.pos == "PUNCT" for t in st[k + 1 : k + 3]) or not any(
                            t.feats.get("VerbForm") == "Inf" or (not info.inf and t.pos == "NOUN" and t.feats.get("Case") == "Acc")
                            for t in nxt
                        ):
                            continue
                        a = st[k + 1].start
                        ref = _ref_for_verb(d, v)
                        reported(a, self.clause_end(d, a, si), v.start, _cue_end(d, v, ref), ref)
                        continue
                    extra = [c for c in d.kids(v) if c.rel == "iobj" and c.i > v.i]
                    sub = [x for c in parts + extra for x in d.subtree(c)]
                    a = min(x.start for x in sub)
                    b = max(x.stop for x in sub)
                    b = min(b, self.clause_end(d, a, si))
                    ref = _ref_for_verb(d, v)
                    reported(a, b, v.start, _cue_end(d, v, ref), ref)
        return out

    def _reports(self, d: _Doc, st: list[Tok], k: int, v: Tok) -> bool:
        """«Пресс-служба МВД сообщает, что …» reports speech; «…, сообщает Zakon.kz» is a source line."""
        from ..clean import outlet_like

        if not any(t.low == "что" for t in st[k + 1 : k + 4]) or (k > 0 and st[k - 1].low == "как"):
            return False
        ref = _ref_for_verb(d, v)
        if ref.kind not in ("org", "person", "role"):
            return False
        phrase = ref.phrase or (d.entities[ref.entity].name if ref.entity in d.entities else "")
        return not outlet_like(phrase) and not any(outlet_like(w) for w in phrase.split())

    def _reported_before(self, d: _Doc, st: list[Tok], k: int, v: Tok, info: VerbInfo, reported: Any) -> bool:
        what_follows = any(t.low in ("что", "чтобы") for t in st[k + 1 : k + 8])
        about = not what_follows and len(st) > 2 and (
            # «Об этом сообщил X», «Так прокомментировал X», «Такое заявление сделал X»
            (st[0].low in ("об", "о") and st[1].low in ("этом", "том")
             and not (st[2].pos in ("NOUN", "ADJ") and st[2].feats.get("Case") == "Loc")
             and not any(t.text == "," or (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin")
                         for t in st[2:k]))
            or (k <= 3 and st[0].low == "так" and st[1].text != ",")
            or (k <= 4 and st[0].low in ("такое", "такой", "такие", "такую") and st[1].pos == "NOUN"
                and not any(t.text == "," for t in st[1:k]))
        )
        tail = (
            k >= 3 and st[k - 1].text == "," and not what_follows
            and not any(t.pos == "VERB" and t.feats.get("VerbForm") == "Fin" for t in st[k + 1 :])
        )
        # «Такой переход, считает X, повысит …»: the attribution inserted between commas
        j = next((i for i in range(k + 1, len(st)) if st[i].text == ","), None)
        inserted = (
            not about and not tail and k >= 2 and st[k - 1].text == "," and not what_follows and j is not None
            and any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in st[j + 1 :])
        )
        if not (about or tail or inserted):
            return False
        ref = _ref_for_verb(d, v)
        if ref.kind not in ("person", "role", "pronoun", "org", "generic"):
            return False
        subj = next((c for c in d.kids(v) if c.rel == "nsubj"), None)
        if (tail or inserted) and not about and (subj is None or subj.i < v.i or (inserted and subj.i > j)):
            return False
        if about:
            pi = d.para_of(st[0].start)
            ps, _ = d.paras[pi]
            if ps < st[0].start - 1:
                a, b = ps, st[0].start
            elif pi > 0:
                a, b = d.paras[pi - 1]
            else:
                return False
            cs = st[0].start
        elif inserted and j is not None:
            a, b, cs = st[0].start, st[k - 1].start, v.start
            c = st[j + 1].start
            e = self.clause_end(d, c, v.s)
            if len(d.text[c:e].split()) > len(d.text[a:b].split()):
                a, b = c, e
        else:
            a, b, cs = st[0].start, st[k - 1].start, v.start
            # «О том, что …, заявил X»
            if len(st) > 4 and st[0].low == "о" and st[1].low == "том" and st[2].text == "," and st[3].low == "что":
                a = st[4].start
        if info.quote_only and not any(
            abs(s.open - a) <= 2 and (s.close - s.open) >= 0.6 * (b - a) for s in d.top
        ):
            return False  # «прокомментировал», «ответил» report quoted words only
        reported(a, b, cs, _cue_end(d, v, ref), ref)
        return True

    def _po_slovam(self, d: _Doc, st: list[Tok], k: int, reported: Any) -> None:
        v = st[k]
        if k >= 2 and st[k - 1].low in _POSSESSIVE and st[k - 2].low == "по":
            ref = Ref("pronoun", gender=_POSSESSIVE[st[k - 1].low])
            cs, j0 = st[k - 2].start, k - 2
            j = k + 1
        elif st[k - 1].low == "по":
            cs, j0 = st[k - 1].start, k - 1
            j = next((i for i in range(k + 1, len(st)) if st[i].text in (",", ".", ";", ":")), len(st))
            phrase = st[k + 1 : j]
            if not phrase:
                return
            ref = _scan_ref(d, phrase, None) or _phrase_ref(d, phrase)
            if ref is None:
                return
        else:
            return
        si = v.s
        # «по словам X, которого цитирует Y, …»: past the relative clause
        while j + 1 < len(st) and st[j].text == "," and st[j + 1].lemma == "который":
            j = next((i for i in range(j + 2, len(st)) if st[i].text == ","), len(st))
        if j < len(st) and st[j].text == "," and j + 1 < len(st) and (st[j + 1].pos != "PUNCT" or st[j + 1].text in _OPENERS):
            start = st[j + 1].start
            reported(start, self.clause_end(d, start, si), cs, v.stop, ref)
        elif j0 >= 1 and st[j0 - 1].text == ",":
            reported(st[0].start, st[j0 - 1].start, cs, v.stop, ref)

    # -- speakers -----------------------------------------------------------
    def resolve(self, d: _Doc, cands: list[Cand]) -> list[Quote]:
        cands.sort(key=lambda c: (c.start, c.end))
        subjects = self.sentence_subjects(d)
        quotes: list[Quote] = []
        speakers: list[tuple[int, str]] = []  # (offset, entity) of resolved person speakers
        named: dict[str, int] = {}  # how often each person is named as a speaker
        for c in cands:
            if c.ref.kind == "person" and c.ref.entity:
                ent = d.canonical(c.ref.entity)
                named[ent] = named.get(ent, 0) + 1
        for c in cands:
            name, ent = self.speaker(d, c.ref, c.at, subjects, speakers, named)
            if name is None and c.ref.kind == "none":
                continue
            if ent is not None and d.entities.get(ent) is not None and d.entities[ent].type == "PER":
                speakers.append((c.cue_start, ent))
            quotes.append(Quote(
                speaker=name, speaker_entity=ent, kind=c.kind, text=d.text[c.start : c.end],
                cue=d.text[c.cue_start : c.cue_end] if c.cue_end > c.cue_start else None,
                start=c.start, end=c.end, cue_start=c.cue_start, cue_end=c.cue_end,
            ))
        # drop an indirect quote whose text is inside a direct one of the same speaker
        keep = []
        for q in quotes:
            if q.kind == "indirect" and any(
                o is not q and o.kind == "direct" and o.start <= q.start and q.end <= o.end for o in quotes
            ):
                continue
            keep.append(q)
        return keep

    def speaker(
        self, d: _Doc, ref: Ref, at: int, subjects: list[str | None], speakers: list[tuple[int, str]],
        named: dict[str, int],
    ) -> tuple[str | None, str | None]:
        if ref.kind == "person" and ref.entity:
            ent = d.canonical(ref.entity)
            return d.name(ent), ent
        if ref.kind == "org":
            ent = ref.entity
            e = d.entities.get(ent) if ent else None
            if e is not None and ref.phrase and e.name.lower() in ref.phrase.lower():
                return ref.phrase, ent
            return (ref.phrase or (e.name if e else None)), ent
        if ref.kind == "other":
            return ref.phrase, None
        if ref.kind == "role":
            ent = self.by_role(d, ref, at)
            if ent is not None:
                return d.name(ent), ent
            if ref.soft:
                return ref.phrase, None
            # a post the article never gives to anyone by name: its principal named speaker
            fits = [e for e in named if not ref.gender or d.gender(e) in (None, ref.gender)]
            if fits:
                best = max(fits, key=lambda e: named[e])
                if [named[e] for e in fits].count(named[best]) == 1:
                    return d.name(best), best
        ent = self.antecedent(d, ref, at, subjects, speakers)
        if ent is not None:
            return d.name(ent), ent
        if ref.kind == "role":
            return ref.phrase, None
        return None, None

    def by_role(self, d: _Doc, ref: Ref, at: int) -> str | None:
        lex = d.lex
        wanted: list[tuple[str, ...]] = []
        for g in lex.roles:
            if any(m[0] == ref.role[0] and set(m) <= set(ref.role) for m in g):
                wanted.extend(g)
        if not wanted:
            wanted = [ref.role[:1]]
        best: tuple[tuple[int, int, int], str] | None = None
        for ent, items in d.context().items():
            g = d.gender(ent)
            if ref.gender and g and g != ref.gender:
                continue
            for off, words in items:
                if not any(set(m) <= words for m in wanted):
                    continue
                extra = len(set(ref.role[1:]) & words)
                before = 1 if off < at else 0
                dist = -(at - off) if off < at else -(off - at) - 10**7
                key = (extra, before, dist)
                if best is None or key > best[0]:
                    best = (key, ent)
        return best[1] if best else None

    def antecedent(
        self, d: _Doc, ref: Ref, at: int, subjects: list[str | None], speakers: list[tuple[int, str]]
    ) -> str | None:
        g = ref.gender

        def ok(ent: str) -> bool:
            pg = d.gender(ent)
            return g is None or pg is None or pg == g

        last_speaker = next((e for off, e in reversed(speakers) if off < at and ok(e)), None)
        si = d.sent_of(at)
        subj = None
        seen = 0
        for j in range(si - 1, -1, -1):
            if d.in_top_quote(d.sents[j][0] + 1) is not None and d.in_top_quote(d.sents[j][1] - 1):
                continue
            seen += 1
            if subjects[j] is not None and ok(subjects[j]):
                subj = subjects[j]
                break
            if seen >= 3:
                break
        if ref.kind == "generic":
            order = [last_speaker, subj]
        else:
            order = [subj, last_speaker]
        for ent in order:
            if ent is not None:
                return ent
        for a, _, etype, eid in reversed(d.mentions):
            if etype == "PER" and a < at and not d.in_top_quote(a):
                ent = d.canonical(eid)
                if ok(ent):
                    return ent
        return None

    def sentence_subjects(self, d: _Doc) -> list[str | None]:
        """The person each sentence's main clause is about (its root's subject), in order."""
        out: list[str | None] = []
        for si in range(len(d.sents)):
            ent = None
            for t in d.sent_toks(si):
                if t.rel != "root":
                    continue
                for k in d.kids(t):
                    if k.rel == "nsubj":
                        ref = _ref_from_token(d, k, t)
                        if ref is None:
                            continue
                        if ref.kind == "person" and ref.entity:
                            ent = d.canonical(ref.entity)
                        elif ref.kind == "role":
                            ent = self.by_role(d, ref, t.start)
                        elif ref.kind in ("pronoun", "generic"):
                            ent = self.antecedent(d, ref, t.start, out + [None] * (len(d.sents) - len(out)), [])
                        break
            out.append(ent)
        return out


def _phrase_ref(d: _Doc, phrase: list[Tok]) -> Ref | None:
    """A speaker phrase after «по словам» in the genitive: a role or an organization."""
    for t in phrase:
        if t.pos in ("NOUN", "PROPN"):
            ref = _ref_from_token(d, t, None, scope=(phrase[0].start, phrase[-1].stop))
            if ref is not None and ref.kind == "role" and ref.soft:
                ref.soft = False
                ref.gender = ref.gender or t.gender()
                return ref
            if ref is not None and ref.kind in ("role", "org", "generic"):
                return ref
            if ref is not None and ref.kind == "other":
                return ref
            break
    return None

