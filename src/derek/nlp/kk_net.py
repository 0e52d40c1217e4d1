"""Kazakh named entities, the neural tagger (kk_ner-v2), run with numpy only.

A word is read as its folded form, its stem and ending (:mod:`derek.nlp.kazakh`), its shape,
its letters (a character CNN) and derek's lexicon flags (:func:`kk_features.dense_features`);
a bidirectional LSTM reads the sentence and a CRF layer picks the IOB2 labels (Viterbi). The
weights are trained by ``training/kk_ner/net.py`` (torch, training only) and shipped as one
``.npz`` file with its vocabularies; the format, version and feature list are checked on load.

Nothing here keeps state between calls: one :class:`NetModel` serves any number of threads.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from .kk_features import DENSE_NAMES, _own_features, dense_features
from .names import key

FORMAT = "derek-kk-ner-net"
VERSION = 2
FEATURES_VERSION = "kk-ner-net-features/1"
VOCABS = ("word", "stem", "end", "shape", "char")
PAD, UNK = 0, 1
_DIGIT = re.compile(r"\d")


class ModelError(RuntimeError):
    """A Kazakh tagger's model file is missing, damaged or of another format or version."""


def word_key(word: str) -> str:
    """The word-embedding key of a word: folded, lower case, digits as 0."""
    return _DIGIT.sub("0", key(word))


def clip_chars(word: str, size: int) -> str:
    """A long word keeps its start and its end (Kazakh endings carry the case)."""
    return word if len(word) <= size else word[: size // 2] + word[-(size - size // 2):]


def word_ids(word: str, vocab: dict[str, dict[str, int]], max_chars: int) -> tuple[int, ...]:
    """A word's ids: folded word, stem, ending, shape, then its letters (padded to ``max_chars``)."""
    f = _own_features(word)
    table = vocab["char"]
    letters = [table.get(c, UNK) for c in clip_chars(word, max_chars)]
    return (vocab["word"].get(word_key(word), UNK), vocab["stem"].get(str(f["stem"]), UNK),
            vocab["end"].get(str(f["end"]), UNK), vocab["shape"].get(str(f["shape"]), UNK),
            *letters, *([PAD] * (max_chars - len(letters))))


_CACHE_SIZE = 200_000


def encode(words: list[str], vocab: dict[str, dict[str, int]], max_chars: int,
           cache: dict[str, tuple[int, ...]] | None = None) -> dict[str, np.ndarray]:
    """The ids and flags of a sentence's words, as the network reads them; ``cache`` keeps the
    ids of words seen before (a model's own, emptied when full)."""
    rows = []
    for w in words:
        hit = cache.get(w) if cache is not None else None
        if hit is None:
            hit = word_ids(w, vocab, max_chars)
            if cache is not None:
                if len(cache) >= _CACHE_SIZE:
                    cache.clear()
                cache[w] = hit
        rows.append(hit)
    ids = np.array(rows, dtype=np.int64).reshape(len(words), 4 + max_chars)
    return {"word": ids[:, 0], "stem": ids[:, 1], "end": ids[:, 2], "shape": ids[:, 3],
            "char": ids[:, 4:], "dense": dense_features(words)}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _gate_order(m: np.ndarray, hidden: int) -> np.ndarray:
    """torch's gate rows i, f, g, o reordered i, f, o, g (the three sigmoid gates first)."""
    return np.concatenate([m[k * hidden:(k + 1) * hidden] for k in (0, 1, 3, 2)])


def _bilstm_weights(w: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Both directions' weights stacked (direction first), gates in the order i, f, o, g."""
    hidden = w["fw_hh"].shape[1]
    out = {name: np.stack([_gate_order(w[f"{d}_{name}"], hidden) for d in ("fw", "bw")])
           for name in ("ih", "hh", "b")}
    out["rec"] = np.ascontiguousarray(out["hh"].transpose(0, 2, 1))  # (2, hidden, 4·hidden)
    out["ih_t"] = np.ascontiguousarray(out["ih"].transpose(0, 2, 1))  # (2, in, 4·hidden)
    return out


def _bilstm(x: np.ndarray, lstm: dict[str, np.ndarray]) -> np.ndarray:
    """Both LSTM directions at once over x (2, time, batch, in): the forward input, then the
    reversed one; gives (2, time, batch, hidden)."""
    _, steps, batch, _ = x.shape
    hidden = lstm["hh"].shape[2]
    pre = (x.reshape(2, steps * batch, -1) @ lstm["ih_t"] + lstm["b"][:, None, :])
    pre = pre.reshape(2, steps, batch, -1).transpose(1, 0, 2, 3)  # (time, 2, batch, 4·hidden)
    rec = lstm["rec"]
    h = np.zeros((2, batch, hidden), dtype=np.float32)
    c = np.zeros((2, batch, hidden), dtype=np.float32)
    out = np.empty((steps, 2, batch, hidden), dtype=np.float32)
    one, two, three = hidden, 2 * hidden, 3 * hidden
    for t in range(steps):
        gates = pre[t] + h @ rec
        sig = _sigmoid(gates[..., :three])
        c = sig[..., one:two] * c + sig[..., :one] * np.tanh(gates[..., three:])
        h = sig[..., two:three] * np.tanh(c)
        out[t] = h
    return out.transpose(1, 0, 2, 3)


def viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """The best label path of one sentence's emission scores (time, labels)."""
    score = start + emit[0]
    back = np.empty((len(emit), emit.shape[1]), dtype=np.int64)
    for t in range(1, len(emit)):
        cand = score[:, None] + trans
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emit[t]
    best = int((score + end).argmax())
    path = [best]
    for t in range(len(emit) - 1, 0, -1):
        best = int(back[t, best])
        path.append(best)
    return path[::-1]


def _meta(data: np.lib.npyio.NpzFile, name: str, path: Path) -> str:
    if name not in data.files:
        raise ModelError(f"Kazakh NER model {path}: no «{name}» entry; not a {FORMAT} file")
    return str(data[name])


_WEIGHTS = ("emb_word", "emb_stem", "emb_end", "emb_shape", "emb_char", "conv_w", "conv_b",
            "fw_ih", "fw_hh", "fw_b", "bw_ih", "bw_hh", "bw_b", "out_w", "out_b",
            "crf_trans", "crf_start", "crf_end")


class NetModel:
    """The weights and vocabularies of a kk_ner-v2 file, loaded once, read-only."""

    def __init__(self, path: Path) -> None:
        hint = "rebuild it with `python training/kk_ner/net.py build`"
        try:
            data = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as e:
            raise ModelError(f"Kazakh NER model {path}: cannot read it as .npz ({e}); {hint}") from e
        with data:
            fmt, version = _meta(data, "format", path), _meta(data, "version", path)
            if fmt != FORMAT or version != str(VERSION):
                raise ModelError(f"Kazakh NER model {path}: format {fmt} version {version}, this derek "
                                    f"reads {FORMAT} version {VERSION}; {hint}")
            feats = _meta(data, "features", path)
            names = tuple(str(x) for x in data["dense_names"]) if "dense_names" in data.files else ()
            if feats != FEATURES_VERSION or names != DENSE_NAMES:
                raise ModelError(f"Kazakh NER model {path}: built with features {feats}, this derek "
                                    f"computes {FEATURES_VERSION}; {hint}")
            missing = [w for w in (*_WEIGHTS, "labels", *(f"vocab_{v}" for v in VOCABS)) if w not in data.files]
            if missing:
                raise ModelError(f"Kazakh NER model {path}: damaged, no {', '.join(missing)}; {hint}")
            self.w = {name: data[name].astype(np.float32) for name in _WEIGHTS}
            self.labels = tuple(str(x) for x in data["labels"])
            self.vocab = {v: {str(s): i for i, s in enumerate(data[f"vocab_{v}"])} for v in VOCABS}
            self.max_chars = int(data["max_chars"])
            # the labels of another tagger (the CRF named here, next to this file) count as a vote
            self.vote_model = str(data["vote_model"]) if "vote_model" in data.files else ""
            self.vote_weight = float(data["vote_weight"]) if "vote_weight" in data.files else 0.0
        self._lstm = _bilstm_weights(self.w)
        self._ids: dict[str, tuple[int, ...]] = {}  # word → ids; a plain dict: safe to share between threads
        if self.w["out_w"].shape[0] != len(self.labels):
            raise ModelError(f"Kazakh NER model {path}: {len(self.labels)} labels but "
                                f"{self.w['out_w'].shape[0]} outputs; {hint}")

    def _char_vectors(self, chars: np.ndarray) -> np.ndarray:
        """Max-pooled tanh of a width-k convolution over each word's letters, (words, filters)."""
        w, b = self.w["conv_w"], self.w["conv_b"]  # (filters, in, k)
        k = w.shape[2]
        pad = k // 2
        padded = np.zeros((chars.shape[0], chars.shape[1] + 2 * pad), dtype=chars.dtype)
        padded[:, pad:pad + chars.shape[1]] = chars
        emb = self.w["emb_char"][padded]  # (words, chars + 2·pad, in); id 0 is the zero vector
        windows = np.concatenate([emb[:, j:j + chars.shape[1], :] for j in range(k)], axis=2)
        flat = w.transpose(2, 1, 0).reshape(k * w.shape[1], w.shape[0])  # (k*in, filters)
        return np.tanh(windows @ flat + b).max(axis=1)

    def _inputs(self, enc: dict[str, np.ndarray]) -> np.ndarray:
        w = self.w
        return np.concatenate([w["emb_word"][enc["word"]], w["emb_stem"][enc["stem"]],
                               w["emb_end"][enc["end"]], w["emb_shape"][enc["shape"]],
                               self._char_vectors(enc["char"]), enc["dense"]], axis=1)

    def emissions(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Label scores (words, labels) of each sentence; the sentences run through the LSTM together."""
        feats = [self._inputs(encode(s, self.vocab, self.max_chars, self._ids)) for s in sentences]
        lens = [len(f) for f in feats]
        steps, dim = max(lens), feats[0].shape[1]
        fw = np.zeros((steps, len(feats), dim), dtype=np.float32)
        bw = np.zeros_like(fw)
        for b, f in enumerate(feats):
            fw[: len(f), b] = f
            bw[: len(f), b] = f[::-1]  # each sentence reversed in place, padding after it
        w = self.w
        states = _bilstm(np.stack([fw, bw]), self._lstm)
        out = []
        for b, n in enumerate(lens):
            h = np.concatenate([states[0, :n, b], states[1, :n, b][::-1]], axis=1)
            out.append(h @ w["out_w"].T + w["out_b"])
        return out

    def tag_many(self, sentences: list[list[str]], votes: list[list[str]] | None = None) -> list[list[str]]:
        """IOB2 labels of each sentence's words (empty sentences give empty lists); ``votes``, the
        labels another tagger gave the same words, add :attr:`vote_weight` to those labels' scores."""
        index = {lab: i for i, lab in enumerate(self.labels)}
        full = [n for n, s in enumerate(sentences) if s]
        emits = self.emissions([sentences[n] for n in full]) if full else []
        out: list[list[str]] = [[] for _ in sentences]
        w = self.w
        for n, emit in zip(full, emits, strict=True):
            if votes is not None and self.vote_weight:
                cols = [index.get(lab, 0) for lab in votes[n]]
                emit[np.arange(len(cols)), cols] += self.vote_weight
            out[n] = [self.labels[i] for i in viterbi(emit, w["crf_trans"], w["crf_start"], w["crf_end"])]
        return out
