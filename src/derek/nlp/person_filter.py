"""Persons that are persons: a trained filter over the PER spans of Russian text.

slovnet and derek's name rules propose PER spans; some are not people at all —
a company («Джон Дир»), a club in the genitive («Ливерпуля»), a common noun
opening a sentence («Тюрьма»), a drug («Мельдоний»). A logistic model trained on
NEREL train PERSON spans (training/person_filter/) scores each span from
features a person can read: the words' shapes and endings, the first-name
lexicon, the dictionary's tags (name, surname, place, organization, common
noun), case agreement of the words, the neighbours, whether the words appear
in lower case or inside a named organization elsewhere in the document, and
the rule that proposed the span. Spans scored under the model's threshold go.

The model is a JSON file under ``derek/models/`` (``person_filter-v1.json``):
a format name and version, the threshold and one weight per feature; loading
checks the format and says what is wrong with a file that does not fit.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import models
from .names import _first_lookup, fold, is_patronymic, key, looks_like_surname, name_stem

FORMAT = "derek.person_filter"
VERSION = 1
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / f"person_filter-v{VERSION}.json"

_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "anim", "inan", "NOUN", "ADJF", "VERB", "INFN",
         "PRTF", "ADVB", "Abbr", "Fixd", "plur", "nomn", "gent")


class ModelError(ValueError):
    """A model file that is missing or does not fit this code."""


@dataclass(frozen=True)
class PersonFilter:
    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, feats: list[str]) -> float:
        """The probability that a span with these features names a person."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load(path: Path = MODEL_PATH) -> PersonFilter:
    """Read a person-filter model, checking its format and version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ModelError(f"person filter model {path} is missing; rebuild it with "
                         "`python training/person_filter/train.py`") from e
    except ValueError as e:
        raise ModelError(f"person filter model {path} is not JSON: {e}") from e
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"{path} is not a person filter model (format {data.get('format')!r}, "
                         f"expected {FORMAT!r})" if isinstance(data, dict) else f"{path} is not a model")
    if data.get("version") != VERSION:
        raise ModelError(f"{path} has version {data.get('version')!r}; this derek reads version {VERSION}")
    try:
        return PersonFilter({str(k): float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                            float(data["threshold"]))
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise ModelError(f"{path}: weights, bias or threshold missing or malformed ({e})") from e


@cache
def model() -> PersonFilter:
    return load()


# -- features --------------------------------------------------------------------

def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "UP"
    if re.fullmatch(r"[A-Za-z][a-z\-]*", word):
        return "Lat"
    if word[:1].isupper():
        return "Xx-" if "-" in word else "Xx"
    if word[:1].isdigit():
        return "d"
    return "x"


@cache
def _dict_tags(word: str) -> tuple[str, ...]:
    parses = models.morph_vocab().parse(fold(word).lower())[:2]
    tags: set[str] = set()
    for p in parses:
        tags.update(t for t in _TAGS if t in p.tag)
        if not p.is_known:
            tags.add("unknown")
    return tuple(sorted(tags))


def _word_feats(prefix: str, tok: Any) -> list[str]:
    w = tok.text
    out = [f"{prefix}shape={_shape(w)}", f"{prefix}pos={tok.pos}", f"{prefix}suf={key(w)[-3:]}",
           f"{prefix}case={(tok.feats or {}).get('Case')}"]
    out += [f"{prefix}tag={t}" for t in _dict_tags(w)]
    if _first_lookup(w) is not None:
        out.append(f"{prefix}first")
    if looks_like_surname(w):
        out.append(f"{prefix}surname")
    if is_patronymic(w):
        out.append(f"{prefix}patr")
    return out


@dataclass
class DocIndex:
    """What the document says about words, looked up once per document."""
    lower: frozenset[str]  # stems of words written in lower case somewhere
    multi: frozenset[str]  # stems of words inside PER spans of two or more words
    org_words: frozenset[str]  # stems of words inside ORG/LOC spans


def index_doc(tokens: list, spans: list) -> DocIndex:
    lower = {name_stem(t.text) for t in tokens if t.text[:1].islower() and len(t.text) > 2}
    multi = {name_stem(t.text) for sp in spans if sp.type == "PER" and len(sp.tokens) > 1 for t in sp.tokens}
    org = {name_stem(t.text) for sp in spans if sp.type != "PER" for t in sp.tokens}
    return DocIndex(frozenset(lower), frozenset(multi), frozenset(org))


def features(sp: Any, prev: Any, nxt: Any, doc: DocIndex, sent_start: bool) -> list[str]:
    """The features of one PER span, given its neighbour tokens and the document index."""
    toks = [t for t in sp.tokens if t.pos != "PUNCT"] or sp.tokens
    n = len(toks)
    out = [f"n={min(n, 4)}", f"src={sp.source}"]
    out += _word_feats("w0.", toks[0])
    if n > 1:
        out += _word_feats("wl.", toks[-1])
        cases = {(t.feats or {}).get("Case") for t in toks}
        out.append("agree" if len(cases) == 1 else "disagree")
        if "\n" in sp.text:
            out.append("newline")
    if sent_start:
        out.append("sent_start")
    stems = {name_stem(t.text) for t in toks}
    if n == 1:
        out.append("lower_elsewhere" if stems & doc.lower else "never_lower")
        if stems & doc.multi:
            out.append("in_longer_name")
    if stems & doc.org_words:
        out.append("in_org_loc")
    for side, t in (("prev", prev), ("next", nxt)):
        if t is None:
            out.append(f"{side}=none")
            continue
        if t.pos == "PUNCT":
            out.append(f"{side}.p={t.text}")
        elif t.text[:1].islower():
            out.append(f"{side}.w={t.text.lower()}")
            out.append(f"{side}.pos={t.pos}")
        else:
            out.append(f"{side}.cap")
            out += [f"{side}.tag={x}" for x in _dict_tags(t.text) if x in ("Geox", "Orgn", "Name", "Surn")]
    return out


def span_features(spans: list, doc: Any) -> list[list[str]]:
    """Features of every PER span in ``spans`` (in order), from the natasha ``doc``."""
    tokens = doc.tokens
    where = {id(t): k for k, t in enumerate(tokens)}
    starts = {id(s.tokens[0]) for s in doc.sents if s.tokens}
    index = index_doc(tokens, spans)
    out = []
    for sp in spans:
        if sp.type != "PER" or not sp.tokens:
            continue
        i, j = where.get(id(sp.tokens[0])), where.get(id(sp.tokens[-1]))
        prev = tokens[i - 1] if i else None
        nxt = tokens[j + 1] if j is not None and j + 1 < len(tokens) else None
        out.append(features(sp, prev, nxt, index, id(sp.tokens[0]) in starts))
    return out


def keep_persons(spans: list, doc: Any, flt: PersonFilter | None = None) -> list:
    """The spans without the PER spans the model does not take for persons."""
    flt = flt or model()
    feats = iter(span_features(spans, doc))
    out = []
    for sp in spans:
        if sp.type == "PER" and sp.tokens and flt.score(next(feats)) < flt.threshold:
            continue
        out.append(sp)
    return out
