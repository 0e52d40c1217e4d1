"""Kazakh reported speech:

* ``kk_according``: «X-тің айтуынша / сөзінше, …» — the speaker in the genitive, the content after;
* ``kk_reported``: «X …екенін айтты», «X … деп санайды» (``kk_about_this``: «Бұл туралы X айтты», the
  sentence before);
* ``kk_as_said``: «X атап өткендей / мәлімдегендей, …» — the speaker before, the content after the comma."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import kazakh as kk
from .claims import Claim, Ref
from .cues import clause_end
from .kazakh_speakers import CONNECTIVES, in_kazakh, institution_subject, oblique, speaker_ref
from .kazakh_verbs import completes, speech_kind, speech_stem, speech_use
from .marks import trim
from .taken import Taken
from .view import Tok, View

# a reported clause ends in a verb made a noun, in the accusative («өткенін», «білетінін», «екенін»,
# «ашылатынын»); «жетістіктерді атап өтті», «қорытындысын айтты» name a thing
NOMINALIZED = re.compile(r"(?:ған|ген|қан|кен|тын|тін|екен|уы|уі|дығ|діг|тығ|тіг)(?:ы|і)?(?:н|на|не)$")  # acc. or dat. («…беретініне сенді»)


CONVERB_ENDINGS = ("отырып", "келіп", "тұрып")  # «… қорытындылай отырып, …»: a «while doing» clause


OPINION_NOUNS = frozenset({"пікірін", "пікірлерін", "ойын", "ойларын", "көзқарасын", "ұстанымын", "туралы", "жайлы"})


SAID_FINAL = ("деді", "дейді")


# «Мемлекет басшысы атап өткендей, …», «Министр мәлімдегендей, …»: as X said, the content after the
# comma; a speech stem's «-ғандай» form (kazakh_verbs), or an auxiliary's after «атап» / «айтып»
AUX_AS_SAID = frozenset({"өткендей", "көрсеткендей"})

# between a reported clause and its verb: adverbs and particles («…екенін ерекше атап өтті»)
ADVERBS = frozenset({"ерекше", "арнайы", "тағы", "бүгін", "кеше", "қысқаша", "ашық", "ашып", "нақты", "баса", "жиі",
                     "бірнеше", "рет", "кезекті", "сондай-ақ", "қосымша", "ресми", "анық", "толық", "қайта",
                     "бұған", "дейін", "бұрын", "жуырда", "таяуда", "өз", "өзі", "де", "да", "та", "те"})
# … and words in the dative, locative or ablative («журналистерге айтты», «брифингте мәлімдеді»)
ADJUNCT_CASES = ("ға", "ге", "қа", "ке", "на", "не", "да", "де", "та", "те", "нда", "нде", "дан", "ден", "тан",
                 "тен", "нан", "нен")
MAX_VERB_TAIL = 6
MANNER_CONVERBS = ("ап", "еп", "ып", "іп", "лай", "лей")  # «қадап», «нақтылап», «қайталай» before the verb
SPOKEN_STEMS = ("айт",)
REPORTING_STEMS = ("хабарла", "жаз")  # what an outlet does: «деп хабарлады Kazinform»
AGENCY_NAMES = ("ақпарат", "aqparat")  # «ҚазАқпарат», «Türkistan Aqparat»: a news agency's name
MEDIA_HEADS = ("тілші", "агенттіг", "сайт", "портал", "басылым", "газет", "арна", "telegram")  # «Kazinform тілшісі»  # speech by voice: its subject is a person, never an organization
GENITIVE_HEAD_WORDS = 3  # «X-тің баспасөз қызметі»: the head this close after a genitive subject
POSSESSIVE = ("ы", "і", "сы", "сі")
ADDRESSEE_WORDS = 5  # a person told or asked, named within this many words of the clause's start
ADDRESSEE_CASES = ("ға", "ге", "қа", "ке", "дан", "ден", "тан", "тен", "нан", "нен")
ACCORDING_TAILS = ("қарағанда", "сүйенсек", "бойынша")  # «Оның сөзіне қарағанда, …»: «according to his words»  # words between a reported clause and its verb


# «қалай / не / қандай … екенін айтты» names a topic; with «сұрады» it is a reported question
WH_WORDS = frozenset({"қалай", "қандай", "қашан", "қайда", "неге", "неліктен", "қанша", "кім", "нені"})


PARTICLES = frozenset({"да", "де", "та", "те", "ғана", "қана"})


ABOUT_THIS = ("бұл туралы", "осы туралы", "бұл жөнінде")
SO_SAID = ("осылай", "осыны")  # «X осылай деп мәлімдеді»: what the sentence before says


def kk_according(d: View, taken: Taken) -> Iterator[Claim]:
    """«Марат Сұлтанғазиевтің айтуынша, …», «Оның сөзінше, …»."""
    for t in d.toks:
        use = d.lex.kk_use(t.text)
        if use not in ("according", "according_noun") or taken.covers(t.start) or d.in_top_quote(t.start):
            continue
        st = d.sent_toks(t.s)
        k = t.i - st[0].i
        if use == "according_noun" and not (k + 1 < len(st) and st[k + 1].low == "бойынша"):
            continue  # «айтуы» alone is a noun; «айтуы бойынша, …» is «according to»
        lead = st[:k]
        j = max((i for i, x in enumerate(lead) if x.text == ","), default=-1)
        ref = speaker_ref(d, lead[j + 1 :]) or Ref("kkpron")
        after = st[k + 1 :]
        cue_end = t.stop
        if after and after[0].low in ACCORDING_TAILS:  # «айтуына қарағанда, …», «сөзіне сүйенсек, …»
            cue_end, after = after[0].stop, after[1:]
        if after and after[0].text == ",":
            a = after[1].start if len(after) > 1 else cue_end
            b = clause_end(d, a, t.s)
            cs = lead[j + 1].start if j + 1 < len(lead) else t.start
            yield Claim("kk_according", "indirect", *trim(d.text, a, b, strip_final=True), cs, cue_end, ref, cs)


def kk_reported(d: View, taken: Taken) -> Iterator[Claim]:
    """«X …екенін айтты.», «X … деп санайды.», «Бұл туралы X айтты.»"""
    for t in d.toks:
        use = d.lex.kk_use(t.text)
        if use not in ("reported", "after") or taken.covers(t.start) or d.in_top_quote(t.start):
            continue
        if not in_kazakh(d, t.start) or (use == "after" and not _final_said(d, t)):
            continue
        claim = _reported(d, t)
        if claim is not None and not _outlet_reports(d, claim, t):
            yield claim


def _outlet_reports(d: View, c: Claim, v: Tok) -> bool:
    """«…, деп хабарлады Kazinform тілшісі», «… деп жазды Zakon.kz»: an outlet reporting is a source
    line, not a quote (its own words in quotation marks stay a quote)."""
    from ...clean import outlet_like

    if speech_stem(v.text) not in REPORTING_STEMS or c.ref.span is None:
        return False
    phrase = d.text[c.ref.span[0] : c.ref.span[1]]
    words = phrase.split()
    last = words[-1].lower() if words else ""
    return outlet_like(phrase) or any(outlet_like(w) for w in words) or last.startswith(MEDIA_HEADS) \
        or any(n in last for n in AGENCY_NAMES)


def _final_said(d: View, t: Tok) -> bool:
    """«Мемлекет басшысы … көрсетіп жатыр деді.»: «деді» ending the sentence, no comma or dash before it."""
    st = d.sent_toks(t.s)
    k = t.i - st[0].i
    nxt = st[k + 1] if k + 1 < len(st) else None
    return t.low in SAID_FINAL and k >= 3 and st[k - 1].pos != "PUNCT" and (nxt is None or nxt.pos == "PUNCT")


def _reported(d: View, v: Tok) -> Claim | None:
    """The reported clause a sentence-final speech verb ends, with its speaker: the subject that opens
    the sentence, or one standing between the clause and the verb («…ашылатынын әкім X мәлімдеді»)."""
    st = d.sent_toks(v.s)
    k = v.i - st[0].i
    nxt = st[k + 1] if k + 1 < len(st) else None
    if nxt is not None and nxt.pos != "PUNCT" and d.lex.kk_use(nxt.text) is None and not completes(nxt.text):
        rest = [x for x in st[k + 1 :] if x.pos != "PUNCT"]
        if not (k > 0 and st[k - 1].low == "деп" and speaker_ref(d, rest) is not None):
            return None  # the sentence goes on: not its final verb («… деп санайды сарапшы X» is fine)
    cue_start = v.start
    if k > 0 and st[k - 1].low in ("атап", "деп"):
        cue_start = st[k - 1].start
    if k > 0 and st[k - 1].low == "деп" and any(d.lex.kk_use(x.text) == "source" for x in st[k : k + 2]):
        return None
    cue_end = nxt.stop if nxt is not None and completes(nxt.text) else v.stop
    lead = [x for x in st[:k] if x.start < cue_start]
    if not lead:
        return None
    text = d.text[st[0].start : cue_start].lower()
    if any(text.startswith(p) for p in ABOUT_THIS):
        return _about_this(d, st, lead[2:], cue_start, cue_end)
    if k > 1 and st[k - 1].low == "деп" and st[k - 2].low in SO_SAID:
        return _about_this(d, st, lead[:-1], cue_start, cue_end)  # «…, спикер X осылай деп мәлімдеді.»
    end, tail_ref = _verb_tail(d, lead)
    if tail_ref is not None:
        a = _past_converb(d, lead[:end], st[0].start)
        ref: Ref | None = tail_ref
    else:
        ref = speaker_ref(d, lead[:6])
        if ref is not None and ref.kind in ("org", "other") and speech_stem(v.text) in SPOKEN_STEMS:
            ref = None  # «Сонымен қатар, Үкімет … шеше алмауы мүмкіндігін айтты»: «айтты» wants a person;
            # the organization is the reported clause's subject, the speaker is left out
        if ref is None or ref.span is None:
            return _speaker_after_or_elided(d, st, k, lead[:end], cue_start, cue_end)
        subject_end = _head_after_genitive(d, lead[:end], ref.span[1])
        a = _past_converb(d, [x for x in lead[:end] if x.start >= subject_end], subject_end)
    a = _after_addressee(d, [x for x in lead[:end] if x.start >= a], a)
    content = [x for x in lead[:end] if x.start >= a]
    before_verb = st[k - 1] if end == len(lead) else lead[end - 1]
    if not content or not _reported_content(content, content[-1].stop - a, before_verb, v):
        return None
    words = [x for x in content if x.low not in PARTICLES and x.low != "деп"]
    b = words[-1].stop if words else cue_start  # «… берілетінін де мәлімдеді»: the particle is no content
    return Claim("kk_reported", "indirect", *trim(d.text, a, b, strip_final=True), cue_start, cue_end, ref, cue_start)


def _verb_tail(d: View, lead: list[Tok]) -> tuple[int, Ref | None]:
    """Where the reported clause before a verb ends (an index into ``lead``) and the subject standing
    between it and the verb, if any: «…екенін [ерекше] атап өтті», «…аяқталатынын [журналистерге]
    айтты», «…ашылатынын [облыс әкімі X] мәлімдеді». The words after the clause's last word (a verb
    made a noun, or «деп») are adverbs, words in an oblique case, or a subject in the nominative."""
    for i in range(len(lead) - 1, max(-1, len(lead) - 2 - MAX_VERB_TAIL), -1):
        x = lead[i]
        if x.text == ",":
            break
        if x.low == "деп" or NOMINALIZED.search(x.low):
            tail = lead[i + 1 :]
            if all(_adjunct(t) for t in tail):
                return i + 1, None
            ref = speaker_ref(d, tail)
            if ref is not None and ref.kind in ("person", "kkrole") and ref.span is not None \
                    and not oblique(d, ref.span) and not _adjunct_span(d, ref.span):
                return i + 1, ref
            break
    return len(lead), None


def _head_after_genitive(d: View, toks: list[Tok], end: int) -> int:
    """Where the subject ends when its named part is a genitive modifier of the head after it
    («Денсаулық сақтау министрлігінің баспасөз қызметі …»): after the head, a word with a possessive
    ending within a few words; else ``end``."""
    words = d.text[:end].split()
    if not words or not kk.genitive(words[-1]):
        return end
    after = [t for t in toks if t.start >= end][:GENITIVE_HEAD_WORDS]
    head = next((t for t in after if t.low.endswith(POSSESSIVE) and not NOMINALIZED.search(t.low)), None)
    return head.stop if head is not None else end


def _after_addressee(d: View, content: list[Tok], a: int) -> int:
    """«X министр Y-тен … неге өскенін сұрады», «X Президентке … екенін айтты»: the person asked or
    told, in the ablative or dative, opens the clause but is not what was said."""
    for t in content[:ADDRESSEE_WORDS]:
        m = d.mention_at(t.start, t.stop, "PER")
        if m is None:
            continue
        stop = m[1]
        while stop < len(d.text) and d.text[stop].isalpha():
            stop += 1
        word = d.text[m[0] : stop].split()[-1].lower()
        if word.endswith(ADDRESSEE_CASES):
            return next((x.start for x in content if x.start >= stop), a)
        break
    return a


def _adjunct(t: Tok) -> bool:
    """An adverb, a particle, a converb of manner («қадап айтты», «қайталай айтты») or a word in an
    oblique case: no part of what was said."""
    w = t.low
    if w in ADVERBS or len(w) > 4 and w.endswith(MANNER_CONVERBS):
        return True
    return len(w) > 4 and w.endswith(ADJUNCT_CASES) and not NOMINALIZED.search(w)


def _adjunct_span(d: View, span: tuple[int, int]) -> bool:
    """A speaker phrase whose last word is in the dative, locative or ablative (an addressee: «…екенін
    Президентке айтты»)."""
    words = d.text[span[0] : span[1]].split()
    return bool(words) and words[-1].lower().endswith(ADJUNCT_CASES[:6])


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
        b = lead[-1].stop  # the clause ends before the adverbs that may stand before the verb
        body = institution_subject(lead) if speech_stem(st[k].text) not in SPOKEN_STEMS else None
        if body is not None:  # «Алайда сот … жеткіліксіз деп есептеді»: the court, not the last speaker
            a = lead[lead.index(body) + 1].start if body is not lead[-1] else cs
            return Claim("kk_reported", "indirect", *trim(d.text, a, b, strip_final=True), cs, ce,
                         Ref("other", span=(body.start, body.stop)), cs)
        start = next((x.start for x in lead if x.low not in CONNECTIVES), st[0].start)  # «Сонымен қатар, …»
        return Claim("kk_reported", "indirect", *trim(d.text, start, b, strip_final=True), cs, ce, Ref("kkpron"), cs)
    return None


def _past_converb(d: View, toks: list[Tok], a: int) -> int:
    """«X сессияны қорытындылай отырып, … екенін айтты», «X …аяқталғанын айтып, … екенін жеткізді»:
    the content starts after a converb clause (a «while doing» one, or one of speech that is a quote
    of its own)."""
    for i in range(len(toks) - 1, 0, -1):
        if toks[i].text == "," and (toks[i - 1].low.endswith(CONVERB_ENDINGS) or speech_kind(toks[i - 1].text) == "converb"):
            return toks[i].stop
    return a


def _object_clause_end(last: Tok, cue_start: int, before_verb: Tok) -> bool:
    """A reported clause ends in an accusative («…өткенін айтты») or with «деп» («… деп санайды»)."""
    if before_verb.low == "деп" or last.low == "деп":
        return True
    return bool(NOMINALIZED.search(last.low)) and last.low not in ("туралы",)


def _about_this(d: View, st: list[Tok], lead: list[Tok], cs: int, ce: int) -> Claim | None:
    """«Бұл туралы Бас прокурор Берік Асылов айтты.», «… спикер X осылай деп мәлімдеді.»: the content
    is the sentence before; ``lead`` holds the words that may name the speaker."""
    ref = speaker_ref(d, lead)
    if ref is None or st[0].s == 0:
        return None
    if ref.kind in ("org", "other") and ref.span is not None and oblique(d, ref.span):
        ref = Ref("kkpron")  # «Бұл туралы Мәжілістің отырысында айтты»: where, not who; the subject is left out
    ps, pe, _, _ = d.sents[st[0].s - 1]
    if any(d.lex.kk_use(t.text) == "source" for t in d.tokens(ps, pe)):
        return None  # the sentence before is the portal's lead («…, деп хабарлайды El.kz»), not speech
    return Claim("kk_about_this", "indirect", *trim(d.text, ps, pe, strip_final=True), cs, ce, ref, cs)


def kk_as_said(d: View, taken: Taken) -> Iterator[Claim]:
    """«Мемлекет басшысы атап өткендей, …», «Министр мәлімдегендей, …»: the speaker before, the content after."""
    for t in d.toks:
        if not _as_said(t) or taken.covers(t.start) or d.in_top_quote(t.start) or not in_kazakh(d, t.start):
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


def _as_said(t: Tok) -> bool:
    """«айтқандай», «мәлімдегендей», or «өткендей» / «көрсеткендей» (after «атап» or «айтып»)."""
    return t.low in AUX_AS_SAID or speech_use(t.text) == "as_said"
