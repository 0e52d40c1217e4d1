"""A per-host rate limit: at least ``interval`` seconds between two requests to one host."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostRateLimit:
    """``wait(host)`` sleeps until the host may be asked again, then books the slot.

    ``delays`` overrides the interval for one host (a robots.txt ``Crawl-delay``, capped by the
    caller). The clock and the sleep are injectable so that tests need not wait.
    """

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = max(0.0, interval)
        self.delays: dict[str, float] = {}
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def interval_for(self, host: str) -> float:
        return max(self.interval, self.delays.get(host, 0.0))

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            at = max(now, self._next.get(host, now))
            self._next[host] = at + self.interval_for(host)
        waited = at - now
        if waited > 0:
            self._sleep(waited)
        return waited
