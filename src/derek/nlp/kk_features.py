"""Features of Kazakh words for derek's Kazakh taggers, the same at training and at run time.

:func:`sentence_features` gives the CRF's (kk_ner-v1) feature dicts: the word lower-cased and
folded, its stem with one Kazakh ending off (the ending table of :mod:`derek.nlp.kazakh`),
prefixes and suffixes of 1–4 letters, shape and capitalization, Kazakh-letter presence,
membership in derek's own lexicons (first names, Kazakh places, institutions, organization
heads, post words, function words), and the same for the neighbours ±2.
:func:`dense_features` gives the neural tagger's (kk_ner-v2) per-word flags from the same
sources (its neighbours are seen by its BiLSTM).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np

from . import kazakh
from .names import first_names, key

_KK_LETTER = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_PLURAL = re.compile(r"(лар|лер|дар|дер|тар|тер)(дың|дің|ға|ге|да|де|ды|ді|дан|ден|мен)?$")
_SURNAME_END = re.compile(r"(ов|ев|ин|ова|ева|ина|улы|кызы|баев|беков|бекова|баева)$")


class _Tok(NamedTuple):
    text: str


def _shape(word: str) -> str:
    s = re.sub(r"[^\W\d_]", lambda m: "X" if m.group(0).isupper() else "x", word)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)  # «Xxxxxx» → «Xxx»: runs cut to two


@cache
def _lexicon_sets() -> dict[str, frozenset[str]]:
    return {"title": kazakh.titles(), "orghead": kazakh.org_heads(), "func": kazakh.function_words()}


def _lexicon_flags(word: str) -> list[str]:
    """Which of derek's word lists the word (or its stem) is on."""
    k = key(word)
    st, _ = kazakh.stem(word)
    out = []
    names = first_names()
    if k in names or st in names:
        out.append("first")
    if _SURNAME_END.search(k) or _SURNAME_END.search(st):
        out.append("surname")
    sets = _lexicon_sets()
    for name in ("orghead", "func"):
        if k in sets[name] or st in sets[name]:
            out.append(name)
    if kazakh.title_head(word) is not None or st in sets["title"]:
        out.append("title")
    if kazakh._org_head(word):
        out.append("orghead")
    return out


def _gazetteer_tags(words: list[str]) -> tuple[str, ...]:
    """B-/I- tags of the Kazakh place and institution lists over the sentence («Алматы облысында»);
    the last few sentences are remembered, since both taggers of kk_ner-v2 ask for them."""
    return _gazetteer_of(tuple(words))


@lru_cache(maxsize=64)
def _gazetteer_of(words: tuple[str, ...]) -> tuple[str, ...]:
    tags = ["O"] * len(words)
    toks = [_Tok(w) for w in words]
    for i, j, typ in kazakh.find(toks):
        tags[i] = "B-" + typ
        for m in range(i + 1, j):
            tags[m] = "I-" + typ
    return tuple(tags)


@lru_cache(maxsize=200_000)
def _own_features(word: str) -> dict[str, str | float]:
    """A word's own features (cached: words repeat; the dict is shared, never changed)."""
    low = word.lower()
    st, end = kazakh.stem(word)
    f: dict[str, str | float] = {
        "w": low, "fold": key(word), "stem": st, "end": end, "shape": _shape(word),
        "title": float(word[:1].isupper()), "upper": float(word.isupper() and len(word) > 1),
        "digit": float(any(c.isdigit() for c in word)), "kk": float(bool(_KK_LETTER.search(word))),
        "punct": float(not any(c.isalnum() for c in word)), "hyph": float("-" in word),
    }
    for n in range(1, 5):
        f[f"p{n}"] = low[:n]
        f[f"s{n}"] = low[-n:]
    for flag in _lexicon_flags(word):
        f["lex:" + flag] = 1.0
    return f


_NEIGHBOUR_KEYS = {1: ("w", "stem", "end", "shape", "title", "s3", "punct"), 2: ("w", "stem", "shape", "title")}


def _inside_quotes(words: list[str]) -> list[bool]:
    out, inside = [], False
    for w in words:
        if w in ("«", "»", '"', "“", "”"):
            inside = w == "«" or w == "“" or (w == '"' and not inside)
            out.append(False)
            continue
        out.append(inside)
    return out


@lru_cache(maxsize=200_000)
def _neighbour_features(word: str, offset: int) -> dict[str, str | float]:
    """What a word tells its neighbour at ``offset`` (±1, ±2) of it (cached; never changed)."""
    own = _own_features(word)
    f: dict[str, str | float] = {f"{offset}:{k}": own[k] for k in _NEIGHBOUR_KEYS[abs(offset)]}
    if abs(offset) == 1:
        f.update({f"{offset}:{k}": 1.0 for k in own if k.startswith("lex:")})
    return f


def sentence_features(words: list[str]) -> list[dict[str, str | float]]:
    """The CRF features of each word of a sentence: its own, its gazetteer tag, its neighbours' (±2)."""
    own = [_own_features(w) for w in words]
    gaz = _gazetteer_tags(words)
    quoted = _inside_quotes(words)
    n = len(words)
    heads = [bool(f.get("lex:orghead")) for f in own]
    posts = [bool(f.get("lex:title")) for f in own]
    out = []
    for i in range(n):
        f: dict[str, str | float] = {"bias": 1.0, **own[i], "gaz": gaz[i]}
        if quoted[i]:
            f["quoted"] = 1.0  # «Нұр Отан»: names of parties, papers and works stand in quotes
        if i == 0:
            f["BOS"] = 1.0
        if i == n - 1:
            f["EOS"] = 1.0
        for offset in (-2, -1, 1, 2):
            if 0 <= i + offset < n:
                f.update(_neighbour_features(words[i + offset], offset))
        if i > 0:
            f["-1:gaz"] = gaz[i - 1]
            f["bigram"] = own[i - 1]["stem"] + "|" + own[i]["stem"]
            if own[i]["title"] and not own[i - 1]["punct"]:
                f["title_inside"] = 1.0  # capitalized, not opening the sentence or a quote
        if i + 1 < n:
            f["1:gaz"] = gaz[i + 1]
        # an organization head or a post word ahead: the words before it are its name
        if any(heads[i + 1:i + 4]):
            f["ahead:orghead"] = 1.0
        if any(posts[i + 1:i + 4]):
            f["ahead:title"] = 1.0
        out.append(f)
    return out


# the neural tagger's per-word flags, in this order (its input width depends on it)
_OWN_FLAGS = ("title", "upper", "digit", "kk", "punct", "hyph")
_LEX_FLAGS = ("first", "surname", "orghead", "func", "title")
_GAZ_TAGS = ("B-LOC", "I-LOC", "B-ORG", "I-ORG")
DENSE_NAMES = (*_OWN_FLAGS, *(f"lex:{x}" for x in _LEX_FLAGS), *(f"gaz:{x}" for x in _GAZ_TAGS),
               "quoted", "BOS", "EOS", "title_inside", "ahead:orghead", "ahead:title")


_COL = {name: i for i, name in enumerate(DENSE_NAMES)}
_WORD_COLS = len(_OWN_FLAGS) + len(_LEX_FLAGS)  # the first columns depend on the word alone


@lru_cache(maxsize=200_000)
def _word_flags(word: str) -> tuple[float, ...]:
    f = _own_features(word)
    return (*(float(f[name]) for name in _OWN_FLAGS), *(float(f"lex:{x}" in f) for x in _LEX_FLAGS))


def dense_features(words: list[str]) -> np.ndarray:
    """The neural tagger's flags of each word of a sentence, shape (words, len(DENSE_NAMES))."""
    n = len(words)
    out = np.zeros((n, len(DENSE_NAMES)), dtype=np.float32)
    if not n:
        return out
    out[:, :_WORD_COLS] = [_word_flags(w) for w in words]
    for i, tag in enumerate(_gazetteer_tags(words)):
        if tag != "O" and tag in _GAZ_TAGS:
            out[i, _COL["gaz:" + tag]] = 1.0
    out[:, _COL["quoted"]] = _inside_quotes(words)
    out[0, _COL["BOS"]] = 1.0
    out[n - 1, _COL["EOS"]] = 1.0
    out[1:, _COL["title_inside"]] = out[1:, _COL["title"]] * (1.0 - out[:-1, _COL["punct"]])
    for flag in ("orghead", "title"):
        lex, ahead = out[:, _COL["lex:" + flag]], _COL["ahead:" + flag]
        for d in (1, 2, 3):
            out[:-d, ahead] = np.maximum(out[:-d, ahead], lex[d:])
    return out
