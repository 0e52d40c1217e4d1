"""Who holds a tagged post, and where: candidate pairs from named rules, decided by a trained scorer.

The post tagger (:mod:`derek.nlp.post_tagger`) marks post and profession
phrases. For each phrase, small named rules propose the persons who may hold
it (:data:`PERSON_RULES`) and the organizations or places it may belong to
(:data:`PLACE_RULES`); each candidate carries the names of the rules that
proposed it. A logistic regression trained on NEREL train WORKS_AS and
WORKPLACE (``training/nerel_link/``) scores every candidate from features a
person can read (:mod:`derek.nlp.post_features`: the rule names, the
distance and what lies between, the cases, the path between post and name in
the parse, the lexicons, the posts the rules already gave); the best
candidate above its threshold wins (a person named in a sentence before has a
threshold of its own). The weights are ``models/ru_link-v2.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import PipelineError
from .ner import lemma
from .post_features import (
    SUBJECT_RELS,
    person_features,
    place_features,
    post_head,
    served,
    someone_elses,
)
from .post_tagger import MODELS

LINK_NAME = "ru_link-v2"
LINK_FORMAT = "derek-post-linker"
LINK_FEATURES_VERSION = 4
NEAR = 3  # tokens between a post and a name right after it
BEFORE = 2  # tokens between a name and a post after it («Иван Петров, министр»)
ORG_AFTER = 5  # tokens after a post within which its organization or place may start
BREAK = {".", "!", "?", ";"}


@dataclass
class Mention:
    """A PER/ORG/LOC mention inside one sentence: token range [i, j), the span and its entity."""

    i: int
    j: int
    span: object
    entity: object


@dataclass
class SentView:
    toks: list
    per: list[Mention]
    places: list[Mention]  # ORG and LOC mentions
    index: int = 0


@dataclass
class Candidate:
    post: tuple[int, int]
    target: Mention
    rules: set[str] = field(default_factory=set)
    sent_index: int = 0  # the sentence of the target (earlier for a person named before)
    post_sent: int = 0  # the sentence of the post

    def __post_init__(self) -> None:
        self.post_sent = self.sent_index


def sentence_view(toks: Sequence, by_tok: dict, ent_at: dict, index: int = 0) -> SentView:
    """The sentence's entity mentions as token ranges."""
    per: list[Mention] = []
    places: list[Mention] = []
    k = 0
    while k < len(toks):
        sp = by_tok.get(id(toks[k]))
        if sp is None or not sp.tokens:
            k += 1
            continue
        j = k
        while j < len(toks) and by_tok.get(id(toks[j])) is sp:
            j += 1
        ent = ent_at.get(sp.start)
        if ent is not None:
            m = Mention(k, j, sp, ent)
            (per if ent.type == "PER" else places).append(m)
        k = max(j, k + 1)
    return SentView(list(toks), per, places, index)


# ---------------------------------------------------------------- person rules

def name_after_post(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """«министр финансов Алексей Кудрин»: a name within NEAR tokens after the post."""
    for m in view.per:
        if post[1] <= m.i <= post[1] + NEAR and not _breaks(view.toks[post[1]:m.i]):
            yield m


def name_before_post(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """«Алексей Кудрин, министр финансов», «Кудрин (министр)», «Кудрин — министр»."""
    for m in view.per:
        gap = view.toks[m.j:post[0]]
        if m.j <= post[0] and len(gap) <= BEFORE and (not gap or gap[0].text in (",", "(", "—", "–", "-")):
            yield m


def syntax_link(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """The parser ties the name and the post: one is the head of the other (apposition, predicate)."""
    post_ids = {t.id for t in view.toks[post[0]:post[1]]}
    post_heads = {t.head_id for t in view.toks[post[0]:post[1]]}
    for m in view.per:
        ids = {t.id for t in view.toks[m.i:m.j]}
        if any(t.head_id in post_ids for t in view.toks[m.i:m.j]) or ids & post_heads:
            yield m


def same_sentence(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """Any other name in the sentence."""
    yield from view.per


PERSON_RULES: tuple[tuple[str, Callable[[SentView, tuple[int, int]], Iterator[Mention]]], ...] = (
    ("name_after_post", name_after_post),
    ("name_before_post", name_before_post),
    ("syntax_link", syntax_link),
    ("same_sentence", same_sentence),
)


def _breaks(toks: Sequence) -> bool:
    return any(t.text in BREAK for t in toks)


def person_candidates(views: Sequence[SentView], s: int, post: tuple[int, int]) -> list[Candidate]:
    """Candidates for the post in sentence ``s``; with no name in it, the last name of the two sentences before."""
    view = views[s]
    out: dict[int, Candidate] = {}
    for name, rule in PERSON_RULES:
        for m in rule(view, post):
            if m.i < post[1] and m.j > post[0]:
                continue  # a name inside the post phrase
            c = out.setdefault(id(m), Candidate(post, m, sent_index=s))
            c.rules.add(name)
    if not out:
        out = {id(c.target): c for c in previous_sentence(views, s, post)}
    return list(out.values())


def own_subject(toks: Sequence, post: tuple[int, int]) -> bool:
    """A noun subject in the sentence outside the post phrase."""
    return any(t.rel in SUBJECT_RELS and t.pos in ("NOUN", "PROPN") and not post[0] <= k < post[1]
               for k, t in enumerate(toks))


def previous_sentence(views: Sequence[SentView], s: int, post: tuple[int, int]) -> Iterator[Candidate]:
    """«Иван Петров приехал в Минск. Министр заявил …»: every name of the nearest of the two sentences before
    that names someone, its last one and its subject marked; none when the post's sentence has a subject of
    its own beside the post («Арман Сеитов родился в Алматы. Его брат был заместителем акима»)."""
    if own_subject(views[s].toks, post):
        return
    for back in (1, 2):
        if s - back < 0 or not views[s - back].per:
            continue
        prev = views[s - back]
        for m in prev.per:
            rules = {f"previous_sentence_{back}"}
            if m is prev.per[-1]:
                rules.add("previous_last")
            if any(t.rel in SUBJECT_RELS for t in prev.toks[m.i:m.j]):
                rules.add("previous_subject")
            c = Candidate(post, m, rules, sent_index=s - back)
            c.post_sent = s
            yield c
        return


# ---------------------------------------------------------------- organization / place rules

def place_inside(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """«министр финансов России»: an entity inside the tagged phrase."""
    for m in view.places:
        if post[0] <= m.i and m.j <= post[1]:
            yield m


def place_after(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """«председатель правления „Газпрома“»: an entity starting within ORG_AFTER tokens after the post."""
    for m in view.places:
        if post[1] <= m.i <= post[1] + ORG_AFTER and not _breaks(view.toks[post[1]:m.i]):
            yield m


def place_before(view: SentView, post: tuple[int, int]) -> Iterator[Mention]:
    """«глава МИД России Сергей Лавров» read backwards: «В „Газпроме“ … директор»; an entity before the post."""
    for m in view.places:
        if m.j <= post[0] and post[0] - m.j <= 3:
            yield m


PLACE_RULES = (("place_inside", place_inside), ("place_after", place_after), ("place_before", place_before))


def place_candidates(view: SentView, post: tuple[int, int]) -> list[Candidate]:
    out: dict[int, Candidate] = {}
    for name, rule in PLACE_RULES:
        for m in rule(view, post):
            c = out.setdefault(id(m), Candidate(post, m, sent_index=view.index))
            c.rules.add(name)
    return list(out.values())


# ---------------------------------------------------------------- the scorer

class LinkModel:
    """Logistic regression weights for person and place links, read from a versioned JSON file."""

    def __init__(self, name: str = LINK_NAME, folder: Path = MODELS) -> None:
        path = folder / f"{name}.json"
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise PipelineError(f"{path}: cannot read the post linker ({e})",
                                hint="rebuild it with training/nerel_link/train.py") from e
        if meta.get("format") != LINK_FORMAT or meta.get("features") != LINK_FEATURES_VERSION:
            raise PipelineError(
                f"{path}: a post linker of format {meta.get('format')!r} with features {meta.get('features')!r}; "
                f"this derek reads {LINK_FORMAT!r} with features {LINK_FEATURES_VERSION}",
                hint="rebuild it with training/nerel_link/train.py")
        self.meta = meta
        self.person = meta["person"]
        self.place = meta["place"]

    @staticmethod
    def prob(model: dict, feats: dict[str, float]) -> float:
        w = model["weights"]
        z = sum(w.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def default_linker() -> LinkModel:
    return LinkModel()


# ---------------------------------------------------------------- one document

def mention_entities(entities: Sequence) -> dict[int, object]:
    """Mention start offset → entity (the longest mention starting there)."""
    ent_at: dict[int, object] = {}
    longest: dict[int, int] = {}
    for e in entities:
        for m in e.mentions:
            if m.end - m.start > longest.get(m.start, -1):
                longest[m.start] = m.end - m.start
                ent_at[m.start] = e
    return ent_at


def doc_views(sents: Sequence, spans: Sequence, entities: Sequence) -> list[SentView]:
    from .post_tagger import spans_by_token

    by_tok = spans_by_token(spans)
    ent_at = mention_entities(entities)
    return [sentence_view(s.tokens, by_tok, ent_at, k) for k, s in enumerate(sents)]


def _stems(words: Sequence[str]) -> set[str]:
    return {w.lower().replace("ё", "е")[:4] for w in words if len(w) > 2}


def rule_spans(people: Sequence) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    """Entity id → the evidence spans of the positions derek's rules gave that person, with the title's stems."""
    out: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    for p in people:
        out[p.entity] = [(q.start, q.end, frozenset(_stems(q.title.split()))) for q in p.positions
                         if q.start is not None and q.end is not None]
    return out


def scored_persons(views: Sequence[SentView], s: int, post: tuple[int, int], people: dict,
                   rules: dict[str, list[tuple[int, int, frozenset[str]]]]) -> list[tuple[Candidate, dict[str, float]]]:
    """The person candidates of a post with their features."""
    toks = views[s].toks
    cands = [c for c in person_candidates(views, s, post) if c.target.entity.id in people
             and not (c.sent_index == s and (served(toks, c) or someone_elses(toks, c, people[c.target.entity.id])))]
    a, b = toks[post[0]].start, toks[post[1] - 1].stop
    lo, hi = toks[0].start, toks[-1].stop
    stems = _stems([t.text for t in toks[post[0]:post[1]]] + [lemma(t) for t in toks[post[0]:post[1]]])

    def dist(c: Candidate) -> int:
        return 1000 if c.sent_index != s else (c.target.i - post[1] if c.target.i >= post[1] else post[0] - c.target.j)

    best = min((dist(c) for c in cands), default=None)
    most = max((p.mentions for p in people.values()), default=0)
    holds = title_holders(post_head(toks, post), rules)
    out = []
    for c in cands:
        ent = c.target.entity
        # the rules gave this person this post: their evidence overlaps it and their title shares a word
        agrees = any(x < b and a < y and stems & st for x, y, st in rules.get(ent.id, ()))
        holder = people[ent.id]
        f = person_features(views, s, c, len(cands), dist(c) == best, holder.mentions, agrees, holder,
                            top=holder.mentions == most)
        f["held_elsewhere"] = float(ent.id in holds)
        f["held_by_other"] = float(bool(holds) and ent.id not in holds)
        # «Премьер-министр Японии Наото Кан накануне визита главы японского МИДа»: the rules gave this
        # person another post in this sentence
        f["post_beside"] = float(any(lo <= x < hi and not (x < b and a < y) for x, y, _ in rules.get(ent.id, ())))
        out.append((c, f))
    return out


def title_holders(head, rules: dict[str, list[tuple[int, int, frozenset[str]]]]) -> set[str]:
    """The persons derek's rules gave a post of this head word anywhere in the text: «мы с премьер-министром
    Турции» a sentence after «премьер-министром Турции Реджепом Эрдоганом» is the one already named so."""
    key = lemma(head).replace("ё", "е")[:4]
    return {ent for ent, spans in rules.items() if any(key in st for _, _, st in spans)}


def scored_places(view: SentView, post: tuple[int, int]) -> list[tuple[Candidate, dict[str, float]]]:
    cands = place_candidates(view, post)

    def dist(c: Candidate) -> int:
        m = c.target
        return 0 if "place_inside" in c.rules else (m.i - post[1] if m.i >= post[1] else post[0] - m.j + 1)

    best = min((dist(c) for c in cands), default=None)
    return [(c, place_features(view, c, len(cands), dist(c) == best)) for c in cands]
