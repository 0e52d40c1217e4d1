"""kk-news (Kazakh-language news, kznews format): the kznews scorer on ../shared/data/kk-news.

``dev/`` is for development; ``heldout/`` is held out, so only its aggregate
figures may be shown (:func:`is_held_out` lets the CLI refuse ``--details``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .kznews import KzReport, evaluate_kznews

HELD_OUT_NAMES = ("heldout",)


def is_held_out(folder: str | Path) -> bool:
    """Is the folder kk-news's held-out part (aggregate figures only)?"""
    return Path(folder).resolve().name in HELD_OUT_NAMES


def evaluate_kknews(folder: str | Path, pipeline: Any = None) -> KzReport:
    """Persons, positions and quotes on a kk-news folder, scored as kznews is."""
    return evaluate_kznews(folder, pipeline=pipeline)
