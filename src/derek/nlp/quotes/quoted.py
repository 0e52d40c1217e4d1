"""Quoted words reported by a verb or a noun of speech: «назвал встречу «продуктивной»» (each span of
the sentence: «…, а переговоры — «важными»»), «оканчивались словами «…»», «с формулировкой «…»»."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .claims import Claim, Ref
from .config import (
    MORE_QUOTED_SPANS,
    NAME_WORDS,
    QUOTED_WORDS_GAP_CHARS,
    QUOTED_WORDS_GAP_TOKENS,
    SPEECH_NOUN_GAP,
)
from .cues import quoted_claim, that_index
from .indirect import before_claim, open_cues
from .marks import WORD as WORD_RE
from .marks import QSpan
from .refs import cue_end, ref_for_verb
from .taken import Taken
from .view import Tok, View


def quoted_words(d: View, taken: Taken) -> Iterator[Claim]:
    """Quoted words right after a verb that reports only quotations: «назвал "ориентировочной"»."""
    for c in open_cues(d, taken, "verb"):
        info, v = c.info, c.v
        if info is None or before_claim(d, c) is not None or (not info.quote_only and that_index(c.st, c.k) is not None):
            continue
        if info.source or v.lemma in ("цитировать", "процитировать") or v.feats.get("VerbForm") == "Part":
            continue  # «так называемые «серые» схемы»: a word in marks, not speech
        if c.k > 0 and c.st[c.k - 1].low == "не":
            continue  # «Малайзия не критикует «лагеря перевоспитания»»: nothing was said
        lo = bisect.bisect_left(d.top_opens, v.stop)
        for s in d.top[lo:]:
            if s.open >= v.stop + QUOTED_WORDS_GAP_CHARS:
                break
            if _named(d, s.open, s.close):
                continue  # a name in quotation marks
            gap = [t for t in d.tokens(v.stop, s.open) if t.text.strip("'")]
            if s.open <= v.stop + 2 or (
                d.sent_of(s.open) == c.si and all(t.pos != "PUNCT" or _named(d, *_span_at(d, t)) for t in gap)
                and len(gap) <= QUOTED_WORDS_GAP_TOKENS
            ):
                ref = ref_for_verb(d, v)
                for span in [s, *_more_quoted(d, s, c.si)]:
                    claim = quoted_claim(d, "quoted_words", *span.inner, v.start, cue_end(d, v, ref), ref)
                    if claim is not None:
                        yield claim
                break


def _more_quoted(d: View, s: QSpan, si: int) -> list[QSpan]:
    """The quoted spans after ``s`` in the same sentence that go on with the same verb: «назвал встречу
    «продуктивной», а переговоры — «важными»», «…, одной из тех, которые «происходили …»». A finite verb
    of the reporter's between two spans ends the run; names in marks are skipped."""
    out: list[QSpan] = []
    i = bisect.bisect_right(d.top_opens, s.open)
    prev = s
    for nxt in d.top[i : i + MORE_QUOTED_SPANS]:
        if d.sent_of(nxt.open) != si or "\n" in d.text[prev.close : nxt.open]:
            break
        gap = d.tokens(prev.close + 1, nxt.open)
        if any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in gap):
            break
        if not _named(d, nxt.open, nxt.close) and len(d.text[nxt.open + 1 : nxt.close].split()) >= 1:
            out.append(nxt)
        prev = nxt
    return out


def _span_at(d: View, t: Tok) -> tuple[int, int]:
    """The quoted span a quotation-mark token belongs to («главу «Лиги» Маттео Сальвини «…»»)."""
    s = d.in_top_quote(t.start + 1) or d.in_top_quote(t.start)
    if s is None:  # a closing mark: the span that ends here
        i = bisect.bisect_left(d.top_opens, t.start) - 1
        s = d.top[i] if i >= 0 and d.top[i].close == t.start else None
    return (s.open, s.close) if s is not None else (t.start, t.start)




def _named(d: View, open_at: int, close_at: int) -> bool:
    """Is a quoted span [open_at, close_at] a name («"Газпром"», «"Алтын Орда"», «Лиги»)?"""
    near = d.mentions_in(open_at, close_at + 1, "PER") + d.mentions_in(open_at, close_at + 1, "ORG")
    if any(m[0] <= open_at + 1 and close_at <= m[1] + 1 for m in near):
        return True
    inner = d.text[open_at + 1 : close_at]
    return close_at > open_at + 1 and inner[:1].isupper() and len(inner.split()) <= NAME_WORDS and not inner.endswith(
        (".", "!", "?"))


SPEECH_NOUNS = frozenset({"слово", "цитата", "заявление", "формулировка", "фраза", "призыв", "лозунг"})


def _joined_span(d: View, s: QSpan) -> QSpan | None:
    """The quoted span joined to ``s`` by «и» or a comma, if any."""
    i = bisect.bisect_right(d.top_opens, s.open)
    if i < len(d.top) and d.text[s.close + 1 : d.top[i].open].strip() in ("и", ",", "или"):
        return d.top[i]
    return None


def speech_noun_marks(d: View, taken: Taken) -> Iterator[Claim]:
    """Quoted words introduced by a noun of speech in the instrumental: «оканчивались словами «…»»,
    «озаглавлен цитатой «…»», «ушел с официальной формулировкой «…»»."""
    for s in d.top:
        a, b = s.inner
        if taken.overlaps(a, b) or not WORD_RE.search(d.text, a, b):
            continue
        before = d.tokens(max(0, s.open - 40), s.open)
        words = [t for t in before if t.pos != "PUNCT" or t.text == ":"]
        noun = next((t for t in reversed(words[-(SPEECH_NOUN_GAP + 1):]) if t.pos == "NOUN"), None)
        if noun is None or noun.lemma not in SPEECH_NOUNS or noun.feats.get("Case") != "Ins":
            continue
        head = d.head(noun)
        ref = ref_for_verb(d, head) if head is not None and head.pos in ("VERB", "AUX") else Ref("none")
        if ref.kind == "none" and ref.plural:
            ref = Ref("none")
        claim = quoted_claim(d, "speech_noun_marks", a, b, noun.start, noun.stop, ref)
        if claim is not None:
            yield claim
            nxt = _joined_span(d, s)  # «словами «Аллаху акбар» и «Следуй за пророком»»
            if nxt is not None:
                more = quoted_claim(d, "speech_noun_marks", *nxt.inner, noun.start, noun.stop, ref)
                if more is not None:
                    yield more
