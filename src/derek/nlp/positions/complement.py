"""The organization or place after a post's title words («аким города Алматы», «глава IBM»,
«инженер из цеха сборки Boeing», «министр торговли»): a scan over at most
``config.COMPLEMENT_WINDOW`` tokens, one named step per way a post names where it is held.

A step returns None when it does not apply (the next step is tried), True to go on scanning
from the new position, False to stop."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..ner import Span, case, institution_heads, lemma, normalize_org
from ..posts import (
    PLACE_WORDS,
    geo_adjectives,
    is_title,
    org_tail,
    po_qualifier,
    quoted_name_end,
    tok_index_after,
    unit_nouns,
)
from . import config
from .claims import Post
from .context import DocContext

_LATIN = re.compile(r"[A-Z][\w&.\-’']*")
_OPEN_QUOTES = ("«", '"', "“", "„")


@dataclass
class Scan:
    """Where the scan of one post's complement is."""

    toks: list[Any]
    t: Post
    s: int  # the phrase's first token
    j: int  # the index after the title words
    k: int  # the token looked at
    complement: tuple[int, int] | None = None  # lower-case genitive words kept in the title
    adj_at: int | None = None  # a lower-case adjective that belongs to the name after it

    @property
    def n(self) -> int:
        return len(self.toks)

    def span_at(self, ctx: DocContext, k: int) -> Span | None:
        return ctx.spans_start.get(id(self.toks[k])) if k < self.n else None

    def org_text(self, ctx: DocContext, a: int, b: int) -> str:
        unit = self.toks[a:b]
        return normalize_org(unit, ctx.text[unit[0].start:unit[-1].stop], unit[0].start)


def region_word(ctx: DocContext, sc: Scan) -> bool | None:
    """«Аким области Дастан Рыспеков» in a text about «области Улытау»: the one region."""
    toks, k, t = sc.toks, sc.k, sc.t
    if k == sc.j and t.place is None and toks[k].text.lower() in ("области", "района", "региона") and (
            k + 1 >= sc.n or sc.span_at(ctx, k + 1) is None or sc.span_at(ctx, k + 1).type == "PER"):
        region = ctx.regions.get("район" if toks[k].text.lower() == "района" else "область")
        if region is not None:
            t.place, t.place_text = region
            sc.k += 1
            return True
    return None


def place_word(ctx: DocContext, sc: Scan) -> bool | None:
    """«акима города Алматы»: the place word before a name."""
    if lemma(sc.toks[sc.k]) in PLACE_WORDS and sc.k + 1 < sc.n and sc.toks[sc.k + 1].text[:1].isupper():
        sc.k += 1
        return True
    return None


def latin_name(ctx: DocContext, sc: Scan) -> bool | None:
    """«глава Business NZ Фил О’Рейли»: a Latin name the tagger missed, right before a person."""
    toks, k, t = sc.toks, sc.k, sc.t
    if not _LATIN.fullmatch(toks[k].text):
        return None
    m = k
    while m < sc.n and m - k < config.LATIN_NAME_MAX and _LATIN.fullmatch(toks[m].text):
        m += 1
    sp0 = sc.span_at(ctx, k)
    if (sp0 is None or sp0.type != "ORG") and m < sc.n and sc.span_at(ctx, m) is not None \
            and sc.span_at(ctx, m).type == "PER":
        if t.org is None and not t.org_text:
            t.org_text = ctx.text[toks[k].start:toks[m - 1].stop]
        sc.k = m
        return False
    return None


def quote_before_org(ctx: DocContext, sc: Scan) -> bool | None:
    """«лидер «Центра»»: the quotation mark before a named organization."""
    toks, k = sc.toks, sc.k
    if toks[k].text in _OPEN_QUOTES and k + 1 < sc.n and sc.span_at(ctx, k + 1) is not None \
            and sc.span_at(ctx, k + 1).type == "ORG":
        sc.k += 1
        return True
    return None


def adjective_before_name(ctx: DocContext, sc: Scan) -> bool | None:
    """«глава японского МИДа» (a place), «глава синодального Отдела …» (part of the name)."""
    toks, k, t = sc.toks, sc.k, sc.t
    if toks[k].pos == "ADJ" and k + 1 < sc.n and (
            sc.span_at(ctx, k + 1) is not None or (
            toks[k + 1].text in _OPEN_QUOTES and k + 2 < sc.n
            and sc.span_at(ctx, k + 2) is not None and sc.span_at(ctx, k + 2).type == "ORG")):
        if lemma(toks[k]) in geo_adjectives() and t.geo is None:
            t.geo = geo_adjectives()[lemma(toks[k])]
        elif toks[k].text.islower() and lemma(toks[k]) not in geo_adjectives():
            sc.adj_at = k
        sc.k += 1
        return True
    return None


def prep_unit(ctx: DocContext, toks: list, k: int) -> int | None:
    """After «из»/«от»: the end of an organization — a named one, or lower-case genitive words
    ending in one («цеха окончательной обработки Vestas»); None when there is none."""
    spans_start = ctx.spans_start
    n = len(toks)
    m = k
    while m < n and m - k <= config.PREP_UNIT_MAX and spans_start.get(id(toks[m])) is None \
            and toks[m].pos in ("ADJ", "NOUN") and toks[m].text[:1].islower():
        m += 1
    if m < n and _LATIN.fullmatch(toks[m].text) and spans_start.get(id(toks[m])) is None:
        e = m
        while e < n and e - m < config.LATIN_NAME_MAX and _LATIN.fullmatch(toks[e].text) \
                and spans_start.get(id(toks[e])) is None:
            e += 1
        return e
    sp = spans_start.get(id(toks[m])) if m < n else None
    if sp is not None and sp.type == "ORG":
        return tok_index_after(toks, sp.end, m)
    return None


def from_unit(ctx: DocContext, sc: Scan) -> bool | None:
    """«рабочий из цеха окончательной обработки Vestas», «наблюдатель от ОБСЕ»."""
    toks, k, t = sc.toks, sc.k, sc.t
    if toks[k].text.lower() in ("из", "от") and t.org is None and not t.org_text:
        unit_end = prep_unit(ctx, toks, k + 1)
        if unit_end is not None:
            sp = sc.span_at(ctx, k + 1)
            ent = ctx.ent_at.get(sp.start) if sp is not None else None
            if ent is not None and ent.type == "ORG" and tok_index_after(toks, sp.end, k + 1) == unit_end:
                t.org = ent
            else:
                t.org_text = sc.org_text(ctx, k + 1, unit_end)
            sc.k = unit_end
            return True
    return None


def person_after_prep(ctx: DocContext, sc: Scan) -> bool | None:
    """«представитель комитета при прокуратуре Владимир Маркин»: a person after the prepositional
    phrase ends the post."""
    toks, k = sc.toks, sc.k
    if toks[k].text.lower() in ("в", "во", "при", "на", "по", "от"):
        m = k + 1
        while m < sc.n and m - k <= config.PREP_PHRASE_MAX and toks[m].pos in ("ADJ", "NOUN", "PROPN") and \
                (sc.span_at(ctx, m) is None or sc.span_at(ctx, m).type != "PER"):
            m += 1
        if m < sc.n and m > k + 1 and sc.span_at(ctx, m) is not None and sc.span_at(ctx, m).type == "PER":
            sc.k = m
            return False
    return None


def prep_before_name(ctx: DocContext, sc: Scan) -> bool | None:
    """«посол Японии в России», «комитета при прокуратуре»: a preposition before a name."""
    toks, k = sc.toks, sc.k
    if toks[k].text.lower() in ("в", "во", "при", "на") and k + 1 < sc.n and \
            sc.span_at(ctx, k + 1) is not None and sc.span_at(ctx, k + 1).type != "PER":
        sc.k += 1
        return True
    return None


def _unit_of_named_org(ctx: DocContext, sc: Scan, sp, ent) -> bool:
    """«сопредседатель московского отделения движения «Солидарность»»: the genitive words before
    a named organization are a unit of it, not the post. True when the scan goes on after the unit."""
    toks, t, k = sc.toks, sc.t, sc.k
    t.toks = toks[sc.s:sc.complement[0]]
    unit_end = org_tail(toks, tok_index_after(toks, sp.end, k))
    t.org_text = sc.org_text(ctx, sc.complement[0], unit_end)
    t.org = ent
    if unit_end > tok_index_after(toks, sp.end, k):
        sc.k = unit_end
        return True
    return False


def _named_org(ctx: DocContext, sc: Scan, sp, ent) -> bool:
    """The organization named after the post, with a field of the post or a qualifier of the name
    after it. True when the scan goes on after the qualifier."""
    toks, t, k = sc.toks, sc.t, sc.k
    t.org = ent
    after_org = tok_index_after(toks, sp.end, k)
    field_end = po_qualifier(toks, after_org, ctx.spans_by_tok)
    if field_end > after_org and toks[after_org + 1].text[:1].islower() \
            and lemma(toks[after_org + 1]) not in PLACE_WORDS \
            and toks[after_org + 1].text.lower() not in ("делам", "вопросам"):
        # «директор НАСА по космическим полетам» → «директор по космическим полетам» of НАСА:
        # a field of the post, not a unit of the body
        t.title_suffix = " ".join(x.text for x in toks[after_org:field_end])
        tail = after_org
    else:
        tail = org_tail(toks, after_org)
    first = sc.adj_at if sc.adj_at is not None and sc.adj_at == k - 1 else k
    if tail > tok_index_after(toks, sp.end, k) or first < k:
        # «Следственного комитета при прокуратуре»: the qualifier belongs to the name
        t.org_text = sc.org_text(ctx, first, tail)
        sc.k = tail
        return True
    return False


def named_entity(ctx: DocContext, sc: Scan) -> bool | None:
    """An ORG or LOC entity after the post: its organization or place."""
    sp = sc.span_at(ctx, sc.k)
    if sp is None or sp.type not in ("ORG", "LOC"):
        return None
    t = sc.t
    ent = ctx.ent_at.get(sp.start)
    if ent is not None:
        if ent.type == "ORG" and t.org is None and sc.complement is not None and sc.complement[1] == sc.k:
            if _unit_of_named_org(ctx, sc, sp, ent):
                return True
        elif ent.type == "ORG" and t.org is None:
            if _named_org(ctx, sc, sp, ent):
                return True
        elif ent.type == "LOC" and t.place is None:
            t.place = ent
            t.place_text = sp.text
    sc.k = tok_index_after(sc.toks, sp.end, sc.k)
    return True


def country_word(ctx: DocContext, sc: Scan) -> bool | None:
    """«премьер-министр страны»: the country the text is about."""
    if sc.k == sc.j and lemma(sc.toks[sc.k]) == "страна" and case(sc.toks[sc.k]) == "Gen":
        sc.t.country = True
        sc.k += 1
        return False
    return None


def _genitive_end(ctx: DocContext, toks: list, k: int) -> int:
    """The end of lower-case genitive words from ``k`` («экологии, геологии и природных ресурсов»)."""
    n = len(toks)

    def plain_gen(x) -> bool:
        return x.pos in ("ADJ", "NOUN") and case(x) == "Gen" and ctx.spans_by_tok.get(id(x)) is None \
            and not is_title(x)

    m = k
    while m < n:
        if plain_gen(toks[m]):
            m += 1
        elif toks[m].text in (",", "и") and m + 1 < n and plain_gen(toks[m + 1]):
            m += 1  # «министр экологии, геологии и природных ресурсов»
        else:
            break
    return m


def genitive_complement(ctx: DocContext, sc: Scan) -> bool | None:
    """A lower-case genitive complement that is not an entity: «министр торговли» (part of the
    title), «депутат парламента» (the body), «фотограф еженедельника «…»» (a named unit)."""
    toks, t = sc.toks, sc.t
    k = sc.k
    if not (case(toks[k]) == "Gen" and toks[k].pos in ("NOUN", "ADJ") and not is_title(toks[k]) and k == sc.j
            and lemma(toks[k]) not in PLACE_WORDS):
        return None
    m = _genitive_end(ctx, toks, k)
    if not (m > k and toks[m - 1].pos == "NOUN"):
        return None
    k0 = k
    while k < m - 1 and lemma(toks[k]) in geo_adjectives():
        t.geo = t.geo or geo_adjectives()[lemma(toks[k])]  # «лидер московской группы «…»»
        k += 1
    close = quoted_name_end(toks, m)
    if close is not None:
        t.toks = toks[sc.s:k0]
        t.org_text = sc.org_text(ctx, k, close)
        t.org = None
        sc.k = close
        return True
    head_noun = next((x for x in toks[k:m] if x.pos == "NOUN"), toks[k])
    named_after = m < sc.n and (sc.span_at(ctx, m) is not None or toks[m].text in _OPEN_QUOTES)
    if t.org is None and (lemma(toks[k]) in institution_heads() or (
            lemma(head_noun) in unit_nouns() and not named_after)):
        # a unit before a named one is left to the name below
        t.toks = toks[sc.s:k0]
        t.org_text = sc.org_text(ctx, k0, m)
        sc.k = m
        return True
    t.toks = toks[sc.s:m]
    sc.complement = (k0, m)
    sc.k = m
    return True


STEPS: tuple[Callable[[DocContext, Scan], bool | None], ...] = (
    region_word, place_word, latin_name, quote_before_org, adjective_before_name, from_unit,
    person_after_prep, prep_before_name, named_entity, country_word, genitive_complement,
)


def scan_complement(ctx: DocContext, toks: list, t: Post, s: int, j: int) -> int:
    """Fill in ``t``'s organization and place from the words after its title; the index after them."""
    sc = Scan(toks=toks, t=t, s=s, j=j, k=j)
    while sc.k < sc.n and sc.k - j <= config.COMPLEMENT_WINDOW:
        go_on = None
        for step in STEPS:
            go_on = step(ctx, sc)
            if go_on is not None:
                break
        if not go_on:
            break
    return sc.k
