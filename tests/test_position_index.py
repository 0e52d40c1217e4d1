"""The positions stage's per-document indexes give what a scan over every mention gives."""

import pytest

from derek.nlp.positions import PersonMentions
from derek.nlp.posts import PlaceIndex

TEXTS = [
    "Аким города Алматы Ерболат Досаев провёл совещание. Президент поручил акимату Алматы "
    "подготовиться к зиме.\n\nЗаместитель акима Алматы Айдос Сарым сказал, что акимат Алматы готов.",
    "Акимат Павлодарской области объявил тендер. Аким Павлодарской области Асаин Байханов сказал, "
    "что акимат Павлодарской области готов.",
]


def _scan_place(org, entities):
    for e in entities:
        if e.type == "LOC" and any(m.start >= om.start and m.end <= om.end for m in e.mentions for om in org.mentions):
            return e.name
    return None


def _scan_between(items, a, b):
    return [x for x in items if a <= x[1].start and (b is None or x[1].start < b)]


@pytest.mark.parametrize("text", TEXTS)
def test_place_index_matches_a_scan_of_every_mention(pipeline, text):
    art = pipeline.extract(text)
    index = PlaceIndex(art.entities)
    orgs = [e for e in art.entities if e.type == "ORG" and e.mentions]
    assert any(_scan_place(org, art.entities) for org in orgs), "an organization's name names a place"
    for org in orgs:
        assert index.place_in(org) == (_scan_place(org, art.entities)
                                       if any(w in org.name.lower() for w in ("город", "област", "район", "акимат", "маслихат"))
                                       else None)


@pytest.mark.parametrize("text", TEXTS)
def test_person_mentions_ranges_and_antecedents_match_a_scan(pipeline, text):
    art = pipeline.extract(text)
    person_of = {p.entity: p for p in art.people}
    index = PersonMentions(art.entities, person_of)
    items = sorted(((e, m, person_of.get(e.id)) for e in art.entities if e.type == "PER" for m in e.mentions),
                   key=lambda x: x[1].start)
    assert items, "the text names a person"
    cuts = sorted({0, len(text)} | {m.start for _, m, _ in items} | {m.end for _, m, _ in items})
    for a in cuts:
        for b in cuts + [None]:
            assert index.between(a, b) == _scan_between(items, a, b)
        for gender in ("m", "f"):
            before = [x for x in items if x[1].start < a and x[2] is not None and x[2].gender in (gender, None)]
            got = index.antecedent(a, gender)
            assert (got[0], got[1].start, got[1].end) == (before[-1][0], before[-1][1].start, before[-1][1].end) \
                if before else got is None
