"""Segmentation, morphology and syntax (natasha/slovnet) over the clean text.

``map`` batches the slovnet taggers across all sentences of all documents in
the batch, sorted by length, so that a batch holds sentences of about the
same length and little padding is computed. The result on each natasha
``Doc`` (tokens, sentences, ``pos``/``feats``, ``id``/``head_id``/``rel``) is
the same as ``doc.tag_morph(...)``/``doc.parse_syntax(...)`` one document at a
time: slovnet's CNN zeroes padded positions after every layer and pads with
zero vectors, so a sentence's result does not depend on its batch-mates.
Words are encoded once (shared by both models, cached across documents) and
morphology tags are parsed once per distinct tag.

Cost linear in the text: a sentence longer than ``MAX_SENT_TOKENS`` tokens (a list without full
stops, a line of ten thousand punctuation marks) is cut into windows of at most that many tokens,
at a punctuation mark where there is one, before morphology and syntax, so that the parser's
token-pair scores (quadratic in a sentence's length) stay bounded; ordinary sentences are left
as they are. A document of more than ``MAX_DOC_TOKENS`` tokens is refused (``InputError`` E117
«too long to extract») rather than taking unbounded memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from natasha import Doc
from natasha.doc import DocSent

from ..errors import InputError
from ..stage import Stage, Work
from . import models

SENT_BATCH = 8  # sentences per slovnet batch: larger batches are slower on one BLAS thread (measured)
MAX_SENT_TOKENS = 250  # a longer sentence is windowed (none of the FactRuEval devset's is this long)
MAX_DOC_TOKENS = 1_200_000  # a document with more tokens is refused: about 7 MB of Russian text
_CUT_AFTER = frozenset(".!?…;:,—–-)»\"")


def window_sents(doc: Doc, limit: int = MAX_SENT_TOKENS) -> None:
    """Cut every sentence of ``doc`` longer than ``limit`` tokens into windows of at most ``limit``
    tokens: after the last punctuation mark in the window's second half, else at the limit."""
    if not any(len(s.tokens) > limit for s in doc.sents):
        return
    out: list[DocSent] = []
    for sent in doc.sents:
        toks = sent.tokens
        if len(toks) <= limit:
            out.append(sent)
            continue
        i = 0
        while i < len(toks):
            j = min(i + limit, len(toks))
            if j < len(toks):
                cut = next((k + 1 for k in range(j - 1, i + limit // 2, -1) if toks[k].text in _CUT_AFTER), None)
                j = cut or j
            part = toks[i:j]
            start, stop = part[0].start, part[-1].stop
            out.append(DocSent(start, stop, doc.text[start:stop], tokens=part))
            i = j
    doc.sents = out


def check_doc_size(doc: Doc, name: str, limit: int = MAX_DOC_TOKENS) -> None:
    """Refuse a document with more than ``limit`` tokens (E117), before any model runs on it."""
    n = len(doc.tokens or ())
    if n > limit:
        raise InputError(name, f"too long to extract: {n:,} tokens (limit {limit:,})", code="E117",
                         hint="split the text into articles")


class TokenStage(Stage):
    name = "tokens"
    requires = ("text",)
    provides = ("tokens", "sents", "morph", "syntax")

    def __init__(self, syntax: bool = True) -> None:
        self.segmenter = models.segmenter()
        self.morph = models.morph_tagger()
        self.syntax = models.syntax_parser() if syntax else None
        self.morph_codes = models.word_codes(self.morph.infer.encoder)
        self.syntax_codes = models.word_codes(self.syntax.infer.encoder) if self.syntax is not None else None
        self._tags: dict[int, tuple[str, dict[str, str]]] = {}

    def __call__(self, work: Work) -> Work:
        return next(self.map([work]))

    def map(self, works: Iterable[Work]) -> Iterator[Work]:
        works = list(works)
        sents: list[tuple[int, Any]] = []  # (sentence number in its doc, from 1; DocSent)
        for w in works:
            doc = Doc(w.article.text)
            doc.segment(self.segmenter)
            check_doc_size(doc, w.article.url or "<text>")
            w.doc = doc
            if doc.tokens:
                window_sents(doc)
                sents.extend((n, s) for n, s in enumerate(doc.sents, 1) if s.tokens)
        if sents:
            sents.sort(key=lambda ns: len(ns[1].tokens))  # stable: same-length sentences keep their order
            words = [[t.text for t in s.tokens] for _, s in sents]
            codes = [self.morph_codes(ws) for ws in words]
            self._tag_morph(sents, codes)
            if self.syntax is not None and self.syntax_codes is not None:
                if self.syntax_codes is not self.morph_codes:
                    codes = [self.syntax_codes(ws) for ws in words]
                self._parse_syntax(sents, codes)
        yield from works

    def _batches(self, encoder: Any, sents: list[tuple[int, Any]],
                 codes: list[tuple[list[int], list[int]]]) -> Iterator[tuple[list[tuple[int, Any]], Any]]:
        for i in range(0, len(sents), SENT_BATCH):
            yield sents[i:i + SENT_BATCH], encoder.input(codes[i:i + SENT_BATCH])

    def _tag_morph(self, sents: list[tuple[int, Any]], codes: list[tuple[list[int], list[int]]]) -> None:
        infer = self.morph.infer
        model, tags = infer.model, infer.decoder.tags_vocab
        for chunk, inp in self._batches(infer.encoder, sents, codes):
            pred = model.head.decode(model(inp.word_id, inp.shape_id, inp.pad_mask))
            sizes = (~inp.pad_mask).sum(-1)
            for (_, sent), row, size in zip(chunk, pred, sizes, strict=True):
                for tok, tag_id in zip(sent.tokens, row[:size].tolist(), strict=True):
                    parsed = self._tags.get(tag_id)
                    if parsed is None:
                        parsed = self._tags[tag_id] = _parse_tag(tags.decode(tag_id))
                    tok.pos = parsed[0]
                    tok.feats = dict(parsed[1])  # each token its own dict, as natasha gives

    def _parse_syntax(self, sents: list[tuple[int, Any]], codes: list[tuple[list[int], list[int]]]) -> None:
        assert self.syntax is not None
        infer = self.syntax.infer
        model, rels = infer.model, infer.decoder.rels_vocab
        for chunk, inp in self._batches(infer.encoder, sents, codes):
            pred = model(inp.word_id, inp.shape_id, inp.pad_mask)
            mask = ~inp.pad_mask
            heads = model.head.decode(pred.head_id, mask)
            rel_ids = model.rel.decode(pred.rel_id, mask)
            sizes = mask.sum(-1)
            for (n, sent), hrow, rrow, size in zip(chunk, heads, rel_ids, sizes, strict=True):
                hs, rs = hrow[:size].tolist(), rrow[:size].tolist()
                for k, (tok, h, r) in enumerate(zip(sent.tokens, hs, rs, strict=True), 1):
                    tok.id = f"{n}_{k}"
                    tok.head_id = f"{n}_{h}"
                    tok.rel = rels.decode(r)


def _parse_tag(tag: str) -> tuple[str, dict[str, str]]:
    """«NOUN|Case=Nom|Gender=Fem» → ("NOUN", {"Case": "Nom", "Gender": "Fem"}), as slovnet parses it."""
    if "|" not in tag:
        return tag, {}
    pos, rest = tag.split("|", 1)
    return pos, dict(f.split("=", 1) for f in rest.split("|"))
