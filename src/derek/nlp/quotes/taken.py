"""The claims accepted so far, indexed by offset: overlap and containment tests by bisection."""

from __future__ import annotations

import bisect

from .claims import Claim

COLON_RULES = ("colon_paragraph", "speech_then_marks", "continued_paragraph")


class Taken:
    """Accepted claims; their spans never overlap, so they are kept sorted by start."""

    def __init__(self) -> None:
        self.claims: list[Claim] = []
        self._starts: list[int] = []
        self._ends: list[int] = []
        self.cues: set[int] = set()
        self.texts: set[str] = set()  # normalized texts: the same statement is one quote
        self.nested: list[Claim] = []  # reported speech inside an accepted direct quote

    def add(self, c: Claim, key: str = "") -> None:
        i = bisect.bisect_left(self._starts, c.start)
        self._starts.insert(i, c.start)
        self._ends.insert(i, c.end)
        self.claims.insert(i, c)
        if c.rule not in COLON_RULES:  # «X добавил, что …:» also reports the clause before its colon
            self.cues.add(c.cue_start)
        self.texts.add(key)

    def has_text(self, key: str) -> bool:
        return key in self.texts

    def overlaps(self, a: int, b: int) -> bool:
        """Does an accepted claim overlap [a, b)?"""
        i = bisect.bisect_left(self._starts, b)
        return i > 0 and self._ends[i - 1] > a

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos)
        return i > 0 and self._ends[i - 1] > pos

    def container(self, pos: int) -> Claim | None:
        """The accepted claim covering ``pos``, if any."""
        i = bisect.bisect_right(self._starts, pos)
        return self.claims[i - 1] if i > 0 and self._ends[i - 1] > pos else None

    def starting_in(self, a: int, b: int) -> list[Claim]:
        """The accepted claims starting in [a, b), in order."""
        return self.claims[bisect.bisect_left(self._starts, a) : bisect.bisect_left(self._starts, b)]

    def first_in(self, a: int, b: int) -> Claim | None:
        """The first accepted claim starting in [a, b)."""
        i = bisect.bisect_left(self._starts, a)
        return self.claims[i] if i < len(self._starts) and self._starts[i] < b else None
