"""Kazakh named entities: derek's Kazakh taggers, trained on KazNERD, and the span rules after them.

Two models are shipped, both built by ``training/kk_ner/`` from KazNERD sentences 1–8,000:

- ``models/kk_ner-v1.crfsuite`` (the default; ``models/kk_ner-v1.md``): a CRF (python-crfsuite)
  over the features of :mod:`derek.nlp.kk_features`;
- ``models/kk_ner-v2.npz`` (``DEREK_KK_NER_MODEL=kk_ner-v2.npz``; ``models/kk_ner-v2.md``): a
  small neural network run with numpy (:mod:`derek.nlp.kk_net`: character CNN, word, stem and
  ending embeddings, derek's lexicon flags, BiLSTM, CRF) that counts the CRF's labels as a
  vote. Better on KazNERD, slower, and not better on kk-news/heldout, so not the default yet.

The models tag all 25 KazNERD classes in IOB2; derek reads PERSON as PER, GPE and LOCATION as
LOC, ORGANISATION as ORG, and POSITION as the post phrases of Kazakh posts.

After the tagger, :meth:`KazakhTagger.spans` cuts spans at a dash, splits persons where a
Kazakh name must end (:func:`split_person`) and reads a name before «облысы/ауданы» as a place.
"""

from __future__ import annotations

import os
import re
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import kazakh, kk_net
from .kk_features import _PLURAL, _SURNAME_END, _Tok, sentence_features
from .kk_net import ModelError
from .names import NameParts, first_names, key

if TYPE_CHECKING:
    import pycrfsuite

MODEL_NAME = "kk_ner-v1.crfsuite"  # kk_ner-v2.npz: see models/kk_ner-v2.md for why it is not the default
MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / MODEL_NAME
CRF_PATH = MODEL_PATH.parent / "kk_ner-v1.crfsuite"  # the CRF alone; kk_ner-v2 counts its labels as a vote
FEATURES_VERSION = "kk-ner-features/1"  # written into the model card; bump when features change
_CRFSUITE_MAGIC = b"lCRF"
_HEADER_SIZE = 48  # magic, size, type, version, 3 counts, 5 offsets: 4 bytes each

REQUIRED_LABELS = ("B-PERSON", "B-GPE", "B-ORGANISATION", "B-POSITION")
# KazNERD classes derek reads as its entity types
ENTITY_TYPES = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANISATION": "ORG"}
__all__ = ["ENTITY_TYPES", "KazakhTagger", "ModelError", "TaggedSpan", "labels_to_spans", "nominative_name",
           "sentence_features", "split_person", "tagger"]


def check_model(path: Path) -> None:
    """A clear error when ``path`` is not a crfsuite model of this tagger (crfsuite itself may
    crash on a broken file, so its header is checked first: magic, size, type, offsets)."""
    hint = "rebuild it with `python training/kk_ner/train.py build`"
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"Kazakh NER model {path}: cannot read it ({e}); {hint}") from e
    if data[:4] != _CRFSUITE_MAGIC:
        raise ModelError(f"Kazakh NER model {path}: not a crfsuite model (starts with {data[:4]!r}, "
                         f"expected {_CRFSUITE_MAGIC!r}); {hint}")
    if len(data) < _HEADER_SIZE or data[8:12] != b"FOMC":
        raise ModelError(f"Kazakh NER model {path}: a crfsuite file but not a CRF model; {hint}")
    size, *offsets = struct.unpack_from("<I", data, 4) + struct.unpack_from("<5I", data, 28)
    if size != len(data) or not all(0 < off < size for off in offsets):
        raise ModelError(f"Kazakh NER model {path}: truncated or damaged ({len(data)} bytes, "
                         f"the header says {size}); {hint}")
    if not path.name.startswith("kk_ner-v1."):
        raise ModelError(f"Kazakh NER model {path}: version {path.name} does not match the features "
                         f"of this derek ({FEATURES_VERSION}, model kk_ner-v1)")


@dataclass(frozen=True)
class TaggedSpan:
    start: int  # first word
    end: int  # after the last word
    label: str  # KazNERD class: PERSON, GPE, ORGANISATION, POSITION, …


class _Crf:
    """The CRF model (kk_ner-v1): each thread gets its own crfsuite Tagger over the same file."""

    def __init__(self, path: Path) -> None:
        check_model(path)
        self.path = path
        self._local = threading.local()
        self.labels = tuple(self._tagger().labels())

    def _tagger(self) -> pycrfsuite.Tagger:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(self.path))
            except Exception as e:  # crfsuite says only «ValueError» on a broken file
                raise ModelError(f"Kazakh NER model {self.path}: crfsuite cannot open it ({e})") from e
            self._local.tagger = tagger
        return tagger

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        tagger = self._tagger()
        return [list(tagger.tag(sentence_features(words))) if words else [] for words in sentences]


def _net(path: Path) -> kk_net.NetModel:
    if not path.name.startswith(f"kk_ner-v{kk_net.VERSION}."):
        raise ModelError(f"Kazakh NER model {path}: version {path.name} does not match this derek's "
                         f"network (kk_ner-v{kk_net.VERSION}, {kk_net.FEATURES_VERSION})")
    return kk_net.NetModel(path)


class _Voted:
    """The network, with the CRF's labels as a vote (the file of kk_ner-v2 names its CRF)."""

    def __init__(self, net: kk_net.NetModel, crf: _Crf) -> None:
        self.net, self.crf, self.labels = net, crf, net.labels

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        return self.net.tag_many(sentences, self.crf.tag_many(sentences))


def _network(path: Path) -> kk_net.NetModel | _Voted:
    net = _net(path)
    return _Voted(net, _Crf(path.parent / net.vote_model)) if net.vote_model else net


class KazakhTagger:
    """A Kazakh tagger over a model file: the network (``.npz``, kk_ner-v2, with the CRF it names
    as a vote) or the CRF alone (``.crfsuite``, kk_ner-v1). Loaded once; tagging keeps no state
    (crfsuite taggers are per thread), so threads share it without a lock."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        if path.suffix == ".npz":
            self._model: _Crf | kk_net.NetModel | _Voted = _network(path)
        elif path.suffix == ".crfsuite":
            self._model = _Crf(path)
        else:
            raise ModelError(f"Kazakh NER model {path}: neither a .npz network nor a .crfsuite CRF")
        self.path = path
        self.labels = self._model.labels
        missing = [c for c in REQUIRED_LABELS if c not in self.labels]
        if missing:
            raise ModelError(f"Kazakh NER model {path}: a model, but not of KazNERD classes "
                             f"(no {', '.join(missing)}); rebuild it with `python training/kk_ner/train.py build`")

    def tag(self, words: list[str]) -> list[str]:
        """IOB2 labels of a sentence's words."""
        return self._model.tag_many([words])[0]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """IOB2 labels of several sentences' words (the network reads them together: faster)."""
        return self._model.tag_many(sentences)

    def spans_many(self, sentences: list[list[str]]) -> list[list[TaggedSpan]]:
        """:meth:`spans` of several sentences, tagged together."""
        return [self._spans(words, labels) for words, labels in zip(sentences, self.tag_many(sentences), strict=True)]

    def spans(self, words: list[str]) -> list[TaggedSpan]:
        """Tagged spans, persons cut where a Kazakh name must end (:func:`split_person`)."""
        return self._spans(words, self.tag(words))

    @staticmethod
    def _spans(words: list[str], labels: list[str]) -> list[TaggedSpan]:
        out = []
        for sp in (part for whole in labels_to_spans(labels) for part in _cut_at_dash(words, whole)):
            if sp.label == "PERSON" and _place_named_last(words, sp):
                out.append(TaggedSpan(sp.end - 1, sp.end, "GPE"))  # «Абай облысының»: a place
                if sp.end - sp.start == 1:
                    continue
                sp = TaggedSpan(sp.start, sp.end - 1, sp.label)  # «Смағұлов Абай ауданының»
            if sp.label == "PERSON" and sp.end < len(words) and kazakh._org_head(words[sp.end]):
                continue  # «Жоғарғы Соттың»: the start of an organization's name, not a person
            if sp.label == "PERSON":
                out.extend(TaggedSpan(a, b, sp.label) for a, b in split_person(words, sp.start, sp.end))
            else:
                out.append(sp)
        return sorted(out, key=lambda sp: sp.start)


_DASHES = frozenset("–—-")
_NO_DASH = frozenset({"PERSON", "POSITION", "GPE", "LOCATION"})  # no such KazNERD span holds a dash


def _cut_at_dash(words: list[str], sp: TaggedSpan) -> list[TaggedSpan]:
    """A person, post or place cut at a dash inside it: «Президентінің кеңесшісі – Президенттің
    баспасөз хатшысы» is two posts (in KazNERD 1–8,000 no span of these classes holds a dash)."""
    if sp.label not in _NO_DASH:
        return [sp]
    out, a = [], sp.start
    for i in range(sp.start, sp.end + 1):
        if i == sp.end or words[i] in _DASHES:
            if i > a:
                out.append(TaggedSpan(a, i, sp.label))
            a = i + 1
    return out


def _place_named_last(words: list[str], sp: TaggedSpan) -> bool:
    """The last word of a tagged person names a place: «облысы», «ауданы», «қаласы» follow it, and
    it is the whole span or no surname or patronymic («Мейіржан Серікбосынұлы Смағұлов Абай
    ауданының әкімі»: Абай is the district)."""
    if sp.end >= len(words) or not key(words[sp.end]).startswith(PLACE_NOUNS):
        return False
    last = key(kazakh.nominative(words[sp.end - 1]))
    return sp.end - sp.start == 1 or not (_SURNAME_END.search(last) or re.search(r"(улы|кызы)$", last))


def _ends_name(words: list[str], i: int) -> bool:
    """Does a name end at word ``i``? In Kazakh only its last word takes a case ending: a surname
    in the genitive ends it («Көпбаевтың Сыздықбеков»), and so does a surname before a word that
    is no name («Ермек Маржықпаев Республикамыздың»)."""
    word = words[i]
    surname = bool(_SURNAME_END.search(key(kazakh.nominative(word))))
    if not surname or re.search(r"(улы|кызы)$", key(word)):
        return False
    genitive = word.lower().endswith(kazakh.CASE_ENDINGS["gen"])  # as written: folded «-дин» is not «-дің»
    return genitive or i + 1 < len(words) and not _name_shaped(words[i + 1])


def _not_name(word: str) -> bool:
    """A listed place, institution or post word, an acronym, a word cut at a hyphen: not a name."""
    return bool(kazakh.find([_Tok(word)])) or kazakh.title_head(kazakh.nominative(word)) is not None \
        or word.endswith("-") \
        or (word.isupper() and len(word) > 1) or kazakh.is_function_word(word) \
        or bool(re.match(r"[^\W\d_]{2,}-", word) and word.partition("-")[0].isupper())  # «БАҚ-та»


def _plural(word: str) -> bool:
    """«Журналистер», «Депутаттарға»: a plural noun (a first name such as «Айдар» is not one)."""
    m = _PLURAL.search(word.lower())
    return bool(m) and m.start() >= 4 and key(word) not in first_names()


# nouns that make a place of the name before them, in any form (folded starts: «облысының», «аудандарында»)
PLACE_NOUNS = ("облыс", "аудан", "каласы", "каласын", "ауыл", "кенти")


def _cased_non_name(word: str) -> bool:
    """A word with a Kazakh case ending that is neither a first name nor a surname («Жарлығымен»)."""
    return kazakh.nominative(word) != word and not _name_shaped(word)


def split_person(words: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """A tagged person cut into the names it holds: after a word with a case ending or a surname
    («Көпбаевтың Сыздықбеков» → two), listed places, institutions and acronyms after it dropped
    («Мұрат Нұртілеу Сенат» → Мұрат Нұртілеу)."""
    out = []
    a = start
    while a < end - 1 and (_plural(words[a]) or _cased_non_name(words[a])):
        a += 1  # «Журналистер Тоқаевтың …», «Жарлығымен Берік Уәли»: no part of the name
    cut = False
    for i in range(a, end):
        if _not_name(words[i]) and i > a:
            out.append((a, i))
            a, cut = end, True  # what follows a place or an institution is not this name
            break
        if _not_name(words[i]):
            a, cut = i + 1, True
            continue
        if i + 1 < end and _ends_name(words, i):
            out.append((a, i + 1))
            a = i + 1
    if a < end:
        out.append((a, end))
    # a part after the first is a name of its own only if it has a first name or a surname
    # a part after the first, or what is left beside a post word or a place, is a name of its own
    # only if it has a first name or a surname («Республика Президентіне» holds none)
    return [(x, y) for n, (x, y) in enumerate(out) if y > x and any(c.isalpha() for c in words[x])
            and (n == 0 and not cut or any(_name_shaped(w) for w in words[x:y]))]


def _name_shaped(word: str) -> bool:
    st = kazakh.nominative(word)
    return key(st) in first_names() or bool(_SURNAME_END.search(key(st)))


def labels_to_spans(labels: list[str]) -> list[TaggedSpan]:
    """Spans of IOB2 labels; an I- after another class starts a span of its own."""
    out: list[TaggedSpan] = []
    start, cls = None, ""
    for i, lab in enumerate([*labels, "O"]):
        kind = lab[2:] if lab[:2] in ("B-", "I-") else ""
        if start is not None and (lab.startswith("B-") or kind != cls):
            out.append(TaggedSpan(start, i, cls))
            start = None
        if kind and start is None:
            start, cls = i, kind
    return out


_lock = threading.Lock()
_shared: KazakhTagger | None = None


MODEL_ENV = "DEREK_KK_NER_MODEL"  # another model: a file name in derek's models/ or a path


def model_path() -> Path:
    """The model the process's tagger loads: :data:`MODEL_PATH`, or the one ``$DEREK_KK_NER_MODEL``
    names («kk_ner-v1.crfsuite»: the CRF alone)."""
    chosen = os.environ.get(MODEL_ENV, "").strip()
    if not chosen:
        return MODEL_PATH
    path = Path(chosen)
    return path if path.is_absolute() or path.parent != Path() else MODEL_PATH.parent / path


def tagger() -> KazakhTagger:
    """The process's one Kazakh tagger, loaded on first use (the lock guards the loading only;
    tagging takes no lock)."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = KazakhTagger(model_path())
    return _shared


def nominative_name(typ: str, tokens: list, start: int, text: str) -> tuple[str, NameParts | None]:
    """(normal name, NameParts or None) of a tagged span: the case ending off its last word, the
    possessive kept; a person's name split into its parts (:func:`kazakh.name_parts`)."""
    last = kazakh.nominative(tokens[-1].text)
    if typ == "PER":
        words = [t.text for t in tokens[:-1] if any(c.isalnum() for c in t.text)] + [last]
        parts = kazakh.name_parts(words)
        return parts.name, parts
    return text[: tokens[-1].start - start] + last, None
