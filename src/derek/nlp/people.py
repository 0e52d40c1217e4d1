"""People: one record per person entity, with name parts and mention counts."""

from __future__ import annotations

from ..article import Person
from ..stage import Stage, Work


class PeopleStage(Stage):
    name = "people"
    requires = ("entities",)
    provides = ("people",)

    def __call__(self, work: Work) -> Work:
        people = []
        for e in work.article.entities:
            if e.type != "PER":
                continue
            parts = e.name.split()
            first = parts[0] if len(parts) >= 2 else None
            last = parts[-1] if parts else None
            middle = parts[1] if len(parts) == 3 else None
            people.append(Person(entity=e.id, name=e.name, first=first, middle=middle, last=last,
                                 mentions=len(e.mentions)))
        work.article.people = people
        return work
