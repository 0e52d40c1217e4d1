"""Name forms: a first name in any case, and the nominative of a first name, surname or
patronymic (pymorphy through natasha's MorphVocab for Russian names; the project's first-name
list and suffix rules for Kazakh ones)."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import models
from .words import (
    _FIRST_RULES_F,
    _FIRST_RULES_M,
    _SURNAME_RULES,
    SURNAME_ANY,
    _cap,
    first_names,
    fold,
    key,
    looks_like_surname,
    surname_gender,
)

LOOKUP_CACHE = 100_000  # distinct words whose first-name reading is kept


@lru_cache(maxsize=LOOKUP_CACHE)
def _first_lookup(word: str) -> tuple[str, str, bool | None] | None:
    """(nominative, gender, inflected?) when the word is a known first name in some case.

    ``inflected`` is None when the form cannot tell (indeclinable names such as «Айгерим»).
    """
    fn = first_names()
    k = key(word)
    if "-" in word:
        head, _, tail = word.partition("-")
        hit = _first_lookup(head)
        if hit and tail[:1].isupper():
            tail_hit = _first_lookup(tail)
            if tail_hit:
                return hit[0] + "-" + tail_hit[0], hit[1], tail_hit[2]
            return hit[0] + "-" + tail, hit[1], hit[2]
        return None
    if k not in fn and k + "ь" in fn:
        k = k + "ь"  # Kazakh spelling drops the soft sign: «Айгүл» = «Айгуль»
    if k in fn:
        declinable = (fn[k] == "m" and not k.endswith(("и", "ы", "у", "о", "е", "э"))) or k.endswith(("а", "я"))
        return word, fn[k], (False if declinable else None)
    for rules, gender in ((_FIRST_RULES_M, "m"), (_FIRST_RULES_F, "f")):
        for pat, rep in rules:
            cand = re.sub(pat, rep, word)
            if cand != word and key(cand) in fn and fn[key(cand)] == gender:
                return cand, gender, True  # «Константина» → «Константин», though it ends like «Ильина»
    parses = models.morph_vocab().parse(fold(word).lower())
    if looks_like_surname(word) and not (
            parses and "Name" in parses[0].tag and parses[0].is_known and parses[0].score >= 0.5
            and parses[0].tag.case == "nomn" and parses[0].tag.number == "sing"
            and not any("Surn" in p.tag for p in parses)):
        return None  # «Путина»; but «Кевин», «Бенджамин» are first names the dictionary knows
    # pymorphy knows many Russian names
    for p in parses:
        if "Name" in p.tag and p.score >= 0.2 and p.is_known:
            g = "f" if "femn" in p.tag else "m"
            nom = p.normal_form
            return _restore(word, nom), g, p.normal_form != fold(word).lower()
    return None


def _restore(original: str, lemma: str) -> str:
    """Take ``lemma``'s ending but keep ``original``'s letters (Kazakh letters, case) where they agree."""
    out = []
    for i, ch in enumerate(lemma):
        if i < len(original) and key(original[i]) == ch:
            out.append(original[i])
        else:
            out.append(ch)
    s = "".join(out)
    return _cap(s) if original[:1].isupper() else s


def nominative_surname(word: str, gender: str | None, inflected: bool | None) -> str:
    """The nominative of a surname given the person's gender and whether the name is inflected."""
    if "-" in word:
        # «аль-Ганзури», «эль-Маруг»: the lower-case article stays as it is
        return "-".join(p if p[:1].islower() else nominative_surname(p, gender, inflected) for p in word.split("-"))
    if gender in ("m", "f"):
        # a masculine surname never ends in -ова/-ову/-овым, a feminine one never in -овой/-ову:
        # the rules only touch such endings, so they apply whatever the first name says
        for pat, rep in _SURNAME_RULES[gender]:
            cand = re.sub(pat, rep, word)
            if cand != word:
                return cand
        if inflected and surname_gender(word) != gender:  # «Смағұлова» is a woman's nominative already
            for p in models.morph_vocab().parse(fold(word).lower()):
                if ("Surn" in p.tag or ("NOUN" in p.tag and "anim" in p.tag)) and p.tag.case != "nomn" and (
                        p.is_known or gender == "m"):  # «Анджелины Джоли»: not a guessed «Джоля»
                    return _restore(word, p.normal_form)
            if gender == "m" and surname_gender(word) is None:
                # «Йенса Лемана», «Йенсу Леману»: a man's surname ending in a consonant takes the
                # first name's case ending (one ending in a vowel would decline otherwise: «Обамы»)
                cand = re.sub(r"(?<=[бвгджзклмнпрстфхцчшщ])(а|у|ом|е)$", "", word)
                if cand != word and len(cand) >= 3:
                    return cand
        return word
    # unknown gender: only unambiguous endings
    for pat, rep in ((r"(ов|ев|ёв|ин|ын)(ым|ом|у)$", r"\1"), (r"(ск|цк)(ого|ому|им)$", r"\1ий")):
        cand = re.sub(pat, rep, word)
        if cand != word:
            return cand
    if not re.search(r"(ов|ев|ёв|ин|ын)(а)?$", fold(word).lower()):
        parses = models.morph_vocab().parse(fold(word).lower())
        if parses and "Surn" in parses[0].tag and parses[0].tag.case not in (None, "nomn"):
            return _restore(word, parses[0].normal_form)  # «Обамой» → «Обама»
    return word


def _nominative_patronymic(word: str, gender: str | None) -> str:
    if re.search(r"(улы|уулу|ұлы|кызы|қызы|гызы|оглы)$", word, re.I):
        return word
    w = word
    if gender == "f" or re.search(r"(овн|евн|ичн)", w):
        return re.sub(r"(овн|евн|ичн)(ы|е|у|ой)$", r"\1а", w)
    return re.sub(r"(ович|евич|ьич|ич)(а|у|ем|ом|е)$", r"\1", w)


def is_first_name(word: str) -> bool:
    return _first_lookup(word) is not None and not SURNAME_ANY.search(fold(word).lower())


def _father_name(patronymic: str) -> bool:
    """A patronymic made from a first name («Анатольевич» ← Анатолий, «Сергеевич» ← Сергей,
    «Ильич» ← Илья), not a surname ending like one («Дворкович»)."""
    base = re.sub(r"(ович|евич|ич)(а|у|ем|е)?$", "", key(patronymic))
    if base == key(patronymic) or len(base) < 2:
        return False
    fn = first_names()
    cands = {base, base + "й", base + "а", base + "я", re.sub(r"ь$", "ий", base), re.sub(r"ь$", "ья", base)}
    if any(c in fn for c in cands):
        return True
    vocab = models.morph_vocab()
    return any("Name" in p.tag and p.is_known for c in cands for p in vocab.parse(c)[:1])


def _masculine_first(word: str) -> str | None:
    """The man's first name an inflected form stands for («Александра» → «Александр»)."""
    fn = first_names()
    for pat, rep in _FIRST_RULES_M:
        cand = re.sub(pat, rep, word)
        if cand != word and fn.get(key(cand)) == "m":
            return cand
    return None


def _unknown_first(full: list[str]) -> tuple[str, bool | None]:
    """(the nominative, True when inflected, None when the form cannot tell) of a first name the
    lists do not know, before a surname: «Калмуханбета Касымова» is a man's name inflected."""
    infl = bool(re.search(r"[бвгджзклмнпрстфхцчшщ](а|у|ом|ем)$", fold(full[0]).lower())) and bool(
        re.search(r"(ов|ев|ин|ын|ович|евич)(а|у|ым|ом|ем|е)$", fold(full[1]).lower()))
    if not infl:
        return full[0], None
    for pat, rep in _FIRST_RULES_M:
        cand = re.sub(pat, rep, full[0])
        if cand != full[0]:
            return cand, True
    return full[0], True
