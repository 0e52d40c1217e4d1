"""Post phrases in a sentence: a title head word of the lexicon, the modifiers before it
(«первый», «бывший», «экс-», «и.о.», a place adjective), the genitive title words after it
(«заместитель председателя правления»), then its organization or place (complement.py)."""

from __future__ import annotations

from ...article import Entity
from ..ner import case, lemma
from ..posts import (
    GOVERNS_INS,
    MODIFIERS,
    PAST_MARKERS,
    TITLE_ADJECTIVES,
    acting_abbr,
    geo_adjectives,
    is_title,
    participle_adjective,
    po_qualifier,
)
from .claims import Post
from .complement import scan_complement
from .context import DocContext, SentenceView

_BODY_WORDS = ("правления", "совета", "директоров", "обязанности")


def _is_modifier(ctx: DocContext, prev, tok) -> bool:
    plem = lemma(prev)
    return (prev.text.lower().rstrip("-") in MODIFIERS | PAST_MARKERS or plem in MODIFIERS | PAST_MARKERS
            or prev.text.lower() in ("и.о.", "врио")
            or (prev.pos in ("ADJ", "VERB") and case(prev) == case(tok)
                and ctx.spans_by_tok.get(id(prev)) is None
                and (plem in TITLE_ADJECTIVES or prev.text.lower() in TITLE_ADJECTIVES
                     or participle_adjective(prev) in TITLE_ADJECTIVES)))


def modifiers_before(ctx: DocContext, toks: list, i: int) -> tuple[int, bool, str | None]:
    """(first token of the phrase, whether a modifier says «former», a place adjective's place)."""
    s, past, geo = i, False, None
    tok = toks[i]
    while s > 0:
        prev = toks[s - 1]
        plem = lemma(prev)
        if plem in geo_adjectives() and geo is None:
            geo = geo_adjectives()[plem]  # «российский президент»: a place, not part of the title
            s -= 1
            continue
        if prev.text.lower() == "обязанности" and s > 1 and toks[s - 2].text.lower().startswith("исполня"):
            s -= 2  # «исполняющий обязанности официального представителя»
            continue
        acting_len = acting_abbr(toks, s)
        if acting_len:
            s -= acting_len  # «и.о. акима», «И. о. директора», «врио»
            break
        if prev.text.lower() == "и" and s > 1 and lemma(toks[s - 2]) in MODIFIERS and s < i:
            s -= 1  # «Чрезвычайным и Полномочным Послом»
            continue
        if not _is_modifier(ctx, prev, tok):
            break
        if prev.text.lower().rstrip("-") in PAST_MARKERS or plem in PAST_MARKERS:
            past = True
        s -= 1
    return s, past, geo


def title_words_after(ctx: DocContext, toks: list, i: int) -> int:
    """The index after the title words that follow the head: genitive titles («заместитель
    председателя правления»), a «по …» field, a governed instrumental («заведующий секретариатом»)."""
    n = len(toks)
    j = i + 1
    while j < n:
        # genitive title words, possibly with adjectives: «заместитель Генерального прокурора»
        m = j
        while m < n and toks[m].pos == "ADJ" and case(toks[m]) == "Gen":
            m += 1
        if m < n and is_title(toks[m]) and case(toks[m]) in ("Gen", "Ins") and \
                ctx.spans_by_tok.get(id(toks[m])) is None:
            j = m + 1
            continue
        break
    while j < n and toks[j].text.lower() in _BODY_WORDS:
        j += 1
    j = po_qualifier(toks, j, ctx.spans_by_tok)  # «министр по делам разведки»
    if toks[j - 1].text.lower() in GOVERNS_INS and j < n and toks[j].pos == "NOUN" and case(toks[j]) == "Ins":
        j += 1  # «заведующий секретариатом АНК»: the unit is part of the title
    return j


def find_posts(ctx: DocContext, toks: list) -> list[Post]:
    """The post phrases of one sentence, in order."""
    out = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not is_title(tok):
            i += 1
            continue
        sp = ctx.spans_by_tok.get(id(tok))
        if sp is not None and sp.type in ("PER", "ORG", "LOC"):
            i += 1  # a title word inside a name («администрации президента»)
            continue
        s, past, geo = modifiers_before(ctx, toks, i)
        past = past or tok.text.lower().startswith("экс-")
        j = title_words_after(ctx, toks, i)
        t = Post(s, j, [x for x in toks[s:j] if lemma(x) not in geo_adjectives()], past,
                 geo=geo, plural=(tok.feats or {}).get("Number") == "Plur")
        t.end_tok = scan_complement(ctx, toks, t, s, j)
        out.append(t)
        i = max(j, i + 1)
    return out


def lead_org(ctx: DocContext, toks: list) -> Entity | None:
    """«В Сенате, где …, спикер Гарри Рид заявил»: the organization a sentence starts in."""
    if len(toks) > 2 and toks[0].text.lower() in ("в", "во"):
        sp0 = ctx.spans_start.get(id(toks[1]))
        ent0 = ctx.ent_at.get(sp0.start) if sp0 is not None else None
        if ent0 is not None and ent0.type == "ORG":
            return ent0
    return None


def share_body(found: list[Post]) -> None:
    """«представитель вооружённых сил полковник X»: a rank right after a post with an organization
    is in the same body."""
    for a in found:
        for b in found:
            if b.i == a.end_tok and b is not a and (a.org is not None or a.org_text) \
                    and b.org is None and not b.org_text and b.place is None and not b.geo:
                b.org, b.org_text = a.org, a.org_text


def sentence_view(ctx: DocContext, toks: list, prev_found: list[Post]) -> SentenceView:
    """A sentence with its post phrases, ready for the rules."""
    found = find_posts(ctx, toks)
    view = SentenceView(toks=toks, found=found, prev_found=prev_found, lead_org=lead_org(ctx, toks))
    share_body(found)
    return view
