"""Named entities: slovnet NER, corrected for Kazakhstan news, grouped into entities.

The cascade:
1. slovnet's NER runs on a Kazakh-folded copy of the text (same length, so
   offsets hold): «Қасым-Жомарт Тоқаев» is then seen as a Russian-shaped name
   (``spans``; the texts of a batch are tagged together).
2. Institutions: a scanner over morphology finds whole organization names that
   start with an institution head word from the lexicon («акимат города
   Алматы», «Управления внутренней политики города», «администрации
   президента», «Ассамблеи народа Казахстана») and replaces slovnet's
   fragments (``institutions``).
3. Persons: spans that look like personal names (a known first name, a
   patronymic, a Russian/Kazakh surname ending) become PER whatever slovnet said;
   position words at the edges («Аким ЗКО») are not names (``persons``); names
   the tagger missed or cut short are added (``extend``).
4. Normal forms (``normal``), with the one lemma service of the stages (``morph``).
5. Grouping: a person's mentions (inflected, surname-only, with initials)
   join one entity; an abbreviation joins its full form (АНК = Ассамблея
   народа Казахстана), and a bare head word («Ассамблея») the one
   organization it heads (``grouping``).

Kazakh sentences go through the Kazakh CRF (``kk_ner``) instead; ``stage`` runs it all.
"""

from typing import Any

from ..names import NameParts, first_names, fold, key, parse_name
from . import extend, grouping, institutions, lexicon, morph, normal, persons, spans, stage
from .grouping import group_entities, group_persons, person_name
from .lexicon import honorifics, institution_heads, org_abbreviations, position_words
from .morph import case, inflect_nom, lemma, normalize_org
from .normal import normalize
from .spans import Span, tag_docs, tag_texts
from .stage import NerStage

__all__ = [
    "NameParts", "NerStage", "Span", "case", "first_names", "fold", "group_entities", "group_persons",
    "honorifics", "inflect_nom", "institution_heads", "key", "lemma", "normalize", "normalize_org",
    "org_abbreviations", "parse_name", "person_name", "position_words", "tag_docs", "tag_texts",
]


def __getattr__(name: str) -> Any:
    """Any other name of the one module this package was split from (``from derek.nlp.ner
    import _trim_person`` keeps working)."""
    for module in (spans, morph, lexicon, institutions, persons, extend, normal, grouping, stage):
        if not name.startswith("__") and hasattr(module, name):
            return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
