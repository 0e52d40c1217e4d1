"""Long texts in windows: bounded memory for any accepted input, one Article as the result.

The NLP stages hold the whole text at once: the natasha ``Doc`` (a token object with its
morphology and syntax for every word), the NER model's arrays over the text's tokens (about
0.4 GB per MB of Russian text at their peak), the quote stage's view. A text longer than
``WINDOW_CHARS`` characters is therefore cut into windows of at most that many characters, at a
paragraph break where there is one in the window's second half, else at a line break, else after
a sentence's end, else at a space (``cut_windows``). Every NLP stage but the article-level ones
runs on one window at a time, and the windows' results are merged into the one Article
(``merge``), their offsets shifted to index the whole text:

- entities: the entity stage's spans of every window go through its own grouping once more
  (``NerStage.group``), so a person is grouped across windows by the same identity rules as
  within a text («Токаев» in one window joins «Касым-Жомарт Токаев» of another), block by block
  (``window_keys``: only spans that share a name key are compared), except that a first name
  alone («Юлия») joins a full name of its own window or the one before only;
- people: rebuilt from the merged entities by the people stage; each window's positions go to
  the person its entity became, a post said again in a later window (same title, organization or
  place) kept once, as the positions stage does within a text;
- quotes: their speakers mapped to the merged entities (and their names); a statement quoted
  again in a later window is kept once, as the quote stage does within a text;
- events: the article-level stages (``ARTICLE_STAGES``: the event stage reads the lead and the
  whole article's places) run once, on the merged article with the first window's tokens.

A text of at most ``WINDOW_CHARS`` characters is not windowed: its Article is exactly what the
stages give on the whole text. What windows lose: a pronoun or role speaker («он», «министр»)
at the start of a window whose antecedent is in the window before stays unresolved, and a
position's place by «the text's main place» is the window's main place.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import window_keys
from .article import Article, Entity, Mention, Person, Position, Quote
from .stage import Stage, Work

WINDOW_CHARS = 40_000  # a longer text is processed in windows of at most this many characters
ARTICLE_STAGES = ("events",)  # stages that read the article as a whole: run once, after the merge
_SENT_END = re.compile(r"[.!?…][»\"”)\]]*\s+")
_SPACE = re.compile(r"\s+")

RunStages = Callable[[Sequence[Stage], list[Work]], list[Work]]


def _cut(text: str, start: int, size: int) -> int:
    """Where the window starting at ``start`` ends: the last paragraph break, line break, sentence
    end or space in its second half (the window ends after it), else at ``size`` characters."""
    end = start + size
    if end >= len(text):
        return len(text)
    lo = start + size // 2
    for sep in ("\n\n", "\n"):
        i = text.rfind(sep, lo, end)
        if i >= 0:
            return i + len(sep)
    for pattern in (_SENT_END, _SPACE):
        last = None
        for m in pattern.finditer(text, lo, end):
            last = m
        if last is not None and last.end() > start:
            return last.end()
    return end


def cut_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive windows covering ``text``, each at most ``size`` characters."""
    if size < 2:
        raise ValueError(f"window size must be at least 2 characters, not {size}")
    out, start = [], 0
    while start < len(text):
        end = _cut(text, start, size)
        out.append((start, end))
        start = end
    return out


@dataclass
class Part:
    """One window's results, offsets already shifted to the whole text."""

    offset: int
    entities: list[Entity]
    people: list[Person]
    quotes: list[Quote]
    spans: list[Any] = field(default_factory=list)  # the entity stage's spans (nlp.ner.Span)


def _shift_mention(m: Mention, d: int) -> Mention:
    return Mention(m.start + d, m.end + d, m.text)


def _shift(v: int | None, d: int) -> int | None:
    return None if v is None else v + d


def shifted(work: Work, offset: int) -> Part:
    """A window's entities, people, quotes and spans with offsets into the whole text."""
    art, d = work.article, offset
    ents = [dataclasses.replace(e, mentions=[_shift_mention(m, d) for m in e.mentions], aliases=list(e.aliases))
            for e in art.entities]
    people = [dataclasses.replace(p, positions=[dataclasses.replace(q, start=_shift(q.start, d), end=_shift(q.end, d))
                                                for q in p.positions]) for p in art.people]
    quotes = [dataclasses.replace(q, start=q.start + d, end=q.end + d, cue_start=_shift(q.cue_start, d),
                                  cue_end=_shift(q.cue_end, d)) for q in art.quotes]
    # a span keeps its first token only: the grouping reads its case, and the window's other
    # tokens (morphology, syntax) are freed with the window
    spans = [dataclasses.replace(sp, start=sp.start + d, end=sp.end + d, tokens=sp.tokens[:1]) for sp in work.spans]
    return Part(offset=offset, entities=ents, people=people, quotes=quotes, spans=spans)


def _provider(stages: Sequence[Stage], what: str) -> Stage | None:
    return next((st for st in stages if what in st.provides), None)


def _group(stages: Sequence[Stage], parts: list[Part]) -> list[Entity]:
    """Every window's spans grouped into entities by the entity stage's own rules, block by block
    (``window_keys.blocks``: spans that share no name key are never one entity; a first name alone
    joins a full name of its own window or the one before only); without such a
    stage, nothing (the windows' entities are then merged by type and name)."""
    ner = _provider(stages, "entities")
    spans = [sp for p in parts for sp in p.spans]
    if ner is None or not hasattr(ner, "group") or not spans:
        return []
    from .nlp.ner import org_abbreviations

    window = [n for n, p in enumerate(parts) for _ in p.spans]
    out: list[Entity] = []
    for block in window_keys.blocks(spans, org_abbreviations(), window):
        out.extend(ner.group(block))
    return out


def _merge_entities(grouped: list[Entity], parts: list[Part]) -> dict[tuple[int, str], Entity]:
    """Add to ``grouped`` (in place) what the windows have beyond the spans' grouping (an
    organization a later stage implied, mentions it added), sort and number it as the entity
    stage does; the map from (window number, window entity id) to the merged entity."""
    at: dict[tuple[int, int, str], Entity] = {(m.start, m.end, e.type): e for e in grouped for m in e.mentions}
    by_name = {(e.type, e.name.lower()): e for e in grouped}
    implied: list[Entity] = []
    of: dict[tuple[int, str], Entity] = {}
    for n, part in enumerate(parts):
        for e in part.entities:
            target = _most_mentions([at[k] for m in e.mentions if (k := (m.start, m.end, e.type)) in at])
            target = target or by_name.get((e.type, e.name.lower()))
            if target is None:
                target = Entity(id="", type=e.type, name=e.name)
                (grouped if e.mentions else implied).append(target)
                by_name[(e.type, e.name.lower())] = target
            for m in e.mentions:
                if (m.start, m.end, e.type) not in at:
                    target.mentions.append(m)
                    at[(m.start, m.end, e.type)] = target
            target.aliases.extend(a for a in e.aliases if a not in target.aliases and a != target.name)
            of[(n, e.id)] = target
    for e in grouped:
        e.mentions.sort(key=lambda m: m.start)
    grouped.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    grouped.extend(implied)  # as the positions stage adds them: after the named ones
    for i, e in enumerate(grouped, 1):
        e.id = f"T{i}"
    return of


def _most_mentions(targets: list[Entity]) -> Entity | None:
    """The merged entity holding most of a window entity's mentions (the first of equals)."""
    if not targets:
        return None
    counts = Counter(id(t) for t in targets)
    return max(targets, key=lambda t: counts[id(t)])


def _people(stages: Sequence[Stage], merged: Work, parts: list[Part], of: dict[tuple[int, str], Entity]) -> None:
    """People of the merged entities, each with the positions its windows found (their organization
    and place under the merged entity's name): a post found again
    in a later window (same title, organization or place) once, a bare title dropped next to the
    same title with its organization or place from another window."""
    people_stage = _provider(stages, "people")
    if people_stage is not None:
        people_stage(merged)
    else:
        merged.article.people = [dataclasses.replace(p, entity=of[(n, p.entity)].id, positions=[])
                                 for n, part in enumerate(parts) for p in part.people if (n, p.entity) in of]
    person = {p.entity: p for p in merged.article.people}
    found: dict[str, list[tuple[int, Position]]] = {}
    seen: set[tuple[str, str, str | None]] = set()
    for n, part in enumerate(parts):
        renamed = {e.name: of[(n, e.id)].name for e in part.entities if e.type != "PER" and (n, e.id) in of}
        for p in part.people:
            ent = of.get((n, p.entity))
            if ent is None or ent.id not in person:
                continue
            for q in p.positions:
                # an organization or place named as its entity in the window: as the merged entity
                q.org, q.place = renamed.get(q.org or "", q.org), renamed.get(q.place or "", q.place)
                k = (ent.id, q.title, q.org or q.place)
                if k not in seen:
                    seen.add(k)
                    found.setdefault(ent.id, []).append((n, q))
    for eid, pos in found.items():
        person[eid].positions = [q for n, q in pos if q.org or q.place or not any(
            m != n and o.title == q.title and (o.org or o.place) for m, o in pos)]


def _quotes(parts: list[Part], of: dict[tuple[int, str], Entity]) -> list[Quote]:
    """The windows' quotes, speakers mapped to the merged entities; a statement an earlier window
    quoted already is left out (the quote stage keeps one statement once within a text)."""
    out: list[Quote] = []
    said: set[str] = set()
    for n, part in enumerate(parts):
        names = {e.id: e.name for e in part.entities}
        keys = set()
        for q in part.quotes:
            key = " ".join(q.text.lower().split())
            if key in said:
                continue
            keys.add(key)
            ent = of.get((n, q.speaker_entity)) if q.speaker_entity else None
            if ent is not None:
                speaker = ent.name if q.speaker == names.get(q.speaker_entity or "") else q.speaker
                q = dataclasses.replace(q, speaker_entity=ent.id, speaker=speaker)
            out.append(q)
        said |= keys
    out.sort(key=lambda q: (q.start, q.end))
    return out


def merge(work: Work, parts: list[Part], stages: Sequence[Stage], first_doc: Any) -> Work:
    """The windows' results as one Article in ``work`` (its text the whole text), then the
    article-level stages on it with the first window's tokens (the lead)."""
    art = work.article
    spans = [sp for p in parts for sp in p.spans]
    merged = Work(article=art, doc=first_doc, spans=spans, extra=work.extra, done=work.done)
    entities = _group(stages, parts)
    of = _merge_entities(entities, parts)
    art.entities = entities
    _people(stages, merged, parts, of)
    art.quotes = _quotes(parts, of)
    for st in stages:
        if st.name in ARTICLE_STAGES:
            merged = st(merged)
    merged.doc = None  # the first window's tokens do not index the whole text
    return merged


def window_work(art: Article, start: int, end: int) -> Work:
    """A Work over ``art.text[start:end]`` with the article's language, date and (first window) title."""
    part = Article(text=art.text[start:end], id=f"{art.id}@{start}", url=art.url,
                   title=art.title if start == 0 else None, published=art.published, lang=art.lang)
    return Work(article=part)


def run_windowed(work: Work, stages: Sequence[Stage], run_stages: RunStages, size: int = WINDOW_CHARS) -> Work:
    """``stages`` over each window of ``work``'s text in turn (one window's tokens in memory at a
    time), merged into ``work``'s Article."""
    per_window = [st for st in stages if st.name not in ARTICLE_STAGES]
    parts: list[Part] = []
    first_doc = None
    for start, end in cut_windows(work.article.text, size):
        w = run_stages(per_window, [window_work(work.article, start, end)])[0]
        parts.append(shifted(w, start))
        if start == 0:
            first_doc = w.doc
    return merge(work, parts, stages, first_doc)
