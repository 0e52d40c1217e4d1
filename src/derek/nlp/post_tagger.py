"""Post and profession phrases from a trained tagger (CRF, python-crfsuite), trained on NEREL PROFESSION spans.

The model ``models/ru_posts-v2.crfsuite`` tags each sentence's tokens B/I/O
(``training/nerel_posts/`` rebuilds it). Its features are ones a person can
read, all from what derek has already computed for the sentence: the word,
its lemma and the suffixes of both, part of speech and case from slovnet's
morphology, the entity tag of derek's NER span over it, membership in derek's
title, profession, rank and honorific lexicons, and the same for the
neighbours.

The sidecar ``ru_posts-v2.json`` names the format and the feature set; a
model built for other features is refused on load with a clear error.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .. import lexicons
from ..errors import PipelineError
from .ner import case, lemma
from .posts import is_title

MODELS = Path(__file__).resolve().parents[1] / "models"
MODEL_NAME = "ru_posts-v2"
FORMAT = "derek-post-tagger"
FEATURES_VERSION = 2
CRF_MAGIC = b"lCRF"
WINDOW = 2  # neighbours on each side whose features a token sees


@cache
def professions() -> frozenset[str]:
    return frozenset(x.lower() for x in lexicons.lines("professions.txt"))


@cache
def ranks() -> frozenset[str]:
    return frozenset(x.lower() for x in lexicons.lines("ranks.txt"))


@cache
def honorifics() -> frozenset[str]:
    """Nobility and religious ranks written before a name («принц», «графиня», «шейх»)."""
    return frozenset(x.lower() for x in lexicons.lines("person_honorifics.txt"))


def shape(word: str) -> str:
    """«Xx», «x», «X» (all capitals), «d» (digits), «p» (punctuation), «o» (other)."""
    if word.isdigit():
        return "d"
    if not any(c.isalnum() for c in word):
        return "p"
    if word.isupper() and len(word) > 1:
        return "X"
    if word[:1].isupper():
        return "Xx"
    if word.islower():
        return "x"
    return "o"


def token_own(tok, ner_tag: str) -> dict[str, str]:
    """The features of one token on its own (used for itself and as a neighbour)."""
    low = tok.text.lower().replace("ё", "е")
    lem = lemma(tok)
    feats = tok.feats or {}
    return {
        "w": low,
        "l": lem,
        "s3": low[-3:],
        "p": tok.pos or "",
        "c": case(tok) or "",
        "n": feats.get("Number", ""),
        "sh": shape(tok.text),
        "e": ner_tag,
        "t": "1" if is_title(tok) else "0",
        "pr": "1" if lem in professions() else "0",
        "r": "1" if lem in ranks() or lem.split("-")[0] in ranks() else "0",
        "rel": tok.rel or "",
        "ho": "1" if lem in honorifics() or lem.split("-")[-1] in honorifics() else "0",
    }


def sentence_features(toks: Sequence, ner_tags: Sequence[str]) -> list[list[str]]:
    """crfsuite items for a sentence: one list of ``name=value`` strings per token."""
    own = [token_own(t, g) for t, g in zip(toks, ner_tags, strict=True)]
    out = []
    for i, f in enumerate(own):
        low = f["w"]
        items = [f"{k}={v}" for k, v in f.items()]
        lem = f["l"]
        items += [f"s2={low[-2:]}", f"s4={low[-4:]}", f"p3={low[:3]}", f"hy={'-' in low}",
                  f"ls3={lem[-3:]}", f"ls4={lem[-4:]}"]
        items.append(f"pc={f['p']}|{f['c']}")
        for d in range(1, WINDOW + 1):
            for sign, j in (("-", i - d), ("+", i + d)):
                if 0 <= j < len(own):
                    g = own[j]
                    items += [f"{sign}{d}{k}={g[k]}" for k in ("l", "p", "c", "e", "t", "pr", "r", "sh", "ho")]
                    if d == 1:
                        items.append(f"{sign}1w={g['w']}")
                else:
                    items.append(f"{sign}{d}edge")
        if i == 0:
            items.append("first")
        out.append(items)
    return out


def spans_by_token(spans: Sequence) -> dict[int, object]:
    """id(token) → the longest NER span over it."""
    out: dict[int, object] = {}
    for sp in spans:
        for t in sp.tokens:
            prev = out.get(id(t))
            if prev is None or (sp.end - sp.start) > (prev.end - prev.start):
                out[id(t)] = sp
    return out


def ner_tags(toks: Sequence, by_tok: dict) -> list[str]:
    """«B-PER», «I-ORG», «O» … for the tokens of a sentence, from derek's NER spans."""
    out = []
    for t in toks:
        sp = by_tok.get(id(t))
        if sp is None:
            out.append("O")
        else:
            out.append(("B-" if sp.tokens and sp.tokens[0] is t else "I-") + sp.type)
    return out


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges [i, j) of B/I runs."""
    spans, start = [], None
    for k, lab in enumerate(labels):
        if lab == "B" or (lab == "I" and start is None):
            if start is not None:
                spans.append((start, k))
            start = k
        elif lab != "I" and start is not None:
            spans.append((start, k))
            start = None
    if start is not None:
        spans.append((start, len(labels)))
    return spans


def check_card(path: Path) -> dict:
    """The sidecar of a tagger model, refused when its format or feature set is not this code's."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise PipelineError(f"{path}: cannot read the post tagger's metadata ({e})",
                            hint="rebuild it with training/nerel_posts/train.py") from e
    if meta.get("format") != FORMAT or meta.get("features") != FEATURES_VERSION:
        raise PipelineError(
            f"{path}: a post tagger of format {meta.get('format')!r} with features {meta.get('features')!r}; "
            f"this derek reads {FORMAT!r} with features {FEATURES_VERSION}",
            hint="rebuild it with training/nerel_posts/train.py")
    return meta


class PostTagger:
    """Loads the CRF once; ``spans(toks, ner_tags)`` gives the post/profession token ranges of a sentence."""

    def __init__(self, name: str = MODEL_NAME, folder: Path = MODELS) -> None:
        import pycrfsuite

        model = folder / f"{name}.crfsuite"
        self.meta = check_card(folder / f"{name}.json")
        try:
            with model.open("rb") as fh:
                magic = fh.read(4)
        except OSError as e:
            raise PipelineError(f"{model}: cannot read the post tagger ({e})",
                                hint="rebuild it with training/nerel_posts/train.py") from e
        if magic != CRF_MAGIC:
            raise PipelineError(f"{model}: not a crfsuite model", hint="rebuild it with training/nerel_posts/train.py")
        self._path = str(model)
        self._local = threading.local()  # a crfsuite Tagger keeps the sentence it tags: one per thread
        self._open(pycrfsuite)

    def _open(self, pycrfsuite: Any) -> Any:
        tagger = pycrfsuite.Tagger()
        tagger.open(self._path)
        self._local.tagger = tagger
        return tagger

    @property
    def tagger(self) -> Any:
        """This thread's crfsuite Tagger (opened on the thread's first use)."""
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = self._open(pycrfsuite)
        return tagger

    def spans(self, toks: Sequence, ner_tags: Sequence[str]) -> list[tuple[int, int]]:
        if not toks:
            return []
        return bio_spans(self.tagger.tag(sentence_features(toks, ner_tags)))


@cache
def default_tagger() -> PostTagger:
    return PostTagger()
