"""Track 1 (named entities): mentions as sets of gold tokens, the pair search, ``.task1`` files."""

from __future__ import annotations

import logging
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError
from ..metrics import Score
from .gold import CONTAINERS, NAME_SPANS, TRACK1_TAGS, FactRuDoc, _read_lines

log = logging.getLogger("derek.evaluate.factru")


@dataclass(eq=False)
class Unit:
    """A mention as a set of gold token indices (gold units carry name weights)."""

    tag: str
    tokens: frozenset[int]
    key: str = ""
    weights: dict[int, float] = field(default_factory=dict)
    parents: list[Unit] = field(default_factory=list)
    siblings: list[Unit] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return any(w > 0 for w in self.weights.values())

    def weight(self, i: int) -> float:
        return self.weights.get(i, 0.0)


def gold_units(doc: FactRuDoc, locorg_as_loc: bool = True) -> list[Unit]:
    units = []
    for m in doc.mentions:
        tag = m.tag
        if tag is None:
            log.debug("%s: mention %s of type %s is not scored in track 1", doc.name, m.id, m.type)
            continue
        if tag == "locorg" and locorg_as_loc:
            tag = "loc"
        weights: dict[int, float] = {}
        for sid in m.span_ids:
            sp = doc.spans.get(sid)
            if sp is None:
                continue
            w = 1.0 if sp.tag in NAME_SPANS.get(tag, ()) else 0.0
            for tid in sp.token_ids:
                i = doc.token_index.get(tid)
                if i is not None:
                    weights[i] = max(weights.get(i, 0.0), w)
        if not weights:
            continue
        units.append(Unit(tag, frozenset(weights), key=m.id, weights=weights))
    for u in units:
        for other in units:
            if other is u or other.tag not in CONTAINERS.get(u.tag, ()):
                continue
            if u.tokens < other.tokens:
                u.parents.append(other)
            elif u.tokens == other.tokens:
                u.siblings.append(other)
    return [u for u in units if u.tag in TRACK1_TAGS]


def _glued_punctuation(doc: FactRuDoc) -> list[bool]:
    """One-character non-letter tokens written against a neighbour: never counted in a response."""
    out = []
    toks = doc.tokens
    for i, t in enumerate(toks):
        glued = False
        if t.length == 1 and not (t.text.lower() != t.text.upper()):
            if i > 0 and t.start == toks[i - 1].end:
                glued = True
            if i + 1 < len(toks) and toks[i + 1].start == t.end:
                glued = True
        out.append(glued)
    return out


Mention1 = tuple[str, int, int]  # (tag, start, length)


def response_units(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> list[Unit]:
    glued = _glued_punctuation(doc)
    units = []
    for tag, start, length in mentions:
        if tag == "locorg" and locorg_as_loc:
            tag = "loc"
        end = start + length
        toks = frozenset(
            i for i, t in enumerate(doc.tokens) if t.start >= start and t.end <= end and not glued[i]
        )
        units.append(Unit(tag, toks))
    return units


class _Track1Matcher:
    """Chooses gold/response pairs for one document and counts the credit."""

    def __init__(self, gold: list[Unit], resp: list[Unit], punct: Sequence[bool] = ()) -> None:
        self.punct = punct or defaultdict(bool)
        order = {t: i for i, t in enumerate(TRACK1_TAGS)}
        self.gold = sorted(gold, key=lambda u: (order[u.tag], u.key))
        self.resp = sorted(resp, key=lambda u: order[u.tag])  # stable: file order within a tag
        self.silenced: set[int] = set()  # same-tag siblings that yield to their twin
        self._index = {id(g): i for i, g in enumerate(self.gold)}
        self.prio: list[dict[int, float]] = []
        for g in self.gold:
            row = {}
            for j, r in enumerate(self.resp):
                if r.tag == g.tag and g.tokens & r.tokens:
                    row[j] = self._overlap(g, r)
            self.prio.append(row)

    @staticmethod
    def _overlap(g: Unit, r: Unit) -> float:
        inter = len(g.tokens & r.tokens)
        return inter / len(g.tokens | r.tokens)

    def credit(self, g: Unit, r: Unit) -> float:
        if g.tag != r.tag:
            return 0.0
        tp = sum(g.weight(i) for i in g.tokens & r.tokens)
        # punctuation inside a gold mention («Солидарность» with its quotes) is never missed
        fn = sum(g.weight(i) for i in g.tokens - r.tokens if not self.punct[i])
        fp = len(r.tokens - g.tokens)
        total = tp + fn + fp
        return tp / total if total > 0 else _Track1Matcher._overlap(g, r)

    def _ignored(self, gi: int, matched: set[int]) -> bool:
        g = self.gold[gi]
        if not g.named or g.parents:
            return True
        for sib in g.siblings[:1]:
            si = self._index[id(sib)]
            if (gi in matched) == (si in matched):
                if sib.tag == g.tag:
                    if gi in self.silenced:
                        return True
                    self.silenced.add(si)
                    return False
                return g.tag != "org"
            return gi not in matched
        return False

    def evaluate(self, pairs: list[tuple[int, int]], tag: str | None = None) -> Score:
        matched_g = {g for g, _ in pairs}
        matched_r = {r for _, r in pairs}
        subset = [(g, r) for g, r in pairs if tag is None or self.gold[g].tag == tag]
        in_subset = {g for g, _ in subset}
        tp = 0.0
        relevant = 0
        counted: set[int] = set()
        for g, r in subset:
            if not self._ignored(g, in_subset):
                tp += self.credit(self.gold[g], self.resp[r])
                counted.add(g)
                relevant += 1
        n_gold = relevant
        for gi, g in enumerate(self.gold):
            if gi in matched_g or (tag is not None and g.tag != tag):
                continue
            if gi not in counted and not self._ignored(gi, in_subset):
                n_gold += 1
        n_resp = relevant + sum(
            1 for j, r in enumerate(self.resp) if j not in matched_r and (tag is None or r.tag == tag)
        )
        return Score.simple(tp, n_gold, n_resp)

    # leaf evaluations allowed per document before the search stops trying alternatives
    BUDGET = 5000

    def _search(self, gold: list[int], resp: list[int], pairs: list[tuple[int, int]]):
        if not gold or not resp:
            self.leaves += 1
            return self.evaluate(pairs).f1, pairs
        cur = gold[0]
        row = self.prio[cur]
        cands = [j for j in resp if row.get(j, 0.0) == 1.0] or [j for j in resp if row.get(j, 0.0) != 0.0]
        best = None
        n_cands = 0
        most_rivals = 0
        for j in cands:
            n_cands += 1
            rivals = 0
            forced_elsewhere = False
            for k in gold:
                pk = self.prio[k].get(j, 0.0)
                if pk == 1.0 and row.get(j, 0.0) < 1.0:
                    forced_elsewhere = True
                if pk != 0.0:
                    rivals += 1
                most_rivals = max(most_rivals, rivals)
            if forced_elsewhere:
                continue
            if best is not None and self.leaves > self.BUDGET:
                break  # a pathological response: keep the first complete assignment found
            res = self._search(gold[1:], [x for x in resp if x != j], pairs + [(cur, j)])
            if best is None or res[0] > best[0]:
                best = res
        if best is None or n_cands == 0 or (n_cands == 1 and most_rivals > 1 and self.leaves <= self.BUDGET):
            res = self._search(gold[1:], resp, pairs)
            if best is None or res[0] > best[0]:
                best = res
        return best

    def solve(self, locorg_as_loc: bool = True) -> dict[str, Score]:
        self.leaves = 0
        limit = sys.getrecursionlimit()
        if limit < len(self.gold) * 3 + 100:
            sys.setrecursionlimit(len(self.gold) * 3 + 100)
        _, pairs = self._search(list(range(len(self.gold))), list(range(len(self.resp))), [])
        out = {"overall": self.evaluate(pairs)}
        for tag in TRACK1_TAGS:
            if tag == "locorg" and locorg_as_loc:
                continue
            out[tag] = self.evaluate(pairs, tag)
        self.pairs = pairs
        return out


def score_track1_doc(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> dict[str, Score]:
    punct = [t.length == 1 and t.text.lower() == t.text.upper() for t in doc.tokens]
    m = _Track1Matcher(gold_units(doc, locorg_as_loc), response_units(doc, mentions, locorg_as_loc), punct)
    return m.solve(locorg_as_loc)


def track1_details(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> list[str]:
    """What the score of one document is made of: missed, partly matched and extra mentions."""
    punct = [t.length == 1 and t.text.lower() == t.text.upper() for t in doc.tokens]
    resp = response_units(doc, mentions, locorg_as_loc)
    for u, (_, start, length) in zip(resp, mentions, strict=True):
        u.key = doc.text[start:start + length]
    m = _Track1Matcher(gold_units(doc, locorg_as_loc), resp, punct)
    m.solve(locorg_as_loc)

    def gtext(u: Unit) -> str:
        idx = sorted(u.tokens)
        return doc.text[doc.tokens[idx[0]].start:doc.tokens[idx[-1]].end]

    out = []
    paired = dict(m.pairs)
    matched = set(paired)
    for gi, g in enumerate(m.gold):
        if m._ignored(gi, matched):
            continue
        if gi not in paired:
            out.append(f"missed  {g.tag} «{gtext(g)}»")
        else:
            q = m.credit(g, m.resp[paired[gi]])
            if q < 1.0:
                out.append(f"partial {g.tag} {q:.2f} «{gtext(g)}» ~ «{m.resp[paired[gi]].key}»")
    used = set(paired.values())
    for j, r in enumerate(m.resp):
        if j not in used:
            out.append(f"extra   {r.tag} «{r.key}»")
    return out


def track1_tags(locorg_as_loc: bool = True) -> list[str]:
    return [t for t in TRACK1_TAGS if not (t == "locorg" and locorg_as_loc)] + ["overall"]


def score_track1(
    docs: Sequence[FactRuDoc], responses: dict[str, Sequence[Mention1]], locorg_as_loc: bool = True
) -> dict[str, Score]:
    """Micro-averaged track-1 scores over the documents; a document without a response counts as empty."""
    total = {t: Score() for t in track1_tags(locorg_as_loc)}
    for doc in docs:
        res = score_track1_doc(doc, responses.get(doc.name, ()), locorg_as_loc)
        for t in total:
            total[t].add(res[t])
    return total


def read_task1(path: str | Path) -> list[Mention1]:
    out = []
    for n, line in enumerate(_read_lines(Path(path)), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or parts[0].lower() not in TRACK1_TAGS:
            raise InputError(str(path), f"line {n}: expected «per|loc|org|locorg START LENGTH»", code="E103")
        out.append((parts[0].lower(), int(parts[1]), int(parts[2])))
    return out


def write_task1(path: str | Path, mentions: Iterable[Mention1]) -> None:
    lines = [f"{tag} {start} {length}" for tag, start, length in mentions]
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def gold_track1_mentions(doc: FactRuDoc, locorg_as_loc: bool = True) -> list[Mention1]:
    """The gold mentions written as a response (each from its first to its last token)."""
    out = []
    for u in gold_units(doc, locorg_as_loc):
        toks = [doc.tokens[i] for i in sorted(u.tokens)]
        out.append((u.tag, toks[0].start, toks[-1].end - toks[0].start))
    return out


