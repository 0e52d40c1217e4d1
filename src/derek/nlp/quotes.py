"""Stage: quotes. (Not yet implemented: adds nothing.)"""

from __future__ import annotations

from ..stage import Stage, Work


class QuoteStage(Stage):
    name = "quotes"
    requires = ("entities", "people")
    provides = ("quotes",)

    def __call__(self, work: Work) -> Work:
        return work
