"""Kazakh quote rules, on the words as written (the syntax model is Russian's):

* ``marks_then_kk_speech``: «…», – деді X / «…» деп атап өтті X / «…» дейді X;
* ``dash_kk_paragraph``: – Сөз. Сөз, – деді министр.;
* ``kk_according``: «X-тің айтуынша / сөзінше, …» — the speaker in the genitive, the content after;
* ``kk_reported``: «X …екенін айтты», «X … деп санайды», «Бұл туралы X айтты» (the sentence before);
* ``kk_as_said``: «X атап өткендей / мәлімдегендей, …» — the speaker before, the content after the comma;
* ``kk_multi_paragraph``: «…\n\n…», – деді X — a quote in marks over paragraphs;
* ``kk_said_unmarked``: «Сөз, – деді министр.» without marks (over a paragraph of first-person speech).

The speaker is a name in the attribution, a post («министр», «Мемлекет басшысы»: a Ref of kind
``kkrole`` resolved to the person holding it), or «ол» / «оның» (resolved to the last speaker).
«…, деп хабарлайды X» and «деп жазады X» are source lines: the lexicon marks them ``source``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import kazakh as kk
from .claims import Claim, Ref
from .config import KK_ATTR_WORDS
from .cues import clause_end
from .marks import AFTER_SEP, DASH_ATTR, DASH_RESUME, SENT_END, trim
from .taken import Taken
from .view import Tok, View

KK_PRONOUNS = ("ол", "оның", "олар", "олардың")
GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")
# a reported clause ends in a verb made a noun, in the accusative («өткенін», «білетінін», «екенін»,
# «ашылатынын»); «жетістіктерді атап өтті», «қорытындысын айтты» name a thing
NOMINALIZED = re.compile(r"(?:ған|ген|қан|кен|тын|тін|екен|уы|уі|дығ|діг|тығ|тіг)(?:ы|і)?(?:н|на|не)$")  # acc. or dat. («…беретініне сенді»)
CONVERB_ENDINGS = ("отырып", "келіп", "тұрып")  # «… қорытындылай отырып, …»: a «while doing» clause
OPINION_NOUNS = frozenset({"пікірін", "пікірлерін", "ойын", "ойларын", "көзқарасын", "ұстанымын", "туралы", "жайлы"})
MID_DASH = re.compile(r"[.!?…]\s+[–—-]\s+")
SAID_FINAL = ("деді", "дейді")
# «атап өтті», «сенім білдірді», «мәлім етті», «атап көрсетті», «айтып берді», «айтып кетті»
FOLLOW_WORDS = ("өтті", "білдірді", "етті", "көрсетті", "берді", "кетті")
# «Мемлекет басшысы атап өткендей, …», «Министр мәлімдегендей, …»: as X said, the content after the comma
AS_SAID = frozenset({"өткендей", "көрсеткендей", "айтқандай", "мәлімдегендей", "түсіндіргендей", "жеткізгендей",
                     "ескерткендей", "айтып өткендей"})
# «қалай / не / қандай … екенін айтты» names a topic; with «сұрады» it is a reported question
WH_WORDS = frozenset({"қалай", "қандай", "қашан", "қайда", "неге", "неліктен", "қанша", "кім", "нені"})
PARTICLES = frozenset({"да", "де", "та", "те", "ғана", "қана"})
ABOUT_THIS = ("бұл туралы", "осы туралы", "бұл жөнінде")


def in_kazakh(d: View, pos: int) -> bool:
    """Is the sentence at ``pos`` Kazakh (every sentence of a Kazakh article)?"""
    if d.lang == "kk":
        return True
    si = d.sent_of(pos)
    return bool(d.sents) and kk.is_kazakh_sentence(d.text[d.sents[si][0] : d.sents[si][1]])


def _role_word(word: str) -> str | None:
    """The post a Kazakh word names, in any case («басшысының» → «басшы», «Елбасының» → «елбасы»)."""
    w = word.lower()
    if w.startswith("елбасы"):
        return "елбасы"
    for g in GENITIVE:
        if w.endswith(g) and len(w) > len(g) + 2:
            w = w[: -len(g)]
            break
    return kk.title_head(w)


def _known_person(d: View, t: Tok) -> str | None:
    """A surname in any case that the article gives a person («Жамаубаевтың» → Ерұлан Жамаубаев)."""
    if not t.text[:1].isupper():
        return None
    w = t.text.lower()
    for g in GENITIVE + ("ға", "ге", "қа", "ке", "ды", "ді", "ты", "ті", "да", "де", "та", "те", "мен"):
        if w.endswith(g) and len(w) - len(g) >= 4:
            w = w[: -len(g)]
            break
    hits = {p.entity for p in d.by_surname.get(w[:4], []) if (p.last or "").lower() == w}
    return hits.pop() if len(hits) == 1 else None


# «X басшысы» names a post by what it heads: the words of that post, Kazakh and Russian
HEAD_OF = {
    "мемлекет": ("президент", "мемлекет басшысы", "глава государства"),
    "үкімет": ("премьер-министр", "үкімет басшысы", "премьер"),
    "ведомство": ("министр", "ведомство басшысы"),
    "министрлік": ("министр",),
    "өңір": ("әкім", "аким"),
    "облыс": ("әкім", "аким"),
    "қала": ("әкім", "аким"),
    "аудан": ("әкім", "аким"),
}


def _posts(before: str, head: str) -> tuple[str, ...]:
    """The post words a role phrase may stand for («Мемлекет басшысы» → президент, …)."""
    if head.startswith("басшы"):
        for stem, posts in HEAD_OF.items():
            if before.startswith(stem):
                return (f"{stem} {head}", *posts, head)
    if head.startswith("әкім"):
        return (head, "аким", "облыс басшысы", "өңір басшысы", "қала басшысы")
    if head == "елбасы":
        return (head, "тұңғыш президент", "первый президент", "президент")
    # «деді Президент» where the article calls him «Мемлекет басшысы»: the head's other names
    others = tuple(f"{stem} басшысы" for stem, posts in HEAD_OF.items() if head in posts[:1])
    return (head, *others)


# a word before a post that says which of two holders it is («облыс әкімі», not «қала әкімі»)
QUALIFIERS = ("облыс", "қала", "аудан", "ауыл", "өңір")


def post_holder(d: View, ref: Ref, at: int) -> str | None:
    """The person a Kazakh post stands for, where the words say more than the head: the holder whose
    post or place has the qualifier («облыс әкімі» → the region's akim), or, for a word that is no
    post of anyone («тұрғын», «сарапшы»), the person last named right after that word before ``at``."""
    if ref.span is None or not ref.phrase or not in_kazakh(d, at):
        return None
    qual = d.text[ref.span[0] : ref.span[1]].lower().split()[0]
    holders = [p for p in d.people.values() if any(w in (pos.title or "").lower() for w in ref.role or (ref.phrase,)
                                                   for pos in p.positions)]
    if qual.startswith(QUALIFIERS) and len(holders) > 1:
        fit = [p.entity for p in holders if any(qual[:4] in f"{pos.title} {pos.place or ''}".lower()
                                                for pos in p.positions)]
        return fit[0] if len(fit) == 1 else None
    if holders:
        return None
    return _named_after_word(d, ref.phrase, at)


def _named_after_word(d: View, head: str, at: int) -> str | None:
    """«Ауыл тұрғыны Айгүл Серікқызы …» before «– дейді тұрғын»: the last person named after the word."""
    best = None
    for m in d.mentions_in(0, at, "PER"):
        before = d.tokens(max(0, m[0] - 40), m[0])[-2:]
        if m[1] <= at and any(t.low.startswith(head) for t in before):
            best = d.canonical(m[3])
    return best


def speaker_ref(d: View, toks: list[Tok]) -> Ref | None:
    """Who the words of an attribution name: a person, a post, or «ол»."""
    for t in toks:
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None:
            return Ref("person", entity=m[3], span=(m[0], m[1]))
        known = _known_person(d, t)
        if known is not None:
            return Ref("person", entity=known, span=(t.start, t.stop))
    for i, t in enumerate(toks):
        if t.low in KK_PRONOUNS:
            return Ref("kkpron", span=(t.start, t.stop))
        head = _role_word(t.text)
        if head is not None:
            # the word before it is part of the post («Үкімет басшысы»; the Russian tagger may call it PUNCT)
            posts = _posts(toks[i - 1].low if i > 0 else "", head)
            prev = toks[i - 1] if i > 0 else None
            first = i - 1 if prev is not None and (prev.text[:1].isupper() and prev.text[:1].isalpha()
                                                   or len(posts) > 1 and head.startswith("басшы")
                                                   or prev.low.startswith(QUALIFIERS)) else i
            return Ref("kkrole", phrase=head, role=posts, span=(toks[first].start, t.stop))
    for t in toks:
        m = d.mention_at(t.start, t.stop, "ORG")
        if m is not None:
            return Ref("org", entity=m[3], span=(m[0], m[1]))
    for t in toks:
        if t.text[:1].isupper() and _org_word(t.text):
            return Ref("other", span=(t.start, t.stop))  # «Министрлік … деп хабарлады»
    return None


def _org_word(word: str) -> bool:
    """A Kazakh organization head word in any case («Министрлік», «Әкімдіктің»)."""
    from ..names import fold

    w = fold(word).lower()
    heads = kk.org_heads()
    return w in heads or any(w.endswith(fold(g)) and w[: -len(g)] in heads for g in GENITIVE)


def _attribution(d: View, p: int) -> tuple[Ref, int, int, int] | None:
    """«деді Олжас Бектенов.» / «деп атап өтті ол.» from ``p``: (ref, cue start, cue end, clause end)."""
    nl = d.text.find("\n", p)
    limit = len(d.text) if nl < 0 else nl
    toks = []
    for t in d.tokens(p, limit):
        if t.pos == "PUNCT" and t.text in SENT_END + ":" or t.text in SENT_END:
            limit = t.start
            break
        toks.append(t)
    words = [t for t in toks if t.text.strip(",–—-")]
    cue = [i for i, t in enumerate(words[:KK_ATTR_WORDS]) if d.lex.kk_use(t.text) in ("after", "reported")]
    if not cue or any(d.lex.kk_use(t.text) == "source" for t in words):
        return None
    last = words[cue[-1]]
    after = words[cue[-1] + 1 :]
    ref = speaker_ref(d, after) or speaker_ref(d, words[: cue[0]]) or (_described(d, after[0]) if after else None)
    return ref or Ref("kkpron"), words[cue[0]].start, last.stop, limit


def _described(d: View, t: Tok) -> Ref | None:
    """«– дейді тұрғын» after «Ауыл тұрғыны Айгүл Серікқызы …»: a word no post list has, naming the
    person the article introduced with it."""
    if len(t.low) < 5 or not t.low.isalpha() or t.low in KK_PRONOUNS or not t.text[:1].islower():
        return None
    ent = _named_after_word(d, t.low, t.start)
    return Ref("person", entity=ent, span=(t.start, t.stop)) if ent else None


def marks_then_kk_speech(d: View, taken: Taken) -> Iterator[Claim]:
    """«…», – деді X / «…» деп атап өтті X."""
    for s in d.top:
        a, b = s.inner
        if len(d.text[a:b].split()) < 2 or taken.overlaps(a, b) or not in_kazakh(d, s.open):
            continue
        m = AFTER_SEP.match(d.text, s.close + 1)
        if m is None:
            continue
        follows = d.tokens(m.end(), m.end() + 20)[:1]
        # «…», – деді X / «…» деп атап өтті X; «Құрмет тақтасы» да әзірленеді: a name in marks
        if not (m.group(1) or m.group(2) or (follows and d.lex.kk_use(follows[0].text) == "after")):
            continue
        att = _attribution(d, m.end())
        if att is not None:
            ref, cs, ce, _ = att
            if ref.kind == "kkpron" and ref.span is None:
                ref = _speaker_before(d, s.open) or ref  # «Әкім «…» деп мәлімдеді.», «Ол: «…», – деді.»
            yield Claim("marks_then_kk_speech", "direct", *trim(d.text, a, b), cs, ce, ref, s.open)


def _speaker_before(d: View, open_at: int) -> Ref | None:
    """The subject that opens the sentence of a quote whose attribution names no one («Әкім «…» деп
    мәлімдеді», «Ол: «…» деді»): a Kazakh sentence states its subject first."""
    si = d.sent_of(open_at)
    lead = [t for t in d.tokens(d.sents[si][0], open_at) if not d.in_top_quote(t.start) and t.text not in "–—-"]
    if lead and lead[-1].text == ":":
        lead = lead[:-1]
    if not lead or any(t.text in ".!?" for t in lead):
        return None
    return speaker_ref(d, lead[:KK_ATTR_WORDS])


def dash_kk_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """– Сөз. Сөз, – деді министр. (– Бірінші бөлім, – деді ол. – Екінші бөлім.)"""
    for ps, pe in d.paras:
        if taken.overlaps(ps, pe) or not in_kazakh(d, ps):
            continue
        for dm in DASH_ATTR.finditer(d.text, ps + 1, pe):
            cs = _speech_start(d, ps, dm.start())
            if cs is None or d.in_top_quote(dm.start()):
                continue
            att = _attribution(d, dm.end())
            if att is None:
                continue
            ref, qs, qe, end = att
            yield Claim("dash_kk_paragraph", "direct", *trim(d.text, cs, dm.start() + 1), qs, qe, ref, cs)
            rest = DASH_RESUME.match(d.text, end)
            if rest is not None and rest.end() < pe:
                yield Claim("dash_kk_paragraph", "direct", *trim(d.text, rest.end(), pe), qs, qe, ref, cs)
            break


def _speech_start(d: View, ps: int, at: int) -> int | None:
    """Where the speech before an attribution dash starts: after the paragraph's leading dash, or
    after the last «. – » before it («Министр есеп берді. – Апат болған жоқ, – деді ол.»)."""
    lead = max((m.end() for m in MID_DASH.finditer(d.text, ps, at)), default=None)
    if lead is not None:
        return lead
    return ps + 1 if d.text[ps] in "–—-" else None


def kk_according(d: View, taken: Taken) -> Iterator[Claim]:
    """«Марат Сұлтанғазиевтің айтуынша, …», «Оның сөзінше, …»."""
    for t in d.toks:
        if d.lex.kk_use(t.text) != "according" or taken.covers(t.start) or d.in_top_quote(t.start):
            continue
        st = d.sent_toks(t.s)
        k = t.i - st[0].i
        lead = st[:k]
        j = max((i for i, x in enumerate(lead) if x.text == ","), default=-1)
        ref = speaker_ref(d, lead[j + 1 :]) or Ref("kkpron")
        after = st[k + 1 :]
        if after and after[0].text == ",":
            a = after[1].start if len(after) > 1 else t.stop
            b = clause_end(d, a, t.s)
            cs = lead[j + 1].start if j + 1 < len(lead) else t.start
            yield Claim("kk_according", "indirect", *trim(d.text, a, b, strip_final=True), cs, t.stop, ref, cs)


def kk_reported(d: View, taken: Taken) -> Iterator[Claim]:
    """«X …екенін айтты.», «X … деп санайды.», «Бұл туралы X айтты.»"""
    for t in d.toks:
        use = d.lex.kk_use(t.text)
        if use not in ("reported", "after") or taken.covers(t.start) or d.in_top_quote(t.start):
            continue
        if not in_kazakh(d, t.start) or (use == "after" and not _final_said(d, t)):
            continue
        claim = _reported(d, t)
        if claim is not None:
            yield claim


def _final_said(d: View, t: Tok) -> bool:
    """«Мемлекет басшысы … көрсетіп жатыр деді.»: «деді» ending the sentence, no comma or dash before it."""
    st = d.sent_toks(t.s)
    k = t.i - st[0].i
    nxt = st[k + 1] if k + 1 < len(st) else None
    return t.low in SAID_FINAL and k >= 3 and st[k - 1].pos != "PUNCT" and (nxt is None or nxt.pos == "PUNCT")


def _reported(d: View, v: Tok) -> Claim | None:
    st = d.sent_toks(v.s)
    k = v.i - st[0].i
    nxt = st[k + 1] if k + 1 < len(st) else None
    if nxt is not None and nxt.pos != "PUNCT" and d.lex.kk_use(nxt.text) is None and nxt.low not in FOLLOW_WORDS:
        rest = [x for x in st[k + 1 :] if x.pos != "PUNCT"]
        if not (k > 0 and st[k - 1].low == "деп" and speaker_ref(d, rest) is not None):
            return None  # the sentence goes on: not its final verb («… деп санайды сарапшы X» is fine)
    cue_start = v.start
    if k > 0 and st[k - 1].low in ("атап", "деп"):
        cue_start = st[k - 1].start
    if k > 0 and st[k - 1].low == "деп" and any(d.lex.kk_use(x.text) == "source" for x in st[k : k + 2]):
        return None
    cue_end = nxt.stop if nxt is not None and nxt.low in FOLLOW_WORDS else v.stop
    lead = [x for x in st[:k] if x.start < cue_start]
    if not lead:
        return None
    text = d.text[st[0].start : cue_start].lower()
    if any(text.startswith(p) for p in ABOUT_THIS):
        return _about_this(d, st, lead, cue_start, cue_end)
    ref = speaker_ref(d, lead[:6])
    if ref is None or ref.span is None:
        return _speaker_after_or_elided(d, st, k, lead, cue_start, cue_end)
    a = _past_converb(d, [x for x in lead if x.start >= ref.span[1]], ref.span[1])
    content = [x for x in lead if x.start >= a]
    if not _reported_content(content, cue_start - a, st[k - 1], v):
        return None
    words = [x for x in content if x.low not in PARTICLES and x.low != "деп"]
    b = words[-1].stop if words else cue_start  # «… берілетінін де мәлімдеді»: the particle is no content
    return Claim("kk_reported", "indirect", *trim(d.text, a, b, strip_final=True), cue_start, cue_end, ref, cue_start)


def _reported_content(content: list[Tok], chars: int, before_verb: Tok, v: Tok) -> bool:
    """Long enough, not «пікірін айтты», and shaped as a reported clause (or closed by «деді»)."""
    words = [x for x in content if x.low not in PARTICLES]
    if chars < 10 or not words or words[-1].low in OPINION_NOUNS:
        return False  # «… туралы пікірін айтты»: he gave his opinion, what it was is not said
    if not v.low.startswith("сұра") and any(x.low in WH_WORDS for x in words):
        return False  # «… мәселесі қалай шешіліп жатқанын айтты»: he spoke about how, what he said is not given
    return v.low in SAID_FINAL or _object_clause_end(words[-1], v.start, before_verb)


def _speaker_after_or_elided(d: View, st: list[Tok], k: int, lead: list[Tok], cs: int, ce: int) -> Claim | None:
    """«Инфляция төмендейді деп санайды сарапшы X.» (the speaker after the verb), or «… құрылатынын
    хабарлады.» with the subject left out (the one who spoke last)."""
    after = [x for x in st[k + 1 :] if x.pos != "PUNCT" and x.start >= ce]
    ref = speaker_ref(d, after) if after else None
    if ref is not None and st[k - 1].low == "деп":
        return Claim("kk_reported", "indirect", *trim(d.text, st[0].start, cs, strip_final=True), cs, ce, ref, cs)
    if ref is None and _reported_content(lead, cs - st[0].start, st[k - 1], st[k]) and st[k].low not in SAID_FINAL:
        return Claim("kk_reported", "indirect", *trim(d.text, st[0].start, cs, strip_final=True), cs, ce,
                     Ref("kkpron"), cs)
    return None


def _past_converb(d: View, toks: list[Tok], a: int) -> int:
    """«X сессияны қорытындылай отырып, … екенін айтты»: the content starts after the converb clause."""
    for i in range(len(toks) - 1, 0, -1):
        if toks[i].text == "," and toks[i - 1].low.endswith(CONVERB_ENDINGS):
            return toks[i].stop
    return a


def _object_clause_end(last: Tok, cue_start: int, before_verb: Tok) -> bool:
    """A reported clause ends in an accusative («…өткенін айтты») or with «деп» («… деп санайды»)."""
    if before_verb.low == "деп" or last.low == "деп":
        return True
    return bool(NOMINALIZED.search(last.low)) and last.low not in ("туралы",)


def _about_this(d: View, st: list[Tok], lead: list[Tok], cs: int, ce: int) -> Claim | None:
    """«Бұл туралы Бас прокурор Берік Асылов айтты.»: the content is the sentence before."""
    ref = speaker_ref(d, lead[2:])
    if ref is None or st[0].s == 0:
        return None
    if ref.kind in ("org", "other") and ref.span is not None and _oblique(d, ref.span):
        ref = Ref("kkpron")  # «Бұл туралы Мәжілістің отырысында айтты»: where, not who; the subject is left out
    ps, pe, _, _ = d.sents[st[0].s - 1]
    if any(d.lex.kk_use(t.text) == "source" for t in d.tokens(ps, pe)):
        return None  # the sentence before is the portal's lead («…, деп хабарлайды El.kz»), not speech
    return Claim("kk_about_this", "indirect", *trim(d.text, ps, pe, strip_final=True), cs, ce, ref, cs)


FIRST_PERSON = re.compile(r"\b(?:мен|біз|менің|біздің|маған|бізге|бізде|өзіміздің|өзім)\b", re.IGNORECASE)


def _speech_paragraph_start(d: View, a: int) -> int:
    """A paragraph of speech closed by «…, – деді Әшімжан.» without a leading dash: the speech starts
    at the paragraph's start when the sentences before speak in the first person, else at ``a``."""
    ps, _ = d.paras[d.para_of(a)]
    before = d.text[ps:a]
    if not before.strip() or not FIRST_PERSON.search(before):
        return a
    toks = d.tokens(ps, a)
    if any(d.lex.kk_use(t.text) == "after" and p.text in ",–—-" for p, t in zip(toks, toks[1:], strict=False)):
        return a  # another «…, – деді X» in between: the speech is one sentence
    return ps


def _oblique(d: View, span: tuple[int, int]) -> bool:
    """A phrase in the genitive or glued to a case ending («Парламент Мәжілісінің», «Мәжілісте»)."""
    words = d.text[span[0] : span[1]].split()
    glued = span[1] < len(d.text) and d.text[span[1]].isalpha()
    return glued or bool(words) and (kk.genitive(words[-1]) or words[-1].lower().endswith(("да", "де", "та", "те")))


def kk_said_unmarked(d: View, taken: Taken) -> Iterator[Claim]:
    """«Біз бюджетті қысқартпаймыз, деді министр.»: speech without marks or a dash, closed by «, деді»."""
    for t in d.toks:
        if d.lex.kk_use(t.text) != "after" or t.low == "деп" or taken.covers(t.start) or d.in_top_quote(t.start):
            continue
        st = d.sent_toks(t.s)
        k = t.i - st[0].i
        comma = k - 2 if k >= 4 and st[k - 1].text in "–—-" else k - 1  # «…, деді министр», «…, – деді ол»
        if k < 3 or st[comma].text != "," or not in_kazakh(d, t.start):
            continue
        after = [x for x in st[k + 1 :] if x.pos != "PUNCT"]
        ref = speaker_ref(d, after) or Ref("kkpron")
        a, b = trim(d.text, _speech_paragraph_start(d, st[0].start), st[comma].start)
        yield Claim("kk_said_unmarked", "direct", a, b, t.start, t.stop, ref, t.start)


def kk_as_said(d: View, taken: Taken) -> Iterator[Claim]:
    """«Мемлекет басшысы атап өткендей, …», «Министр мәлімдегендей, …»: the speaker before, the content after."""
    for t in d.toks:
        if t.low not in AS_SAID or taken.covers(t.start) or d.in_top_quote(t.start) or not in_kazakh(d, t.start):
            continue
        st = d.sent_toks(t.s)
        k = t.i - st[0].i
        cue = k - 1 if k > 0 and st[k - 1].low in ("атап", "айтып") else k
        if t.low in ("өткендей", "көрсеткендей") and cue == k:
            continue  # «жыл өткендей»: as if a year had passed
        lead = st[:cue]
        j = max((i for i, x in enumerate(lead) if x.text == ","), default=-1)
        ref = speaker_ref(d, lead[j + 1 :])
        after = st[k + 1 :]
        if ref is None or len(after) < 3 or after[0].text != ",":
            continue  # «Жоғарыда айтқандай, …»: no one named
        a = after[1].start
        cs = lead[j + 1].start if j + 1 < len(lead) else st[cue].start
        yield Claim("kk_as_said", "indirect", *trim(d.text, a, clause_end(d, a, t.s), strip_final=True),
                    cs, t.stop, ref, cs)


def nominative_first(d: View, names: list[tuple[int, int, str, str]]) -> tuple[int, int, str, str]:
    """The sentence's subject among its person mentions: the first one written as its nominative name
    («министр Ерұлан Жамаубаев», not «Тоқаевтың тапсырмасымен» or «Сарымға»), else the first."""
    for m in names:
        written = d.text[m[0] : m[1]].split()
        canon = d.name(d.canonical(m[3])).split() if d.name(d.canonical(m[3])) else []
        glued = m[1] < len(d.text) and d.text[m[1]].isalpha()  # a case ending outside the mention
        if written and canon and not glued and written[-1].lower() == canon[-1].lower():
            return m
    return names[0]


CLOSE_MARKS = "»”\""
MAX_QUOTE_PARAGRAPHS = 4  # a direct quote in marks runs over at most this many paragraphs


def kk_multi_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """«Бірінші абзац.\n\nЕкінші абзац», – деді министр.: a quote in marks over paragraphs (the marks
    pair only inside a line), closed by a Kazakh attribution."""
    closes = {s.close for s in d.spans}
    for o in d.orphans:
        if d.text[o] != "«" or taken.covers(o) or not in_kazakh(d, o):
            continue
        pi = d.para_of(o)
        if d.text[d.paras[pi][0] : o].strip():
            continue  # the mark opens the paragraph
        for ps, pe in d.paras[pi + 1 : pi + MAX_QUOTE_PARAGRAPHS]:
            c = next((i for i in range(ps, pe) if d.text[i] in CLOSE_MARKS and i not in closes), None)
            if c is None:
                if "«" in d.text[ps:pe]:
                    break
                continue
            m = AFTER_SEP.match(d.text, c + 1)
            att = _attribution(d, m.end()) if m is not None and (m.group(1) or m.group(2)) else None
            if att is not None and not taken.overlaps(o + 1, c):
                ref, cs, ce, _ = att
                yield Claim("kk_multi_paragraph", "direct", *trim(d.text, o + 1, c), cs, ce, ref, o)
            break
