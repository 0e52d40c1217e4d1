"""robots.txt, read once per host and cached (RFC 9309).

A missing robots.txt (4xx) allows everything; one that answers 5xx disallows the host for now,
as the RFC asks, and the reason says so. (A network error reading it is the URL's network
error, see ``client``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser


@dataclass
class RobotsRules:
    """The rules of one host: ``parser`` None allows all; ``unreachable`` set disallows all."""

    parser: RobotFileParser | None = None
    unreachable: str | None = None
    status: int | None = None  # the robots.txt's HTTP status when it was unreachable

    def allows(self, agent: str, url: str) -> bool:
        if self.unreachable:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        d = self.parser.crawl_delay(agent)
        return float(d) if d is not None else None


def parse_robots(text: str) -> RobotsRules:
    """The rules in a robots.txt body."""
    p = RobotFileParser()
    p.parse(text.splitlines())
    return RobotsRules(parser=p)


def rules_for_status(status: int, body: str) -> RobotsRules:
    """What a robots.txt response means: 2xx its rules, 4xx none, 5xx the host disallowed for now."""
    if 200 <= status < 300:
        return parse_robots(body)
    if 400 <= status < 500:
        return RobotsRules()
    return RobotsRules(unreachable=f"robots.txt answered HTTP {status}", status=status)
