"""Language of the article: Kazakh (kk) when Kazakh-only letters are frequent, else Russian (ru)."""

from __future__ import annotations

import re

from ..stage import Stage, Work

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN = re.compile(r"[a-zA-Z]")


def detect_lang(text: str) -> str:
    kk = len(KAZAKH_LETTERS.findall(text))
    cyr = len(CYRILLIC.findall(text)) + kk
    lat = len(LATIN.findall(text))
    if cyr == 0 and lat > 0:
        return "en"
    if cyr and kk / cyr > 0.02:
        return "kk"
    return "ru"


class LangStage(Stage):
    name = "lang"
    requires = ("text",)
    provides = ("lang",)

    def __call__(self, work: Work) -> Work:
        work.article.lang = detect_lang(work.article.text)
        return work
