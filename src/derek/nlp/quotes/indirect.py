"""Indirect-speech rules, each over the speech cues of its pattern (``cues.find_cues``):
«по словам X, …», «как сообщил X, …», «…, заявил X» / «Об этом сообщил X», «X отметил, что …», an
object clause («подчеркнул роль …») and «…, о чем заявил X». Quoted words after a verb or a noun of
speech («назвал "…"», «словами «…»») are ``quoted``'s."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .claims import Claim, Ref
from .config import (
    QUOTE_SHARE,
    THAT_WINDOW,
)
from .cues import ACCORDING_PREPS, QUOTE_MARKS, Cue, clause_end, find_cues, reported, that_index
from .marks import OPENERS
from .refs import POSSESSIVE, cue_end, phrase_ref, ref_for_verb, scan_ref
from .taken import Taken
from .view import Tok, View

UNMARKED_DIRECT = ("colon_paragraph", "continued_paragraph")
PREDICATIVES = frozenset({"нужно", "надо", "можно", "нельзя", "необходимо", "следует", "стоит", "пора", "важно"})
SPEAKING_KINDS = ("person", "role", "pronoun", "org", "generic", "other")


def _free(d: View, taken: Taken, c: Cue) -> bool:
    """A cue outside quotation marks and outside accepted claims, or inside a direct quote without
    marks (a paragraph of speech may report what someone else said)."""
    v = c.v
    if d.in_top_quote(v.start) is not None:
        return False
    box = taken.container(v.start)
    return box is None or (box.kind == "direct" and box.rule in UNMARKED_DIRECT)


def open_cues(d: View, taken: Taken, pattern: str) -> Iterator[Cue]:
    for c in find_cues(d):
        if c.pattern == pattern and _free(d, taken, c) and (pattern == "according" or c.v.start not in taken.cues):
            yield c


def according_to(d: View, taken: Taken) -> Iterator[Claim]:
    """«По словам X, …», «по его словам, …», «…, по мнению экспертов»."""
    for c in open_cues(d, taken, "according"):
        claim = _according(d, c)
        if claim is not None:
            yield claim


def _according(d: View, c: Cue) -> Claim | None:
    st, k, v = c.st, c.k, c.v
    if st[k].low == "слов" and not (k >= 2 and st[k - 2].low in ("с", "со") and st[k - 1].low in POSSESSIVE):
        return None  # «слов» only in «с его слов»
    if k >= 2 and st[k - 1].low in POSSESSIVE and st[k - 2].low in ACCORDING_PREPS:
        ref = Ref("pronoun", gender=POSSESSIVE[st[k - 1].low], span=(st[k - 1].start, st[k - 1].stop))
        cs, j0, j = st[k - 2].start, k - 2, k + 1
        if j < len(st) and st[j].pos != "PUNCT" and k == 2:  # «По его словам он доволен …» (no comma)
            return reported(d, "according_to", st[j].start, clause_end(d, st[j].start, c.si), cs, v.stop, ref)
    elif st[k - 1].low in ("по", "согласно"):  # «по словам X», «согласно данным X»
        cs, j0 = st[k - 1].start, k - 1
        j = next((i for i in range(k + 1, len(st)) if st[i].text in (",", ".", ";", ":")), len(st))
        e = _phrase_end(d, st, k, j) if j0 == 0 else j
        if e < j:  # «По данным следствия 3 февраля X ударил …» (no comma): the statement starts after the phrase
            ref = scan_ref(d, st[k + 1 : e], None) or phrase_ref(d, st[k + 1 : e]) or Ref(
                "other", span=(st[k + 1].start, st[e - 1].stop))
            return reported(d, "according_to", st[e].start, clause_end(d, st[e].start, c.si), cs, v.stop, ref)
        phrase = st[k + 1 : j]
        if not phrase:
            return None
        ref = scan_ref(d, phrase, None) or phrase_ref(d, phrase)
        if ref is None:
            ref = Ref("other", span=(phrase[0].start, phrase[-1].stop))
    else:
        return None
    # «по словам X, которого цитирует Y, …»: past the relative clause
    while j + 1 < len(st) and st[j].text == "," and st[j + 1].lemma == "который":
        j = next((i for i in range(j + 2, len(st)) if st[i].text == ","), len(st))
    if j < len(st) and st[j].text == "," and j + 1 < len(st) and (st[j + 1].pos != "PUNCT" or st[j + 1].text in OPENERS):
        start = st[j + 1].start
        return reported(d, "according_to", start, clause_end(d, start, c.si), cs, v.stop, ref)
    if j0 >= 1 and st[j0 - 1].text == ",":
        return reported(d, "according_to", st[0].start, st[j0 - 1].start, cs, v.stop, ref)
    return None


def _phrase_end(d: View, st: list[Tok], k: int, j: int) -> int:
    """Where the speaker phrase after «по словам» ends when no comma closes it (``j`` when a comma does):
    at a number, a finite verb or a noun in the nominative outside quotation marks («По данным
    полиции 5 мая …», «По словам очевидцев нападавший …»)."""
    depth = 0
    for e in range(k + 1, j):
        t = st[e]
        if t.text in QUOTE_MARKS:
            depth = 0 if depth and t.text in "»”" else depth + (t.text in "«„“")
            continue
        if depth:
            continue
        stop = t.pos == "NUM" or t.text[:1].isdigit() or (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin") or (
            t.pos in ("NOUN", "PRON", "PROPN", "ADJ", "VERB") and t.feats.get("Case") == "Nom")
        if stop:
            return e if e > k + 1 and len([x for x in st[e:j] if x.pos != "PUNCT"]) >= 2 else j
    return j


def as_said(d: View, taken: Taken) -> Iterator[Claim]:
    """«Как сообщил X, …» and «…, как подчеркнула X»."""
    for c in open_cues(d, taken, "as_said"):
        st, k, v = c.st, c.k, c.v
        j = next((i for i in range(k + 1, len(st)) if st[i].text == ","), None)
        ref = ref_for_verb(d, v, (v.start, st[j].start if j is not None else st[-1].stop))
        if ref.kind == "none":
            ref = ref_for_verb(d, v)
        kak = next(i for i in range(k - 1, -1, -1) if st[i].low == "как")
        cs, ce = st[kak].start, cue_end(d, v, ref)
        claim = None
        if j is not None and j + 1 < len(st) and (st[j + 1].pos != "PUNCT" or st[j + 1].text in OPENERS):
            claim = reported(d, "as_said", st[j + 1].start, clause_end(d, st[j + 1].start, c.si), cs, ce, ref)
        elif kak >= 1:
            claim = reported(d, "as_said", st[0].start, st[kak - 1].start, cs, ce, ref)
        if claim is not None:
            yield claim


def said_after(d: View, taken: Taken) -> Iterator[Claim]:
    """«…, сообщил X.», «Об этом сообщил X.», «Такой переход, считает X, повысит …»."""
    for c in open_cues(d, taken, "verb"):
        claim = before_claim(d, c)
        if claim is not None:
            yield claim


def before_claim(d: View, c: Cue) -> Claim | None:
    """The claim of a verb whose reported content comes before it (computed once per cue)."""
    key = ("before", c.v.i)
    if key not in d.memo:
        d.memo[key] = _before(d, c) if c.v.feats.get("VerbForm") == "Fin" and c.info is not None else None
    return d.memo[key]


def _before_shape(c: Cue) -> tuple[bool, bool, bool, int | None]:
    """Which shape the sentence has around the verb: about («Об этом …»), tail («…, заявил X»), inserted."""
    st, k = c.st, c.k
    what_follows = any(t.low in ("что", "чтобы") for t in st[k + 1 : k + THAT_WINDOW])
    o = _lead_words(st, k)
    about = not what_follows and len(st) > o + 2 and (
        (st[o].low in ("об", "о") and st[o + 1].low in ("этом", "том")
         and not (st[o + 2].pos in ("NOUN", "ADJ") and st[o + 2].feats.get("Case") == "Loc")
         and not any(t.text == "," or (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin")
                     for t in st[o + 2 : k]))
        or (k <= 3 and st[0].low == "так" and st[1].text != ",")
        or (k <= 4 and st[0].low in ("такое", "такой", "такие", "такую") and st[1].pos == "NOUN"
            and not any(t.text == "," for t in st[1:k]))
    )
    j = next((i for i in range(k + 1, len(st)) if st[i].text == ","), None)
    # «…, считает X, нужно менять закон»: a predicate after the attribution; not «…, сообщили в воскресенье, 8 июля, X»
    goes_on = j is not None and any(
        (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin") or t.low in PREDICATIVES for t in st[j + 1 :]
    )
    tail = (
        k >= 3 and st[k - 1].text == "," and not what_follows and not goes_on
        and not any(t.pos == "VERB" and t.feats.get("VerbForm") == "Fin" for t in st[k + 1 :])
    )
    inserted = not about and not tail and k >= 2 and st[k - 1].text == "," and not what_follows and goes_on
    return about, tail, inserted, j


LEAD_PHRASES = (("в", "частности"), ("кроме", "того"), ("при", "этом"), ("также",), ("ранее",), ("позже",), ("позднее",),
                ("впоследствии",), ("затем",), ("и",), ("а",))


def _lead_words(st: list[Tok], k: int) -> int:
    """How many tokens of a linking phrase open the sentence before «об этом» («В частности, об этом …»)."""
    for phrase in LEAD_PHRASES:
        n = len(phrase)
        if n < k and tuple(t.low for t in st[:n]) == phrase:
            return n + 1 if st[n].text == "," else n
    return 0


def _before(d: View, c: Cue) -> Claim | None:
    st, k, v, info = c.st, c.k, c.v, c.info
    assert info is not None
    about, tail, inserted, j = _before_shape(c)
    if not (about or tail or inserted):
        return None
    ref = ref_for_verb(d, v)
    said_in = about and ref.kind == "none" and ref.plural and ref.span is not None  # «Об этом сообщили в офисе X»
    if ref.kind not in SPEAKING_KINDS and not said_in:
        return None
    subj = next((x for x in d.kids(v) if x.rel == "nsubj"), None)
    # «…, сообщили в пресс-службе ведомства»: a plural verb whose speaker is an organization «в X»
    by_org = subj is None and ref.kind == "org" and v.feats.get("Number") == "Plur" and v.feats.get("Tense") == "Past"
    by_org = by_org or (subj is None and tail and ref.span is not None and ref.span[0] > v.start)  # a late subject
    if (tail or inserted) and not about and not by_org and (
        subj is None or subj.i < v.i or (inserted and j is not None and subj.i > j)
    ):
        return None
    rule = "about_this" if about else "inserted" if inserted else "said_after"
    if about:
        pi = d.para_of(st[0].start)
        ps, _ = d.paras[pi]
        if ps < st[0].start - 1:
            a, b = ps, st[0].start
        elif pi > 0:
            a, b = d.paras[pi - 1]
        else:
            return None
        cs = st[0].start
    elif inserted and j is not None:
        a, b, cs = st[0].start, st[k - 1].start, v.start
        e = clause_end(d, st[j + 1].start, v.s)
        if len(d.text[st[j + 1].start : e].split()) >= len(d.text[a:b].split()):
            a, b = st[j + 1].start, e
    else:
        a, b, cs = st[0].start, st[k - 1].start, v.start
        if len(st) > 4 and st[0].low == "о" and st[1].low == "том" and st[2].text == "," and st[3].low == "что":
            a = st[4].start  # «О том, что …, заявил X»
    if info.quote_only and not _quoted_at(d, a, b):
        return None  # «прокомментировал», «ответил» report quoted words only
    if about:
        a = _past_subject(d, a, b)
    return reported(d, rule, a, b, cs, cue_end(d, v, ref), ref)


def _past_subject(d: View, a: int, b: int) -> int:
    """«Подруга X Екатерина С., с которой …, не верит, что …. Об этом она рассказала»: what was
    reported starts after the named subject of the sentence before."""
    si = d.sent_of(max(a, b - 1))
    if d.sents[si][0] > a + 1:
        return a  # more than one sentence: keep them all
    root = next((t for t in d.sent_toks(si) if t.rel == "root"), None)
    subj = next((k for k in d.kids(root) if k.rel == "nsubj"), None) if root is not None else None
    if root is None or subj is None or subj.i > root.i or not d.mentions_in(subj.start, subj.stop + 1, "PER") and not any(
        d.mention_at(x.start, x.stop, "PER") for x in d.subtree(subj)
    ):
        return a
    from .refs import is_speech

    if is_speech(d, root) is not None:
        return a  # «X сообщил о разводе»: the sentence is itself a report
    end = max(x.stop for x in d.subtree(subj))
    return end if a <= end < b else a


def _quoted_at(d: View, a: int, b: int) -> bool:
    lo = bisect.bisect_left(d.top_opens, a - 2)
    return any(abs(s.open - a) <= 2 and (s.close - s.open) >= QUOTE_SHARE * (b - a) for s in d.top[lo : lo + 3])


def that_clause(d: View, taken: Taken) -> Iterator[Claim]:
    """«X отметил, что …», «выразил уверенность, что …»."""
    for c in open_cues(d, taken, "verb"):
        if c.info is None or before_claim(d, c) is not None:
            continue
        j = that_index(c.st, c.k)
        if j is not None and j + 1 < len(c.st):
            ref = ref_for_verb(d, c.v)
            a = c.st[j + 1].start
            claim = reported(d, "that_clause", a, clause_end(d, a, c.si), c.v.start, cue_end(d, c.v, ref), ref)
            if claim is not None:
                yield claim


def object_clause(d: View, taken: Taken) -> Iterator[Claim]:
    """«подчеркнул позитивную роль …», «предложил рассмотреть …»: the verb's object is the content."""
    for c in open_cues(d, taken, "verb"):
        info = c.info
        if info is None or not info.obj or info.quote_only or before_claim(d, c) is not None:
            continue
        if that_index(c.st, c.k) is not None:
            continue
        claim = _object(d, c)
        if claim is not None:
            yield claim


def _object(d: View, c: Cue) -> Claim | None:
    st, k, v, info = c.st, c.k, c.v, c.info
    assert info is not None
    parts = []
    for x in d.kids(v):
        if x.i <= v.i or (info.inf and x.feats.get("VerbForm") != "Inf"):
            continue
        if x.rel in ("obj", "xcomp", "ccomp") or (
            x.rel == "obl" and any(y.rel == "case" and y.lemma in ("о", "об") for y in d.kids(x))
        ):
            parts.append(x)
    ref = ref_for_verb(d, v)
    if ref.kind == "none" and ref.plural:
        return None  # «Досаеву поручили навести порядок»: an order nobody is said to give
    if not parts:
        # a misparsed object: an infinitive or accusative right after the verb
        nxt = [t for t in st[k + 1 : k + 5] if t.pos != "PUNCT"]
        if k + 1 >= len(st) or any(t.pos == "PUNCT" for t in st[k + 1 : k + 3]) or not any(
            t.feats.get("VerbForm") == "Inf" or (not info.inf and t.pos == "NOUN" and t.feats.get("Case") == "Acc")
            for t in nxt
        ):
            return None
        a = st[k + 1].start
        return reported(d, "object_clause", a, clause_end(d, a, c.si), v.start, cue_end(d, v, ref), ref)
    extra = [x for x in d.kids(v) if x.rel == "iobj" and x.i > v.i]
    sub = [x for p in parts + extra for x in d.subtree(p)]
    a = min(x.start for x in sub)
    b = min(max(x.stop for x in sub), clause_end(d, a, c.si))
    return reported(d, "object_clause", a, b, v.start, cue_end(d, v, ref), ref)


def said_of_which(d: View, taken: Taken) -> Iterator[Claim]:
    """«Тарифы не вырастут, о чем публично заявил премьер-министр X»: the clause before «, о чем»."""
    for c in open_cues(d, taken, "verb"):
        st, k, v = c.st, c.k, c.v
        i = next((n for n in range(k - 1, max(0, k - 4), -1) if st[n].low in ("чем", "чём")), None)
        if i is None or i < 3 or st[i - 1].low != "о" or st[i - 2].text != ",":
            continue
        if any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" for t in st[i + 1 : k]):
            continue
        ref = ref_for_verb(d, v)
        if ref.kind not in SPEAKING_KINDS:
            continue
        claim = reported(d, "said_of_which", st[0].start, st[i - 2].start, st[i - 1].start, cue_end(d, v, ref), ref)
        if claim is not None:
            yield claim
