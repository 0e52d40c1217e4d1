"""Rules that look beyond the sentence: a post used as the subject of a sentence that names no one
(«Президент поручил …») stands for the person the text was just talking about; Kazakh sentences
get the posts of the Kazakh rules (:mod:`derek.nlp.kk_positions`)."""

from __future__ import annotations

from collections.abc import Iterator

from ...stage import Work
from .. import kk_positions
from ..ner import Span, case
from ..posts import is_title
from .claims import Claim, Post
from .context import DocContext, SentenceView
from .finders import Found


def role_noun_subject(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """A subject post in a sentence naming no one, or naming people only in oblique cases
    («премьер-министр подверг критике её заместителя Жандоса Буркитбаева»): kept for
    :func:`role_noun_holder` once every sentence has been read."""
    toks = sent.toks
    named = [ctx.spans_by_tok[id(x)] for x in toks
             if ctx.spans_by_tok.get(id(x)) is not None and ctx.spans_by_tok[id(x)].type == "PER"]
    head = next((x for x in t.toks if is_title(x)), None)
    if not named or (head is not None and head.rel == "nsubj" and not any(
            case(sp.tokens[0]) == "Nom" for sp in named if sp.tokens)):
        ctx.role_nouns.append((t, toks))
    return []


def _nominative(ctx: DocContext, a: int, b: int | None) -> list:
    return [(e, m, p) for e, m, p in ctx.mentions.between(a, b) if ctx.mention_case.get(m.start) in ("Nom", None)]


def _named_before(ctx: DocContext, para: int, start: int) -> list:
    """The people named in the nominative before ``start`` in its paragraph — or, for the first
    sentence of a paragraph, in the paragraph before («…, – сказал Алихан Смаилов.\n\nПосле доклада
    … премьер-министр подверг критике …»)."""
    text = ctx.text
    before = _nominative(ctx, para, start)
    if not before and para > 1 and not text[para:start].strip(" -–—«\"").count("."):
        prev_para = text.rfind("\n", 0, para - 1)
        if prev_para >= 0 and not text[prev_para:para].strip():
            prev_para = text.rfind("\n", 0, prev_para)
        before = _nominative(ctx, prev_para + 1, para)
    return before


def role_noun_person(ctx: DocContext, t: Post, toks: list) -> Found:
    """The person a post used as the subject of a sentence stands for: the last person named before
    it in its paragraph (the subject of the main clause of the last sentence naming someone), or
    the first one named in the nominative later in the paragraph — provided that person holds no
    other post in the article."""
    head = next((x for x in t.toks if is_title(x)), None)
    if head is None or case(head) != "Nom" or t.plural or t.past:
        return None
    if t.i > 0 and toks[t.i - 1].pos == "ADP":
        return None
    start = toks[t.i].start
    para = ctx.text.rfind("\n", 0, start) + 1
    # only a name in the nominative («Досаеву поручили … Президент дал»: the one addressed is not
    # the one acting)
    before = _named_before(ctx, para, start)
    if before:
        # «Путин согласился …, если Медведев выиграет …. Об этом президент заявил»
        cut = ctx.text.rfind(". ", 0, before[-1][1].start) + 1
        before = [x for x in before if x[1].start >= cut]
        main = [x for x in before if ctx.mention_main.get(x[1].start)]
        e, m, person = (main or before)[-1]
    else:
        # a headline or lead naming the person only afterwards («Президент поручил … По словам
        # Касым-Жомарта Токаева …»)
        end = toks[-1].stop
        nxt = ctx.text.find("\n", end)
        after = _nominative(ctx, end, None if nxt < 0 else nxt)
        if not after:
            return None
        e, m, person = after[0]
    if person is None or person.positions:
        return None  # «Аким Алматы Ерболат Досаев … Президент поручил»: someone else (or nothing new)
    return e, Span(m.start, m.end, "PER", m.text)


def role_noun_holder(ctx: DocContext, work: Work) -> Iterator[Claim]:
    """«Президент отметил …» in a sentence naming no one: the person the text was just talking
    about holds the post. Lazy: each claim is resolved before the next post is looked at."""
    for t, toks in ctx.role_nouns:
        per = role_noun_person(ctx, t, toks)
        if per is not None:
            yield Claim("role_noun_holder", per[0], t, (toks[t.i].start, toks[t.end_tok - 1].stop))


def kazakh_posts(ctx: DocContext, work: Work) -> Iterator[Claim]:
    """Kazakh sentences: the posts of the Kazakh rules, each named by its Kazakh rule."""
    for kp in kk_positions.posts(work):
        yield Claim(f"kazakh_posts.{kp.rule}", kp.person, Post.from_title(kp.title), kp.evidence, kp.tense)
