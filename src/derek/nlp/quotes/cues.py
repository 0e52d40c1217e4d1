"""Speech cues of a document, found once: each speech verb (or «по словам», «по мнению») with its
sentence, and the indirect-speech pattern it opens. The rules in ``indirect`` each take the cues
of their pattern."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .claims import Claim, Ref
from .config import MIN_INDIRECT_CHARS, QUOTE_LEAD_CHARS, QUOTE_SHARE, THAT_WINDOW
from .lexicon import VerbInfo
from .marks import SOURCE_TAIL, WORD, trim
from .refs import ref_for_verb
from .view import Tok, View

ACCORDING_WORDS = ("словам", "слов", "мнению", "данным", "утверждению", "утверждениям", "убеждению", "оценке",
                   "версии", "информации", "сведениям", "заявлению", "признанию")
ACCORDING_PREPS = ("по", "с", "со")  # «по словам X», «с его слов»
AS_SAID_LEADS = (",", "—", "–", "(")
QUOTE_MARKS = ("«", "»", '"', "“", "”", "„", "'")  # «заявил агентству «Казинформ», что …», wiki ''Monde


@dataclass
class Cue:
    si: int  # sentence
    k: int  # the verb's index in the sentence
    st: list[Tok]  # the sentence's tokens
    info: VerbInfo | None  # None for «по словам»
    pattern: str  # according / as_said / verb (before, quoted words, that clause, object)

    @property
    def v(self) -> Tok:
        return self.st[self.k]


AS_SAID_ADVERBS = frozenset({"позднее", "позже", "ранее", "уже", "также", "затем", "потом", "впоследствии", "вчера",
                             "сегодня", "накануне", "недавно"})


def _kak_before(st: list[Tok], k: int) -> int | None:
    """The index of «как» right before the verb, or with adverbs between («как позднее сообщил X»)."""
    j = k - 1
    while j >= 0 and st[j].low in AS_SAID_ADVERBS and k - j <= 3:
        j -= 1
    return j if j >= 0 and st[j].low == "как" else None


def _is_author(v: Tok) -> bool:
    """The author's own phrases: «стоит отметить, что», «напомним, что», «отметим»."""
    return v.feats.get("VerbForm") == "Inf" or v.feats.get("Mood") == "Imp" or v.feats.get("Person") == "1"


def find_cues(d: View) -> list[Cue]:
    """Every speech cue of the document in order (computed once per view)."""
    hit = d.memo.get("cues")
    if hit is not None:
        return hit
    from .refs import is_speech

    out: list[Cue] = []
    for si in range(len(d.sents)):
        st = d.sent_toks(si)
        for k, v in enumerate(st):
            if v.low in ACCORDING_WORDS and k > 0:
                out.append(Cue(si, k, st, None, "according"))
                continue
            info = is_speech(d, v, present_source=True)
            if info is None or _is_author(v):
                continue
            kak = _kak_before(st, k)
            as_said = (kak is not None and (kak == 0 or st[kak - 1].text in AS_SAID_LEADS)
                       and not info.quote_only)  # «как назвали ящик авторы»: naming, not speech
            # «…, сообщает Zakon.kz» is a source line; «Как сообщают представители X, …» is checked later
            if info.source and v.feats.get("Tense") == "Pres" and not as_said and not _reports(d, st, k, v):
                continue
            out.append(Cue(si, k, st, info, "as_said" if as_said else "verb"))
    d.memo["cues"] = out
    return out


def _reports(d: View, st: list[Tok], k: int, v: Tok) -> bool:
    """«Пресс-служба МВД сообщает, что …» reports speech; «…, сообщает Zakon.kz» is a source line."""
    from ...clean import outlet_like

    if not any(t.low == "что" for t in st[k + 1 : k + 4]) or (k > 0 and st[k - 1].low == "как"):
        return False
    ref = ref_for_verb(d, v)
    if ref.kind not in ("org", "person", "role"):
        return False
    phrase = ref.phrase or (d.entities[ref.entity].name if ref.entity in d.entities else "")
    return not outlet_like(phrase) and not any(outlet_like(w) for w in phrase.split())


COLON_QUOTE = re.compile(r":\s*[«„“\"'–—-]")
COORDINATORS = ("и", "а", "но", "однако", "также", "затем")


def clause_end(d: View, a: int, si: int) -> int:
    """Where a reported clause starting at ``a`` stops: the sentence's or line's end, a source tail,
    or a second speech verb coordinated with the first («…, однако напомнил, что …»)."""
    _, se, _, _ = d.sents[si]
    nl = d.text.find("\n", a, se)
    b = nl if nl >= 0 else se
    m = SOURCE_TAIL.search(d.text, a, b)
    b = m.start() if m else b
    m = COLON_QUOTE.search(d.text, a, b)  # «…, что письмо настоящее: «Нет, это не фальшивка»»
    b = m.start() if m else b
    return min(b, _next_speech(d, a, b))


def _next_speech(d: View, a: int, b: int) -> int:
    """The start of «, и добавил» / «, однако напомнил» between a and b (b if none)."""
    from .refs import is_speech

    toks = d.tokens(a, b)
    for i in range(1, len(toks)):
        t = toks[i]
        if t.pos != "VERB" or is_speech(d, t) is None:
            continue
        if t.feats.get("VerbForm") == "Conv" and toks[i - 1].text == ",":
            return toks[i - 1].start  # «…, добавив: «…»»: a second report by the same speaker
        if t.feats.get("VerbForm") != "Fin":
            continue
        if t.feats.get("Tense") == "Fut":
            continue  # «…, он сообщит им об этом»: a promise inside the clause, not a second report
        j = i - 1
        while j > 0 and toks[j].low in COORDINATORS + ("он", "она", "они"):
            j -= 1
        if toks[j].text == "," and j < i - 1 or (toks[j].text == "," and d.head(t) is not None and t.rel == "conj"):
            return toks[j].start
    return b


def _glued_dot(st: list[Tok], i: int) -> bool:
    """Is token ``i`` a dot with letters right on both sides (a web address: «bbcrussian.com»)?"""
    t = st[i]
    return (t.text == "." and 0 < i < len(st) - 1 and st[i - 1].stop == t.start and st[i + 1].start == t.stop
            and st[i - 1].text[-1:].isalnum() and st[i + 1].text[:1].isalpha())


def that_index(st: list[Tok], k: int) -> int | None:
    """«отметил, что …», «выразил уверенность, что …», «указал на то, что …»: the «что» after the verb."""
    for i in range(k + 1, min(len(st), k + THAT_WINDOW)):
        t = st[i]
        if t.low in ("что", "чтобы") and t.pos in ("SCONJ", "PRON", "CCONJ"):
            return i
        if _glued_dot(st, i):
            continue  # «рассказал Tengrinews.kz, что …»: the dot of a site's address
        if t.pos in ("VERB", "AUX") or (t.pos == "PUNCT" and t.text not in (",", "-", "–", "—") + QUOTE_MARKS):
            return None
        if t.pos == "PUNCT" and t.text in "–—-" and i > k + 1:
            return None
    return None


def reported(d: View, rule: str, a: int, b: int, cs: int, ce: int, ref: Ref) -> Claim | None:
    """A reported clause [a, b): a direct quote if it is (almost) all one quotation."""
    a, b = trim(d.text, a, b, strip_final=True)
    lo = bisect.bisect_left(d.top_opens, a - 1)
    for s in d.top[lo:]:
        if s.open >= b or s.open - a > QUOTE_LEAD_CHARS:
            break
        if (s.close - s.open) >= QUOTE_SHARE * (b - a):
            return _claim(d, rule, "direct", *s.inner, cs, ce, ref, strip=False)
    return _claim(d, rule, "indirect", a, b, cs, ce, ref)


def _claim(d: View, rule: str, kind: str, a: int, b: int, cs: int, ce: int, ref: Ref, strip: bool = True) -> Claim | None:
    a, b = trim(d.text, a, b, strip_final=strip)
    if b - a < MIN_INDIRECT_CHARS or not WORD.search(d.text, a, b):
        return None
    return Claim(rule, kind, a, b, cs, ce, ref, cs)


def quoted_claim(d: View, rule: str, a: int, b: int, cs: int, ce: int, ref: Ref) -> Claim | None:
    return _claim(d, rule, "direct", a, b, cs, ce, ref, strip=False)
