"""Name words: the one folding key, the first-name list, surname and patronymic endings, Kazakh
case endings on a name, and whether two words are forms of one name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ... import lexicons
from .. import models
from ..kk_endings import name_case_endings

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


def surname_gender(word: str) -> str | None:
    w = fold(word).lower()
    if re.search(r"(ова|ева|ина|ына|ская|цкая|кызы)$", w):
        return "f"
    if re.search(r"(ов|ев|ин|ын|ский|цкий|улы|уулу)$", w):
        return "m"
    return None


def _russian_surname(word: str) -> bool:
    """A surname by its Russian-style ending («-ов», «-ева», «-ский»); «-бек», «-бай» names are often first names."""
    return bool(re.search(r"(ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая)(а|у|ым|ом|е|ой)?$",
                          fold(word).lower()))


def is_patronymic(word: str) -> bool:
    return bool(PATRONYMIC.search(fold(word).lower())) or bool(
        re.search(r"(ович|евич|овн|евн)(а|у|ем|е|ы|ой)?$", fold(word).lower())
    )


def looks_like_surname(word: str) -> bool:
    w = fold(word).lower()
    return bool(re.search(r"(ов|ев|ин|ын|ский|цкий)(а|у|ым|ом|е|ой)?$", w) or SURNAME_ANY.search(w))


_KK_CASE = re.compile(r"(?:'|’)?(" + "|".join(name_case_endings()) + r")$")


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


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """Every form under which two words the name rules take for one name word meet: the stem, the
    bare stem, the key, and each of stem and key with one letter dropped (two words one letter
    apart share one of those); for a hyphenated word, its first part's forms too."""
    k, s = key(word), name_stem(word)
    out = {k, s, _bare_stem(word)}
    for w in (k, s):
        if len(w) >= 4:  # the rules take words one letter apart for one only from four letters
            out.update(w[:i] + w[i + 1:] for i in range(len(w)))
    if "-" in word:
        out.update("-" + f for f in word_forms(word.split("-")[0]))
    return frozenset(out)  # cached: the person grouping asks for the same words' forms for every mention
