"""A person's name as written split into first name, patronymic and surname, each put in the
nominative (:func:`parse_name`)."""

from __future__ import annotations

import re

from .. import models
from .forms import (
    _father_name,
    _first_lookup,
    _masculine_first,
    _nominative_patronymic,
    _unknown_first,
    nominative_surname,
)
from .words import (
    NameParts,
    _cap,
    _russian_surname,
    first_names,
    fold,
    is_patronymic,
    key,
    looks_like_surname,
    strip_kazakh_case,
    surname_gender,
)


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
