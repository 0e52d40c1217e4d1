"""The normal form of an entity span: a person's name in the nominative by its parts, an
organization's head in the nominative, an abbreviation as written, a Kazakh name without its
case ending."""

from __future__ import annotations

import re
from typing import Any

from natasha.norm import normalize as natasha_normalize

from .. import kk_ner
from ..names import parse_name
from .morph import case, normalize_org
from .spans import Span


def normalize(sp: Span, vocab: Any, kazakh: bool = True) -> str:
    """The normal form of ``sp`` (for a PER span, ``sp.name`` is set to its parts)."""
    if sp.source == "kk-crf":
        return _kazakh_normal(sp)
    if sp.type == "PER" and sp.source == "title" and sp.name is not None:
        return sp.name.name
    if sp.type == "PER":
        words = _join_initials(sp.tokens)
        c = case(sp.tokens[0]) if sp.tokens else None
        sp.name = parse_name(words, case_hint=c, kazakh=kazakh)
        return sp.name.name
    if len(sp.tokens) == 1 and sp.tokens[0].text.isupper():
        return sp.tokens[0].text
    if len(sp.tokens) == 1 and re.fullmatch(r"[А-ЯЁ]{2,}(а|у|ом|е|ы|ой|ом)", sp.tokens[0].text):
        return re.sub(r"[а-яё]+$", "", sp.tokens[0].text)  # «МИДа» → «МИД», «ЦИКе» → «ЦИК»
    try:
        if sp.type == "ORG":
            norm = normalize_org(sp.tokens, sp.text, sp.start)
        else:
            norm = natasha_normalize(vocab, sp.tokens)
    except Exception:
        norm = sp.text
    return norm or sp.text


def _join_initials(tokens: list) -> list[str]:
    """Words of a name: initials keep their dot, tokens written together («Қасым-Жомарт») join."""
    words: list[str] = []
    prev = None
    for t in tokens:
        glued = prev is not None and prev.stop == t.start and (t.text == "-" or prev.text == "-")
        prev = t
        if glued and words:
            words[-1] += t.text
        elif t.text == "." and words and re.fullmatch(r"([А-ЯЁA-ZӘҒҚҢӨҰҮҺІ]\.?)+", words[-1]):
            words[-1] += "."
        elif any(ch.isalnum() for ch in t.text) or t.text == "-":
            words.append(t.text)
    return words


def _kazakh_normal(sp: Span) -> str:
    """A Kazakh name in the nominative («Тоқаевтың» → Тоқаев, «Алматы облысының» → Алматы облысы)."""
    normal, sp.name = kk_ner.nominative_name(sp.type, sp.tokens, sp.start, sp.text)
    return normal
