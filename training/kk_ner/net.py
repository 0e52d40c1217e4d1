"""Train derek's neural Kazakh tagger (kk_ner-v2: char-CNN + word embeddings + BiLSTM + CRF) with torch.

    .venv/bin/pip install -e '.[train]'                    # torch, for training only
    nice .venv/bin/python training/kk_ner/net.py tune       # train 1–7,000, pick the epoch on 7,001–8,000
    nice .venv/bin/python training/kk_ner/net.py vote --net N --crf C  # the CRF vote's weight on 7,001–8,000
    nice .venv/bin/python training/kk_ner/net.py build      # train 1–8,000 → src/derek/models/kk_ner-v2.npz
    nice .venv/bin/python training/kk_ner/net.py all        # the CRF (kk_ner-v1, train.py's) and then the network

The words are encoded by derek's own run-time code (``derek.nlp.kk_net.encode``), and the
weights are written in the layout ``derek.nlp.kk_net.NetModel`` reads with numpy, so training
and run time cannot drift apart. Sentences 8,001–end are held out: this script never reads
them (``train.py heldout`` gives the aggregate figures). Never imported by the package.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from derek.evaluate.kaznerd import read_sentences
from derek.nlp import kk_net
from derek.nlp.kk_features import DENSE_NAMES, _own_features
from derek.nlp.kk_ner import KazakhTagger, labels_to_spans

DATA = Path("../shared/data/kaznerd/IOB2_valid.txt")
OUT = Path(__file__).resolve().parents[2] / "src" / "derek" / "models" / "kk_ner-v2.npz"
DEV_END, TUNE_SPLIT = 8000, 7000
DIMS = {"word": 64, "stem": 48, "end": 16, "shape": 12, "char": 24}
MIN_FREQ = {"word": 2, "stem": 2, "end": 1, "shape": 2, "char": 2}
CHAR_FILTERS, CHAR_WIDTH, MAX_CHARS = 48, 3, 20
HIDDEN = 96
MERGE = {"GPE": "LOC", "LOCATION": "LOC", "PERSON": "PER", "ORGANISATION": "ORG"}


def build_vocab(sentences: list) -> dict[str, list[str]]:
    """Each vocabulary as a list: 0 is padding, 1 an unknown value, then the values seen often enough."""
    counts: dict[str, Counter] = {v: Counter() for v in kk_net.VOCABS}
    for sent in sentences:
        for w, _ in sent:
            f = _own_features(w)
            counts["word"][kk_net.word_key(w)] += 1
            counts["stem"][str(f["stem"])] += 1
            counts["end"][str(f["end"])] += 1
            counts["shape"][str(f["shape"])] += 1
            counts["char"].update(kk_net.clip_chars(w, MAX_CHARS))
    return {v: ["<pad>", "<unk>", *sorted(x for x, n in c.items() if n >= MIN_FREQ[v])]
            for v, c in counts.items()}


class Net(nn.Module):
    def __init__(self, sizes: dict[str, int], n_labels: int, hidden: int = HIDDEN) -> None:
        super().__init__()
        self.emb = nn.ModuleDict({v: nn.Embedding(sizes[v], DIMS[v], padding_idx=0) for v in kk_net.VOCABS})
        self.conv = nn.Conv1d(DIMS["char"], CHAR_FILTERS, CHAR_WIDTH, padding=CHAR_WIDTH // 2)
        width = sum(DIMS[v] for v in kk_net.VOCABS if v != "char") + CHAR_FILTERS + len(DENSE_NAMES)
        self.lstm = nn.LSTM(width, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(2 * hidden, n_labels)
        self.trans = nn.Parameter(torch.zeros(n_labels, n_labels))
        self.start = nn.Parameter(torch.zeros(n_labels))
        self.end = nn.Parameter(torch.zeros(n_labels))

    def emissions(self, batch: dict[str, torch.Tensor], lens: torch.Tensor) -> torch.Tensor:
        b, t, chars = batch["char"].shape
        ch = self.emb["char"](batch["char"].view(b * t, chars)).transpose(1, 2)
        ch = torch.tanh(self.conv(ch)).max(dim=2).values.view(b, t, -1)
        x = torch.cat([self.emb[v](batch[v]) for v in ("word", "stem", "end", "shape")]
                      + [ch, batch["dense"]], dim=2)
        packed = nn.utils.rnn.pack_padded_sequence(self.drop(x), lens, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.out(self.drop(h))

    def nll(self, emit: torch.Tensor, gold: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The CRF's negative log-likelihood of the gold labels, summed over the batch."""
        b, t, _ = emit.shape
        idx = torch.arange(b)
        score = self.start[gold[:, 0]] + emit[idx, 0, gold[:, 0]]
        alpha = self.start + emit[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            step = self.trans[gold[:, i - 1], gold[:, i]] + emit[idx, i, gold[:, i]]
            score = score + step * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + self.trans + emit[:, i].unsqueeze(1), dim=1)
            alpha = torch.where(m.unsqueeze(1) > 0, nxt, alpha)
        last = gold[idx, mask.sum(1).long() - 1]
        score = score + self.end[last]
        return (torch.logsumexp(alpha + self.end, dim=1) - score).sum()


def encode_all(sentences: list, vocab: dict[str, list[str]], labels: list[str]) -> list[dict[str, np.ndarray]]:
    tables = {v: {s: i for i, s in enumerate(vals)} for v, vals in vocab.items()}
    lab = {x: i for i, x in enumerate(labels)}
    out = []
    for sent in sentences:
        enc = kk_net.encode([w for w, _ in sent], tables, MAX_CHARS)
        enc["gold"] = np.array([lab.get(x, lab["O"]) for _, x in sent], dtype=np.int64)
        out.append(enc)
    return out


def collate(items: list[dict[str, np.ndarray]], word_dropout: float) -> tuple[dict, torch.Tensor, torch.Tensor]:
    lens = [len(x["gold"]) for x in items]
    t = max(lens)
    batch: dict[str, torch.Tensor] = {}
    for name in ("word", "stem", "end", "shape", "gold"):
        arr = np.zeros((len(items), t), dtype=np.int64)
        for i, x in enumerate(items):
            arr[i, : lens[i]] = x[name]
        batch[name] = torch.from_numpy(arr)
    chars = np.zeros((len(items), t, MAX_CHARS), dtype=np.int64)
    dense = np.zeros((len(items), t, len(DENSE_NAMES)), dtype=np.float32)
    for i, x in enumerate(items):
        chars[i, : lens[i]] = x["char"]
        dense[i, : lens[i]] = x["dense"]
    batch["char"], batch["dense"] = torch.from_numpy(chars), torch.from_numpy(dense)
    mask = (torch.arange(t)[None, :] < torch.tensor(lens)[:, None]).float()
    if word_dropout:
        drop = (torch.rand(batch["word"].shape) < word_dropout) & (batch["word"] > 1)
        batch["word"] = batch["word"].masked_fill(drop, kk_net.UNK)
    return batch, torch.tensor(lens), mask


def export(net: Net, vocab: dict[str, list[str]], labels: list[str], out: Path) -> None:
    """The weights in the layout :class:`derek.nlp.kk_net.NetModel` reads; the large word and stem
    tables in float16 (half the file; the labels of KazNERD 7,001–8,000 do not change)."""
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    arrays = {f"emb_{v}": sd[f"emb.{v}.weight"] for v in kk_net.VOCABS}
    for v in ("word", "stem"):
        arrays[f"emb_{v}"] = arrays[f"emb_{v}"].astype(np.float16)
    arrays.update(conv_w=sd["conv.weight"], conv_b=sd["conv.bias"],
                  fw_ih=sd["lstm.weight_ih_l0"], fw_hh=sd["lstm.weight_hh_l0"],
                  fw_b=sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
                  bw_ih=sd["lstm.weight_ih_l0_reverse"], bw_hh=sd["lstm.weight_hh_l0_reverse"],
                  bw_b=sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"],
                  out_w=sd["out.weight"], out_b=sd["out.bias"],
                  crf_trans=sd["trans"], crf_start=sd["start"], crf_end=sd["end"])
    meta = {"format": np.array(kk_net.FORMAT), "version": np.array(str(kk_net.VERSION)),
            "features": np.array(kk_net.FEATURES_VERSION), "dense_names": np.array(DENSE_NAMES),
            "labels": np.array(labels), "max_chars": np.array(MAX_CHARS)}
    vocabs = {f"vocab_{v}": np.array(vals) for v, vals in vocab.items()}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, **arrays, **meta, **vocabs)


def _typed(labels: list[str]) -> set[tuple[int, int, str]]:
    return {(s.start, s.end, MERGE.get(s.label, s.label)) for s in labels_to_spans(labels)
            if s.label in MERGE or s.label == "POSITION"}


def span_f1(model: kk_net.NetModel | KazakhTagger, sentences: list) -> dict[str, float]:
    """Exact-span F1 of the network's own labels (no post-processing): PER, LOC, ORG, together, POSITION."""
    pred = model.tag_many([[w for w, _ in s] for s in sentences])
    tp: Counter = Counter()
    ng: Counter = Counter()
    nr: Counter = Counter()
    for sent, labs in zip(sentences, pred, strict=True):
        g, r = _typed([x for _, x in sent]), _typed(labs)
        for counter, spans in ((ng, g), (nr, r), (tp, g & r)):
            for _, _, name in spans:
                counter[name] += 1
                counter["PER/LOC/ORG"] += name != "POSITION"
    keys = ("PER", "LOC", "ORG", "PER/LOC/ORG", "POSITION")
    return {k: 2 * tp[k] / (ng[k] + nr[k]) if ng[k] + nr[k] else 0.0 for k in keys}


def train(train_sents: list, epochs: int, out: Path, tune_sents: list | None = None, seed: int = 1,
          lr: float = 2e-3, batch_size: int = 16, word_dropout: float = 0.1) -> int:
    """Train, write the model to ``out``; with ``tune_sents``, keep the epoch best on them and
    return its number."""
    random.seed(seed)
    torch.manual_seed(seed)
    vocab = build_vocab(train_sents)
    labels = ["O", *sorted({x for s in train_sents for _, x in s} - {"O"})]
    data = encode_all(train_sents, vocab, labels)
    net = Net({v: len(vals) for v, vals in vocab.items()}, len(labels))
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    best, best_epoch = -1.0, epochs
    with tempfile.TemporaryDirectory() as tmp:
        for epoch in range(1, epochs + 1):
            t0 = time.time()
            net.train()
            order = sorted(range(len(data)), key=lambda i: (len(data[i]["gold"]), random.random()))
            batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
            random.shuffle(batches)
            total = 0.0
            for idx in batches:
                batch, lens, mask = collate([data[i] for i in idx], word_dropout)
                loss = net.nll(net.emissions(batch, lens), batch["gold"], mask)
                opt.zero_grad()
                (loss / len(idx)).backward()
                nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                opt.step()
                total += loss.item()
            net.eval()
            msg = f"epoch {epoch}: loss {total / len(data):.3f} ({time.time() - t0:.0f}s)"
            if tune_sents is not None:
                path = Path(tmp) / "kk_ner-v2.npz"
                export(net, vocab, labels, path)
                f1 = span_f1(kk_net.NetModel(path), tune_sents)
                msg += " tune " + " ".join(f"{k} {v:.4f}" for k, v in f1.items())
                if f1["PER/LOC/ORG"] > best:
                    best, best_epoch = f1["PER/LOC/ORG"], epoch
                    export(net, vocab, labels, out)
            print(msg, file=sys.stderr, flush=True)
    if tune_sents is None:
        export(net, vocab, labels, out)
    print(f"→ {out} ({out.stat().st_size / 1e6:.1f} MB), epoch {best_epoch}", file=sys.stderr)
    return best_epoch


EPOCHS = 25  # the final build's epochs: near the best epoch of `tune` (see the model card)
VOTE_MODEL, VOTE_WEIGHT = "kk_ner-v1.crfsuite", 2.0  # the CRF's labels as a vote, weight by `vote`
VOTE_GRID = (0.0, 1.0, 1.5, 2.0, 2.5, 3.0)


def set_vote(path: Path, model: str, weight: float) -> None:
    """Name the CRF (a file next to ``path``) whose labels the network counts as a vote, and its weight."""
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    arrays.update(vote_model=np.array(model), vote_weight=np.array(weight))
    np.savez_compressed(path, **arrays)


def tune_vote(net_path: Path, crf_path: Path, sentences: list) -> None:
    """Exact-span F1 on the tuning sentences (after derek's span rules) for each vote weight."""
    from train import score, show

    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "kk_ner-v2.npz"
        (Path(tmp) / VOTE_MODEL).write_bytes(crf_path.read_bytes())
        for weight in VOTE_GRID:
            model.write_bytes(net_path.read_bytes())
            set_vote(model, VOTE_MODEL, weight)
            print(f"vote weight {weight}")
            show(score(model, sentences))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("tune", "vote", "build", "all"))
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (the machine is shared)")
    ap.add_argument("--out", type=Path, help="where to write the model (tune: a scratch file by default)")
    ap.add_argument("--net", type=Path, help="vote: the network of `tune`")
    ap.add_argument("--crf", type=Path, help="vote: a CRF trained on 1–7,000 (`train.py tune --save`)")
    ap.add_argument("--vote-weight", type=float, default=VOTE_WEIGHT)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    sents = read_sentences(args.data)[:DEV_END]  # never the held-out part
    if args.what == "tune":
        out = args.out or Path(tempfile.gettempdir()) / "kk_ner-v2.tune.npz"
        epoch = train(sents[:TUNE_SPLIT], args.epochs, out, sents[TUNE_SPLIT:], args.seed, args.lr)
        print(f"best epoch {epoch}; model {out}")
    elif args.what == "vote":
        tune_vote(args.net, args.crf, sents[TUNE_SPLIT:])
    else:
        out = args.out or OUT
        if args.what == "all":  # the CRF the network votes with, then the network
            import train as crf

            crf.train(sents, out.parent / VOTE_MODEL, crf.PARAMS)
        train(sents, args.epochs, out, None, args.seed, args.lr)
        set_vote(out, VOTE_MODEL, args.vote_weight)


if __name__ == "__main__":
    main()
