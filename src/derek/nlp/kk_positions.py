"""Kazakh posts: the Kazakh tagger's POSITION spans linked to their holders in Kazakh word order.

The NER stage leaves the POSITION spans of Kazakh sentences in
``work.extra["kk_posts"]`` as (start, end) characters. A post is linked:

- ``before_name``: right before a person («Алматы қаласының әкімі Ерболат
  Досаев»), also across «қызметінен босатылған» («… басшысы қызметінен
  босатылған Салтанат Беспаеваның» → past);
- ``appointed``: after its holder, with the appointing verb («Ерболат Досаев
  Алматы қаласының әкімі болып тағайындалды» → current; «… қызметінен
  босатылды» → past).

The post's organization and place come from its own words (:func:`post_setting`):
a body in the genitive («мәслихатының депутаты» → «… мәслихаты»), a minister's
ministry («Денсаулық сақтау министрі» → «Денсаулық сақтау министрлігі»), a listed
place («Украина Президенті»), or for a bare «облыс әкімі» the region the article
named last.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from ..article import Entity
from ..stage import Work
from . import kazakh
from .posts import Title

# how far (in tokens) a verb phrase may follow a post
VERB_WINDOW = 4
# the words after a post that say it was taken or left (folded stems)
APPOINTED = ("тагайында", "сайлан", "бекит")
LEFT = ("босат", "кет", "алынд")
POST_NOUNS = ("кызмет", "лауазым", "орны", "орнын")  # «қызметіне», «лауазымынан», «орнынан»
PAST_WORDS = ("бурынгы", "экс-")  # «бұрынғы әкім»
REGION_WORDS = {"облыс": "облысы", "облысы": "облысы", "облыстын": "облысы", "кала": "қаласы",
                "каласы": "қаласы", "аудан": "ауданы", "ауданы": "ауданы"}

_REGION_NOUNS = frozenset(kazakh._key(v) for v in REGION_WORDS.values())


@dataclass(frozen=True)
class KazakhPost:
    person: Entity
    title: Title
    evidence: tuple[int, int]
    tense: str
    rule: str


def _key(word: str) -> str:
    return kazakh._key(word)


def _per_mentions(entities: list[Entity]) -> list[tuple[int, int, Entity]]:
    return sorted((m.start, m.end, e) for e in entities if e.type == "PER" for m in e.mentions)


def _region_before(entities: list[Entity], pos: int, word: str) -> str | None:
    """The place named last before ``pos`` whose name ends with the region word («… облысы»)."""
    best = None
    for e in entities:
        if e.type != "LOC" or not e.name.endswith(word):
            continue
        for m in e.mentions:
            if m.start < pos and (best is None or m.start > best[0]):
                best = (m.start, e.name)
    return best[1] if best else None


def post_setting(toks: list, entities: list[Entity]) -> tuple[str | None, str | None]:
    """(organization, place) a post phrase names by its own words."""
    head, mods = toks[-1], toks[:-1]
    org = place = None
    listed = kazakh.find(mods)
    for i, j, typ in listed:
        name = kazakh.canonical([t.text for t in mods[i:j]])
        if typ == "LOC" and place is None:
            place = name
        elif typ == "ORG" and org is None:
            org = name
    if mods and kazakh.genitive(mods[-1].text) and kazakh._org_head(mods[-1].text) and org is None:
        words = [t.text for t in mods]
        org = " ".join([*words[:-1], kazakh.nominative(words[-1])])
    head_key = _key(head.text)
    if head_key.startswith("министр") and mods and org is None and not kazakh.genitive(mods[-1].text):
        org = " ".join(t.text for t in mods) + " министрлігі"  # «Денсаулық сақтау министрі»
    if place is None and mods and _key(mods[-1].text) in REGION_WORDS and len(mods) == 1:
        place = _region_before(entities, toks[0].start, REGION_WORDS[_key(mods[-1].text)])
    if place is None and len(mods) > 1 and kazakh.genitive(mods[-1].text) \
            and _key(kazakh.nominative(mods[-1].text)) in _REGION_NOUNS:
        words = [t.text for t in mods]
        place = " ".join([*words[:-1], kazakh.nominative(words[-1])])  # «Алматы облысының әкімі»
    return org, place


def title_words(toks: list) -> str:
    """The post as a phrase in the nominative: the case ending off its last word, post words lower-cased."""
    words = [t.text for t in toks]
    words[-1] = kazakh.nominative(words[-1])
    return " ".join(w.lower() if kazakh.title_head(w) and not w.isupper() else w for w in words)


def _title(toks: list, entities: list[Entity], first: int, last: int) -> Title:
    t = Title(first, last, toks, any(_key(x.text).startswith(PAST_WORDS) for x in toks))
    org, place = post_setting(toks, entities)
    t.title_override = title_words(toks)
    t.org_text, t.place_text, t.geo, t.plural = org, None, place, False
    return t


def _verb_after(words: list[str]) -> str | None:
    """«болып тағайындалды» → current, «қызметінен босатылды» → past, nothing said → None."""
    keys = [_key(w) for w in words]
    for k in keys:
        if k.startswith(APPOINTED):
            return "current"
        if k.startswith(LEFT) and any(x.startswith(POST_NOUNS) for x in keys):
            return "past"
    return None


def _posts_of_sentence(sent, posts: list[tuple[int, int]], pers: list[tuple[int, int, Entity]],
                       entities: list[Entity]) -> Iterator[KazakhPost]:
    toks = sent.tokens
    starts = [t.start for t in toks]
    for a, b in posts:
        i = bisect.bisect_left(starts, a)
        j = i
        while j < len(toks) and toks[j].stop <= b:
            j += 1
        if j == i:
            continue
        title = _title(toks[i:j], entities, i, j)
        after = [t.text for t in toks[j:j + VERB_WINDOW]]
        verb = _verb_after(after)
        # a person right after the post, or after «қызметінен босатылған»
        gap = 0
        while j + gap < len(toks) and gap < 3 and _key(toks[j + gap].text).startswith((*POST_NOUNS, *LEFT,
                                                                                         *APPOINTED)):
            gap += 1
        nxt = toks[j + gap] if j + gap < len(toks) else None
        holder = next((p for p in pers if nxt is not None and p[0] == nxt.start), None)
        if holder is not None:
            tense = "past" if title.past or (gap and verb == "past") else "current"
            yield KazakhPost(holder[2], title, (a, holder[1]), tense, "before_name")
            continue
        if verb is None:
            continue
        before = [p for p in pers if sent.start <= p[0] and p[1] <= a]
        if before:
            end = toks[min(len(toks), j + VERB_WINDOW) - 1].stop
            yield KazakhPost(before[-1][2], title, (before[-1][0], end), verb, "appointed")


def posts(work: Work) -> list[KazakhPost]:
    """The Kazakh posts of a document, from the tagger's POSITION spans."""
    spans = sorted(work.extra.get("kk_posts") or [])
    if not spans or work.doc is None:
        return []
    entities = work.article.entities
    pers = _per_mentions(entities)
    out: list[KazakhPost] = []
    for sent in work.doc.sents:
        inside = [s for s in spans if sent.start <= s[0] < sent.stop]
        if inside:
            out.extend(_posts_of_sentence(sent, inside, pers, entities))
    return out
