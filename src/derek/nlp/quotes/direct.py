"""Direct-speech rules: quoted spans and dash-led paragraphs with the attribution after, before,
around or inside them. Each rule is ``rule(view, taken) -> Iterator[Claim]``; ``taken`` holds the
claims the stage has accepted so far (the stage resolves overlaps, the rules only read it)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .claims import Claim, Ref
from .config import (
    ATTR_WORDS_AFTER,
    ATTR_WORDS_AFTER_COLON,
    COLON_CONTENT_WORDS,
    COLON_SPEAKER_WORDS,
    HEADLINE_MIN_WORDS,
    HEADLINE_SUBJECT_WORDS,
    MIN_DIRECT_WORDS,
    RESUME_WORDS,
    TAIL_LEAD_WORDS,
)
from .marks import (
    AFTER_SEP,
    DASH_ATTR,
    DASH_RESUME_INSIDE,
    DASHES,
    HEADLINE_STOP,
    WORD,
    QSpan,
    ends_sentence,
    trim,
)
from .refs import cited, cue_end, is_speech, ref_for_verb, ref_from_token, scan_ref
from .taken import Taken
from .view import View

MARK_OPENERS = "«„“\""


@dataclass
class Attribution:
    ref: Ref
    cue_start: int
    cue_end: int
    end: int = -1  # where the attribution clause stops (a dash may resume the quote there)


def direct_claim(d: View, rule: str, a: int, b: int, att: Attribution, at: int) -> Claim:
    a, b = trim(d.text, a, b)
    return Claim(rule, "direct", a, b, att.cue_start, att.cue_end, att.ref, at)


def attribution_after(d: View, p: int, colon: bool, dash: bool) -> Attribution | None:
    """Is the text from ``p`` an attribution («сказал X», «X отметил», «Токаев.»)?"""
    nl = d.text.find("\n", p)
    limit = len(d.text) if nl < 0 else nl
    clause = []
    end = limit
    for t in d.tokens(p, limit):
        if t.pos == "PUNCT" and (t.text == ":" or ends_sentence(d.text, t.stop, t.text)):
            end = t.start
            break
        if t.text in DASHES and clause and clause[-1].text == "," and d.text[t.stop : t.stop + 1].isspace():
            end = clause.pop().start  # «…, — отметил X, — и …»: the quote resumes after the comma and dash
            break
        clause.append(t)
    words = [t for t in clause if t.pos != "PUNCT"]
    if not words:
        return None
    for n_w, t in enumerate(words[: ATTR_WORDS_AFTER_COLON if colon else ATTR_WORDS_AFTER]):
        info = is_speech(d, t, present_source=True)
        if info is not None and info.source and t.feats.get("Tense") == "Pres" and not _person_says(d, t, clause):
            info = None  # «…», – сообщает Zakon.kz: a source line; «…», – пишет министр в Telegram: speech
        if info is not None and n_w > 0 and words[n_w - 1].low == "как":
            # «к «коробке с письмами», как назвали ящик авторы»: a name, not speech;
            # «„Политика“, как подчеркнула X, это …»: the statement follows (as_said)
            return None
        if info is not None:
            scope = (clause[0].start, clause[-1].stop)
            ref = (cited(d, t, clause) if info.cite else None) or ref_for_verb(d, t, scope)
            return Attribution(ref, t.start, cue_end(d, t, ref), end)
        if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin":
            break
    if dash and not colon:
        m = d.mention_at(words[0].start, words[0].stop, "PER")
        if m is not None and words[-1].stop <= m[1] and words[0].start >= m[0]:
            return Attribution(Ref("person", entity=m[3], span=(m[0], m[1])), p, m[1], end)
    return None


def _person_says(d: View, v, clause: list) -> bool:
    ref = ref_for_verb(d, v, (clause[0].start, clause[-1].stop))
    return ref.kind in ("person", "role", "pronoun", "generic")


def intro(d: View, a: int, colon: int) -> Attribution | None:
    """The sentence before a colon that introduces speech: «X отметил:», «Даурен Мадалиев, судья:»."""
    seg = d.text[a:colon]
    cut = max((m.end() for m in re.finditer(r"[.!?…]\s", seg)), default=0)
    a += cut
    toks = [t for t in d.tokens(a, colon) if not d.in_top_quote(t.start)]
    if not toks:
        return None
    according = _according_intro(d, toks)
    if according is not None:
        return according
    for t in reversed(toks):
        info = is_speech(d, t)
        if info is not None and t.rel == "acl:relcl":
            continue  # «письмо, о котором ранее говорил X:» — X is not the one introduced
        if info is not None:
            ref = ref_for_verb(d, t, (a, colon))
            return Attribution(ref, t.start, cue_end(d, t, ref))
    if any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in toks):
        return None
    m = d.mention_at(toks[0].start, toks[-1].stop, "PER")
    if m is not None and m[0] <= toks[0].start + 1:
        return Attribution(Ref("person", entity=m[3], span=(m[0], m[1])), toks[0].start, colon + 1)
    return None


def _according_intro(d: View, toks: list) -> Attribution | None:
    """«По словам X, в этот момент он был пьян:» — the speech after the colon is X's too."""
    from .cues import ACCORDING_WORDS
    from .refs import POSSESSIVE, phrase_ref

    for i in range(1, len(toks)):
        if toks[i].low not in ACCORDING_WORDS:
            continue
        if toks[i - 1].low == "по":
            j = next((n for n in range(i + 1, len(toks)) if toks[n].pos == "PUNCT"), len(toks))
            phrase = toks[i + 1 : j]
            ref = (scan_ref(d, phrase, None) or phrase_ref(d, phrase)) if phrase else None
        elif i >= 2 and toks[i - 2].low == "по" and toks[i - 1].low in POSSESSIVE:
            ref = Ref("pronoun", gender=POSSESSIVE[toks[i - 1].low], span=(toks[i - 1].start, toks[i - 1].stop))
        else:
            continue
        if ref is not None:
            return Attribution(ref, toks[i - 1].start if toks[i - 1].low == "по" else toks[i - 2].start, toks[i].stop)
    return None


def subject_intro(d: View, a: int, colon: int, kinds: tuple[str, ...] = ("person",)) -> Attribution | None:
    """«Фриске приняла решение сама: «Люблю Майами!»»: a named person, the subject of the sentence
    before the colon, says the quote that follows it on the same line."""
    seg = d.text[a:colon]
    a += max((m.end() for m in re.finditer(r"[.!?…]\s", seg)), default=0)
    toks = d.tokens(a, colon)
    root = next((t for t in toks if t.rel == "root" and t.pos in ("VERB", "AUX")), None)
    subj = next((k for k in d.kids(root) if k.rel == "nsubj"), None) if root is not None else None
    if subj is None:
        return None
    ref = ref_from_token(d, subj, root, (a, colon))
    if ref is None or ref.kind not in kinds:
        return None
    return Attribution(ref, root.start, root.stop)


def _speech_spans(d: View) -> Iterator[QSpan]:
    """Top-level quoted spans with words in them."""
    for s in d.top:
        a, b = s.inner
        if WORD.search(d.text, a, b):
            yield s


def _nested(d: View, s: QSpan) -> list[QSpan]:
    lo = bisect.bisect_right(d.span_opens, s.open)
    hi = bisect.bisect_left(d.span_opens, s.close)
    return [x for x in d.spans[lo:hi] if x.depth > 0]


def split_inside(d: View, taken: Taken) -> Iterator[Claim]:
    """«Первая часть, – сказал X. – Вторая часть»: the attribution inside the marks."""
    for s in _speech_spans(d):
        a, b = s.inner
        nested = None
        for dm in DASH_ATTR.finditer(d.text, a, b):
            if nested is None:
                nested = _nested(d, s)
            if d.in_top_quote(dm.start()) is not s or any(x.open < dm.start() < x.close for x in nested):
                continue
            att = attribution_after(d, dm.end(), colon=False, dash=True)
            if att is None:
                continue
            rest = DASH_RESUME_INSIDE.match(d.text, att.end)
            if rest is None or rest.end() >= b:
                continue
            yield direct_claim(d, "split_inside", a, dm.start() + 1, att, s.open)
            yield direct_claim(d, "split_inside", rest.end(), b, att, s.open)
            break


def _long_enough(d: View, s: QSpan, n: int = MIN_DIRECT_WORDS) -> bool:
    a, b = s.inner
    return len(d.text[a:b].split()) >= n


def marks_then_speech(d: View, taken: Taken) -> Iterator[Claim]:
    """«…», – сказал X. / «…», заявил X / «…» деп атап өтті X."""
    text = d.text
    from .kazakh import in_kazakh

    for s in _speech_spans(d):
        if not _long_enough(d, s) or taken.overlaps(*s.inner) or in_kazakh(d, s.close):
            continue
        m = AFTER_SEP.match(text, s.close + 1)
        if m and (m.group(1) or m.group(2) or text.startswith("деп ", m.end())):
            att = attribution_after(d, m.end(), colon=m.group(1) == ":", dash=bool(m.group(2)))
            if att is None:
                continue
            nxt = _resumed_after(d, s, att)
            whole = _whole_sentence(d, s, att) if nxt is None else None
            if whole is not None:
                yield whole
                continue
            yield direct_claim(d, "marks_then_speech", *s.inner, att, s.open)
            if nxt is not None:  # «…», говорит X, «…»: the second part is X's too
                yield direct_claim(d, "marks_then_speech", *nxt.inner, att, s.open)


def sentence_tail(d: View, s: QSpan) -> bool:
    """Is the quoted span only the end of a longer sentence of the reporter's («…, а Китай — «очень
    могущественное государство», заявил премьер»)? Then the whole sentence is what was said (said_after)."""
    ss = d.sents[d.sent_of(s.open)][0]
    ps = d.paras[d.para_of(s.open)][0] if d.paras else 0
    lead = d.text[max(ss, ps) : s.open].rstrip()
    if not lead or lead[-1] == ":" or d.in_top_quote(s.open) is not None:
        return False
    return len(WORD.findall(lead)) >= TAIL_LEAD_WORDS


def _whole_sentence(d: View, s: QSpan, att: Attribution) -> Claim | None:
    """The claim of the whole sentence when the quoted span only ends it (said_after's, if it has one)."""
    if not sentence_tail(d, s):
        return None
    from .cues import find_cues
    from .indirect import before_claim

    cue = next((c for c in find_cues(d) if c.v.start == att.cue_start and c.pattern == "verb"), None)
    return before_claim(d, cue) if cue is not None else None


def _resumed_after(d: View, s: QSpan, att: Attribution) -> QSpan | None:
    """The quoted span right after an attribution that ends with a comma («…», говорит X, «…»)."""
    i = bisect.bisect_right(d.top_opens, s.open)
    if i >= len(d.top):
        return None
    nxt = d.top[i]
    between = d.text[s.close + 1 : nxt.open]
    if "\n" in between or not between.rstrip().endswith(",") or len(between.split()) > RESUME_WORDS:
        return None
    return nxt if att.cue_start < nxt.open else None


def speech_then_marks(d: View, taken: Taken) -> Iterator[Claim]:
    """X сказал: «…» — also when the colon ends the paragraph before the quote."""
    for s in _speech_spans(d):
        if not _long_enough(d, s) or taken.overlaps(*s.inner):
            continue
        att = before(d, s.open)
        if att is not None:
            yield direct_claim(d, "speech_then_marks", *s.inner, att, s.open)


def headline_quote(d: View, taken: Taken) -> Iterator[Claim]:
    """A quote opening a headline-like line, then a sentence on the same line whose subject is a
    person or a role: «Билеты дорогие, …». Депутат раскритиковал работу КТЖ."""
    for s in _speech_spans(d):
        if not _long_enough(d, s, HEADLINE_MIN_WORDS) or taken.overlaps(*s.inner):
            continue
        att = _headline_after(d, s.open, s.close + 1)
        if att is not None:
            yield direct_claim(d, "headline_quote", *s.inner, att, s.open)


def _headline_after(d: View, open_at: int, p: int) -> Attribution | None:
    text = d.text
    ps, pe = d.paras[d.para_of(open_at)] if d.paras else (0, len(text))
    if text[ps:open_at].strip() or "\n" in text[p:pe]:
        return None
    m = HEADLINE_STOP.match(text, p)
    if m is None or m.end() >= pe:
        return None
    toks = [t for t in d.tokens(m.end(), pe) if t.pos != "PUNCT"][:HEADLINE_SUBJECT_WORDS]
    verb = next((t for t in toks if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"), None)
    if verb is None or verb is toks[0]:
        return None
    ref = scan_ref(d, [t for t in toks if t.i < verb.i], verb)
    if ref is None or ref.kind not in ("person", "role"):
        return None
    return Attribution(ref, verb.start, verb.stop)


def before(d: View, open_at: int) -> Attribution | None:
    text = d.text
    pi = d.para_of(open_at)
    ps = d.paras[pi][0] if d.paras else 0
    prefix = text[ps:open_at].rstrip().rstrip("'").rstrip()  # wiki markup: «…: ''«…»''»
    if prefix.endswith(":"):
        return intro(d, ps, ps + len(prefix) - 1) or subject_intro(d, ps, ps + len(prefix) - 1)
    if prefix.strip(" " + DASHES) == "" and pi > 0:
        qs, qe = d.paras[pi - 1]
        prev = text[qs:qe].rstrip()
        if prev.endswith(":"):
            return intro(d, qs, qs + len(prev) - 1)
    return None


NOT_SPEAKERS = frozenset("фото видео источник автор читайте подробнее справка тема теги кстати внимание итог "
                         "напомним цитата сурет дереккөз".split())


def colon_headline(d: View, taken: Taken) -> Iterator[Claim]:
    """A line «Speaker: statement» («Глава Малайзии: мы не хотим …», «Эксперты: …»)."""
    from .kazakh import in_kazakh, speaker_ref

    text = d.text
    for ps, pe in d.paras:
        colon = text.find(": ", ps, pe)
        if colon < 0 or taken.overlaps(ps, pe) or colon - ps > 80 or in_kazakh(d, ps):
            continue  # a Kazakh headline «X: …» restates the body's quote
        head = d.tokens(ps, colon)
        words = [t for t in head if t.pos != "PUNCT"]
        rest = text[colon + 2 : pe]
        if not words or len(words) > COLON_SPEAKER_WORDS or len(rest.split()) < COLON_CONTENT_WORDS:
            continue
        if words[0].low in NOT_SPEAKERS or any(t.pos in ("VERB", "AUX") for t in words):
            continue
        ref = scan_ref(d, words, None) or speaker_ref(d, words)
        if ref is None and words[0].pos == "NOUN" and words[0].feats.get("Animacy") == "Anim":
            ref = Ref("other", span=(words[0].start, words[-1].stop))
        if ref is None or ref.kind in ("pronoun", "first"):
            continue
        a, b = trim(text, colon + 2, pe)
        quoted = d.in_top_quote(a + 1)
        if quoted is not None and quoted.open == a - 1 or text[a - 1 : a] in "«\"„“" and quoted is None:
            a, b = trim(text, a, b)
        yield Claim("colon_headline", "direct", a, b, colon, colon + 1, ref, ps)
