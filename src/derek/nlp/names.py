"""Personal names: which word is a first name, patronymic or surname, the gender,
and the nominative form — for Russian and Kazakh names alike.

pymorphy (through natasha's MorphVocab) knows Russian names; Kazakh names are
mostly unknown to it, so a first-name lexicon of the project's own and suffix
rules do the rest. Case is decided once per name (the first name tells it
best) and applied to every part, so «Бауржана Абдишева» → «Бауржан Абдишев»
and «Акшагуль Бердиалиеву» → «Акшагуль Бердиалиева».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lexicons
from . import models

_FOLD = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІёЁ", "агкноуухиАГКНОУУХИеЕ")


def fold(s: str) -> str:
    """Fold Kazakh letters and ё to their Russian look-alikes; the result has the same length."""
    return s.translate(_FOLD)


def key(s: str) -> str:
    """A matching key for a name: folded, lower case."""
    return fold(s).lower()


@cache
def first_names() -> dict[str, str]:
    return {key(r[0]): (r[1] if len(r) > 1 and r[1] else "m") for r in lexicons.rows("first_names.txt")}


PATRONYMIC = re.compile(r"(ович|евич|ьич|ична|овна|евна|инична|улы|уулу|ұлы|кызы|қызы|гызы|оглы)$", re.I)
SURNAME_M = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий|ской|ий)$", re.I)
SURNAME_F = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая)$", re.I)
SURNAME_ANY = re.compile(
    r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко|ко|ук|юк|ян|янц|дзе|швили|улы|ұлы|уулу|"
    r"кызы|қызы|бай|бек|бекова|беков|баев|баева|ұлы|уly)$",
    re.I,
)

# Case endings: (case, gender) → list of (ending to strip, what to put back). Tried in order.
_SURNAME_RULES = {
    "m": [(r"(ов|ев|ёв|ин|ын)(а|у|ым|ом|е)$", r"\1"), (r"(ск|цк)(ого|ому|им|ом)$", r"\1ий"),
          (r"(ович|евич)(а|у|ем|е)$", r"\1")],
    "f": [(r"(ов|ев|ёв|ин|ын)(ой|у)$", r"\1а"), (r"(ск|цк)(ой|ую)$", r"\1ая")],
}
_FIRST_RULES_M = [
    (r"([бвгджзклмнпрстфхцчшщ])(а|у|ом|ем|е)$", r"\1"),
    (r"([аеиоуыэюя])(я|ю|ем|е)$", r"\1й"),
    (r"ь(я|ю|ем|е)$", "ь"),
]
_FIRST_RULES_F = [
    (r"([^и])(ы|у|ой|е)$", r"\1а"),
    (r"и(и|ю|ей)$", "ия"),
    (r"(ю|ей|и)$", "я"),
]


@dataclass
class NameParts:
    name: str
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    gender: str | None = None


def _cap(s: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


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


def surname_gender(word: str) -> str | None:
    w = fold(word).lower()
    if re.search(r"(ова|ева|ина|ына|ская|цкая|кызы)$", w):
        return "f"
    if re.search(r"(ов|ев|ин|ын|ский|цкий|улы|уулу)$", w):
        return "m"
    return None


def _nominative_patronymic(word: str, gender: str | None) -> str:
    if re.search(r"(улы|уулу|ұлы|кызы|қызы|гызы|оглы)$", word, re.I):
        return word
    w = word
    if gender == "f" or re.search(r"(овн|евн|ичн)", w):
        return re.sub(r"(овн|евн|ичн)(ы|е|у|ой)$", r"\1а", w)
    return re.sub(r"(ович|евич|ьич|ич)(а|у|ем|ом|е)$", r"\1", w)


def _russian_surname(word: str) -> bool:
    """A surname by its Russian-style ending («-ов», «-ева», «-ский»); «-бек», «-бай» names are often first names."""
    return bool(re.search(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая)(а|у|ым|ом|е|ой)?$",
                          fold(word).lower()))


def is_patronymic(word: str) -> bool:
    return bool(PATRONYMIC.search(fold(word).lower())) or bool(
        re.search(r"(ович|евич|овн|евн)(а|у|ем|е|ы|ой)?$", fold(word).lower())
    )


def is_first_name(word: str) -> bool:
    return _first_lookup(word) is not None and not SURNAME_ANY.search(fold(word).lower())


def looks_like_surname(word: str) -> bool:
    w = fold(word).lower()
    return bool(re.search(r"(ов|ев|ин|ын|ский|цкий)(а|у|ым|ом|е|ой)?$", w) or SURNAME_ANY.search(w))


_KK_CASE = re.compile(
    r"(?:'|’)?(қа|ке|ға|ге|на|не|ның|нің|дың|дің|тың|тің|ны|ні|ды|ді|ты|ті|да|де|та|те|нда|нде|"
    r"нан|нен|дан|ден|тан|тен|мен|бен|пен)$"
)


def strip_kazakh_case(word: str) -> str:
    """«Тоқаевқа» → «Тоқаев», «Жолдасовтың» → «Жолдасов»: Kazakh case endings on a name."""
    m = _KK_CASE.search(word)
    if not m or len(word) - len(m.group(0)) < 3:
        return word
    stem = word[: m.start()]
    k = key(stem)
    if re.search(r"(ов|ев|ин|ова|ева|ина|улы|кызы|бай|бек)$", k):
        return stem
    if k in first_names():
        # «Джона» is «Джон» in the genitive, not «Джо» with a Kazakh ending
        russian = any("Name" in p.tag and p.is_known and p.score >= 0.2
                      for p in models.morph_vocab().parse(fold(word).lower()))
        return word if russian else stem
    return word


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


def _marks(words: list[str]) -> tuple[list[str], list[str], bool, list[str]]:
    """(words without regnal numbers, the regnal numbers, whether one stood inside, the initials)."""
    # a regnal number stays after the name: «Елизавета II», «Кигели V»
    regnal = [w for i, w in enumerate(words) if i > 0 and re.fullmatch(r"[IVX]{1,4}", w)]
    regnal_inside = bool(regnal) and words[-1] not in regnal  # «Карл XVI Густав»
    words = [w for w in words if w not in regnal]
    # a bare capital closing a longer name is a word of it («Ли Куан Ю»), not an initial
    dotted = any(re.fullmatch(r"([А-ЯЁA-Z][а-яa-z]?\.)+", w) for w in words)
    initials = [w for i, w in enumerate(words) if (re.fullmatch(r"([А-ЯЁA-ZӘҒҚҢӨҰҮҺІ]\.?){1,3}", w)
                                                   or re.fullmatch(r"([А-ЯЁA-Z][а-яa-z]?\.){1,3}", w))
                and not (len(words) >= 3 and i == len(words) - 1 and "." not in w and not dotted)]
    return words, regnal, regnal_inside, initials


def _first_name_at(full: list[str]) -> int | None:
    """Which word of a name is the first name, or None (a foreign name keeps its order)."""
    for i, w in enumerate(full):
        hit = _first_lookup(w)
        last_word = len(full) > 1 and i == len(full) - 1 and i != 0
        # «Путин Владимир» is surname-first; «Аарон Эрнандес» is not, though «Аарон» is a surname too
        surname_first = _surname_first(full[0], strict=True) or (
            hit is not None and key(hit[0]) in first_names() and _surname_first(full[0]))
        foreign = (last_word and not surname_first) or (
            i > 0 and len(full) >= 3 and not _surname_first(full[0], strict=True) and not is_patronymic(full[-1]))
        if hit and foreign and not is_patronymic(w):
            return None  # «Серена Уильямс», «Карлос Артур Нузман»: a foreign name, the first name first
        if hit and not (last_word and looks_like_surname(w)):
            return i
    return None


def _surname_not_patronymic(pat: str, rest: list[str], full: list[str], first_i: int | None) -> bool:
    """«Виктор Шендерович», «Роман Абрамович», «Аркадий Дворкович»: a surname that looks like a
    patronymic, not made from a first name (a woman's patronymic «Ивановны» stays one)."""
    lone = len(rest) == 1 or (first_i is None and len(full) == 2 and [pat] == full[-1:])
    if not lone or re.search(r"(вн|чн)(а|ы|е|у|ой)$", key(pat)):
        return False
    return first_i is None or not _father_name(pat) or any(
        "Surn" in p.tag and p.is_known for p in models.morph_vocab().parse(fold(pat).lower()))


def _foreign_parts(rest: list[str]) -> tuple[str, str, bool]:
    """(first, surname, a man's name put in the nominative) of a foreign name as written."""
    first, last = rest[0], " ".join(rest[1:])
    ends = [re.search(r"(?<=[бвгджзклмнпрстфхцчшщ])(ом|а|у|е)$", key(w)) for w in rest]
    if len(rest) == 2 and all(ends) and len({m.group(1) for m in ends if m}) == 1 and min(map(len, rest)) > 4:
        # «Аарона Эрнандеса», «Томасом Лефроем»: a man's foreign name, both words in one case
        cut = len(ends[0].group(1))
        return rest[0][:-cut], rest[1][:-cut], True
    if len(rest) == 2 and re.search(r"вич(а|у|ем|е)$", key(last)):
        # «Новаком Джоковичем»: a man's «-вич» surname inflected, and the first name with it
        return (re.sub(r"(?<=[бвгджзклмнпрстфхцчшщ])(а|у|ом|ем|е)$", "", first),
                re.sub(r"(а|у|ем|е)$", "", last), True)
    return first, last, False


def _surname_first(word: str, strict: bool = False) -> bool:
    """A name's first word that is its surname («Путин Владимир», «Иванова Анна»), not a foreign
    first name ending like one («Кевин Аллен», «Мартин Шульц»); ``strict``: by its ending only."""
    if re.search(r"(ов|ев|ёв|ова|ева|ёва|ский|ская|цкий|цкая)(а|у|ым|ом|е|ой)?$", key(word)):
        return True
    if strict:
        return False
    parses = models.morph_vocab().parse(fold(word).lower())[:2]
    return any("Surn" in p.tag and p.is_known for p in parses) and not any("Name" in p.tag for p in parses)


def _man_in_oblique_case(full: list[str], gender_hint: str | None) -> tuple[str, str] | None:
    """(first, surname) of a man's foreign name in an oblique case that reads like a woman's
    nominative first name: «Эда Гонзалеса», «Эду Гонзалесу» are Эд Гонзалес. Both words end in
    one case ending on a consonant stem, the surname has no Russian gender ending, and the first
    name is no woman's name of the project's list («Ирина Хакамада» stays)."""
    if len(full) != 2 or gender_hint == "f" or key(full[0]) in first_names():
        return None
    if surname_gender(full[1]) is not None or _russian_surname(full[1]):
        return None
    ends = [re.search(r"(?<=[бвгджзклмнпрстфхцчшщ])(ом|а|у)$", key(w)) for w in full]
    if not all(ends) or ends[0].group(1) != ends[1].group(1) or len(full[1]) <= 4:
        return None
    hit = _first_lookup(full[0])
    if hit is None or hit[1] != "f":
        return None
    cut = len(ends[0].group(1))
    return full[0][:-cut], full[1][:-cut]


def parse_name(words: list[str], case_hint: str | None = None, gender_hint: str | None = None,
               kazakh: bool = True) -> NameParts:
    """Split a person's name (as written, possibly inflected) into parts and normalize each.
    ``kazakh`` False: Russian text, where «Байден» ends in «-ден» without a Kazakh case."""
    words = [strip_kazakh_case(w) if kazakh else w for w in words if w and w not in {".", ","}]
    words, regnal, regnal_inside, initials = _marks(words)
    full = [w for w in words if w not in initials]
    first = middle = last = None
    gender = gender_hint
    inflected: bool | None = None
    first_i = _first_name_at(full)
    man = _man_in_oblique_case(full, gender_hint) if first_i == 0 else None
    if man:
        return NameParts(name=" ".join([*initials, *man, *regnal]), first=man[0], last=man[1], gender="m")
    if first_i is not None:
        first, g, inflected = _first_lookup(full[first_i]) or (full[first_i], None, None)
        gender = gender or g
    rest = [w for i, w in enumerate(full) if i != first_i]
    # a patronymic never stands alone: «Шендерович», «Абрамович» alone are surnames
    pats = [w for w in rest if is_patronymic(w)] if first_i is not None or len(full) > 1 else []
    if pats and _surname_not_patronymic(pats[0], rest, full, first_i):
        pats = []
    if pats and gender == "f" and first and re.search(r"(вич|ьич)(а|у|ем|е)$", key(pats[0])):
        # «Александра Васильевича»: a man's patronymic, so «Александра» is «Александр» inflected
        man = _masculine_first(first)
        if man:
            first, gender, inflected = man, "m", True
    if pats:
        middle = _nominative_patronymic(pats[0], gender)
        if gender is None:
            gender = "f" if re.search(r"(вна|вны|вне|вну|чна|кызы|қызы)$", pats[0], re.I) else "m"
        rest = [w for w in rest if w is not pats[0]]
    if first_i is None and len(full) == 2 and looks_like_surname(full[1]) and not _russian_surname(full[0]) \
            and not is_patronymic(full[0]):
        # an unknown first name before a surname (Kazakh names missing from the lexicon)
        first, inflected = _unknown_first(full)
        gender = (gender_hint or "m") if inflected else (gender or surname_gender(full[1]))
        first_i = 0
        rest = [full[1]]
    if rest and first_i is None and len(rest) > 1 and (
            not any(looks_like_surname(w) for w in rest) or not looks_like_surname(rest[-1])):
        # no known first name and no Russian-style surname last («Беньямин Нетаньяху»): a foreign
        # name, kept as written (a man's inflected one in the nominative)
        first, last, man = _foreign_parts(rest)
        gender = gender or ("m" if man else None)
        rest = []
    if rest and first_i == 0 and len(rest) > 1 and not any(looks_like_surname(w) for w in rest):
        # a surname of several words after the first name: «Марин Ле Пен», «Шарль де Голль»
        last = " ".join(rest)
        rest = []
    if rest:
        last_raw = rest[-1] if first_i is not None and first_i == 0 else rest[0]
        if first_i is None and gender is None:
            gender = gender_hint
        if inflected is None and case_hint is not None:
            inflected = case_hint != "Nom"
        if gender is None and case_hint in ("Gen", "Acc") and re.search(r"(ов|ев|ёв|ин|ын)а$", fold(last_raw).lower()):
            gender = "m"  # «заместителя … Кажина»: a woman's surname would read «Кажиной» here
        last = nominative_surname(_cap(last_raw) if last_raw.islower() else last_raw, gender, inflected)
        if gender is None:
            gender = surname_gender(last)
    parts = []
    if initials and not first:
        parts.extend(i if i.endswith(".") else i + "." for i in initials)
    if first:
        parts.append(first)
    if middle:
        parts.append(middle)
    if last:
        parts.append(last)
    if not parts:
        parts = words
    if regnal_inside and len(parts) > 1:
        parts[1:1] = regnal
    else:
        parts.extend(regnal)
    return NameParts(name=" ".join(parts), first=first, middle=middle, last=last, gender=gender)


_CASE_END = re.compile(r"(ого|его|ому|ему|ыми|ими|ой|ей|ым|им|ом|ем|ую|юю|ый|ий|ая|яя|а|я|у|ю|е|ы|и)$")


def name_stem(word: str) -> str:
    """A name word without one case ending, folded: «Навальному», «Навального», «Навальный» →
    «навальн»; «Обамы» → «обам». Short words keep their letters («Ли», «Фо»)."""
    k = key(word)
    m = _CASE_END.search(k)
    if m and len(k) - len(m.group(0)) >= 3:
        return k[:m.start()]
    return k


def _bare_stem(word: str) -> str:
    """A name word without its final vowels, «й» and «ь» («Валерия», «Валерий» → «валер»;
    «Скрипаля», «Скрипаль» → «скрипал»), or the whole word when under three letters would remain."""
    k = key(word)
    bare = k.rstrip("аеиоуыэюяйь")
    return bare if len(bare) >= 3 else k


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter substituted, added or dropped («кэмерон» / «камерон»,
    «миддлтон» / «мидлтон», «гарри» / «гари»)."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def same_name_word(a: str, b: str) -> bool:
    """Two forms of one name word: the same stem («Путина» ~ «Путиным»), or one letter apart in a
    long word, as transliterations differ («Кэмерон» ~ «Камерон»)."""
    if "-" in a and "-" in b and a.count("-") == b.count("-"):
        # «Диаса-Канеля» ~ «Диас-Канель»: part by part
        return all(same_name_word(x, y) for x, y in zip(a.split("-"), b.split("-"), strict=True))
    sa, sb = name_stem(a), name_stem(b)
    if sa == sb or _bare_stem(a) == _bare_stem(b):
        return True
    ka, kb = key(a), key(b)
    return (min(len(sa), len(sb)) >= 4 and _one_edit(sa, sb)) or (min(len(ka), len(kb)) >= 4 and _one_edit(ka, kb))
