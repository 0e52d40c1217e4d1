"""Stage: positions. (Not yet implemented: adds nothing.)"""

from __future__ import annotations

from ..stage import Stage, Work


class PositionStage(Stage):
    name = "positions"
    requires = ("entities", "people")
    provides = ("positions",)

    def __call__(self, work: Work) -> Work:
        return work
