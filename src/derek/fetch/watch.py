"""Polling feeds until stopped: ``derek watch --feeds FILE --every 10m``.

Each round reads every feed once (conditionally: an unchanged feed is one 304) and stores
its new items; then the watch sleeps until the next round is due. ``stop()`` (SIGTERM,
Ctrl-C) ends the current item and the watch. Everything is committed item by item and a
feed's validators are kept only once all its items are done, so a watch that is killed
outright resumes where it stopped, without duplicates.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..corpus.ingest import IngestResult
from .harvest import FeedRun, Harvester

_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_every(value: str) -> float:
    """«10m», «30s», «1h», «1.5h», «250ms», «90» (seconds) → seconds; ``ValueError`` otherwise."""
    m = _EVERY.match(value or "")
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"not an interval: {value!r} (use e.g. 30s, 10m, 1h)")
    return float(m.group(1)) * _UNIT[m.group(2) or "s"]


@dataclass
class Round:
    """What one round did, for the progress line."""

    number: int
    feeds: int = 0
    not_modified: int = 0
    failed_feeds: int = 0
    items: int = 0
    skipped: int = 0
    results: dict[str, int] = field(default_factory=lambda: {"new": 0, "duplicate": 0, "failed": 0})
    seconds: float = 0.0

    def add(self, run: FeedRun) -> None:
        self.feeds += 1
        self.not_modified += run.not_modified
        self.failed_feeds += run.failed is not None
        self.items += run.items
        self.skipped += run.skipped

    def line(self) -> str:
        r = self.results
        return (f"round {self.number}: {self.feeds} feeds ({self.not_modified} not modified, {self.failed_feeds} "
                f"failed), {self.items} items: {r['new']} new, {self.skipped + r['duplicate']} known, "
                f"{r['failed']} failed, {self.seconds:.1f} s")


class Watch:
    """Reads ``feeds`` every ``every`` seconds through ``harvester`` until ``stop()`` or ``rounds``."""

    def __init__(self, harvester: Harvester, feeds: list[str] | Callable[[], list[str]], every: float, *,
                 rounds: int | None = None, on_round: Callable[[Round], None] | None = None) -> None:
        self.harvester = harvester
        self.feeds = feeds  # or a function giving them, called each round (a feed list edited while watching)
        self.every = every
        self.rounds = rounds
        self.on_round = on_round
        self._stop = threading.Event()
        self._round: Round | None = None
        inner = harvester.on_result

        def count(r: IngestResult) -> None:
            if self._round is not None:
                self._round.results[r.status] = self._round.results.get(r.status, 0) + 1
            if inner:
                inner(r)

        harvester.on_result = count

    def stop(self) -> None:
        self._stop.set()
        self.harvester.stop()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> list[Round]:
        done: list[Round] = []
        while not self.stopped and (self.rounds is None or len(done) < self.rounds):
            started = time.monotonic()
            rnd = self._round = Round(len(done) + 1)
            for url in self.feeds() if callable(self.feeds) else self.feeds:
                if self.stopped:
                    break
                rnd.add(self.harvester.feed(url))
            rnd.seconds = time.monotonic() - started
            done.append(rnd)
            if self.on_round:
                self.on_round(rnd)
            if self.rounds is not None and len(done) >= self.rounds:
                break
            self._stop.wait(max(0.0, self.every - rnd.seconds))
        return done
