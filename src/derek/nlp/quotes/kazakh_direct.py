"""Kazakh direct speech: a quote in marks or after a dash, closed by a Kazakh attribution.

* ``marks_then_kk_speech``: «…», – деді X / «…» деп атап өтті X / «…» дейді X; ``kk_name_colon``:
  «Министр Бауыржан Оспанов: «…»» (the speaker before a colon, no attribution after);
* ``dash_kk_paragraph``: – Сөз. Сөз, – деді министр.;
* ``kk_multi_paragraph``: «…\\n\\n…», – деді X — a quote in marks over paragraphs;
* ``kk_said_unmarked``: «Сөз, – деді министр.» without marks (over a paragraph of first-person speech)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .claims import Claim, Ref
from .config import COLON_SPEAKER_WORDS, KK_ATTR_WORDS
from .kazakh_speakers import described_person, in_kazakh, speaker_before, speaker_ref
from .kazakh_verbs import completes
from .marks import AFTER_SEP, DASH_ATTR, DASH_RESUME, SENT_END, trim
from .taken import Taken
from .view import Tok, View

MID_DASH = re.compile(r"[.!?…]\s+[–—-]\s+")


FIRST_PERSON = re.compile(r"\b(?:мен|біз|менің|біздің|маған|бізге|бізде|өзіміздің|өзім)\b", re.IGNORECASE)


NAMED_GAP = 3  # words after «деп» in which a speech verb or a speaker must stand (no comma before it)
SPEECH_NOUNS = ("сөз", "пікір", "үнде", "мәлімдеме", "ұсыныс", "талап", "тапсырма", "уәде")  # «… деген сөзі»
MAX_RESUMED = 4  # parts of one paragraph's speech after its first attribution


CLOSE_MARKS = "»”\""


MAX_QUOTE_PARAGRAPHS = 4  # a direct quote in marks runs over at most this many paragraphs


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
    uses = [d.lex.kk_use(t.text) for t in words]
    cue = [i for i, u in enumerate(uses[:KK_ATTR_WORDS]) if u in ("after", "reported", "source")]
    if not cue or all(uses[i] == "source" for i in cue):
        return None
    after = words[cue[-1] + 1 :]
    ref = speaker_ref(d, after) or speaker_ref(d, words[: cue[0]]) or (described_person(d, after[0]) if after else None)
    if "source" in uses and (ref is None or ref.kind not in ("person", "kkrole")):
        return None  # «…, – деп хабарлайды Kazinform»: an outlet's source line; «деп жазады депутат X» is speech
    return ref or Ref("kkpron"), words[cue[0]].start, words[cue[-1]].stop, limit


def marks_then_kk_speech(d: View, taken: Taken) -> Iterator[Claim]:
    """«…», – деді X / «…» деп атап өтті X; without an attribution after it, a quote whose speaker
    stands before a colon (``kk_name_colon``: «Энергетика министрі Бауыржан Оспанов: «…»»)."""
    for s in d.top:
        a, b = s.inner
        if len(d.text[a:b].split()) < 2 or taken.overlaps(a, b) or not in_kazakh(d, s.open):
            continue
        att = _attribution_after_close(d, s.close)
        if att is not None:
            ref, cs, ce, _ = att
            if ref.kind == "kkpron" and ref.span is None:
                ref = speaker_before(d, s.open) or ref  # «Әкім «…» деп мәлімдеді.», «Ол: «…», – деді.»
            yield Claim("marks_then_kk_speech", "direct", *trim(d.text, a, b), cs, ce, ref, s.open)
            continue
        named = _colon_speaker(d, s.open)
        if named is not None:
            ref, colon = named
            yield Claim("kk_name_colon", "direct", *trim(d.text, a, b), colon, colon + 1, ref, s.open)


def _attribution_after_close(d: View, close: int) -> tuple[Ref, int, int, int] | None:
    """The Kazakh attribution right after a closing mark («», – деді X», «» деп атап өтті X»)."""
    m = AFTER_SEP.match(d.text, close + 1)
    if m is None:
        return None
    follows = d.tokens(m.end(), m.end() + 20)[:1]
    # «…», – деді X / «…» деп атап өтті X; «Құрмет тақтасы» да әзірленеді: a name in marks
    if not (m.group(1) or m.group(2) or (follows and d.lex.kk_use(follows[0].text) == "after")):
        return None
    if not (m.group(1) or m.group(2)) and not _said_not_named(d, follows[0]):
        return None
    return _attribution(d, m.end())


def _said_not_named(d: View, cue: Tok) -> bool:
    """After «…» without a comma or dash, «деп» / «деген» closes speech when a speech verb, an
    auxiliary, a speaker or the clause's end follows within a few words («деп қалды министр», «деп
    атап өтті»), or «деген» names words said («Президенттің «…» деген сөзі»); not when it names a
    thing («…» деген жол картасы, «…» деп жарияланған қалалар: a label, not speech)."""
    nxt = [t for t in d.tokens(cue.stop, cue.stop + 80)][:NAMED_GAP]
    if cue.low == "деген":
        return not nxt or nxt[0].pos == "PUNCT" or nxt[0].low.startswith(SPEECH_NOUNS)
    for t in nxt:
        if t.pos == "PUNCT" or d.lex.kk_use(t.text) is not None or completes(t.text) or speaker_ref(d, [t]):
            return True
    return False


def _colon_speaker(d: View, open_at: int) -> tuple[Ref, int] | None:
    """«Министр Бауыржан Оспанов: «…»»: the speaker phrase that is all the words between the line's or
    sentence's start and a colon right before the mark, and the colon's offset."""
    colon = open_at - 1
    while colon >= 0 and d.text[colon] in " \t":
        colon -= 1
    if colon < 0 or d.text[colon] != ":":
        return None
    start = max(d.text.rfind("\n", 0, colon) + 1, d.sents[d.sent_of(colon)][0])
    lead = [t for t in d.tokens(start, colon) if t.text not in "–—-"]
    if not lead or len(lead) > COLON_SPEAKER_WORDS or d.in_top_quote(lead[0].start):
        return None
    ref = speaker_ref(d, lead)
    if ref is None or ref.kind not in ("person", "kkrole", "kkpron") or ref.span is None:
        return None
    return (ref, colon) if ref.span[1] >= lead[-1].start else None  # the phrase ends at the colon


def dash_kk_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """– Сөз. Сөз, – деді министр. (– Бірінші бөлім, – деді ол. – Екінші бөлім, – деп қосты ол.)"""
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
            yield from _resumed(d, end, pe, ref, (qs, qe), cs)
            break


def _resumed(d: View, end: int, pe: int, ref: Ref, cue: tuple[int, int], at: int) -> Iterator[Claim]:
    """The speech resumed after an attribution («…, – деді ол. – Екінші бөлім.»), up to the next
    attribution if there is one («– Екінші бөлім, – деп қосты сарапшы.»): each part with its speaker."""
    for _ in range(MAX_RESUMED):
        rest = DASH_RESUME.match(d.text, end)
        if rest is None or rest.end() >= pe:
            return
        found = _next_attribution(d, rest.end(), pe)
        if found is None:
            yield Claim("dash_kk_paragraph", "direct", *trim(d.text, rest.end(), pe), *cue, ref, at)
            return
        dash, (named, qs, qe, end) = found
        if named.span is not None:
            ref, cue = named, (qs, qe)
        yield Claim("dash_kk_paragraph", "direct", *trim(d.text, rest.end(), dash + 1), qs, qe, ref, at)


def _next_attribution(d: View, a: int, b: int) -> tuple[int, tuple[Ref, int, int, int]] | None:
    """The first «, – деді X» between ``a`` and ``b``: where its dash match starts, and the attribution."""
    for m in DASH_ATTR.finditer(d.text, a, b):
        att = _attribution(d, m.end())
        if att is not None:
            return m.start(), att
    return None


def _speech_start(d: View, ps: int, at: int) -> int | None:
    """Where the speech before an attribution dash starts: after the paragraph's leading dash, or
    after the last «. – » before it («Министр есеп берді. – Апат болған жоқ, – деді ол.»)."""
    lead = max((m.end() for m in MID_DASH.finditer(d.text, ps, at)), default=None)
    if lead is not None:
        return lead
    return ps + 1 if d.text[ps] in "–—-" else None


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
