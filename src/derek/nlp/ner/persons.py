"""Person spans as the tagger gives them, corrected: a name in the genitive before another
name, two names run together, a line break inside, position words and common words at the edges."""

from __future__ import annotations

import re

from .. import models
from ..names import (
    _first_lookup,
    first_names,
    fold,
    is_patronymic,
    key,
    looks_like_surname,
    strip_kazakh_case,
)
from .lexicon import honorifics, institution_heads, position_words
from .morph import case, lemma
from .spans import Span

_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr")


def _common_word(tok, nxt) -> bool:
    """A capitalized word before a name that is no part of it: a common noun, a verb, a pronoun, an
    age («Лозунг Фисуна», «Вместо Акселя Вебера», «Экс-советник Трампа», «Восьмидесятилетний
    Маккейн»); the dictionary knows it and not as a name, and the first-name list does not."""
    w = tok.text
    if not w[:1].isupper() or w.isupper() or _first_lookup(w) is not None or re.fullmatch(r"[А-ЯЁA-Z]\.?", w):
        return False
    if re.search(r"летн(ий|яя|его|ей|ему|им|юю)$", w.lower()):
        return True
    last = w.lower().rpartition("-")[2]
    parses = models.morph_vocab().parse(last)[:2]
    if not parses or any(t in p.tag for p in parses for t in _NAME_TAGS):
        return False
    known = all(p.is_known for p in parses) or ("-" in w and models.morph_vocab().parse(last)[0].is_known)
    if not known or len(w) < 4:
        return False  # «Ли Со Ён», «Хван Чжан Еп»: short foreign names
    if parses[0].tag.POS == "NOUN":
        # a noun governing the name in the genitive («Лозунг Фисуна», «Экс-советник Трампа»)
        return case(nxt) == "Gen" and case(tok) != "Gen"
    return parses[0].tag.POS in ("PREP", "INFN", "VERB", "ADJF", "ADVB", "CONJ", "PRCL", "NPRO")


def _genitive_lead(toks: list) -> int | None:
    """Where a second name starts after a name in the genitive («Баффета Дэвид Сокол», «Бориса
    Березовского Екатерина Сабирова»): a first name in the nominative with a word after it."""
    for k in range(1, len(toks) - 1):
        hit = _first_lookup(toks[k].text)
        if hit is None or hit[2] or case(toks[k]) != "Nom" or case(toks[k - 1]) != "Gen":
            continue
        if not toks[k + 1].text[:1].isupper() or _first_lookup(toks[k - 1].text) is not None and k == 1:
            continue
        return k
    return None


def _second_name(toks: list) -> int | None:
    """Where a second full name starts in a run of four or more words («Рафаэль Корреа Эдвард
    Сноуден»): a first name after a first name and a word that is none, then a capitalized word."""
    if len(toks) < 4 or _first_lookup(toks[0].text) is None:
        return None
    for k in range(2, len(toks) - 1):
        prev = toks[k - 1].text
        if not re.fullmatch(r"[А-ЯЁ][а-яё-]{2,}", prev) or _first_lookup(prev) is not None:
            continue
        hit = _first_lookup(toks[k].text)
        if hit is not None and not hit[2] and toks[k + 1].text[:1].isupper():
            return k
    return None


def _split_genitive_lead(spans: list[Span], text: str) -> list[Span]:
    """A PER span holding a name in the genitive, then another person's name, is two spans; so is
    a span running two full names together."""
    out = []
    for sp in spans:
        k = None
        if sp.type == "PER" and len(sp.tokens) >= 3:
            k = _genitive_lead(sp.tokens) or _second_name(sp.tokens)
        if k is None:
            out.append(sp)
            continue
        for part in (sp.tokens[:k], sp.tokens[k:]):
            out.append(Span(part[0].start, part[-1].stop, "PER", text[part[0].start:part[-1].stop], part,
                            source=sp.source))
    return out


def _looks_like_person(words: list[str]) -> bool:
    """A LOC/ORG span that is really a name: a first name then a surname or patronymic."""
    if len(words) < 2 or not all(w[:1].isupper() for w in words if w not in {"-"}):
        return False
    if any(w.lower() in position_words() or w.lower() in institution_heads() for w in words):
        return False
    first = first_names()
    hit = _first_lookup(words[0]) if len(words) == 2 else None  # «Канату Есимову»: a first name in any case
    if key(words[0]) not in first and key(words[0].partition("-")[0]) not in first and not (
            hit and key(hit[0]) in first):
        return False
    return looks_like_surname(words[-1]) or is_patronymic(words[-1])


def _trim_person(sp: Span) -> Span | None:
    """Drop position words and lower-case words at the edges of a PER span."""
    toks = list(sp.tokens)
    for k, t in enumerate(toks):
        if k > 0 and t.text in ("(", "["):
            toks = toks[:k]  # «Джошуа Вольф (Joshua Wolf)»: the transliteration is not the name as written
            break
    if len(toks) >= 3 and key(toks[1].text) in first_names() and key(toks[0].text) not in first_names() \
            and looks_like_surname(toks[2].text):
        toks = toks[1:]  # «Экибастуза Алия Беккожина»: the place before the name is not part of it
    if len(toks) == 2 and _first_lookup(toks[0].text) is None and not looks_like_surname(toks[0].text) \
            and not re.fullmatch(r"[А-ЯЁA-Z]\.?", toks[0].text) and looks_like_surname(toks[1].text) \
            and (toks[0].feats or {}).get("Case") == "Gen" and _is_place_word(toks[0].text):
        toks = toks[1:]  # «заместитель акима Алматы Нукенов»: a genitive place, then a surname
    pw = position_words()
    heads = institution_heads()

    hon = honorifics()

    def not_name(t) -> bool:
        return (t.text.lower() in pw or lemma(t) in pw or lemma(t) in heads or lemma(t) in hon
                or not t.text[:1].isupper())

    while toks and (not_name(toks[0]) or (len(toks) > 1 and _common_word(toks[0], toks[1]))):
        toks.pop(0)
    # at the end only lower-case words go: «Дик Адвокат» is a name, «Аким ЗКО» lost its title above
    while toks and (not toks[-1].text[:1].isupper() or (len(toks) == 1 and not_name(toks[-1]))):
        toks.pop()
    if not toks:
        return None
    return Span(toks[0].start, toks[-1].stop, "PER", "", toks, source=sp.source)


def _is_place_word(word: str) -> bool:
    """A word the dictionary knows as a place name (Geox)."""
    return any("Geox" in p.tag for p in models.morph_vocab().parse(fold(word).lower())[:2])


def _merge_adjacent_persons(spans: list[Span], text: str) -> list[Span]:
    """«Султанбек» + «Макежанов» tagged as two names: one person."""
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        if prev is not None and _adjacent_persons(prev, sp, text) and not _two_people(prev, sp):
            out[-1] = Span(prev.start, sp.end, "PER", text[prev.start:sp.end], prev.tokens + sp.tokens,
                           source=prev.source)
            continue
        out.append(sp)
    return out


def _adjacent_persons(prev: Span, sp: Span, text: str) -> bool:
    """Two PER spans on one line with only spaces between them, four words at most together."""
    gap = text[prev.end:sp.start]
    return (prev.type == "PER" and sp.type == "PER" and gap.strip() == "" and "\n" not in gap
            and len(prev.tokens) + len(sp.tokens) <= 4)


def _two_people(prev: Span, sp: Span) -> bool:
    """Adjacent names of two people: a full name then a first name, or a name in the genitive
    then another person («Баффета» + «Дэвид Сокол»), or two full names run together."""
    if not prev.tokens or not sp.tokens:
        return False
    if len(prev.tokens) > 1 and looks_like_surname(strip_kazakh_case(prev.tokens[-1].text)) \
            and _first_lookup(strip_kazakh_case(sp.tokens[0].text)) is not None:
        return True
    if len(prev.tokens) + len(sp.tokens) < 3:
        return False
    joined = prev.tokens + sp.tokens
    return len(prev.tokens) in (_genitive_lead(joined), _second_name(joined))


def _single_name_ok(tok) -> bool:
    """A one-word PER mention: a surname or a name, not a plural noun or a common word."""
    w = tok.text
    if not w[:1].isupper() or len(w) < 3:
        return False
    if (tok.feats or {}).get("Number") == "Plur" and not looks_like_surname(w) and \
            not re.search(r"(ов|ев|ин|ын)(ы|ых|ым|ыми)$", w):
        return False
    if w.lower() in position_words():
        return False
    return True
