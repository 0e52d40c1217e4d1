"""Entity spans: the candidate record, slovnet's NER spans over a Kazakh-folded text, the
tokens under a span, and an index of spans by start."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from slovnet.bio import bio_spans
from slovnet.token import tokenize

from .. import models
from ..names import NameParts, fold


@dataclass
class Span:
    start: int
    end: int
    type: str
    text: str
    tokens: list = field(default_factory=list)  # natasha DocTokens
    normal: str = ""
    source: str = "slovnet"  # slovnet / institution / abbr
    name: NameParts | None = None


NER_BATCH = 4  # documents per slovnet NER batch, sorted by length (4-8 measured fastest on one BLAS thread)
NER_BATCH_TOKENS = 2_000  # at most this many padded tokens a batch: long documents go alone (peak memory)


def tag_texts(texts: list[str]) -> list[list[Span]]:
    """slovnet's NER spans of each text as stock slovnet gives them: tagged on a Kazakh-folded
    copy (same length, so the offsets hold: «Қасым-Жомарт Тоқаев» is then seen as a
    Russian-shaped name), the copy tokenized by razdel."""
    tagger = models.ner_tagger()
    return [[Span(s.start, s.stop, s.type, text[s.start:s.stop]) for s in tagger(fold(text)).spans]
            for text in texts]


def tag_docs(texts: list[str], docs: list[Any]) -> list[list[Span]]:
    """The spans of :func:`tag_texts`, for the documents of a batch at once: each text's words
    are the tokens stage's tokens folded (razdel's of the whole text, which need not be found
    again: see :func:`_ner_tokens`), and the documents go through the model a few at a time in
    order of length (:func:`_chunks`), so that little padding is computed."""
    infer = models.ner_tagger().infer
    toks = [_ner_tokens(text, doc) for text, doc in zip(texts, docs, strict=True)]
    codes = [infer.encoder.item([fold(t.text) for t in ts]) for ts in toks]
    tags_vocab = infer.decoder.tags_vocab
    out: list[list[Span]] = [[] for _ in texts]
    order = sorted((i for i, ts in enumerate(toks) if ts), key=lambda i: len(toks[i]))
    for chunk in _chunks(order, [len(ts) for ts in toks]):
        inp = infer.encoder.input([codes[i] for i in chunk])
        pred = infer.model(inp.word_id, inp.shape_id, inp.pad_mask)
        for i, tag_ids in zip(chunk, infer.model.head.crf.decode(pred, ~inp.pad_mask), strict=True):
            tags = [tags_vocab.decode(t) for t in tag_ids.tolist()]
            text = texts[i]
            out[i] = [Span(s.start, s.stop, s.type, text[s.start:s.stop]) for s in bio_spans(toks[i], tags)]
    return out


def _chunks(order: list[int], sizes: list[int]) -> Iterator[list[int]]:
    """The documents in ``order`` (shortest first) in batches of at most ``NER_BATCH``, each
    holding at most ``NER_BATCH_TOKENS`` tokens once padded to its longest."""
    chunk: list[int] = []
    for i in order:
        if chunk and (len(chunk) == NER_BATCH or (len(chunk) + 1) * sizes[i] > NER_BATCH_TOKENS):
            yield chunk
            chunk = []
        chunk.append(i)
    if chunk:
        yield chunk


# a Kazakh letter beside a Latin one: razdel joins them («Googleға»), but not the folded letter
_LATIN_KAZAKH = re.compile(r"[A-Za-z][ӘҒҚҢӨҰҮҺІәғқңөұүһі]|[ӘҒҚҢӨҰҮҺІәғқңөұүһі][A-Za-z]")


def _ner_tokens(text: str, doc: Any) -> list[Any]:
    """The tokens slovnet's NER finds in the folded text: the document's own (razdel's tokens of
    the whole text, as natasha segments it), unless folding changes where razdel cuts: a Kazakh
    letter is an atom that joins a Latin neighbour, its Russian look-alike is not."""
    if _LATIN_KAZAKH.search(text):
        return list(tokenize(fold(text)))
    return list(doc.tokens or [])


def _attach_tokens(spans: list[Span], tokens: list) -> None:
    starts = [t.start for t in tokens]
    for sp in spans:
        i = bisect.bisect_left(starts, sp.start)
        toks = []
        while i < len(tokens) and tokens[i].start < sp.end:
            toks.append(tokens[i])
            i += 1
        sp.tokens = toks


class _SpanIndex:
    """Spans by start, to find the ones that may overlap a span without a pass over all of them:
    a span overlapping ``sp`` starts before ``sp.end`` and after ``sp.start`` minus the longest span."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in spans), default=0)

    def near(self, sp: Span) -> list[Span]:
        lo = bisect.bisect_left(self.starts, sp.start - self.longest)
        return self.spans[lo:bisect.bisect_left(self.starts, sp.end)]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _split_at_lines(spans: list[Span], text: str) -> list[Span]:
    """A PER span the tagger runs over a line break («Мик Джаггер\\nРокер», a caption, a heading)
    is one span a line."""
    out = []
    for sp in spans:
        if sp.type != "PER" or "\n" not in sp.text or not sp.tokens:
            out.append(sp)
            continue
        run = [sp.tokens[0]]
        for prev, t in zip(sp.tokens, sp.tokens[1:], strict=False):
            if "\n" in text[prev.stop:t.start]:
                out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run,
                                source=sp.source))
                run = []
            run.append(t)
        out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run, source=sp.source))
    return out
