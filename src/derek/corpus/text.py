"""Text keys shared by the store: folding, words and lemmas for full-text search, snippets."""

from __future__ import annotations

import html
import re
from functools import lru_cache

# Kazakh letters and ё folded to the Russian letters they are usually written as.
_FOLD = str.maketrans({
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и", "ё": "е",
    "Ә": "А", "Ғ": "Г", "Қ": "К", "Ң": "Н", "Ө": "О", "Ұ": "У", "Ү": "У", "Һ": "Х", "І": "И", "Ё": "Е",
})

WORD_RE = re.compile(r"\w+(?:[-’']\w+)*", re.UNICODE)


def fold(s: str) -> str:
    """Lower-case with Kazakh letters and ё folded: «Қасым-Жомарт Тоқаев» → «касым-жомарт токаев»."""
    return s.translate(_FOLD).lower()


def words(s: str) -> list[str]:
    return WORD_RE.findall(s)


_morph = None


def _analyzer():
    global _morph
    if _morph is None:
        from natasha import MorphVocab

        _morph = MorphVocab()
    return _morph


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """The dictionary forms of a folded word by its likeliest parses (pymorphy2 through natasha's
    MorphVocab): «токаева» → («токаева», «токаев»). Digits and Latin words as they are."""
    if not word.isalpha() or not re.search("[а-я]", word):
        return (word,)
    try:
        parses = _analyzer().parse(word)
    except Exception:  # pragma: no cover - analyzer failure on odd input
        return (word,)
    out: list[str] = []
    for p in parses[:4]:
        f = fold(p.normal_form)
        if f not in out:
            out.append(f)
    return tuple(out) or (word,)


@lru_cache(maxsize=50_000)
def is_proper_name(word: str) -> bool:
    """Whether a word's likeliest parse is a place, person or organization name («Алматы»,
    «Павлодар»), not a common word written with a capital («Энергетика», «Министр»)."""
    w = fold(word)
    if not w.isalpha() or not re.search("[а-я]", w):
        return False
    try:
        tag = _analyzer().parse(w)[0].tag
    except Exception:  # pragma: no cover - analyzer failure on odd input
        return False
    return any(g in tag for g in ("Geox", "Name", "Surn", "Patr", "Orgn"))


def lemma(word: str) -> str:
    """The likeliest dictionary form of a folded word."""
    return lemmas(word)[0]


@lru_cache(maxsize=200_000)
def keys(word: str) -> tuple[str, ...]:
    """Index keys of one word: the folded form and its dictionary forms.

    A query word matches a text word when their keys intersect, so «Токаев» finds «Токаевым»
    and «Токаева» even where the analyzer lemmatizes the forms differently.
    """
    w = fold(word).replace("-", "_").replace("’", "").replace("'", "")
    parts = [w]
    if "_" not in w:
        parts += [x for x in lemmas(w) if x != w]
    return tuple(parts)


def index_words(*texts: str | None) -> str:
    """The string indexed by SQLite FTS5: every word's keys, space-separated."""
    out: list[str] = []
    for t in texts:
        if t:
            for w in words(t):
                out.extend(keys(w))
    return " ".join(out)


def fts5_query(q: str) -> str | None:
    """A user query → an FTS5 MATCH expression over the indexed keys (all words must match;
    a quoted part is a phrase of folded words; a trailing * is a prefix)."""
    groups: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', q):
        if m.group(1):
            ws = [fold(w).replace("-", "_") for w in words(m.group(1))]
            if ws:
                groups.append('"' + " ".join(ws) + '"')
            continue
        tok = m.group(2)
        prefix = tok.endswith("*")
        ws = words(tok)
        for w in ws:
            ks = keys(w)
            if prefix and w == ws[-1]:
                groups.append(f'"{ks[0]}"*')
            else:
                groups.append("(" + " OR ".join(f'"{k}"' for k in ks) + ")")
    return " AND ".join(groups) if groups else None


def _pg_lexeme(k: str) -> str:
    return "'" + k.replace("'", "") + "'"


def tsquery(q: str) -> str | None:
    """The same query as :func:`fts5_query` for PostgreSQL's ``to_tsquery('simple', …)`` over the
    same keys: all words must match (any of a word's keys), a quoted part is a phrase, a trailing *
    is a prefix."""
    groups: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', q):
        if m.group(1):
            ws = [fold(w).replace("-", "_") for w in words(m.group(1))]
            if ws:
                groups.append("(" + " <-> ".join(_pg_lexeme(w) for w in ws) + ")")
            continue
        tok = m.group(2)
        prefix = tok.endswith("*")
        ws = words(tok)
        for w in ws:
            ks = keys(w)
            if prefix and w == ws[-1]:
                groups.append(_pg_lexeme(ks[0]) + ":*")
            else:
                groups.append("(" + " | ".join(_pg_lexeme(k) for k in ks) + ")")
    return " & ".join(groups) if groups else None


def query_keys(q: str) -> set[str]:
    out: set[str] = set()
    for w in words(q):
        out.update(keys(w))
    return out


def snippet(text: str, q: str, *, width: int = 30) -> str:
    """An HTML-escaped excerpt of ``text`` around the most query hits, hits in ``<mark>``."""
    if not text:
        return ""
    qk = query_keys(q)
    toks = list(WORD_RE.finditer(text))
    hits = [i for i, m in enumerate(toks) if qk and set(keys(m.group())) & qk]
    if not toks:
        return html.escape(text[:200])
    # the window of `width` words holding the most hits
    best, best_n = 0, -1
    j = 0
    for i, h in enumerate(hits):
        while hits[j] < h - width + 1:
            j += 1
        if i - j + 1 > best_n:
            best_n, best = i - j + 1, hits[j]
    start_tok = max(0, best - width // 3) if hits else 0
    end_tok = min(len(toks), start_tok + width)
    a = toks[start_tok].start()
    b = toks[end_tok - 1].end()
    hitset = {i for i in hits if start_tok <= i < end_tok}
    out: list[str] = ["…" if start_tok > 0 else ""]
    pos = a
    for i in range(start_tok, end_tok):
        m = toks[i]
        out.append(html.escape(text[pos:m.start()]))
        w = html.escape(m.group())
        out.append(f"<mark>{w}</mark>" if i in hitset else w)
        pos = m.end()
    out.append("…" if b < len(text.rstrip()) else "")
    return "".join(out).replace("\n", " ")
