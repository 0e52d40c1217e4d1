"""derek's evaluators: FactRuEval-2016 tracks 1 and 3, and the hand-annotated Kazakhstan news.

``derek eval factru`` and ``derek eval kznews`` run them from the command line.
"""

from .factru import FactRuReport, evaluate_factru
from .kznews import KzReport, evaluate_kznews, evaluate_seed
from .metrics import Score

__all__ = ["FactRuReport", "KzReport", "Score", "evaluate_factru", "evaluate_kznews", "evaluate_seed"]
