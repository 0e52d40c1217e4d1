"""Where the rules look for a post's holder: the person at, ending at or between token indexes,
the subject of a verb, the appointment verb governing a post. Each returns ``(entity, span)`` or
None; none of them decides anything by itself."""

from __future__ import annotations

from typing import Any

from ..ner import Span, case, lemma
from ..posts import APPOINT_VERBS, is_title, participle_lemma, visibly_nominative
from . import config
from .claims import Post
from .context import DocContext

Found = tuple[Any, Span] | None  # (entity, span) of a holder

_STOPS = (".", "!", "?", ";")


def person_at(ctx: DocContext, toks: list, k: int) -> Found:
    """The person whose name starts at token ``k``."""
    if k < len(toks):
        sp = ctx.spans_by_tok.get(id(toks[k]))
        if sp is not None and sp.type == "PER" and sp.tokens[0] is toks[k]:
            ent = ctx.ent_at.get(sp.start)
            if ent is not None:
                return ent, sp
    return None


def person_ending(ctx: DocContext, toks: list, k: int) -> Found:
    """The person whose name ends at token ``k`` (or before its original spelling in parentheses)."""
    if k >= 0 and toks[k].text == ")":
        # «Скотт Хоровитц (Scott Horowitz), бывший астронавт»: the name before its original spelling
        for b in range(k - 1, max(-1, k - 1 - config.ORIGINAL_SPELLING_MAX), -1):
            if toks[b].text == "(":
                k = b - 1
                break
            if toks[b].text in (",", ".", ";"):
                return None
    if k >= 0:
        sp = ctx.spans_by_tok.get(id(toks[k]))
        if sp is not None and sp.type == "PER" and sp.tokens[-1] is toks[k]:
            ent = ctx.ent_at.get(sp.start)
            if ent is not None:
                return ent, sp
    return None


def person_between(ctx: DocContext, toks: list, a: int, b: int) -> Found:
    """The first person whose name starts in toks[a:b]."""
    for k in range(a, b):
        per = person_at(ctx, toks, k)
        if per is not None and per[0].type == "PER":
            return per
    return None


def person_before_apposition(ctx: DocContext, toks: list, j: int) -> Found:
    """«Тлеген Каскин, уроженец Северо-Казахстанской области, исполняющий обязанности …»: the
    person before one short comma-separated apposition (a noun in the nominative that is
    not a post, and no other person in it)."""
    for c in range(j - 2, max(0, j - 2 - config.APPOSITION_MAX), -1):
        if toks[c].text != ",":
            continue
        seg = toks[c + 1:j]
        agree = case(toks[c - 1]) if c >= 1 and case(toks[c - 1]) else "Nom"
        # «Александра Брода, известного борца с ксенофобией, члена Общественной палаты»
        animate = {"Gen", "Acc"}  # the tagger mixes them up on animate nouns
        if not seg or seg[0].pos not in ("NOUN", "ADJ") or is_title(seg[0]) or not (
                case(seg[0]) == agree or {case(seg[0]), agree} <= animate):
            return None
        if any(ctx.spans_by_tok.get(id(x)) is not None and ctx.spans_by_tok[id(x)].type == "PER" for x in seg):
            return None
        if any(x.pos in ("VERB", "AUX") or x.text in ("(", ")", "—", "–", ":") for x in seg):
            return None
        return person_ending(ctx, toks, c - 1)
    return None


def _nominative_person(ctx: DocContext, toks: list, k: int) -> Found:
    per = person_at(ctx, toks, k)
    if per is not None and per[0].type == "PER" and case(toks[k]) in ("Nom", None):
        return per
    return None


def clause_subject(ctx: DocContext, toks: list, t: Post) -> Found:
    """The person named in the nominative nearest to ``t`` in its sentence (after it first)."""
    for k in range(t.end_tok, min(len(toks), t.end_tok + config.CLAUSE_SUBJECT_AFTER)):
        if toks[k].text in _STOPS:
            break
        per = _nominative_person(ctx, toks, k)
        if per is not None:
            return per
    for k in range(t.i - config.CLAUSE_SUBJECT_GAP, -1, -1):
        per = _nominative_person(ctx, toks, k)
        if per is not None:
            return per
    return None


def _syntactic_candidates(toks: list, head: Any) -> list:
    by_id = {x.id: x for x in toks}
    cands = []
    if head.rel == "appos" and head.head_id in by_id and by_id[head.head_id].start < head.start:
        cands.append(by_id[head.head_id])  # «Виктор Майклсон - зав. кафедрой …»
    for x in toks:
        if x.head_id != head.id or x.start > head.start:
            continue
        dash = any(y.text in ("—", "–", "-") for y in toks if x.stop <= y.start < head.start)
        if x.rel == "appos" or (x.rel == "nsubj" and dash and case(head) == "Nom"):
            cands.append(x)  # «X — депутат парламента»
    return cands


def syntactic_person(ctx: DocContext, toks: list, t: Post) -> Found:
    """The person the parser makes an apposition of the post, or its subject after a dash."""
    head = next((x for x in t.toks if is_title(x)), None)
    if head is None or getattr(head, "id", None) is None:
        return None
    for c in _syntactic_candidates(toks, head):
        if case(c) and case(head) and case(c) != case(head) and case(head) != "Nom":
            continue
        sp = ctx.spans_by_tok.get(id(c))
        if sp is not None and sp.type == "PER":
            ent = ctx.ent_at.get(sp.start)
            if ent is None or ent.type != "PER":
                continue
            person = ctx.person_of.get(ent.id)
            # an apposition agrees in case: «Ерболу Досаеву Президент … поручил» is two people
            if case(head) == "Nom" and person is not None and sp.text.split() != ent.name.split():
                continue
            if case(head) != "Nom" and visibly_nominative(sp.text, person):
                continue
            return ent, sp
    return None


def subject_of_verb(ctx: DocContext, toks: list, verb: int) -> Found:
    """The person the appointment is about: the nearest PER before the verb, or right after it;
    «он»/«она» before the verb is the last person of that gender mentioned before."""
    for k in range(verb - 1, -1, -1):
        if toks[k].text.lower() in ("он", "она") and k >= verb - config.PRONOUN_BEFORE_VERB:
            ante = ctx.mentions.antecedent(toks[k].start, "f" if toks[k].text.lower() == "она" else "m")
            if ante is None:
                return None
            # the evidence is the pronoun's sentence, not the way back to the antecedent
            return ante[0], Span(toks[k].start, toks[k].stop, "PER", toks[k].text)
        sp = ctx.spans_by_tok.get(id(toks[k]))
        if sp is not None and sp.type == "PER":
            ent = ctx.ent_at.get(sp.start)
            if ent is not None:
                return ent, sp
    for k in range(verb + 1, min(len(toks), verb + 1 + config.SUBJECT_AFTER_VERB)):
        sp = ctx.spans_by_tok.get(id(toks[k]))
        if sp is not None and sp.type == "PER":
            ent = ctx.ent_at.get(sp.start)
            if ent is not None:
                return ent, sp
    return None


def paragraph_subject(ctx: DocContext, toks: list, verb: int) -> Found:
    """A biography goes on without repeating its subject («Жанат Элимаев родился … Работал в …,
    был заместителем председателя …»): a sentence with no subject at all continues the last
    person named in the nominative in its paragraph, if the verb agrees in gender."""
    if any(x.rel.startswith("nsubj") for x in toks):
        return None
    v = toks[verb]
    if (v.feats or {}).get("Person") in ("1", "2"):
        return None
    start = toks[0].start
    para = ctx.text.rfind("\n", 0, start) + 1
    before = [(e, m, p) for e, m, p in ctx.mentions.between(para, start)
              if ctx.mention_case.get(m.start) in ("Nom", None)]
    if not before or before[-1][2] is None:
        return None
    e, m, person = before[-1]
    g = (v.feats or {}).get("Gender")
    if g and person.gender and {"Masc": "m", "Fem": "f"}.get(g, person.gender) != person.gender:
        return None
    return e, Span(v.start, v.stop, "PER", v.text)


def appointment_verb(toks: list, i: int) -> int | None:
    """The appointment verb governing the title at i (instrumental/accusative/«на должность»)."""
    for k in range(i - 1, max(-1, i - 1 - config.APPOINT_VERB_BEFORE), -1):
        t = toks[k]
        if (t.feats or {}).get("VerbForm") == "Part" and case(t) and case(t) == case(toks[i]) \
                and participle_lemma(t) not in APPOINT_VERBS:
            continue  # «остается приглашенным хореографом»: a participle agreeing with the post
        if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and (t.feats or {}).get("VerbForm") == "Part"):
            if lemma(t) in APPOINT_VERBS or participle_lemma(t) in APPOINT_VERBS:
                return k
            return None
        if t.text in _STOPS:
            return None
    return None


def appointment_verb_after(toks: list, t: Post) -> int | None:
    """An appointment verb right after a post in the instrumental («капитаном стал …») or after
    «место/пост/должность» + the post in the genitive and its organization («место спикера
    Палаты представителей в новом Конгрессе занял …»)."""
    head = next((x for x in t.toks if is_title(x)), None)
    if head is None:
        return None
    seat = t.i > 0 and lemma(toks[t.i - 1]) in ("место", "пост", "должность", "кресло") and case(head) == "Gen"
    if case(head) != "Ins" and not seat:
        return None
    window = config.SEAT_VERB_AFTER if seat else config.APPOINT_VERB_AFTER
    for k in range(t.end_tok, min(len(toks), t.end_tok + window)):
        tok = toks[k]
        if tok.pos in ("VERB", "AUX"):
            if lemma(tok) in APPOINT_VERBS or participle_lemma(tok) in APPOINT_VERBS:
                return k
            return None
        if tok.text in (*_STOPS, ","):
            return None
    return None
