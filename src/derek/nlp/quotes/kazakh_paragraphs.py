"""Kazakh speech over paragraphs, around a paragraph a Kazakh rule has attributed:

* ``kk_paragraph_before``: «– Бірінші абзац.\\n– Екінші абзац, – деді X.» — paragraphs of speech with
  no attribution of their own right before the one that names the speaker (each opened by a dash, or
  by a mark left open: «Бірінші абзац.\\n«Екінші абзац», – деді X.»);
* ``kk_next_paragraph``: «…», – деді X.\\n«Келесі абзац.» — a paragraph all speech right after one that
  ends with an attributed quote: the same speaker goes on;
* ``kk_next_quote``: «…», – деді ол. «…». — a quotation right after, in the same paragraph;
* ``kk_signed_quote``: «…»\\nҒабит Сыздықбеков — a paragraph all one quotation, signed on the next
  line by a name.

A paragraph of speech that ends with «?» is not taken for the speaker's: in an interview it is the
journalist's question. ``kk_paragraphs`` runs the three in this order (one entry of the stage)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .claims import Claim, Ref
from .kazakh_speakers import in_kazakh
from .marks import DASH_ATTR, DASHES, OPENERS, trim
from .taken import Taken
from .view import View

ATTRIBUTED = ("marks_then_kk_speech", "dash_kk_paragraph", "kk_multi_paragraph", "kk_said_unmarked")
MAX_SPEECH_PARAGRAPHS = 4  # paragraphs of one speech before or after its attribution
SIGNATURE_WORDS = 8
FOLLOW_GAP_WORDS = 6  # words between an attribution and the quotation that goes on after it («– деді ол.»)  # a signature line: a name, perhaps with its post


def _speech_body(d: View, pi: int) -> tuple[int, int, str] | None:
    """A paragraph that is all speech: (start, end, how it opens — «dash» or «mark»), or None."""
    ps, pe = d.paras[pi]
    ch = d.text[ps]
    if ch in DASHES and d.text[ps + 1 : ps + 2].isspace():
        return (ps + 1, pe, "dash") if DASH_ATTR.search(d.text, ps + 1, pe) is None else None
    if ch not in OPENERS:
        return None
    if ps in d.orphan_set:
        return ps + 1, pe, "mark"
    i = bisect.bisect_left(d.top_opens, ps)
    s = d.top[i] if i < len(d.top) and d.top[i].open == ps else None
    if s is None or d.text[s.close + 1 : pe].strip(" .!?…"):
        return None
    return ps + 1, s.close, "mark"


def _attributed_at_start(d: View, taken: Taken, pi: int) -> Claim | None:
    """The Kazakh direct quote opening paragraph ``pi`` with its attribution in that paragraph."""
    ps, pe = d.paras[pi]
    c = taken.first_in(ps, pe)
    if c is None or c.kind != "direct" or c.rule not in ATTRIBUTED or d.text[ps:c.start].strip(" «\"“–—-"):
        return None
    return c if ps <= c.cue_start < pe else None


def _question(d: View, a: int, b: int) -> bool:
    return d.text[a:b].rstrip(" »\"”").endswith("?")


def _claim(d: View, rule: str, a: int, b: int, c: Claim) -> Claim:
    return Claim(rule, "direct", *trim(d.text, a, b), c.cue_start, c.cue_end, c.ref, c.at)


def kk_paragraph_before(d: View, taken: Taken) -> Iterator[Claim]:
    """Paragraphs of speech without an attribution right before the paragraph that has one."""
    for pj in range(1, len(d.paras)):
        c = _attributed_at_start(d, taken, pj)
        if c is None or not in_kazakh(d, c.start):
            continue
        opens = "dash" if d.text[d.paras[pj][0]] in DASHES else "mark"
        for pi in range(pj - 1, max(-1, pj - 1 - MAX_SPEECH_PARAGRAPHS), -1):
            body = _speech_body(d, pi)
            if body is None or body[2] != opens or taken.overlaps(*d.paras[pi]) or _question(d, body[0], body[1]):
                break
            if opens == "mark" and d.paras[pi][0] not in d.orphan_set:
                break  # «…» closed: a quote of its own, not the start of this one
            yield _claim(d, "kk_paragraph_before", body[0], body[1], c)


def kk_next_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """A paragraph all speech right after one that ends with an attributed Kazakh quote."""
    for pi in range(1, len(d.paras)):
        ps, pe = d.paras[pi]
        body = _speech_body(d, pi)
        if body is None or taken.overlaps(ps, pe) or not in_kazakh(d, ps) or _question(d, body[0], body[1]):
            continue
        qs, qe = d.paras[pi - 1]
        prev = [c for c in taken.starting_in(qs, qe) if c.kind == "direct"]
        if not prev or prev[-1].rule not in (*ATTRIBUTED, "kk_next_paragraph"):
            continue
        c = prev[-1]
        if c.rule != "kk_next_paragraph" and not (qs <= c.cue_start < qe and _ends_paragraph(d, c, qe)):
            continue  # the paragraph before must end with the attribution
        yield _claim(d, "kk_next_paragraph", body[0], body[1], c)


def _ends_paragraph(d: View, c: Claim, qe: int) -> bool:
    """Does the attribution of ``c`` end its paragraph («…», – деді облыс әкімі Нұрлан Сәрсенбаев.)?"""
    tail = d.text[c.cue_end : qe]
    return "." not in tail.rstrip(" .") and "«" not in tail and not any(ch in DASHES for ch in tail)


def kk_signed_quote(d: View, taken: Taken) -> Iterator[Claim]:
    """«…»\\nҒабит Сыздықбеков: a paragraph all one quotation, the next line a name (and its post)."""
    for pi in range(len(d.paras) - 1):
        ps, pe = d.paras[pi]
        body = _speech_body(d, pi)
        if body is None or body[2] != "mark" or taken.overlaps(ps, pe) or not in_kazakh(d, ps):
            continue
        ns, ne = d.paras[pi + 1]
        line = d.text[ns:ne].strip()
        names = d.mentions_in(ns, ne, "PER")
        if not names or len(line.split()) > SIGNATURE_WORDS or line.endswith((".", "!", "?", ":")) \
                or d.text[ns : names[0][0]].strip(" " + DASHES):
            continue
        m = names[0]
        ref = Ref("person", entity=m[3], span=(m[0], m[1]))
        yield Claim("kk_signed_quote", "direct", *trim(d.text, body[0], body[1]), m[0], m[0], ref, m[0])


def kk_next_quote(d: View, taken: Taken) -> Iterator[Claim]:
    """«…», – деді ол. «…».: a quotation right after the sentence of an attributed Kazakh quote, in the
    same paragraph and with no attribution of its own, goes on with that speaker."""
    for s in d.top:
        a, b = s.inner
        if taken.overlaps(a, b) or len(d.text[a:b].split()) < 2 or not in_kazakh(d, s.open):
            continue
        pi = d.para_of(s.open)
        ps, pe = d.paras[pi]
        prev = [c for c in taken.starting_in(ps, s.open) if c.kind == "direct" and c.rule in ATTRIBUTED]
        if not prev or d.text[s.close + 1 : pe].strip(" .!?…"):
            continue  # the quotation must end its paragraph (nothing after it names another speaker)
        c = prev[-1]
        between = d.text[c.cue_end : s.open]
        if not between.rstrip().endswith((".", "!", "?", "…")) or len(between.split()) > FOLLOW_GAP_WORDS:
            continue  # right after the attribution's sentence
        yield _claim(d, "kk_next_quote", a, b, c)


PARAGRAPH_RULES = (kk_paragraph_before, kk_next_paragraph, kk_next_quote, kk_signed_quote)


def kk_paragraphs(d: View, taken: Taken) -> Iterator[Claim]:
    """The paragraph rules of this module, in order, each claim named by its own rule."""
    for rule in PARAGRAPH_RULES:
        yield from rule(d, taken)
