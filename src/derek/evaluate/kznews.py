"""Scorer for the hand-annotated Kazakhstan news (``../shared/data/kznews/*.json``) and the seed.

Matching rules (``../shared/docs/DATA.md``), all micro-averaged over the folder:

* persons: by name — the same surname and, when both sides give one, the same
  first initial; a gold person marked ``optional`` counts neither way;
* positions: the same person and the title's key words — 4-letter stems of the
  words other than prepositions and conjunctions — with a Jaccard overlap of at
  least 0.5, or every gold key word present. The gold position is a phrase with
  its organization or place («аким Турксибского района»); derek's title is
  tried alone and together with its org and place, and the best fit counts;
* quotes: the text's word overlap (Dice over word counts) at least 0.5;
  «with speaker» also needs the speaker to match (a person by name as above,
  an organization by its key words).

Each response item matches at most one gold item (best overlap first).
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .metrics import Score

log = logging.getLogger("derek.evaluate.kznews")

CATEGORIES = ("persons", "positions", "quotes", "quotes+speaker")
QUOTE_OVERLAP = 0.5
TITLE_JACCARD = 0.5

# Function words left out of a position's key words.
STOPWORDS = frozenset(
    "и в во на по при с со о об обо для от до за из к ко у а также или its of the and".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:[-‑][^\W\d_]+)*")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+(?:[^\W\d_]\.?)?$")


def _norm(s: str) -> str:
    return s.lower().replace("ё", "е").replace("‑", "-")


def words(text: str) -> list[str]:
    return [_norm(w) for w in _WORD.findall(text or "")]


def key_stems(text: str) -> set[str]:
    """4-letter stems of the key words of a title or name."""
    return {w[:4] for w in words(text) if w not in STOPWORDS}


def title_match(gold: str, variants: Sequence[str]) -> float:
    """The best Jaccard of gold's key stems with a variant's (1.0 when all gold stems are present); 0 if none fits."""
    g = key_stems(gold)
    if not g:
        return 0.0
    best = 0.0
    for v in variants:
        s = key_stems(v)
        if not s:
            continue
        jac = len(g & s) / len(g | s)
        score = 1.0 if g <= s else jac
        if score >= TITLE_JACCARD:
            best = max(best, score)
    return best


def text_overlap(a: str, b: str) -> float:
    """Dice overlap of the two texts' word counts."""
    ca, cb = Counter(words(a)), Counter(words(b))
    total = sum(ca.values()) + sum(cb.values())
    return 2 * sum((ca & cb).values()) / total if total else 0.0


# ---------------------------------------------------------------------------------------
# names


@dataclass(frozen=True)
class NameKey:
    surname: str
    initial: str | None


def name_key(name: str, first: str | None = None, last: str | None = None) -> NameKey | None:
    """Surname and first initial of a person's name («Касым-Жомарт Токаев», «Серикбаев А.Ж.», «Кажин»)."""
    if last:
        return NameKey(_norm(last), _norm(first)[0] if first else None)
    parts = (name or "").split()
    if not parts:
        return None
    initials = [p for p in parts if _INITIALS.match(p)]
    full = [p for p in parts if not _INITIALS.match(p)]
    if not full:
        return None
    if initials:  # «Серикбаев А.Ж.» / «А.Ж. Серикбаев»
        return NameKey(_norm(full[-1]), _norm(initials[0])[0])
    if len(full) == 1:
        return NameKey(_norm(full[0]), None)
    return NameKey(_norm(full[-1]), _norm(full[0])[0])


def same_person(a: NameKey | None, b: NameKey | None) -> bool:
    if a is None or b is None or a.surname != b.surname:
        return False
    return a.initial is None or b.initial is None or a.initial == b.initial


def same_speaker(gold: str | None, resp: str | None) -> bool:
    if not gold or not resp:
        return False
    if same_person(name_key(gold), name_key(resp)):
        return True
    g, r = key_stems(gold), key_stems(resp)
    return bool(g and r) and len(g & r) / len(g | r) >= 0.5


# ---------------------------------------------------------------------------------------
# gold and response items


@dataclass
class GoldDoc:
    id: str
    text: str
    url: str | None
    persons: list[dict[str, Any]]
    occupations: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    quotes_optional: list[dict[str, Any]] = field(default_factory=list)


def read_kznews(folder: str | Path) -> list[GoldDoc]:
    """Every ``*.json`` of a kznews-style folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder", code="E101")
    docs = []
    for p in sorted(folder.glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InputError(str(p), f"not a kznews JSON file ({e})", code="E103") from e
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            raise InputError(str(p), "no «text» field", code="E103")
        docs.append(GoldDoc(
            id=d.get("id") or p.stem, text=d["text"], url=d.get("url"),
            persons=list(d.get("persons") or []), occupations=list(d.get("occupations") or []),
            quotes=list(d.get("quotes") or []),
        ))
    if not docs:
        raise InputError(str(folder), "no *.json files", code="E101")
    return docs


def read_seed(txt: str | Path, expected: str | Path) -> GoldDoc:
    """The seed article with its ``.expected.json`` in the same shape as a kznews file."""
    e = json.loads(Path(expected).read_text(encoding="utf-8"))
    persons, occupations = [], []
    for p in e.get("people") or []:
        persons.append({"name": p["name"], "first": p.get("first"), "last": p.get("last")})
        for pos in p.get("positions") or []:
            where = pos.get("org") or pos.get("place")
            occupations.append({
                "who": p["name"],
                "position": f"{pos['title']} {where}" if where else pos["title"],
                "org": pos.get("org"), "place": pos.get("place"),
            })
    return GoldDoc(
        id=Path(txt).stem, text=Path(txt).read_text(encoding="utf-8"), url=None,
        persons=persons, occupations=occupations, quotes=list(e.get("quotes") or []),
        quotes_optional=list(e.get("quotes_may") or []),
    )


@dataclass
class DocResult:
    id: str
    scores: dict[str, Score]
    missed: dict[str, list[str]]
    extra: dict[str, list[str]]


def _match(
    gold: Sequence[Any], resp: Sequence[Any], score: Callable[[Any, Any], float]
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """One-to-one pairs by decreasing score (> 0); returns pairs, unmatched gold, unmatched response."""
    cands = []
    for gi, g in enumerate(gold):
        for ri, r in enumerate(resp):
            s = score(g, r)
            if s > 0:
                cands.append((s, gi, ri))
    cands.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for _, gi, ri in cands:
        if gi not in used_g and ri not in used_r:
            pairs.append((gi, ri))
            used_g.add(gi)
            used_r.add(ri)
    return pairs, [i for i in range(len(gold)) if i not in used_g], [i for i in range(len(resp)) if i not in used_r]


def _count(
    gold: Sequence[Any], optional: Sequence[Any], resp: Sequence[Any], score: Callable[[Any, Any], float]
) -> tuple[Score, list[int], list[int]]:
    pairs, miss_g, miss_r = _match(gold, resp, score)
    if optional:  # responses that match an optional gold item count neither way
        rest = [resp[i] for i in miss_r]
        opt_pairs, _, _ = _match(optional, rest, score)
        dropped = {miss_r[ri] for _, ri in opt_pairs}
        miss_r = [i for i in miss_r if i not in dropped]
    tp = len(pairs)
    return Score.simple(tp, tp + len(miss_g), tp + len(miss_r)), miss_g, miss_r


def _person_key(p: Any) -> NameKey | None:
    if isinstance(p, dict):
        return name_key(p.get("name", ""), p.get("first"), p.get("last"))
    return name_key(p.name, getattr(p, "first", None), getattr(p, "last", None))


def score_article(gold: GoldDoc, article: Any) -> DocResult:
    """Score one derek Article against one annotated document."""
    scores: dict[str, Score] = {}
    missed: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}

    # persons
    req = [p for p in gold.persons if not p.get("optional")]
    opt = [p for p in gold.persons if p.get("optional")]
    people = list(article.people)

    def person_score(g: Any, r: Any) -> float:
        return 1.0 if same_person(_person_key(g), _person_key(r)) else 0.0

    s, mg, mr = _count(req, opt, people, person_score)
    scores["persons"] = s
    missed["persons"] = [req[i]["name"] for i in mg]
    extra["persons"] = [people[i].name for i in mr]

    # positions
    resp_pos = [(p, pos) for p in people for pos in p.positions]

    def position_score(g: dict[str, Any], r: Any) -> float:
        person, pos = r
        if not same_person(name_key(g["who"]), _person_key(person)):
            return 0.0
        variants = [pos.title]
        if pos.org:
            variants.append(f"{pos.title} {pos.org}")
        if pos.place:
            variants.append(f"{pos.title} {pos.place}")
        if pos.org and pos.place:
            variants.append(f"{pos.title} {pos.org} {pos.place}")
        return title_match(g["position"], variants)

    s, mg, mr = _count(gold.occupations, [], resp_pos, position_score)
    scores["positions"] = s
    missed["positions"] = [f"{gold.occupations[i]['who']}: {gold.occupations[i]['position']}" for i in mg]
    extra["positions"] = [
        f"{resp_pos[i][0].name}: {' / '.join(x for x in (resp_pos[i][1].title, resp_pos[i][1].org) if x)}"
        for i in mr
    ]

    # quotes, by text, then by text and speaker
    quotes = list(article.quotes)

    def quote_score(g: dict[str, Any], r: Any) -> float:
        ov = text_overlap(g["text"], r.text)
        return ov if ov >= QUOTE_OVERLAP else 0.0

    def quote_speaker_score(g: dict[str, Any], r: Any) -> float:
        # an unresolved speaker counts by its phrase as written («участники конференции»)
        resp = r.speaker or getattr(r, "speaker_text", None)
        return quote_score(g, r) if same_speaker(g.get("speaker"), resp) else 0.0

    for cat, fn in (("quotes", quote_score), ("quotes+speaker", quote_speaker_score)):
        s, mg, mr = _count(gold.quotes, gold.quotes_optional, quotes, fn)
        scores[cat] = s
        missed[cat] = [f"{gold.quotes[i].get('speaker')}: {gold.quotes[i]['text'][:80]}" for i in mg]
        extra[cat] = [f"{quotes[i].speaker}: {quotes[i].text[:80]}" for i in mr]
    return DocResult(gold.id, scores, missed, extra)


@dataclass
class KzReport:
    name: str
    docs: list[DocResult]

    @property
    def totals(self) -> dict[str, Score]:
        tot = {c: Score() for c in CATEGORIES}
        for d in self.docs:
            for c in CATEGORIES:
                tot[c].add(d.scores[c])
        return tot

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "documents": len(self.docs),
            "scores": {c: s.to_dict() for c, s in self.totals.items()},
        }
        if details:
            out["documents_detail"] = [
                {"id": d.id, "missed": d.missed, "extra": d.extra} for d in self.docs
            ]
        return out


def score_articles(name: str, gold: Sequence[GoldDoc], articles: Sequence[Any]) -> KzReport:
    return KzReport(name, [score_article(g, a) for g, a in zip(gold, articles, strict=True)])


def run_articles(gold: Sequence[GoldDoc], pipeline: Any = None) -> list[Any]:
    """derek's Article per document; the text goes in as published, date line included."""
    from .run import run_pipeline

    return run_pipeline([{"text": g.text, "url": g.url} for g in gold], pipeline, [g.id for g in gold])


def evaluate_kznews(folder: str | Path, pipeline: Any = None) -> KzReport:
    gold = read_kznews(folder)
    return score_articles(str(folder), gold, run_articles(gold, pipeline))


def evaluate_seed(seed_dir: str | Path, pipeline: Any = None) -> KzReport:
    """Every ``X.txt`` with an ``X.expected.json`` beside it."""
    seed_dir = Path(seed_dir)
    gold = [
        read_seed(t, t.with_suffix(".expected.json"))
        for t in sorted(seed_dir.glob("*.txt"))
        if t.with_suffix(".expected.json").is_file()
    ]
    if not gold:
        raise InputError(str(seed_dir), "no X.txt with X.expected.json", code="E101")
    return score_articles(str(seed_dir), gold, run_articles(gold, pipeline))
