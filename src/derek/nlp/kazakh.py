"""Kazakh-language text: the Kazakh ending table, words in the nominative, the project's
Kazakh word lists, and which sentences are Kazakh.

- :data:`CASE_ENDINGS` / :data:`AFTER_POSSESSIVE` / :data:`POSSESSIVE`: the one table of
  Kazakh endings; :func:`stem` (for the tagger's features) and :func:`nominative`
  («Тоқаевтың» → Тоқаев, «министрлігіне» → министрлігі) read it.
- :func:`find`: phrases of ``kk_places.txt`` / ``kk_institutions.txt`` with their last word
  in any case («Алматы облысында»), a feature of the Kazakh tagger.
- :func:`title_head`, :func:`org_heads`: post words and organization heads.
- :func:`sentence_is_kazakh`: a sentence goes to the Kazakh tagger or to the Russian cascade.
- :func:`name_parts`: a Kazakh name's first name, «-ұлы/-қызы» patronymic and surname.
"""

from __future__ import annotations

import re
from functools import cache

from .. import lexicons
from .kk_endings import AFTER_POSSESSIVE, CASE_ENDINGS, POSSESSIVE  # noqa: F401 (the one table, nlp.kk_endings)
from .names import NameParts, fold

_COMPOUND = ("ындағы", "індегі", "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі", "ының", "інің",
             "ынан", "інен", "ында", "інде", "ымен", "імен", "ын", "ін")

# folded and longest first, as the stem finders compare words
_ENDINGS = sorted({fold(e).lower() for e in (*_COMPOUND, *POSSESSIVE,
                                              *(e for v in CASE_ENDINGS.values() for e in v),
                                              *(e for v in AFTER_POSSESSIVE.values() for e in v),
                                              "нан", "нен", "на", "не")}, key=len, reverse=True)
_VOWELS = set("аәеёиоөуұүыіэюя")


def _key(word: str) -> str:
    return fold(word).lower().replace("ё", "е")


@cache
def _phrases() -> dict[tuple[str, ...], tuple[str, str]]:
    """Gazetteer phrase (folded words) → (entity type, the list's own spelling)."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    for name, typ in (("kk_places.txt", "LOC"), ("kk_institutions.txt", "ORG")):
        for line in lexicons.lines(name):
            out[tuple(_key(w) for w in line.split())] = (typ, line)
    return out


@cache
def function_words() -> frozenset[str]:
    return frozenset(_key(w) for w in lexicons.lines("kk_function_words.txt"))


def _stems(word: str) -> list[str]:
    """The word and what it is with one Kazakh ending taken off (possessive «облысы» kept)."""
    k = _key(word)
    out = [k]
    for end in _ENDINGS:
        if k.endswith(end) and len(k) - len(end) >= 3:
            out.append(k[: -len(end)])
    # «облысында» → «облысы»: a possessive before the case ending
    for end in ("нда", "нде", "нын", "нин", "на", "не", "н"):  # folded «ның», «нің»
        if k.endswith(end) and len(k) - len(end) >= 4 and k[: -len(end)][-1] in "ыи":
            out.append(k[: -len(end)])
    return out


def _lookup(words: list[str]) -> tuple[str, str] | None:
    """(type, spelling) of a listed phrase whose last word may carry a Kazakh ending."""
    head = tuple(_key(w) for w in words[:-1])
    for stem in _stems(words[-1]):
        hit = _phrases().get((*head, stem))
        if hit is not None:
            return hit
    return None


def canonical(words: list[str]) -> str | None:
    """The list's own spelling of a phrase found by :func:`find` («Алматы облысында» → «Алматы облысы»)."""
    hit = _lookup(words)
    return hit[1] if hit else None


@cache
def titles() -> frozenset[str]:
    return frozenset(_key(w) for w in lexicons.lines("kk_titles.txt"))


def title_head(word: str) -> str | None:
    """The post a word names, possessive ending off («әкімі» → «әкім», «басшысы» → «басшы»)."""
    k = _key(word)
    if k in titles():
        return word.lower()
    for poss in ("сы", "си", "ы", "и"):
        st = k[: -len(poss)]
        if k.endswith(poss) and st in titles():
            return word.lower()[: -len(poss)]
        if k.endswith(poss) and st.endswith("г") and st[:-1] + "к" in titles():
            # «бастығы» → «бастық»: қ turns ғ before a vowel
            low = word.lower()[: -len(poss)]
            return low[:-1] + ("қ" if low.endswith("ғ") else "к")
    return None


def genitive(word: str) -> bool:
    """Does the word end in a Kazakh genitive («қаласының», «Мәжілісінің»)?"""
    return _key(word).endswith(("нын", "нин", "дын", "дин", "тын", "тин"))


def find(tokens: list) -> list[tuple[int, int, str]]:
    """(first token, end token, type) of gazetteer phrases in a sentence's tokens, longest first."""
    longest = max((len(p) for p in _phrases()), default=1)
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        hit = None
        for size in range(min(longest, n - i), 0, -1):
            words = [t.text for t in tokens[i:i + size]]
            if not words[0][:1].isupper():
                break
            listed = _lookup(words)
            if listed is not None:
                hit = (i, i + size, listed[0])
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


@cache
def org_heads() -> frozenset[str]:
    return frozenset(_key(w) for w in lexicons.lines("kk_org_heads.txt"))


def _org_head(word: str) -> bool:
    """«министрлігіне», «ұйымынан», «одақ», «агенттік»: an organization head in any case."""
    k = _key(word)
    stems = {k, *_stems(word)}
    for st in list(stems):
        for poss in ("сы", "си", "ы", "и"):  # the possessive after a name: «ұйымы», «министрлігі»
            if st.endswith(poss):
                stems.add(st[: -len(poss)])
    for st in list(stems):
        if st.endswith("г"):  # «министрлігі» → «министрлік»: к turns г before a vowel (folded ғ is г too)
            stems.add(st[:-1] + "к")
    folded_heads = org_heads()
    return any(_key(x) in folded_heads for x in stems)


def is_punct(tok) -> bool:
    """Punctuation by its text: the Russian tagger's parts of speech mean little on Kazakh words."""
    return bool(re.fullmatch(r"\W+", tok.text))


def is_function_word(word: str) -> bool:
    return _key(word) in function_words() or bool(re.fullmatch(r"\W+", word))


def stem(word: str) -> tuple[str, str]:
    """(folded stem, ending): the longest Kazakh ending off a lower-cased word, at least 3 letters left."""
    k = _key(word)
    for end in _ENDINGS:
        if k.endswith(end) and len(k) - len(end) >= 3:
            return k[: -len(end)], end
    return k, ""


def _listed_word(word: str) -> bool:
    k = _key(word)
    return (k,) in _phrases() or k in org_heads() or k in titles()


def _possessive_head(word: str) -> bool:
    """«министрлігі», «басқармасы»: an organization head with the possessive, no case after it."""
    k = _key(word)
    for poss in ("сы", "си", "ы", "и"):
        if k.endswith(poss):
            st = k[: -len(poss)]
            if st in org_heads() or st.endswith("г") and st[:-1] + "к" in org_heads():
                return True
    return False


def nominative(word: str) -> str:
    """A word with its Kazakh case ending off, the possessive kept: «Тоқаевтың» → «Тоқаев»,
    «министрлігіне» → «министрлігі», «облысының» → «облысы», «Алматыда» → «Алматы».
    A listed word («Алматы», «Қарағанды») and a word that would keep under three letters stay."""
    from .names import first_names

    if len(word) < 4 or _listed_word(word) or not word[-1:].isalpha() or title_head(word) is not None \
            or _possessive_head(word) or _key(word) in first_names():
        return word  # «Президенті», «министрлігі»: a possessive, not an accusative; «Нұрсұлтан»
    low = word.lower()
    for case_name, ends in AFTER_POSSESSIVE.items():
        for end in sorted(ends, key=len, reverse=True):
            rest = low[: -len(end)]
            if low.endswith(end) and len(rest) >= 3 and rest[-1] in "ыі" and case_name != "ins":
                return word[: -len(end)]
    for case_name, ends in CASE_ENDINGS.items():
        for end in ends:
            rest = low[: -len(end)]
            if not low.endswith(end) or len(rest) < 3:
                continue
            if case_name == "acc" and end in ("ны", "ні") and rest[-1] not in _VOWELS:
                continue
            if case_name == "acc" and end not in ("ны", "ні") and rest[-1] in _VOWELS:
                continue  # «Алматы» is not «Алма» in the accusative
            return word[: -len(end)]
    return word


_KK_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_WORD = re.compile(r"[^\W\d_]{2,}")


_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"]*\"")
MIN_UNQUOTED_WORDS = 3  # words outside quotation marks that decide a sentence's language alone


def is_kazakh_sentence(text: str) -> bool:
    """Is a sentence in Kazakh? At least two words, a quarter of them or more, with a Kazakh-only
    letter, or a Kazakh function word among them. «Токаев провёл встречу с Қасымовым» is Russian."""
    words = _WORD.findall(text)
    if not words:
        return False
    unquoted = _WORD.findall(_QUOTED.sub(" ", text))
    if len(unquoted) >= MIN_UNQUOTED_WORDS:
        words = unquoted  # a Kazakh title in quotation marks inside a Russian sentence is a name
    kk = sum(1 for w in words if _KK_ONLY.search(w))
    if kk >= 2 and kk / len(words) >= 0.25:
        return True
    return kk >= 1 and sum(1 for w in words if w[:1].islower() and is_function_word(w)) >= 1


def sentence_is_kazakh(text: str, article_lang: str) -> bool:
    """Does a sentence go to the Kazakh tagger? In a Kazakh article every sentence but one that is
    clearly Russian (four words or more, none with a Kazakh letter); in any other article a
    sentence that :func:`is_kazakh_sentence` says is Kazakh."""
    if article_lang == "kk":
        words = _WORD.findall(text)
        return len(words) < 4 or any(_KK_ONLY.search(w) for w in words)
    if article_lang in ("ru", "other", "en"):
        return False if not _KK_ONLY.search(text) else is_kazakh_sentence(text)
    return False


_PATRONYMIC = re.compile(r"(ұлы|улы|қызы|кызы)$", re.I)
_FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская)$", re.I)


def name_parts(words: list[str]) -> NameParts:
    """A person's name in Kazakh order, its words already in the nominative: first name, a
    patronymic in «-ұлы/-қызы» kept («Мейіржан Серікбосынұлы Смағұлов»), surname."""
    from .names import first_names

    words = [w for w in words if any(c.isalpha() for c in w)]
    pats = [w for w in words if _PATRONYMIC.search(w) and len(w) > 5]
    rest = [w for w in words if w not in pats]
    first = last = None
    names = first_names()
    if len(rest) == 1:
        if _key(rest[0]) in names or (pats and words[0] == rest[0]):
            first = rest[0]
        else:
            last = rest[0]
    elif rest:
        first, last = rest[0], rest[-1]
    gender = names.get(_key(first or ""))
    if pats and re.search(r"(қызы|кызы)$", pats[0], re.I) or last and _FEMALE_SURNAME.search(last):
        gender = "f"
    return NameParts(" ".join(words), first, pats[0] if pats else None, last, gender or "m")
