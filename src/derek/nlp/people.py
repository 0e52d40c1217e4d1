"""People: one record per person entity, with name parts, gender and mention counts."""

from __future__ import annotations

from ..article import Person
from ..stage import Stage, Work
from .names import parse_name


class PeopleStage(Stage):
    name = "people"
    requires = ("entities",)
    provides = ("people",)

    def __call__(self, work: Work) -> Work:
        people = []
        # names the Kazakh tagger found come with their parts (Kazakh order: first, -ұлы, surname)
        kk_parts = {sp.normal: sp.name for sp in work.spans if sp.source == "kk-crf" and sp.name is not None}
        for e in work.article.entities:
            if e.type != "PER":
                continue
            np = kk_parts.get(e.name) or parse_name(e.name.split(), kazakh=work.article.lang == "kk")
            people.append(Person(entity=e.id, name=e.name, first=np.first, middle=np.middle,
                                 last=np.last, gender=np.gender, mentions=len(e.mentions)))
        work.article.people = people
        return work
