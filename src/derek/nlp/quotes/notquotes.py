"""Claims that are not quotes: each check is a named function returning why, or None."""

from __future__ import annotations

from collections.abc import Callable

from .claims import Claim
from .view import View

Check = Callable[[View, Claim], str | None]


def rejected(d: View, c: Claim) -> str | None:
    """Why a claim is not a quote, or None."""
    for check in CHECKS:
        why = check(d, c)
        if why is not None:
            return why
    return None


CHECKS: tuple[Check, ...] = ()
