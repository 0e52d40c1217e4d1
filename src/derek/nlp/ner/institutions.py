"""Institutions: whole organization names that start with an institution head word
(«акимат города Алматы», «Управления внутренней политики города»), scanned over the morphology,
and how they replace the tagger's fragments."""

from __future__ import annotations

from .lexicon import institution_heads
from .morph import case, lemma
from .spans import Span, _inside, _overlap, _SpanIndex

OPEN_Q = "«„“\""


CLOSE_Q = {"«": "»", "„": "“", "“": "”", '"': '"'}


_GOV_ADJ = {"районный", "областной", "городской", "межрайонный", "республиканский", "специализированный",
            "верховный", "конституционный", "апелляционный", "военный", "столичный"}


_PLACE_WORDS = {"город", "область", "район", "республика", "округ", "село", "поселок", "край", "г."}


def _scan_institutions(tokens: list, per_tokens: set[int]) -> list[tuple[int, int]]:
    """Token ranges [i, j) of organization names that start with an institution head."""
    heads = institution_heads()
    out = []
    for i, tok in enumerate(tokens):
        if tok.pos not in ("NOUN", "PROPN") or id(tok) in per_tokens:
            continue
        lem = lemma(tok)
        if lem not in heads and tok.text.lower() not in heads:
            continue
        flags = heads.get(lem, heads.get(tok.text.lower(), frozenset()))
        s = _adjectives_before(tokens, i)
        j, complement = _complement_end(tokens, i, per_tokens, "gov" in flags)
        if j > i + 1 and tokens[j - 1].text.lower() == "и":
            j -= 1
        if _is_institution(tokens, s, i, j, flags, complement):
            out.append((s, j))
    return out


def _adjectives_before(tokens: list, i: int) -> int:
    """Where the name starts: the adjectives before the head agreeing with it in case
    («Медеуский районный суд», «Национальный банк»)."""
    s = i
    while s > 0 and tokens[s - 1].pos == "ADJ" and case(tokens[s - 1]) == case(tokens[i]) \
            and not tokens[s - 1].text[:1].isdigit():  # «с 30-летием Ассамблеи»: not the name
        s -= 1
    return s


def _complement_end(tokens: list, i: int, per_tokens: set[int], gov: bool) -> tuple[int, bool]:
    """(the token after the head's complement, whether it has one): the genitive chain, a quoted
    name, a place after a place word, «по …», «имени …», «№ 5» after the head at ``i``."""
    j = i + 1
    complement = False
    while j < len(tokens):
        step = _complement_step(tokens, j, per_tokens, gov, complement)
        if step is None:
            break
        j, took = step
        complement = complement or took
    return j, complement


def _complement_step(tokens: list, j: int, per_tokens: set[int], gov: bool,
                     complement: bool) -> tuple[int, bool] | None:
    """(where the complement goes on after the token at ``j``, whether that took a complement
    word), or None where it ends."""
    n = len(tokens)
    t = tokens[j]
    if id(t) in per_tokens:
        return None
    low = t.text.lower()
    if t.text in OPEN_Q:
        k = _closing_quote(tokens, j)
        return (k + 1, True) if k is not None else None
    if lemma(tokens[j - 1]) in _PLACE_WORDS and t.text[:1].isupper() and t.pos in ("PROPN", "NOUN", "ADJ"):
        return j + 1, True  # «города Алматы», «области Абай»
    if (low == "и" and gov and complement and j + 1 < n and tokens[j + 1].pos in ("NOUN", "ADJ")
            and case(tokens[j + 1]) == "Gen"):
        return j + 1, False  # «управление физической культуры и спорта»
    if t.pos in ("NOUN", "PROPN", "ADJ") and (case(t) == "Gen" or (t.text.isupper() and len(t.text) >= 2)):
        # a genitive chain; an adjective must lead to a noun
        if t.pos != "ADJ":
            return j + 1, True
        k = _after_adjectives(tokens, j)
        if k >= n or tokens[k].pos not in ("NOUN", "PROPN") or id(tokens[k]) in per_tokens:
            return None
        return k + 1, True
    if low == "по" and j + 1 < n and tokens[j + 1].pos in ("NOUN", "ADJ"):
        k = _after_adjectives(tokens, j + 1)
        return (k + 1, True) if k < n and tokens[k].pos == "NOUN" else None
    if low == "имени" and j + 1 < n and tokens[j + 1].text[:1].isupper():
        k = j + 1
        while k < n and k - j <= 3 and tokens[k].text[:1].isupper() and tokens[k].pos == "PROPN":
            k += 1
        return k, True
    if low in ("№", "n") and j + 1 < n and tokens[j + 1].text[:1].isdigit():
        return j + 2, True
    return None


def _closing_quote(tokens: list, j: int) -> int | None:
    """The closing mark of the quoted name opened at ``j`` (within twelve tokens, not empty)."""
    close = CLOSE_Q[tokens[j].text]
    n = len(tokens)
    k = j + 1
    while k < n and k - j < 12 and tokens[k].text != close:
        k += 1
    return k if k < n and tokens[k].text == close and k > j + 1 else None


def _after_adjectives(tokens: list, k: int) -> int:
    while k < len(tokens) and tokens[k].pos == "ADJ":
        k += 1
    return k


def _is_institution(tokens: list, s: int, i: int, j: int, flags: frozenset[str], complement: bool) -> bool:
    """Whether tokens [s, j) headed at ``i`` name an institution: a standalone head written with
    a capital, a name with capitals or quotes in it, a government body with its complement or
    with an adjective such as «районный»."""
    standalone, gov = "standalone" in flags, "gov" in flags
    span = tokens[s:j]
    named = any(t.text[:1].isupper() or t.text in OPEN_Q for t in span[1:]) or (
        s < i and tokens[s].text[:1].isupper() and s > 0 and tokens[s - 1].text not in ".!?\n")
    if standalone and tokens[i].text[:1].isupper() and (i > 0 or complement):
        return True
    if named and (complement or s < i):
        return True
    if gov and complement:
        return True
    return gov and s < i and any(lemma(t) in _GOV_ADJ for t in tokens[s:i])


def _with_institutions(fixed: list[Span], doc, text: str) -> list[Span]:
    """The spans with the institution names scanned from the morphology: an institution wins over
    the tagger's ORG fragments that start inside it or cross it, and loses to a longer ORG it crosses."""
    per_tokens = {id(t) for sp in fixed if sp.type == "PER" for t in sp.tokens}
    inst: list[Span] = []
    for sent in doc.sents:
        for i, j in _scan_institutions(sent.tokens, per_tokens):
            toks = sent.tokens[i:j]
            inst.append(Span(toks[0].start, toks[-1].stop, "ORG", text[toks[0].start:toks[-1].stop],
                             toks, source="institution"))
    # institution spans win over slovnet ORG fragments that start inside them
    out = []
    near_inst = _SpanIndex(inst)
    for sp in fixed:
        if sp.type == "ORG" and any(_overlap(sp, o) and not (_inside(sp, o) and sp.start > o.start)
                                    for o in near_inst.near(sp)):
            # slovnet fragment sharing the institution's start, or crossing it
            bigger = [o for o in near_inst.near(sp) if _overlap(sp, o)]
            if all(_inside(sp, o) for o in bigger) or any(o.end >= sp.end for o in bigger):
                continue
        out.append(sp)
    # institution spans crossing a kept slovnet ORG that is longer lose
    kept_inst = []
    kept_by_start: dict[int, list[Span]] = {}  # the kept institutions by their start (looked up, not scanned)
    near_org = _SpanIndex([sp for sp in out if sp.type == "ORG"])
    for o in inst:
        if any(_overlap(sp, o) and not _inside(sp, o) and not _inside(o, sp) for sp in near_org.near(o)):
            continue
        if any(_inside(o, k) for k in kept_by_start.get(o.start, ())):
            continue
        if any(o.start == sp.start and o.end < sp.end for sp in near_org.near(o)):
            continue  # «… университета имени Л» inside the tagger's «… имени Л. Н. Гумилева»
        kept_inst.append(o)
        kept_by_start.setdefault(o.start, []).append(o)
    out.extend(kept_inst)
    return out
