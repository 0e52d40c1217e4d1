"""Direct speech in paragraphs: a dash-led paragraph of speech («– Первая часть, – сказал X. – Вторая»),
a paragraph after one ending with a colon («Министр отметил:»), a quote running over several
paragraphs (each opened by a mark, or opened once and closed once), and a paragraph that is one
quotation going on after an attributed one («…», сказал X. / «Это огромная потеря…» — X again)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .claims import Claim
from .config import MULTI_PARAGRAPHS
from .direct import MARK_OPENERS, attribution_after, before, direct_claim, intro, subject_intro
from .marks import AFTER_SEP, DASH_ATTR, DASH_LEAD, DASH_RESUME, DASHES, trim
from .taken import Taken
from .view import View

CLOSE_MARKS = "»”"


def _speech_start(d: View, ps: int, pe: int) -> int | None:
    """Where a paragraph's speech would start: after a leading dash or an unclosed mark."""
    lead = d.text[ps:pe]
    m = DASH_LEAD.match(lead)
    if m:
        return ps + m.end()
    if lead[0] in MARK_OPENERS:
        return ps + 1 if ps in d.orphan_set else None
    return ps


def dash_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """– Первая часть, – сказал X. – Вторая часть. (a paragraph of speech without paired marks)"""
    text = d.text
    from .kazakh import in_kazakh

    for ps, pe in d.paras:
        if taken.overlaps(ps, pe) or in_kazakh(d, ps):
            continue  # a Kazakh paragraph is the Kazakh rules' (their speakers are Kazakh words)
        cs = _speech_start(d, ps, pe)
        if cs is None:
            continue
        for dm in DASH_ATTR.finditer(text, cs, pe):
            if d.in_top_quote(dm.start()):
                continue
            att = attribution_after(d, dm.end(), colon=False, dash=True)
            if att is not None:
                yield direct_claim(d, "dash_paragraph", cs, dm.start() + 1, att, cs)
                rest = DASH_RESUME.match(text, att.end)
                if rest is not None and rest.end() < pe:
                    yield direct_claim(d, "dash_paragraph", rest.end(), pe, att, cs)
                break


def colon_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """A paragraph of speech after a paragraph ending with a colon («Министр отметил:»)."""
    text = d.text
    for pi in range(1, len(d.paras)):
        ps, pe = d.paras[pi]
        if taken.overlaps(ps, pe):
            continue
        cs = _speech_start(d, ps, pe)
        qs, qe = d.paras[pi - 1]
        prev = text[qs:qe].rstrip()
        if cs is None or not prev.endswith(":"):
            continue
        att = intro(d, qs, qs + len(prev) - 1)
        if att is None and _first_person(d, cs, pe):
            att = subject_intro(d, qs, qs + len(prev) - 1, SUBJECT_KINDS)  # «X пролила свет на письмо:\nОн говорил, что я …»
        if att is not None:
            yield direct_claim(d, "colon_paragraph", cs, pe, att, cs)


SUBJECT_KINDS = ("person", "role", "pronoun")  # who may introduce a first-person paragraph after a colon
FIRST_PERSON = frozenset({"я", "мы", "меня", "мне", "мной", "нас", "нам", "нами", "мой", "моя", "моё", "мое", "мои",
                          "моего", "моей", "мою", "наш", "наша", "наше", "наши", "нашей", "нашего", "нашу"})


def _first_person(d: View, a: int, b: int) -> bool:
    """Does the paragraph [a, b) speak in the first person (a word of «я», «мы», «мой», «наш»)?"""
    return any(t.low in FIRST_PERSON for t in d.tokens(a, b))


def _body(d: View, pi: int) -> tuple[int, int] | None:
    """A paragraph that is all one quotation, opened by a mark (closed or not)."""
    ps, pe = d.paras[pi]
    if d.text[ps] not in MARK_OPENERS:
        return None
    if ps in d.orphan_set:
        return ps + 1, pe
    i = bisect.bisect_left(d.top_opens, ps)
    s = d.top[i] if i < len(d.top) and d.top[i].open == ps else None
    return (ps + 1, s.close) if s is not None and s.close >= pe - 3 else None


def continued_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """A quote running over several paragraphs: each opens with a mark, only the last one closes.
    The chain is followed forwards, then backwards (each pass is linear in the paragraphs)."""
    n = len(d.paras)
    for order, step in ((range(n), -1), (range(n - 1, -1, -1), 1), (range(n), -1)):
        for pi in order:
            pj = pi + step
            if not 0 <= pj < n or taken.first_in(*d.paras[pi]) is not None:
                continue
            body = _body(d, pi)
            c = taken.first_in(*d.paras[pj])
            if body is None or c is None or _body(d, pj) is None:
                continue
            # the paragraph before must be left open; this one must be left open for the next
            opener = d.paras[pj][0] if step < 0 else d.paras[pi][0]
            if opener not in d.orphan_set:
                continue
            yield Claim("continued_paragraph", "direct", *trim(d.text, *body), c.cue_start, c.cue_end, c.ref, c.at)

ATTRIBUTED_RULES = ("marks_then_speech", "speech_then_marks", "split_inside", "dash_paragraph")


def _whole_quote(d: View, ps: int, pe: int) -> tuple[int, int] | None:
    """The inner span of a quotation that is the whole paragraph («…».)."""
    i = bisect.bisect_left(d.top_opens, ps)
    if i >= len(d.top) or d.top[i].open != ps:
        return None
    s = d.top[i]
    rest = d.text[s.close + 1 : pe].strip()
    return s.inner if rest in ("", ".", "!", "?", "…") else None


def next_quote_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """A paragraph that is all one quotation, without an attribution of its own, right after a
    paragraph that ends with an attributed direct quote: the same speaker goes on."""
    for pi in range(1, len(d.paras)):
        ps, pe = d.paras[pi]
        inner = _whole_quote(d, ps, pe)
        if inner is None or taken.overlaps(ps, pe):
            continue
        qs, qe = d.paras[pi - 1]
        prev = [c for c in taken.starting_in(qs, qe) if c.kind == "direct" and c.rule in ATTRIBUTED_RULES]
        if not prev or not (qs <= prev[-1].cue_start < qe):
            continue
        c = prev[-1]
        yield Claim("next_quote_paragraph", "direct", *trim(d.text, *inner), c.cue_start, c.cue_end, c.ref, c.at)


def _unpaired_close(d: View, ps: int, pe: int, closes: set[int]) -> int | None:
    """The first closing mark of a paragraph that closes no span of its own line."""
    return next((i for i in range(ps, pe) if d.text[i] in CLOSE_MARKS and i not in closes), None)


def multi_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """«Первый абзац.\\n\\nВторой абзац», — сказал X.: a quote opened once and closed once over
    paragraphs (the marks pair only inside a line), attributed after its close or by the colon before it."""
    from .kazakh import in_kazakh

    closes = {s.close for s in d.spans}
    for o in d.orphans:
        pi = d.para_of(o)
        if d.text[o] != "«" or taken.covers(o) or in_kazakh(d, o) or d.text[d.paras[pi][0] : o].strip(" " + DASHES):
            continue  # the mark must open its paragraph
        for ps, pe in d.paras[pi + 1 : pi + MULTI_PARAGRAPHS]:
            c = _unpaired_close(d, ps, pe, closes)
            if c is None:
                if "«" in d.text[ps:pe]:
                    break  # each paragraph opened by its own mark: continued_paragraph's
                continue
            m = AFTER_SEP.match(d.text, c + 1)
            att = attribution_after(d, m.end(), colon=False, dash=True) if m and (m.group(1) or m.group(2)) else None
            att = att or (before(d, o) if pi > 0 or d.text[: o].rstrip().endswith(":") else None)
            if att is not None and not taken.overlaps(o + 1, c):
                yield direct_claim(d, "multi_paragraph", o + 1, c, att, o)
            break
