"""Track 3 (facts): response facts assigned to gold facts, credit per cluster, per-document details."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..metrics import Score
from .facts import Fact, FactArg, gold_facts
from .gold import FactRuDoc


class _Cluster:
    def __init__(self, gold: Fact | None, tests: list[Fact]) -> None:
        self.gold = gold
        self.tests = tests

    def quality(self) -> float:
        if self.gold is None or not self.tests or self.gold.ignored:
            return 0.0
        t_args = [a for t in self.tests for a in t.args]
        matched_g: set[int] = set()
        unmatched_t = []
        by_gold: dict[int, list[FactArg]] = {}
        for ta in t_args:
            for gi, ga in enumerate(self.gold.args):
                if ga.matches(ta):
                    matched_g.add(gi)
                    by_gold.setdefault(gi, []).append(ta)
                    break
            else:
                unmatched_t.append(ta)
        n = sum(self.gold.args[i].weight for i in matched_g)
        fp = sum(a.weight for a in unmatched_t)
        fn = sum(a.weight for i, a in enumerate(self.gold.args) if i not in matched_g)
        arg_q = n / (n + fp + fn) if n + fp + fn > 0 else 0.0
        if len(self.tests) == 1:
            id_q = 1.0
        else:
            ms = sorted(matched_g)
            pairs = list(itertools.combinations(ms, 2))
            joined = sum(
                1 for x, y in pairs
                if any(t1.fact is t2.fact for t1 in by_gold[x] for t2 in by_gold[y])
            )
            id_q = joined / len(pairs) if pairs else 1.0
        return (arg_q + id_q * arg_q) / 2.0


def _score_assignment(gold: list[Fact], test: list[Fact], assign: Sequence[int]) -> Score:
    clusters: dict[int, list[Fact]] = {}
    loose = []
    for t, gi in zip(test, assign, strict=True):
        if gi < 0:
            loose.append(t)
        else:
            clusters.setdefault(gi, []).append(t)
    tp_gold = tp_resp = 0.0
    n_gold = n_resp = 0
    for gi, g in enumerate(gold):
        tests = clusters.get(gi, [])
        q = _Cluster(g, tests).quality()
        tp_gold += q
        tp_resp += q * len(tests)
        if not g.ignored:
            n_gold += 1
            n_resp += len(tests)
    n_resp += len(loose)
    return Score(tp_gold, tp_resp, n_gold, n_resp)


EXHAUSTIVE_LIMIT = 5000


def _improve(gold: list[Fact], test: list[Fact], options: list[list[int]], assign: list[int]) -> list[int]:
    """Move one response fact at a time to the gold fact (or none) that raises F1, until none does."""
    best = _score_assignment(gold, test, assign).f1
    changed = True
    while changed:
        changed = False
        for ti, opts in enumerate(options):
            for gi in opts + [-1]:
                if gi == assign[ti]:
                    continue
                trial = assign[:ti] + [gi] + assign[ti + 1:]
                f1 = _score_assignment(gold, test, trial).f1
                if f1 > best + 1e-12:
                    best, assign, changed = f1, trial, True
    return assign


def _best_assignment(gold: list[Fact], test: list[Fact]) -> tuple[Score, list[int]]:
    options = [[gi for gi, g in enumerate(gold) if g.can_match(t)] for t in test]
    size = 1
    for o in options:
        size *= len(o) + 1
    if size <= EXHAUSTIVE_LIMIT:
        best: tuple[Score, list[int]] | None = None
        for assign in itertools.product(*[o + [-1] for o in options]):
            s = _score_assignment(gold, test, assign)
            if best is None or s.f1 > best[0].f1:
                best = (s, list(assign))
        return best if best is not None else (_score_assignment(gold, test, []), [])
    pairs = sorted(
        ((_Cluster(gold[gi], [test[ti]]).quality(), ti, gi) for ti, opts in enumerate(options) for gi in opts),
        key=lambda x: -x[0],
    )
    assign = [-1] * len(test)
    used: set[int] = set()
    for q, ti, gi in pairs:
        if q > 0 and assign[ti] < 0 and gi not in used:
            assign[ti] = gi
            used.add(gi)
    assign = _improve(gold, test, options, assign)
    return _score_assignment(gold, test, assign), assign


def score_track3_doc(gold: list[Fact], test: list[Fact], fact_type: str = "occupation") -> Score:
    """Best assignment of response facts to gold facts (several may share one gold fact).

    The public script tries every assignment; so does this one while there are
    at most ``EXHAUSTIVE_LIMIT`` of them. Beyond that it pairs facts one to one
    by decreasing quality, then moves single facts while F1 improves.
    """
    gold = [g for g in gold if g.type == fact_type]
    test = [t for t in test if t.type == fact_type]
    return _best_assignment(gold, test)[0]


def _fact_text(f: Fact) -> str:
    return " | ".join(f"{a.role}: {a.label}" for a in f.args)


def track3_details(doc: FactRuDoc, test: list[Fact], fact_type: str = "occupation") -> list[str]:
    """What the score of one document is made of: gold facts missed or partly found, extra response facts."""
    gold = [g for g in gold_facts(doc, fact_type) if g.type == fact_type]
    test = [t for t in test if t.type == fact_type]
    _, assign = _best_assignment(gold, test)
    out = []
    for gi, g in enumerate(gold):
        if g.ignored:
            continue
        tests = [t for t, a in zip(test, assign, strict=False) if a == gi]
        q = _Cluster(g, tests).quality()
        if not tests:
            out.append(f"missed  {_fact_text(g)}")
        elif q < 1.0:
            out.append(f"partial {q:.2f} {_fact_text(g)}  ~  " + " ; ".join(_fact_text(t) for t in tests))
    for t, a in zip(test, assign, strict=False):
        if a < 0:
            out.append(f"extra   {_fact_text(t)}")
    return out


def score_track3(
    docs: Sequence[FactRuDoc], responses: dict[str, list[Fact]], fact_type: str = "occupation"
) -> Score:
    total = Score()
    for doc in docs:
        if not doc.has_facts:
            continue
        total.add(score_track3_doc(gold_facts(doc, fact_type), responses.get(doc.name, []), fact_type))
    return total


