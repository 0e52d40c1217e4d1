"""The one place where the rules' claims become positions: a claim's post is put in words (title,
organization, place), a claim that repeats a position already made only adds its rule's name to
it, and once every rule has run, succession ends the posts it says were left, national posts get
the country the text is about, and a bare title next to the same title with an organization goes.

Claims are resolved in the order the rules make them (the first claim of a position sets its
evidence and tense)."""

from __future__ import annotations

import re
from bisect import bisect_left

from ...article import Article, Entity, Position
from ..ner import lemma
from ..posts import TITLE_SYNONYMS, akimat, countries, national, noun_lemma, title_text
from .claims import Claim
from .context import DocContext

TAGGER_RULE = "post_tagger"  # positions added by the trained post tagger and linker (post_positions.py)


def _org_and_place(ctx: DocContext, claim: Claim, title: str, lead_org: Entity | None) -> tuple:
    t = claim.post
    org = t.org_text or (t.org.name if t.org else None)
    if org is None and t.place is None and not t.geo and lead_org is not None \
            and len(t.toks) == 1 and not national(title) and not t.title_override:
        org = lead_org.name  # a bare post in a sentence set in an organization
    if title in TITLE_SYNONYMS:  # «мажилисмен» → «депутат» of the Мажилис
        title, implied = TITLE_SYNONYMS[title]
        org = org or implied
    place = t.place.name if t.place else None
    if org and re.search(r"\bгорода$", org) and ctx.main_place:
        org = f"{org} {ctx.main_place}"
        place = place or ctx.main_place
    last = t.toks[-1].text.lower()
    last_lemma = noun_lemma(last[4:]) if last.startswith("экс-") else lemma(t.toks[-1])
    if org is None and place is not None and last_lemma == "аким":
        org = akimat(t.place_text or place)
        if not any(e.type == "ORG" and e.name.lower() == org.lower() for e in ctx.art.entities):
            # an organization the text implies without naming it: an entity with no mentions
            ctx.art.entities.append(Entity(id=f"T{len(ctx.art.entities) + 1}", type="ORG", name=org))
    if t.org and t.org.type == "ORG" and place is None:
        place = ctx.places.place_in(t.org)
    if place is None and t.geo:
        place = t.geo
    return title, org, place


def resolve(ctx: DocContext, claim: Claim, lead_org: Entity | None = None) -> Position | None:
    """Add the claim's position to its person, or its rule's name to the same position made before;
    the new position (None when there is none)."""
    person = ctx.person_of.get(claim.person.id)
    if claim.ended_in is not None:  # the post may have been read already as current («на посту акима X»)
        ctx.ended.append((claim.person.id, title_text(claim.post.toks), *claim.ended_in))
    if person is None:
        return None
    t = claim.post
    title = t.title_override or title_text(t.toks)
    if t.title_suffix:
        title = f"{title} {t.title_suffix}"
    title, org, place = _org_and_place(ctx, claim, title, lead_org)
    key = (person.entity, title, org or place)
    if key in ctx.seen:
        rules = ctx.seen[key].rules
        if claim.rule not in rules:
            rules.append(claim.rule)
        return None
    if not (title.split()[-1] if title else ""):
        return None
    s, e = claim.evidence
    pos = Position(title=title, org=org, place=place, tense=claim.tense or ("past" if t.past else "current"),
                   start=s, end=e, evidence=ctx.text[s:e], rules=[claim.rule])
    ctx.seen[key] = pos
    person.positions.append(pos)
    if t.country:
        ctx.country_posts.add(id(pos))
    return pos


def end_succeeded_posts(ctx: DocContext) -> None:
    """A post a succession says someone left is past wherever its sentence states it."""
    for p in ctx.art.people:
        for q in p.positions:
            if any(p.entity == eid and q.title == title and a <= (q.start or -1) < b
                   for eid, title, a, b in ctx.ended):
                q.tense = "past"


def place_national_posts(art: Article, country_posts: set[int] | frozenset[int] = frozenset()) -> None:
    """«Премьер-министр Михаил Фрадков» in a text about Russia: a national post the text does not
    place belongs to the country named last before it (or, with none before, the first after);
    ``country_posts``: the id() of positions said to be the country's («… страны») whatever the title."""
    mentions = []
    for e in art.entities:
        if e.type == "LOC" and e.name.lower() in countries():
            mentions.extend((m.start, e.name) for m in e.mentions)
    if not mentions:
        return
    mentions.sort()
    starts = [s for s, _ in mentions]
    for p in art.people:
        for q in p.positions:
            if q.org or q.place or not (national(q.title) or id(q) in country_posts):
                continue
            at = q.start if q.start is not None else 0
            i = bisect_left(starts, at)  # the mentions before ``at`` are mentions[:i]
            q.place = mentions[i - 1][1] if i else mentions[0][1]


def drop_bare_titles(art: Article) -> None:
    """«председатель» without an organization adds nothing next to «председатель, Сенат»."""
    for p in art.people:
        p.positions = [q for q in p.positions if q.org or q.place or not any(
            o is not q and o.title == q.title and (o.org or o.place) for o in p.positions)]


def name_tagger_positions(art: Article) -> None:
    """The positions no rule made are the trained tagger's."""
    for p in art.people:
        for q in p.positions:
            if not q.rules:
                q.rules.append(TAGGER_RULE)
