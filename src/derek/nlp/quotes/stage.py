"""The quote stage: runs the rules in order, resolves their conflicts in one place, then the speakers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from ...article import Quote
from ...stage import Stage, Work
from . import direct, indirect, kazakh, nested, notquotes, paragraphs, quoted, unmarked
from .claims import Claim
from .config import MIN_QUOTE_CHARS
from .resolve import Resolution, new_resolution, speaker
from .taken import Taken
from .view import View

log = logging.getLogger("derek.nlp.quotes")

Rule = Callable[[View, Taken], Iterator[Claim]]

# The order is the precedence: a claim overlapping one accepted earlier is dropped.
RULES: tuple[Rule, ...] = (
    kazakh.marks_then_kk_speech,
    kazakh.dash_kk_paragraph,
    kazakh.kk_multi_paragraph,
    kazakh.kk_paragraphs,
    direct.split_inside,
    direct.marks_then_speech,
    direct.speech_then_marks,
    direct.headline_quote,
    paragraphs.multi_paragraph,
    paragraphs.dash_paragraph,
    paragraphs.colon_paragraph,
    paragraphs.continued_paragraph,
    paragraphs.next_quote_paragraph,
    direct.colon_headline,
    unmarked.colon_clause,
    kazakh.kk_according,
    kazakh.kk_as_said,
    kazakh.kk_reported,
    kazakh.kk_said_unmarked,
    indirect.according_to,
    indirect.as_said,
    indirect.said_after,
    indirect.said_of_which,
    quoted.quoted_words,
    quoted.speech_noun_marks,
    indirect.that_clause,
    indirect.object_clause,
    nested.nested_report,
)


def nested_in(taken: Taken, c: Claim) -> Claim | None:
    """The direct quote an indirect claim is reported inside («…Он сказал, что вернется…», – рассказала X)."""
    box = taken.container(c.start)
    if box is None or (box.kind != "direct" and c.rule != "nested_report") or c.kind != "indirect" or c.end > box.end or not (
        box.start <= c.cue_start < box.end
    ):
        return None
    return box


def accept(d: View, taken: Taken, c: Claim | None) -> bool:
    """The one place where claims meet: long enough, not overlapping an accepted one (reported speech
    inside a direct quote is kept beside it), not a non-quote."""
    if c is None or c.end - c.start < MIN_QUOTE_CHARS:
        return False
    if taken.overlaps(c.start, c.end):
        box = nested_in(taken, c)
        if box is None or notquotes.rejected(d, c) is not None:
            return False
        if c.ref.kind == "first":  # «Я сказала, что …» inside X's quote: X
            c.ref = box.ref
        taken.nested.append(c)
        return True
    key = " ".join(d.text[c.start : c.end].lower().split())
    why = "the same statement twice" if taken.has_text(key) else notquotes.rejected(d, c)
    if why is not None:
        log.debug("claim of %s at %d rejected: %s", c.rule, c.start, why)
        return False
    taken.add(c, key)
    return True


def run_rules(d: View, rules: tuple[Rule, ...] = RULES) -> list[Claim]:
    """Every accepted claim, in document order."""
    taken = Taken()
    for rule in rules:
        for c in rule(d, taken):
            accept(d, taken, c)
    return sorted(taken.claims + taken.nested, key=lambda c: (c.start, c.end))


def to_quote(d: View, c: Claim, res: Resolution) -> Quote:
    name, ent = speaker(d, c.ref, c.at, res)
    if ent is not None and d.entities.get(ent) is not None and d.entities[ent].type == "PER":
        res.speakers.append((c.cue_start, ent))
    sp = c.ref.span
    speaker_text = d.text[sp[0] : sp[1]] if sp else c.ref.phrase
    return Quote(
        speaker=name, speaker_entity=ent, kind=c.kind, text=d.text[c.start : c.end],
        cue=d.text[c.cue_start : c.cue_end] if c.cue_end > c.cue_start else None,
        start=c.start, end=c.end, cue_start=c.cue_start, cue_end=c.cue_end,
        speaker_text=speaker_text or None, rule=c.rule,
    )


class QuoteStage(Stage):
    """Direct and indirect speech with resolved speakers → ``article.quotes``."""

    name = "quotes"
    requires = ("entities", "people")
    provides = ("quotes",)

    def __call__(self, work: Work) -> Work:
        if work.doc is None or not work.article.text.strip():
            work.article.quotes = []
            return work
        d = View(work)
        claims = run_rules(d)
        res = new_resolution(d, claims)
        work.article.quotes = [to_quote(d, c, res) for c in claims]
        return work
