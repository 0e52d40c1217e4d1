"""Positions from the trained post tagger and linker, added after derek's rules; every position's ``kind``.

For each sentence the tagger's post phrases are linked to a person and to an
organization or place by :mod:`derek.nlp.post_link`; a post the rules already
gave that person is not added twice. ``kind`` says what a title is: a
``rank`` («полковник»), a ``profession`` («поэт», or a title with no
organization or place that is not an office) or a ``post``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ..article import Person, Position
from ..stage import Work
from .ner import inflect_nom, lemma
from .post_features import post_head
from .post_link import LinkModel, Mention, doc_views, rule_spans, scored_persons, scored_places
from .post_tagger import PostTagger, ner_tags, professions, ranks, spans_by_token
from .posts import PAST_MARKERS, TITLE_SYNONYMS, is_title, titles

OFF_SWITCH = "DEREK_NO_POST_MODELS"  # set to run the rules alone (the models' own training does)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def enabled() -> bool:
    return not os.environ.get(OFF_SWITCH)


def title_kind(title: str, org: str | None, place: str | None) -> str:
    """``rank``, ``profession`` or ``post`` for a nominative title phrase."""
    words = [w.lower() for w in _WORD.findall(title) if w.lower() not in PAST_MARKERS]
    for w in words:
        if w in ranks() or w.split("-")[0] in ranks():
            return "rank"
        if w in professions():
            return "post" if (org or place) and w not in ("эксперт", "аналитик") else "profession"
        if w in titles() or w.split("-")[-1] in titles():
            return "post"
    return "post" if org or place else "profession"


def set_kinds(people: Sequence[Person]) -> None:
    for p in people:
        for q in p.positions:
            q.kind = title_kind(q.title, q.org, q.place)


def title_words(toks: Sequence, post: tuple[int, int], place: Mention | None) -> list:
    """The post's tokens without a trailing organization or place (it goes to ``org``/``place``)."""
    span = list(toks[post[0]:post[1]])
    if place is not None and post[0] <= place.i < post[1]:
        cut = span[:place.i - post[0]]
        while cut and cut[-1].text in (",", "(", "«", '"', "-"):
            cut.pop()
        if cut and cut[-1].pos != "ADJ":  # «глава японского МИД» stays whole
            span = cut
    return span


def nominative(words: Sequence, head) -> str:
    """The head and the words before it in the nominative singular; the complements after it as written."""
    gender = (head.feats or {}).get("Gender")
    out = []
    seen_head = False
    for t in words:
        if seen_head:
            out.append(t.text if t.text.isupper() else t.text.lower())
            continue
        w = inflect_nom(t, gender, "Sing")
        if t is head and t.pos == "NOUN" and (t.feats or {}).get("Case") not in (None, "Nom"):
            w = lemma(t) if is_title(t) or (t.feats or {}).get("Number") != "Plur" else w
        out.append(w if w.isupper() and len(w) > 1 else w.lower())
        seen_head = seen_head or t is head
    return " ".join(out).replace(" - ", "-")


def plural(head) -> bool:
    """A plural post noun («режиссёрами», «депутаты»)."""
    return (head.feats or {}).get("Number") == "Plur" and head.pos == "NOUN"


def _stems(text: str) -> set[str]:
    return {w.lower()[:4] for w in _WORD.findall(text) if len(w) > 1}


def known(person: Person, title: str) -> bool:
    """The person already has this post (a shared key word of the titles)."""
    s = _stems(title)
    return any(s & _stems(q.title) for q in person.positions)


def add_tagged_positions(work: Work, tagger: PostTagger, linker: LinkModel) -> int:
    """Add the linked posts of the tagger to ``work.article.people``; the number added."""
    art = work.article
    people = {p.entity: p for p in art.people}
    if not people or work.doc is None:
        return 0
    views = doc_views(work.doc.sents, work.spans, art.entities)
    rules = rule_spans(art.people)
    by_tok = spans_by_token(work.spans)
    added = 0
    for s, view in enumerate(views):
        if not view.per and not (s and views[s - 1].per):
            continue
        posts = [post for post in tagger.spans(view.toks, ner_tags(view.toks, by_tok))
                 if not any(m.i < post[1] and post[0] < m.j for m in view.per)]  # not into a name
        holders = {post: _holders(views, s, post, people, rules, linker) for post in posts}
        for group in coordinated(view.toks, posts):
            # «оперная певица, актриса, педагог»: posts listed together have one holder; a plural post in the
            # list is other people's («Александр Хлопонин, представители Госдумы, председатель … Гайнутдин»)
            linked = [holders[p] for p in group if holders[p]]
            if len(linked) == 1 or (linked and all(h[0].target is linked[0][0].target for h in linked)):
                for p in group:
                    if not plural(post_head(view.toks, p)):
                        holders[p] = holders[p] or linked[0]
        for post in posts:
            added += _add_post(art, views, s, post, holders[post], linker, people)
    return added


COORDINATORS = {","}  # «президент и первая леди Мишель Обама» are two people: «и» does not join


def coordinated(toks: Sequence, posts: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Runs of post phrases with only commas between them."""
    groups: list[list[tuple[int, int]]] = []
    for post in sorted(posts):
        last = groups[-1][-1] if groups else None
        gap = toks[last[1]:post[0]] if last is not None else None
        if gap and len(gap) <= 2 and all(t.text.lower() in COORDINATORS for t in gap):
            groups[-1].append(post)
        else:
            groups.append([post])
    return [g for g in groups if len(g) > 1]


def threshold(model: dict, c) -> float:
    """The model's decision threshold for a candidate: a person named in a sentence before has their own."""
    return model.get("threshold_other", model["threshold"]) if c.sent_index != c.post_sent else model["threshold"]


def _best(scored: list, model: dict):
    if not scored:
        return None
    p, c = max(((LinkModel.prob(model, f), c) for c, f in scored), key=lambda x: x[0])
    return c if p >= threshold(model, c) else None


def _above(scored: list, model: dict) -> list:
    """Every candidate above the threshold, best first («режиссёры Квентин Тарантино и Роберт Родригес»)."""
    out = [(LinkModel.prob(model, f), c) for c, f in scored]
    return [c for p, c in sorted(out, key=lambda x: -x[0]) if p >= threshold(model, c)]


def _workplace(where: Mention | None) -> tuple[str | None, str | None]:
    if where is None:
        return None, None
    return (None, where.entity.name) if where.entity.type == "LOC" else (where.entity.name, None)


def _holders(views, s: int, post: tuple[int, int], people: dict, rules: dict, linker: LinkModel) -> list:
    """Who holds the post: the linker's best candidate, or for a plural post each of two or more."""
    scored = scored_persons(views, s, post, people, rules)
    toks = views[s].toks
    if plural(post_head(toks, post)):
        holders = [c for c in _above(scored, linker.person) if c.sent_index == s and listed_with(toks, post, c)]
        return holders if len(holders) > 1 else []  # one holder of «депутаты палаты» is a member, not them
    best = _best(scored, linker.person)
    return [best] if best is not None else []


NEXT_TO = frozenset({"name_after_post", "name_before_post", "syntax_link"})


def listed_with(toks: Sequence, post: tuple[int, int], c) -> bool:
    """A plural post's holder is listed right with it, no other post between («режиссёры Квентин Тарантино и
    Роберт Родригес»); not a name further on in a list of people and their posts («Александр Хлопонин,
    представители Госдумы, председатель Совета муфтиев Равиль Гайнутдин»)."""
    m = c.target
    gap = toks[post[1]:m.i] if m.i >= post[1] else toks[m.j:post[0]]
    return bool(c.rules & NEXT_TO) and not any(is_title(t) for t in gap)


def _add_post(art, views, s: int, post: tuple[int, int], holders: list, linker: LinkModel, people: dict) -> int:
    if not holders:
        return 0
    view = views[s]
    chosen = _best(scored_places(view, post), linker.place)
    where = chosen.target if chosen is not None else None
    words = title_words(view.toks, post, where)
    head = post_head(words, (0, len(words)))
    title = nominative(words, head)
    org, place = _workplace(where)
    if title in TITLE_SYNONYMS:  # «мажилисмен» → «депутат» of the Мажилис, as the rules say it
        title, implied = TITLE_SYNONYMS[title]
        org = org or implied
    if not title:
        return 0
    past = any(t.text.lower().rstrip("-") in PAST_MARKERS or t.text.lower().startswith("экс-") for t in words)
    toks = view.toks
    added = 0
    for holder in holders:
        person = people[holder.target.entity.id]
        if known(person, title):
            continue
        same = holder.sent_index == s
        a = min(toks[post[0]].start, holder.target.span.start) if same else toks[post[0]].start
        b = max(toks[post[1] - 1].stop, holder.target.span.end) if same else toks[post[1] - 1].stop
        person.positions.append(Position(title=title, org=org, place=place, tense="past" if past else "current",
                                         start=a, end=b, evidence=art.text[a:b], kind=title_kind(title, org, place)))
        added += 1
    return added
