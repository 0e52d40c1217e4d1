"""Kazakh-language text: places and institutions from the project's Kazakh word lists.

The Russian tagger, run on a Kazakh-folded copy, misses most Kazakh place
names because they carry Kazakh case endings («Қазақстанның», «Алматыда»,
«Астанаға») and takes capitalized sentence openers («Бұл», «Биыл») for
names. Here a phrase from ``kk_places.txt`` or ``kk_institutions.txt`` is
found with its last word in any case (the ending is part of the mention, as
KazNERD marks it), wins over what the tagger found there, and one-word spans
that are capitalized function words are dropped.
"""

from __future__ import annotations

import re
from functools import cache

from .. import lexicons
from .names import fold

# Kazakh case (and possessive + case) endings, longest first
_ENDINGS = sorted({fold(e).lower() for e in """
ындағы індегі ндағы ндегі дағы дегі тағы тегі ының інің ның нің дың дің тың тің
ынан інен нан нен дан ден тан тен ында інде нда нде мен бен пен ымен імен
ға ге қа ке на не да де та те ны ні ды ді ты ті ын ін сы сі ы і н
""".split()}, key=len, reverse=True)  # folded, as the words are compared


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
        if k.endswith(poss) and k[: -len(poss)] in titles():
            return word.lower()[: -len(poss)]
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


def find_orgs(tokens: list) -> list[tuple[int, int]]:
    """(first token, end token) of organization names: a capitalized word, up to four lower-case
    words, and an organization head noun («Дүниежүзілік денсаулық сақтау ұйымының»)."""
    out = []
    n = len(tokens)
    for j in range(n):
        if not _org_head(tokens[j].text) or tokens[j].text[:1].isupper() and j == 0:
            continue
        i = j
        while i > 0 and j - i < 5 and tokens[i - 1].text[:1].islower() and not is_punct(tokens[i - 1]) \
                and not _org_head(tokens[i - 1].text):
            i -= 1
        start = None
        if tokens[j].text[:1].isupper():
            start = j if j > 0 else None
        if i > 0 and tokens[i - 1].text[:1].isupper() and not is_punct(tokens[i - 1]) \
                and not is_function_word(tokens[i - 1].text):
            start = i - 1
        elif tokens[i].text[:1].isupper() and not is_function_word(tokens[i].text) and i < j:
            start = i
        if start is not None and start > 0 and (j > start or tokens[j].text[:1].isupper()):
            out.append((start, j + 1))
    # the longest of overlapping ones
    out.sort(key=lambda x: (x[0], -x[1]))
    kept: list[tuple[int, int]] = []
    for a, b in out:
        if kept and a < kept[-1][1]:
            continue
        kept.append((a, b))
    return kept


def is_punct(tok) -> bool:
    """Punctuation by its text: the Russian tagger's parts of speech mean little on Kazakh words."""
    return bool(re.fullmatch(r"\W+", tok.text))


def is_function_word(word: str) -> bool:
    return _key(word) in function_words() or bool(re.fullmatch(r"\W+", word))
