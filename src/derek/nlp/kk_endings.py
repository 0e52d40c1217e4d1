"""The one table of Kazakh endings: case endings by case, as written after a bare stem and after
the 3rd-person possessive (ы/і/сы/сі). Everything that strips Kazakh endings reads it: the
nominative of names (:mod:`derek.nlp.names`), of institutions and places (:mod:`derek.nlp.kazakh`)
and the Kazakh tagger's stem features. A module of its own so that names can read it without
importing kazakh (which imports names)."""

from __future__ import annotations

CASE_ENDINGS: dict[str, tuple[str, ...]] = {
    "gen": ("ның", "нің", "дың", "дің", "тың", "тің"),
    "dat": ("ға", "ге", "қа", "ке"),
    "acc": ("ны", "ні", "ды", "ді", "ты", "ті"),
    "loc": ("да", "де", "та", "те"),
    "abl": ("дан", "ден", "тан", "тен"),
    "ins": ("мен", "бен", "пен"),
}
AFTER_POSSESSIVE: dict[str, tuple[str, ...]] = {  # «облысының», «министрлігіне», «облысында»
    "gen": ("ның", "нің"), "dat": ("на", "не"), "acc": ("н",), "loc": ("нда", "нде"),
    "abl": ("нан", "нен"), "ins": ("мен",),
}
POSSESSIVE = ("сы", "сі", "ы", "і")


def name_case_endings() -> tuple[str, ...]:
    """Every case ending a name can carry (bare stem or after a possessive), longest first; the
    possessive accusative «-н» alone is left out (too short to tell on a name)."""
    endings = {e for table in (CASE_ENDINGS, AFTER_POSSESSIVE) for v in table.values() for e in v}
    return tuple(sorted(endings - {"н"}, key=lambda e: (-len(e), e)))
