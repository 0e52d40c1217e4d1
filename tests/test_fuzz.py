"""A bounded fuzz of ``derek.extract``: thousands of mutated real texts, a fixed seed.

Pieces of the kznews articles (development data), mutated by edits a real feed or a hostile
client produces: control, NUL, lone surrogate and zero-width characters, quotes and brackets left
open, HTML tags, runs of punctuation, Kazakh letters, cut, doubled and swapped slices. Every
piece either gives an Article whose JSON can be written as UTF-8 and whose offsets index its
text, or is refused with an ``InputError``; nothing else may come out.
"""

from __future__ import annotations

import json
import random

import pytest

from conftest import KZNEWS, need_shared
from derek.errors import InputError

SEED = 20261204
N_TEXTS = 2000
BATCH = 50
MAX_PIECE = 400  # characters of a piece before mutation: many short texts, not a few long ones
INSERTS = ["\x00", "\ud800", "\udfff", "\u200b", "\u200d", "\ufeff", "\x07", "\x1b[31m", "\r", "\t", "«", "»",
           "„", "“", "\"", "(", ")", "[", "—", "–", "-", ":", "…", "!!!", "?!", ".", ",", "<b>", "</p>", "<script>",
           "&amp;", "&#0;", "\n", "\n\n", "Қ", "ә", "Ү", "і", "№", "%", "\\", "{", "}", "😀", "\u0301", "ё"]


def pieces() -> list[str]:
    texts = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(KZNEWS.glob("*.json"))]
    out = []
    for t in texts:
        paras = [p for p in t.split("\n") if p.strip()]
        out.extend(p[:MAX_PIECE] for p in paras)
        out.extend("\n".join(paras[i:i + 2])[:MAX_PIECE] for i in range(0, len(paras), 2))
    return out


def mutate(text: str, rng: random.Random) -> str:
    s = list(text)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        i = rng.randint(0, len(s))
        if op < 0.45:
            s[i:i] = list(rng.choice(INSERTS))
        elif op < 0.6 and s:
            del s[i:i + rng.randint(1, 20)]
        elif op < 0.7:
            j = rng.randint(0, len(s))
            s[i:i] = s[min(i, j):max(i, j)][:400]  # a slice doubled
        elif op < 0.8:
            s[i:i] = list(rng.choice("!?.,;:—«»()") * rng.randint(10, 300))
        elif op < 0.9 and s:
            j = min(len(s), i + rng.randint(1, 30))
            s[i:j] = [c.swapcase() for c in s[i:j]]
        else:
            s = s[: rng.randint(0, len(s))]  # cut
    return "".join(s)


def check(article) -> None:
    d = article.to_dict()
    json.dumps(d, ensure_ascii=False).encode("utf-8")  # no lone surrogates anywhere
    text = article.text
    for e in article.entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text, (e, m)
    for q in article.quotes:
        assert 0 <= q.start <= q.end <= len(text), q
        if q.cue_start is not None:
            assert 0 <= q.cue_start <= q.cue_end <= len(text), q


def test_mutated_real_texts_give_an_article_or_an_input_error(pipeline):
    need_shared()
    rng = random.Random(SEED)
    base = pieces()
    texts = [mutate(rng.choice(base), rng) for _ in range(N_TEXTS)]
    refused = 0
    for i in range(0, len(texts), BATCH):
        batch = texts[i:i + BATCH]
        try:
            arts = list(pipeline.map(batch))
        except InputError:
            arts = None
        if arts is None:  # some text in the batch is refused: each one alone
            for t in batch:
                try:
                    check(pipeline.extract(t))
                except InputError as e:
                    assert e.code in ("E101", "E111"), (t[:200], e)
                    refused += 1
            continue
        for a in arts:
            check(a)
    assert refused < N_TEXTS // 10  # the mutations leave most texts readable


@pytest.mark.parametrize("text", ["\x00" * 10, "\ud800", "\u200b\u200c", "«" * 5000, "(" * 3000 + "Аким", "<p>" * 2000],
                         ids=["nul", "surrogate", "zero-width", "quotes", "brackets", "tags"])
def test_extreme_texts(pipeline, text):
    try:
        check(pipeline.extract(text))
    except InputError as e:
        assert e.code in ("E101", "E111")
