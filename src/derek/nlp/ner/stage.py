"""Stage: ner — entity spans of every document of a batch, grouped into entities.

A document's spans are found once and kept on its ``Work``; the stage holds only what
``__init__`` loads (the models and the person filter), so one stage serves many threads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...article import Entity
from ...stage import Stage, Work
from .. import kazakh, kk_ner, models, person_filter
from .extend import _extend_particles, _extend_persons, _lexicon_persons, _titled_surnames
from .grouping import group_entities
from .institutions import _with_institutions
from .lexicon import institution_heads, org_abbreviations, position_words
from .morph import case, lemma
from .normal import normalize
from .persons import (
    _looks_like_person,
    _merge_adjacent_persons,
    _single_name_ok,
    _split_genitive_lead,
    _trim_person,
)
from .spans import Span, _attach_tokens, _split_at_lines, tag_docs


class NerStage(Stage):
    name = "ner"
    requires = ("tokens", "morph", "lang")
    provides = ("entities",)

    def __init__(self) -> None:
        self.tagger = models.ner_tagger()
        self.vocab = models.morph_vocab()
        institution_heads()
        org_abbreviations()
        position_words()
        # persons that are persons (Russian text); None keeps every PER span (training does)
        self.person_filter: person_filter.PersonFilter | None = person_filter.model()

    # -- spans ---------------------------------------------------------
    def find_spans(self, text: str, doc: Any, lang: str = "ru", posts: list | None = None,
                   by_sentence: bool = True, tagged: list[Span] | None = None) -> list[Span]:
        """Entity spans; Kazakh sentences go through the Kazakh tagger (their POSITION spans, as
        (start, end) characters, into ``posts``), the others through the Russian cascade.
        ``tagged``: slovnet's spans of ``text`` when the caller tagged a batch at once."""
        if by_sentence:
            kk_sents = _kazakh_sents(doc, lang)
            if kk_sents:
                return _kazakh_tagged(self, text, doc, kk_sents, posts, tagged)
        if tagged is None:
            tagged = tag_docs([text], [doc])[0]
        return _russian_spans(self, text, doc, lang, tagged)

    def normalize(self, sp: Span, kazakh: bool = True) -> str:
        return normalize(sp, self.vocab, kazakh=kazakh)

    # -- grouping ------------------------------------------------------
    def group(self, spans: list[Span]) -> list[Entity]:
        return group_entities(spans)

    def __call__(self, work: Work) -> Work:
        return next(self.map([work]))

    def map(self, works: Iterable[Work]) -> Iterator[Work]:
        """The batch's texts tagged by slovnet at once, then each document's cascade."""
        works = list(works)
        need = [w for w in works if w.doc and w.doc.tokens and _needs_tagger(w.doc, w.article.lang)]
        tagged = dict(zip(map(id, need), tag_docs([w.article.text for w in need], [w.doc for w in need]),
                          strict=True))
        for w in works:
            if not w.doc or not w.doc.tokens:
                w.spans = []
                w.article.entities = []
                continue
            w.spans = self.find_spans(w.article.text, w.doc, w.article.lang,
                                      posts=w.extra.setdefault("kk_posts", []), tagged=tagged.get(id(w)))
            w.article.entities = self.group(w.spans)
        yield from works


def _kazakh_sents(doc: Any, lang: str) -> list:
    return [s for s in doc.sents if kazakh.sentence_is_kazakh(s.text, lang)]


def _needs_tagger(doc: Any, lang: str) -> bool:
    """Whether any sentence of ``doc`` goes through the Russian cascade (slovnet's NER)."""
    return len(_kazakh_sents(doc, lang)) < len(doc.sents) or not doc.sents


def _russian_spans(stage: NerStage, text: str, doc: Any, lang: str, tagged: list[Span]) -> list[Span]:
    """The Russian cascade over slovnet's spans: corrected, persons and institutions added,
    normalized, and (Russian text) the persons that are none filtered out."""
    tokens = doc.tokens
    spans = tagged
    _attach_tokens(spans, tokens)
    spans = _split_genitive_lead(_split_at_lines(spans, text), text)
    fixed: list[Span] = []
    for sp in spans:
        fixed.extend(_cleaned(sp, text))
    fixed = _merge_adjacent_persons(fixed, text)
    _extend_persons(fixed, tokens, text)
    _extend_particles(fixed, tokens, text)
    fixed.extend(_lexicon_persons(tokens, fixed, text))
    fixed.sort(key=lambda x: x.start)
    out = _with_institutions(fixed, doc, text)
    out.extend(_titled_surnames(doc, out, text))
    out.sort(key=lambda s: (s.start, -s.end))
    for sp in out:
        sp.text = text[sp.start:sp.end]
        sp.normal = stage.normalize(sp, kazakh=lang == "kk")
    if lang != "kk" and stage.person_filter is not None:
        out = person_filter.keep_persons(out, doc, stage.person_filter)
    return out


def _is_position_word(tok: Any) -> bool:
    return tok.text.lower() in position_words() or lemma(tok) in position_words()


def _cleaned(sp: Span, text: str) -> list[Span]:
    """One tagger span as kept: a name tagged LOC/ORG is PER; a place or organization without
    the post word before it; a person trimmed (the genitive place cut off it a LOC of its own)."""
    if not sp.tokens:
        return []
    out: list[Span] = []
    words = [t.text for t in sp.tokens if t.pos != "PUNCT"]
    if sp.type in ("LOC", "ORG") and _looks_like_person(words):
        sp.type = "PER"
    if sp.type in ("LOC", "ORG"):
        toks = list(sp.tokens)
        while toks and (_is_position_word(toks[0]) or (re.fullmatch(r"\d+-лет\w*", toks[0].text) and len(toks) > 1)):
            toks.pop(0)  # «Аким Карагандинской области», «30-летием Ассамблеи»: not part of the name
        if not toks or not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in toks):
            return []
        if len(toks) < len(sp.tokens):
            sp = Span(toks[0].start, toks[-1].stop, sp.type, text[toks[0].start:toks[-1].stop], toks)
    if sp.type == "PER":
        t = _trim_person(sp)
        if t is None:
            return []
        t.text = text[t.start:t.end]
        cut = [x for x in sp.tokens if x.stop <= t.start]
        if len(cut) == 1 and cut[0].text[:1].isupper() and case(cut[0]) == "Gen" and not _is_position_word(cut[0]):
            # «акима Алматы Нукенов»: the word cut off the name is the place of the post
            out.append(Span(cut[0].start, cut[0].stop, "LOC", cut[0].text, cut))
        if len(t.tokens) == 1 and not _single_name_ok(t.tokens[0]):
            return out
        sp = t
    out.append(sp)
    return out


def _kazakh_tagged(stage: NerStage, text: str, doc: Any, kk_sents: list, posts: list | None,
                   tagged: list[Span] | None = None) -> list[Span]:
    """Kazakh sentences tagged by the Kazakh CRF (PER, LOC, ORG; POSITION spans into ``posts``),
    the other sentences of the text by the Russian cascade."""
    out: list[Span] = []
    if len(kk_sents) < len(doc.sents):
        ranges = [(s.start, s.stop) for s in kk_sents]
        out = [sp for sp in stage.find_spans(text, doc, "ru", by_sentence=False, tagged=tagged)
               if not any(a <= sp.start < b for a, b in ranges)]
    tagged_kk = kk_ner.tagger().spans_many([[t.text for t in s.tokens] for s in kk_sents])  # read together
    for sent, kk_spans in zip(kk_sents, tagged_kk, strict=True):
        toks = sent.tokens
        for ts in kk_spans:
            part = toks[ts.start:ts.end]
            start, end = part[0].start, part[-1].stop
            if ts.label == "POSITION" and posts is not None:
                posts.append((start, end))
            typ = kk_ner.ENTITY_TYPES.get(ts.label)
            if typ is not None:
                out.append(Span(start, end, typ, text[start:end], part, source="kk-crf"))
    out.sort(key=lambda s: (s.start, -s.end))
    for sp in out:
        sp.text = text[sp.start:sp.end]
        sp.normal = stage.normalize(sp)
    return out
