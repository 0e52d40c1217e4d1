"""Stage: events. (Not yet implemented: adds nothing.)"""

from __future__ import annotations

from ..stage import Stage, Work


class EventStage(Stage):
    name = "events"
    requires = ("entities", "people")
    provides = ("events",)

    def __call__(self, work: Work) -> Work:
        return work
