"""Personal names: which word is a first name, patronymic or surname, the gender,
and the nominative form — for Russian and Kazakh names alike.

pymorphy (through natasha's MorphVocab) knows Russian names; Kazakh names are
mostly unknown to it, so a first-name lexicon of the project's own and suffix
rules do the rest. Case is decided once per name (the first name tells it
best) and applied to every part, so «Бауржана Абдишева» → «Бауржан Абдишев»
and «Акшагуль Бердиалиеву» → «Акшагуль Бердиалиева».

* ``words``: the one folding key (:func:`fold`, :func:`key`), the first-name list, surname and
  patronymic endings, Kazakh case endings on a name, :func:`same_name_word`;
* ``forms``: a first name in any case (``_first_lookup``), the nominative of each part;
* ``parse``: :func:`parse_name`, a name as written split into its parts.
"""

from typing import Any

from . import forms, parse, words
from .forms import _first_lookup, is_first_name, nominative_surname
from .parse import parse_name
from .words import (
    PATRONYMIC,
    SURNAME_ANY,
    SURNAME_F,
    SURNAME_M,
    NameParts,
    _bare_stem,
    first_names,
    fold,
    is_patronymic,
    key,
    looks_like_surname,
    name_stem,
    same_name_word,
    strip_kazakh_case,
    surname_gender,
)

__all__ = [
    "PATRONYMIC", "SURNAME_ANY", "SURNAME_F", "SURNAME_M", "NameParts", "_bare_stem", "_first_lookup", "first_names", "fold",
    "is_first_name", "is_patronymic", "key", "looks_like_surname", "name_stem", "nominative_surname",
    "parse_name", "same_name_word", "strip_kazakh_case", "surname_gender",
]


def __getattr__(name: str) -> Any:
    """Any other name of the one module this package was split from (``from derek.nlp.names
    import _restore`` keeps working)."""
    for module in (words, forms, parse):
        if not name.startswith("__") and hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
