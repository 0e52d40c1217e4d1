"""FactRuEval-2016 folders: the gold layers, official-format responses, and the two scorers.

A folder holds, for each document ``book_N``: ``.txt``, ``.tokens``, ``.spans``,
``.objects``, ``.coref`` and ``.facts`` (see ``../shared/docs/DATA.md``).

Track 1 (named entities) is scored the way the public evaluation scores it
(run with ``-l``, ``locorg`` counted as ``loc``):

* every mention is a set of gold tokens; a response line ``tag start length``
  covers the gold tokens that lie wholly inside it, except one-character
  punctuation glued to a neighbouring token;
* a gold token weighs 1 when it belongs to a name span of the mention
  (``name``/``surname``/``patronymic``/``nickname`` for persons, ``loc_name`` and
  ``org_name`` for places and organizations) and 0 otherwise (descriptors,
  ``geo_adj``), so descriptor words are optional;
* a matched pair earns ``covered weight / (covered + missed weight + extra
  response tokens)``; pairs are chosen per document by the same search the
  public script uses (perfect overlaps are forced, then the assignment with the
  best overall F1);
* gold mentions without a name token, and mentions nested inside another
  mention, are not required (a response that finds them is not penalized);
  an organization and a place over the same tokens count once.

Track 3 (facts) compares ``FACTTYPE:`` blocks of ``ROLE: value`` lines with the
gold ``.facts``: values match a role when they are within edit distance 2 of
one of the gold value's accepted forms (the mention texts, the coreference
names with and without descriptors, name-part combinations for persons, and
for ``Where`` the names of the parts/wholes linked by ``isPartOf``); a fact's
credit is the weighted share of its roles that match (``Position`` weighs 0.5),
facts marked «Сложность повышенная» are not required, ``Фаза`` is dropped.

The package, one module per job: ``gold`` (the gold reader), ``track1`` (the
track-1 scorer and ``.task1`` files), ``mentions`` (derek's entities as
track-1 lines), ``baseline`` (Natasha's), ``facts`` (fact records, gold facts,
``.task3`` files), ``track3`` (the track-3 scorer), ``occupations`` (derek's
positions as Occupation facts) and ``report`` (one evaluation run).
"""

from __future__ import annotations

from .baseline import (
    natasha_mentions,
)
from .facts import (
    HARD,
    ROLE_WEIGHTS,
    SPECIAL_ROLES,
    Fact,
    FactArg,
    edit_distance,
    fact_to_response,
    gold_facts,
    nominative,
    read_task3,
    values_match,
    write_task3,
)
from .gold import (
    CONTAINERS,
    DEREK_TO_TRACK1,
    NAME_SPANS,
    OBJECT_TAGS,
    TRACK1_TAGS,
    FactRuDoc,
    GoldEntity,
    GoldFact,
    GoldFactLine,
    GoldMention,
    GoldSpan,
    Token,
    doc_names,
    normalize_value,
    read_doc,
    read_folder,
)
from .mentions import (
    OffsetMap,
    article_mentions,
)
from .occupations import (
    article_occupations,
)
from .report import (
    FactRuReport,
    evaluate_factru,
    run_derek,
)
from .track1 import (
    Mention1,
    Unit,
    gold_track1_mentions,
    gold_units,
    read_task1,
    response_units,
    score_track1,
    score_track1_doc,
    track1_details,
    track1_tags,
    write_task1,
)
from .track3 import (
    EXHAUSTIVE_LIMIT,
    score_track3,
    score_track3_doc,
    track3_details,
)

__all__ = [
    "CONTAINERS",
    "DEREK_TO_TRACK1",
    "EXHAUSTIVE_LIMIT",
    "Fact",
    "FactArg",
    "FactRuDoc",
    "FactRuReport",
    "GoldEntity",
    "GoldFact",
    "GoldFactLine",
    "GoldMention",
    "GoldSpan",
    "HARD",
    "Mention1",
    "NAME_SPANS",
    "OBJECT_TAGS",
    "OffsetMap",
    "ROLE_WEIGHTS",
    "SPECIAL_ROLES",
    "TRACK1_TAGS",
    "Token",
    "Unit",
    "article_mentions",
    "article_occupations",
    "doc_names",
    "edit_distance",
    "evaluate_factru",
    "fact_to_response",
    "gold_facts",
    "gold_track1_mentions",
    "gold_units",
    "natasha_mentions",
    "nominative",
    "normalize_value",
    "read_doc",
    "read_folder",
    "read_task1",
    "read_task3",
    "response_units",
    "run_derek",
    "score_track1",
    "score_track1_doc",
    "score_track3",
    "score_track3_doc",
    "track1_details",
    "track1_tags",
    "track3_details",
    "values_match",
    "write_task1",
    "write_task3",
]
