"""Precision, recall and F1 with fractional true positives (partial credit)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Score:
    """Counts behind one P/R/F1 figure.

    ``tp_gold`` is the credit earned by gold items (recall numerator) and
    ``tp_resp`` the credit earned by response items (precision numerator);
    they differ only when one gold item is matched by several response items
    (track 3 clusters). Empty on both sides counts as perfect, the convention
    of the public FactRuEval evaluation.
    """

    tp_gold: float = 0.0
    tp_resp: float = 0.0
    n_gold: float = 0
    n_resp: float = 0

    @classmethod
    def simple(cls, tp: float, n_gold: float, n_resp: float) -> Score:
        return cls(tp, tp, n_gold, n_resp)

    def add(self, other: Score) -> None:
        self.tp_gold += other.tp_gold
        self.tp_resp += other.tp_resp
        self.n_gold += other.n_gold
        self.n_resp += other.n_resp

    @property
    def precision(self) -> float:
        return self.tp_resp / self.n_resp if self.n_resp > 0 else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold > 0 else 1.0

    @property
    def f1(self) -> float:
        if self.n_gold + self.n_resp == 0:
            return 1.0
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": round(self.tp_gold, 4),
            "gold": self.n_gold,
            "response": self.n_resp,
        }
