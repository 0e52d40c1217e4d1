"""Persons the tagger missed or cut short: a first name with a surname from the lexicons, a
surname after its post, a surname after a lone first name, an Arabic name's «аль-» part."""

from __future__ import annotations

import re

from ..names import _first_lookup, first_names, is_patronymic, key, looks_like_surname, parse_name
from .lexicon import position_words
from .morph import case, lemma
from .spans import Span


def _titled_surnames(doc, spans: list[Span], text: str) -> list[Span]:
    """A surname alone right after a post and its organization, which the tagger missed: «в
    отношении заместителя руководителя городского управления … Кажина.» The word must end like
    a Russian/Kazakh surname, not start the sentence, and not be followed by another capitalized
    word; a post word must stand within the six words before it."""
    org_end = {id(sp.tokens[-1]) for sp in spans if sp.type == "ORG" and sp.tokens}
    # a one-word «place» right after an organization that ends the clause is the tagger's guess
    # for a surname it does not know («… инфраструктуры Кажина.»)
    lone_loc = {id(sp.tokens[0]): sp for sp in spans if sp.type == "LOC" and len(sp.tokens) == 1}
    taken = {id(t) for sp in spans for t in sp.tokens if id(t) not in lone_loc}
    out = []
    for sent in doc.sents:
        toks = sent.tokens
        for k in range(2, len(toks)):
            t = toks[k]
            if id(t) in taken or not t.text[:1].isupper() or t.text.isupper() or not looks_like_surname(t.text):
                continue
            if k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
                continue
            prev = toks[k - 1]
            if id(t) in lone_loc and (id(prev) not in org_end or (
                    k + 1 < len(toks) and toks[k + 1].pos != "PUNCT")):
                continue
            if not (id(prev) in org_end or lemma(prev) in position_words() or prev.text.lower() in position_words()):
                continue
            posts = [x for x in toks[max(0, k - 7):k] if lemma(x) in position_words() or x.text.lower() in position_words()]
            if not posts:
                continue
            if id(t) in lone_loc:
                spans.remove(lone_loc[id(t)])
            sp = Span(t.start, t.stop, "PER", t.text, [t], source="title")
            # the name agrees with its post: «заместителя … Кажина» is a genitive
            sp.name = parse_name([t.text], case_hint=case(posts[0]) or case(t))
            out.append(sp)
    return out


def _lexicon_persons(tokens: list, spans: list[Span], text: str) -> list[Span]:
    """Names the tagger missed: a known first name (in any case) followed by a surname or patronymic."""
    taken = {id(t) for sp in spans for t in sp.tokens}
    out = []
    k = 0
    while k < len(tokens) - 1:
        t, nxt = tokens[k], tokens[k + 1]
        if (id(t) in taken or id(nxt) in taken or not t.text[:1].isupper() or not nxt.text[:1].isupper()
                or text[t.stop:nxt.start] != " " or _first_lookup(t.text) is None
                or key(t.text.partition("-")[0]) not in first_names() and key(
                    _first_lookup(t.text)[0]) not in first_names()):
            k += 1
            continue
        if not (looks_like_surname(nxt.text) or is_patronymic(nxt.text)):
            k += 1
            continue
        toks = [t, nxt]
        if k + 2 < len(tokens) and text[nxt.stop:tokens[k + 2].start] == " " and is_patronymic(nxt.text) \
                and tokens[k + 2].text[:1].isupper() and id(tokens[k + 2]) not in taken:
            toks.append(tokens[k + 2])
        out.append(Span(toks[0].start, toks[-1].stop, "PER", text[toks[0].start:toks[-1].stop], toks,
                        source="lexicon"))
        k += len(toks)
    return out


def _extend_persons(spans: list[Span], tokens: list, text: str) -> None:
    """«Султанбек» tagged alone before «Макежанов»: take in a capitalized surname right after a first name."""
    index = {id(t): k for k, t in enumerate(tokens)}
    taken = {id(t) for sp in spans for t in sp.tokens}
    for sp in spans:
        if sp.type != "PER" or len(sp.tokens) != 1:
            continue
        k = index.get(id(sp.tokens[-1]))
        if k is None or k + 1 >= len(tokens):
            continue
        nxt = tokens[k + 1]
        if id(nxt) in taken or text[sp.end:nxt.start] != " " or not nxt.text[:1].isupper():
            continue
        first = sp.tokens[0].text
        if looks_like_surname(nxt.text) and (key(first) in first_names() or (
                sp.tokens[0].pos == "PROPN" and not looks_like_surname(first) and not is_patronymic(first))):
            sp.tokens = sp.tokens + [nxt]
            sp.end = nxt.stop
            sp.text = text[sp.start:sp.end]
            taken.add(id(nxt))


_PARTICLE_PART = re.compile(r"(?:аль|ал|ас|аз|ад|ат|ар|ан|аш|эль|эд|эс|эт|ибн|бин|бен|абу)-[A-ZА-ЯЁ][\w-]*")


def _extend_persons_by(sp: Span, toks: list, text: str) -> None:
    sp.tokens = sp.tokens + toks
    sp.end = toks[-1].stop
    sp.text = text[sp.start:sp.end]


def _extend_particles(spans: list[Span], tokens: list, text: str) -> None:
    """An Arabic name goes on through its lower-case article: «Хабиб аль-Адли», «Абу Бакр
    аль-Багдади», «Сабах аль-Ахмед ас-Сабах» (the tagger stops before «аль-»)."""
    index = {id(t): k for k, t in enumerate(tokens)}
    taken = {id(t) for sp in spans for t in sp.tokens}
    for sp in spans:
        if sp.type != "PER" or not sp.tokens:
            continue
        k = index.get(id(sp.tokens[-1]))
        while k is not None and k + 1 < len(tokens):
            nxt = tokens[k + 1]
            if id(nxt) in taken or text[sp.end:nxt.start] != " " or not _PARTICLE_PART.fullmatch(nxt.text):
                break
            _extend_persons_by(sp, [nxt], text)
            taken.add(id(nxt))
            k += 1
