"""slovnet 0.6.0 made faster, on a loaded model instance only (slovnet itself is not modified).

``speed_up(api)`` patches one loaded natasha/slovnet tagger or parser (morphology, syntax, NER):

- ``Conv1d`` layers of the CNN encoder → ``_conv1d``: one matrix product per kernel offset,
  without slovnet's im2col copy and padding copy;
- the ``CRF`` decoder of the NER head → ``_crf_decode``: Viterbi without per-step index arrays;
- the encoder's ``item`` (words → word ids and shape ids) → a shared ``WordCodes`` that caches
  each distinct word's ids across documents;
- the encoder's words vocabulary → navec's own word list and index (``_share_vocab``): the three
  models and navec hold one copy of the 250,002 words instead of four (about 75 MB).

The arithmetic is the same up to the order of float additions in the convolution;
tests/test_tokens.py checks that tags, heads, relations and NER spans come out the same as stock
slovnet on real texts. Checked against slovnet 0.6.0 (pinned in pyproject.toml): the patches
touch slovnet's internals (``infer.encoder``, ``model.encoder.layers[i].conv``, ``model.head.crf``).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _conv1d(conv: Any, x: np.ndarray) -> np.ndarray:
    """slovnet's Conv1d (batch × in × seq → batch × filters × seq'), one GEMM per kernel offset."""
    b, _, n = x.shape
    _, _, k = conv.weight.shape
    p = conv.padding
    w = n + 2 * p - k + 1
    xp = np.zeros((b, n + 2 * p, x.shape[1]), dtype=x.dtype)
    xp[:, p:p + n, :] = x.swapaxes(1, 2)
    kernels = conv.__dict__.get("_kernels")
    if kernels is None:  # per offset j: in × filters, contiguous
        kernels = conv.__dict__["_kernels"] = [np.ascontiguousarray(conv.weight.array[:, :, j].T) for j in range(k)]
    out = xp[:, 0:w, :] @ kernels[0]
    for j in range(1, k):
        out += xp[:, j:j + w, :] @ kernels[j]
    out += conv.bias.array
    return out.swapaxes(2, 1)


def _crf_decode(crf: Any, emissions: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
    """slovnet's CRF Viterbi decoding, the same operations without per-step index arrays."""
    batch_size, seq_len, _ = emissions.shape
    emissions = emissions.swapaxes(1, 0)
    mask = mask.swapaxes(1, 0)
    trans = crf.transitions.array
    all_on = mask.all(-1).tolist()  # steps where no sequence of the batch is padded
    history = []
    score = emissions[0]
    for i in range(1, seq_len):
        s = score[:, :, None] + trans + emissions[i][:, None, :]  # batch × from × to
        idx = s.argmax(-2)
        best = s.max(-2)  # the values at idx
        score = best if all_on[i] else np.where(mask[i][:, None], best, score)
        history.append(idx)
    sizes = (mask.sum(0) - 1).tolist()
    hist = np.stack(history) if history else np.zeros((0, batch_size, trans.shape[0]), dtype=np.int64)
    out = []
    for b in range(batch_size):
        tag = int(score[b].argmax())
        tags = [tag]
        for row in reversed(hist[:sizes[b], b, :].tolist()):  # the same slice as slovnet's history[:size]
            tag = row[tag]
            tags.append(tag)
        tags.reverse()
        out.append(np.array(tags))
    return out


CODES_MAX = 300_000  # distinct words kept encoded per vocabulary


class WordCodes:
    """A slovnet encoder's ``item``: words → (word ids, shape ids), with the ids of each word cached."""

    def __init__(self, encoder: Any) -> None:
        from slovnet.shape import word_shape

        self.words = encoder.words_vocab
        self.shapes = encoder.shapes_vocab
        self.shape = word_shape
        self.cache: dict[str, tuple[int, int]] = {}

    def same_vocabs(self, encoder: Any) -> bool:
        return (encoder.words_vocab.items == self.words.items
                and encoder.shapes_vocab.items == self.shapes.items)

    def __call__(self, words: list[str]) -> tuple[list[int], list[int]]:
        cache = self.cache
        wids, sids = [], []
        for w in words:
            c = cache.get(w)
            if c is None:
                if len(cache) >= CODES_MAX:
                    cache.clear()
                c = cache[w] = (self.words.encode(w.lower()), self.shapes.encode(self.shape(w)))
            wids.append(c[0])
            sids.append(c[1])
        return wids, sids


_codes: list[WordCodes] = []


def word_codes(encoder: Any) -> WordCodes:
    """One shared WordCodes per distinct vocabulary (navec's words serve all three models)."""
    for c in _codes:
        if c.same_vocabs(encoder):
            return c
    c = WordCodes(encoder)
    _codes.append(c)
    return c


def speed_up(api: Any, navec: Any = None) -> Any:
    """Give a loaded slovnet tagger/parser the faster layers and cached word codes (this instance only);
    with ``navec`` (the embedding the model was built on), its words vocabulary is navec's own."""
    from slovnet.exec import model as m

    if navec is not None:
        _share_vocab(api.infer.encoder, navec)

    class FastConv1d(m.Conv1d):  # type: ignore[misc, valid-type]
        def __call__(self, input: np.ndarray) -> np.ndarray:
            return _conv1d(self, input)

    class FastCRF(m.CRF):  # type: ignore[misc, valid-type]
        def decode(self, emissions: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
            return _crf_decode(self, emissions, mask)

    api.infer.encoder.item = word_codes(api.infer.encoder)  # the encoder calls self.item(words)
    model = api.infer.model
    for layer in getattr(getattr(model, "encoder", None), "layers", []) or []:
        if type(layer.conv) is m.Conv1d:
            fast = FastConv1d.__new__(FastConv1d)
            fast.__dict__.update(layer.conv.__dict__)
            layer.conv = fast
    head = getattr(model, "head", None)
    if head is not None and type(getattr(head, "crf", None)) is m.CRF:
        fast_crf = FastCRF.__new__(FastCRF)
        fast_crf.__dict__.update(head.crf.__dict__)
        head.crf = fast_crf
    return api


def _share_vocab(encoder: Any, navec: Any) -> None:
    """Point the encoder's words vocabulary at navec's list and index when they hold the same words
    in the same order (the news models do), so that no copy of them is kept per model."""
    vocab, nv = encoder.words_vocab, navec.vocab
    if vocab.items is nv.words:
        return
    if vocab.items == nv.words and vocab.item_ids == nv.word_ids and vocab.unk_id == nv.unk_id \
            and vocab.pad_id == nv.pad_id:
        vocab.items, vocab.item_ids = nv.words, nv.word_ids
