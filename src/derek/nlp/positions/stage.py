"""The positions stage: the rules, in the order they are tried, and the loop that runs them.

For each post phrase of a sentence the post rules are tried in ``POST_RULES`` order until one
settles it (returns claims, possibly none); a ``refine_*`` rule returns the post the later rules
read instead. Then each sentence's ``SENTENCE_RULES`` run, and after the last sentence the
``DOCUMENT_RULES``. Every claim is resolved (resolve.py) as soon as it is made, so a rule that
asks what a person already holds sees the claims made before it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ...stage import Stage, Work
from .. import post_link, post_positions, post_tagger
from ..posts import titles
from .claims import Claim, Post
from .context import DocContext, SentenceView, build_context
from .phrases import sentence_view
from .resolve import (
    drop_bare_titles,
    end_succeeded_posts,
    name_tagger_positions,
    place_national_posts,
    resolve,
)
from .rules_discourse import kazakh_posts, role_noun_holder, role_noun_subject
from .rules_names import (
    apposition_after_name,
    apposition_before_name,
    coordinated_holders,
    in_capacity,
    plural_holders,
    refine_body_in_parentheses,
    refine_deputy_of_pronoun,
    served_not_held,
    syntactic_apposition,
)
from .rules_verbs import appointment_verb, dropped_subject, post_then_verb, succession, verb_posts

PostRule = Callable[[DocContext, SentenceView, Post], "list[Claim] | Post | None"]
SentenceRule = Callable[[DocContext, SentenceView], Iterable[Claim]]
DocumentRule = Callable[[DocContext, Work], Iterable[Claim]]

POST_RULES: tuple[PostRule, ...] = (
    coordinated_holders,
    plural_holders,
    served_not_held,
    refine_deputy_of_pronoun,
    refine_body_in_parentheses,
    apposition_before_name,
    apposition_after_name,
    syntactic_apposition,
    in_capacity,
    appointment_verb,
    dropped_subject,
    post_then_verb,
    role_noun_subject,
)
SENTENCE_RULES: tuple[SentenceRule, ...] = (verb_posts, succession)
DOCUMENT_RULES: tuple[DocumentRule, ...] = (kazakh_posts, role_noun_holder)


def post_claims(ctx: DocContext, sent: SentenceView, t: Post, rules: tuple[PostRule, ...] = POST_RULES) -> list[Claim]:
    """The claims of the first rule that settles post ``t``."""
    for rule in rules:
        out = rule(ctx, sent, t)
        if isinstance(out, Post):
            t = out
        elif out is not None:
            return out
    return []


def sentences(ctx: DocContext, work: Work) -> Iterator[SentenceView]:
    """Each sentence of the document with its post phrases."""
    prev: list[Post] = []
    for sent in work.doc.sents:
        view = sentence_view(ctx, sent.tokens, prev)
        yield view
        prev = view.found


def rule_claims(work: Work, rule: Callable) -> list[Claim]:
    """What one rule claims on its own over a document, unresolved (for tests and for reading a
    rule): a post rule on every post phrase, a sentence rule on every sentence, a document rule
    after ``role_noun_subject`` has kept the posts it reads. The people's positions are not touched."""
    if rule not in (*POST_RULES, *SENTENCE_RULES, *DOCUMENT_RULES):
        raise ValueError(f"{getattr(rule, '__name__', rule)!r} is not a positions rule")
    if not work.article.people or work.doc is None:
        return []
    ctx = build_context(work)
    out: list[Claim] = []
    for view in sentences(ctx, work):
        if rule in SENTENCE_RULES:
            out.extend(rule(ctx, view))
            continue
        for t in view.found:
            got = rule(ctx, view, t) if rule in POST_RULES else role_noun_subject(ctx, view, t)
            if rule in POST_RULES and isinstance(got, list):
                out.extend(got)
    if rule in DOCUMENT_RULES:
        out.extend(rule(ctx, work))
    return out


class PositionStage(Stage):
    """People's positions from the rules, then from the trained post tagger and linker."""

    name = "positions"
    requires = ("entities", "people", "syntax")
    provides = ("positions",)

    def __init__(self) -> None:
        titles()
        # the trained post tagger and linker (models/ru_posts-*, ru_link-*), unless switched off
        self._tagger = post_tagger.default_tagger() if post_positions.enabled() else None
        self._linker = post_link.default_linker() if post_positions.enabled() else None

    def __call__(self, work: Work) -> Work:
        art = work.article
        if not art.people or work.doc is None:
            return work
        ctx = build_context(work)
        for view in sentences(ctx, work):
            for t in view.found:
                for claim in post_claims(ctx, view, t):
                    resolve(ctx, claim, view.lead_org)
            for sentence_rule in SENTENCE_RULES:
                for claim in sentence_rule(ctx, view):
                    resolve(ctx, claim, view.lead_org)
        for document_rule in DOCUMENT_RULES:  # across sentences: no sentence's setting
            for claim in document_rule(ctx, work):
                resolve(ctx, claim)
        end_succeeded_posts(ctx)
        place_national_posts(art, ctx.country_posts)
        drop_bare_titles(art)
        if self._tagger is not None and self._linker is not None and art.lang != "kk":
            if post_positions.add_tagged_positions(work, self._tagger, self._linker):
                place_national_posts(art, ctx.country_posts)  # the tagger's national posts get their country too
        name_tagger_positions(art)
        post_positions.set_kinds(art.people)
        return work
