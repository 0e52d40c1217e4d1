"""Rules that read a post from a verb: an appointment («назначен акимом», «назначил Ивана Петрова
министром», «капитаном стал …»), a biography without its subject («Работал в …, был
заместителем …»), a post stated by its verb («возглавил Министерство финансов», «работает в
НАСА») and a succession («X сменил Y на посту акима»)."""

from __future__ import annotations

import copy
from collections.abc import Iterator

from ..ner import Span, case, lemma, normalize_org
from ..posts import tok_index_after, unit_phrase, verb_tense
from . import config
from .claims import Claim, Post
from .context import DocContext, SentenceView
from .finders import appointment_verb as find_appointment_verb
from .finders import (
    appointment_verb_after,
    paragraph_subject,
    person_at,
    person_before_apposition,
    person_between,
    person_ending,
    subject_of_verb,
)

_STOPS = (".", ";", "!", "?")


def _verb_claim(rule: str, sent: SentenceView, t: Post, verb: int, per: tuple) -> Claim:
    toks = sent.toks
    return Claim(rule, per[0], t, (min(per[1].start, toks[verb].start), toks[t.end_tok - 1].stop),
                 verb_tense(toks[verb], t, toks[verb - 1] if verb > 0 else None))


def appointment_verb(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """«назначен акимом», «стал министром», «освобожден от должности»; «назначил Ивана Петрова
    министром»: the object between the verb and the post holds it, not the subject who appoints."""
    toks = sent.toks
    verb = find_appointment_verb(toks, t.i)
    if verb is None:
        return None
    per = person_between(ctx, toks, verb + 1, t.i) or subject_of_verb(ctx, toks, verb)
    if per is None:
        return None  # the subject may have been left out (dropped_subject)
    return [_verb_claim("appointment_verb", sent, t, verb, per)] if per[0].type == "PER" else []


def dropped_subject(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """An appointment verb in a sentence with no subject at all: the last person named in the
    nominative in the paragraph («Жанат Элимаев родился … Был заместителем председателя …»)."""
    toks = sent.toks
    verb = find_appointment_verb(toks, t.i)
    if verb is None:
        return None
    per = paragraph_subject(ctx, toks, verb)
    return [_verb_claim("dropped_subject", sent, t, verb, per)] if per is not None and per[0].type == "PER" else []


def post_then_verb(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """«капитаном стал Михаель Баллак», «место спикера … занял Джон Бенер»: the post first, then the
    verb and the person right after it, possibly after their other post («премьер-министром станет
    глава партии «Путь Грузии» Саломе Зурабишвили»)."""
    toks = sent.toks
    verb = appointment_verb_after(toks, t)
    if verb is None:
        return None
    limit = min(len(toks), verb + 1 + config.HOLDER_AFTER_VERB)
    stop = next((k for k in range(verb + 1, limit) if toks[k].text in (".", ",", ";", ":", "!", "?")), limit)
    per = person_between(ctx, toks, verb + 1, stop)
    if per is None or per[0].type != "PER":
        return None
    return [Claim("post_then_verb", per[0], t, (toks[t.i].start, per[1].end),
                  verb_tense(toks[verb], t, toks[verb - 1] if verb > 0 else None))]


def _verb_post(ctx: DocContext, toks: list, v: int) -> Post | None:
    """The post a verb states with its organization, or None."""
    n = len(toks)
    tok = toks[v]
    lem = lemma(tok)
    if lem in ("возглавить", "возглавлять", "руководить"):
        title, k = "руководитель", v + 1
    elif lem in ("работать", "служить", "трудиться") and v + 1 < n and toks[v + 1].text.lower() in ("в", "во"):
        title, k = "сотрудник", v + 2
    else:
        return None
    sp = ctx.spans_start.get(id(toks[k])) if k < n else None
    ent = ctx.ent_at.get(sp.start) if sp is not None else None
    t = Post(v, v + 1, [tok], False, title_override=title)
    if ent is not None and ent.type == "ORG":
        t.org, t.end_tok = ent, tok_index_after(toks, sp.end, k)
    elif title == "руководитель" and (end := unit_phrase(toks, k, ctx.spans_by_tok)) is not None \
            and end - k > 1:  # «руководил ведомством» alone names no organization
        unit = toks[k:end]
        t.org_text = normalize_org(unit, ctx.text[unit[0].start:unit[-1].stop], unit[0].start)
        t.end_tok = end
    else:
        return None
    return t


def _verb_holder(ctx: DocContext, toks: list, v: int):
    """The person before the verb in the nominative (for a participle, the one it follows after a
    comma; «он»/«она»: the last person of that gender named before)."""
    participle = (toks[v].feats or {}).get("VerbForm") == "Part"
    for b in range(v - 1, -1, -1):
        x = toks[b]
        if x.text.lower() in ("который", "которая") and b >= 2 and toks[b - 1].text == ",":
            # «Скотт Хоровитц, бывший астронавт, который … работает в НАСА»
            return person_ending(ctx, toks, b - 2) or person_before_apposition(ctx, toks, b - 1)
        if x.text in (".", ";", "!", "?", "—", "–") or (x.text == "," and not participle):
            return None
        if x.text.lower() in ("он", "она") and not participle:
            # «Ранее он возглавлял управление …»
            ante = ctx.mentions.antecedent(x.start, "f" if x.text.lower() == "она" else "m")
            return (ante[0], Span(x.start, x.stop, "PER", x.text)) if ante is not None else None
        cand = person_ending(ctx, toks, b)
        if cand is not None and cand[0].type == "PER" and case(x) in ("Nom", None):
            return cand
        if participle and x.text not in (",",) and x.pos not in ("ADV",) and b < v - 1:
            return None  # «Синдзи Харада, ранее возглавлявший …»: only «, ранее» in between
    return None


def verb_posts(ctx: DocContext, sent: SentenceView) -> Iterator[Claim]:
    """Posts stated by a verb and its organization: «возглавил/возглавлял X», «руководит X» →
    руководитель of X; «работает/служит в X» → сотрудник of X."""
    toks = sent.toks
    for v, tok in enumerate(toks):
        if tok.pos not in ("VERB", "ADJ"):
            continue
        t = _verb_post(ctx, toks, v)
        if t is None:
            continue
        per = _verb_holder(ctx, toks, v)
        if per is None:
            continue
        feats = tok.feats or {}
        participle = feats.get("VerbForm") == "Part"
        past = feats.get("Tense") == "Past" and (feats.get("Aspect") == "Imp" or participle)
        yield Claim("verb_posts", per[0], t, (per[1].start, toks[t.end_tok - 1].stop), "past" if past else "current")


def _succession_post(sent: SentenceView, v: int) -> Post | None:
    """«на посту акима» after the verb, or «на этом посту»: the post the sentence before spoke of."""
    toks, n = sent.toks, len(sent.toks)
    for k in range(v + 1, min(n - 1, v + 1 + config.SUCCESSION_POST_WINDOW)):
        if toks[k].text.lower() == "на" and toks[k + 1].text.lower() in ("посту", "этом", "этой", "должности"):
            m = k + 1
            if toks[m].text.lower() in ("этом", "этой"):
                return sent.prev_found[-1] if sent.prev_found else None
            return next((x for x in sent.found if x.i == m + 1), None)
        if toks[k].text in _STOPS:
            return None
    return None


def _new_holder(ctx: DocContext, toks: list, v: int):
    for b in range(v - 1, -1, -1):
        if toks[b].text in (".", ";", "!", "?", ","):
            return None
        cand = person_ending(ctx, toks, b)
        if cand is not None and cand[0].type == "PER" and case(toks[b]) in ("Nom", None):
            return cand
    return None


def _old_holder(ctx: DocContext, toks: list, v: int, new_holder):
    for k in range(v + 1, min(len(toks), v + 1 + config.SUCCESSION_OLD_HOLDER_WINDOW)):
        if toks[k].text in _STOPS:
            return None
        cand = person_at(ctx, toks, k)
        if cand is not None and cand[0].type == "PER" and (new_holder is None or cand[0] is not new_holder[0]):
            return cand
    return None


def succession(ctx: DocContext, sent: SentenceView) -> Iterator[Claim]:
    """«X сменил/заменил Y на посту акима», «X заменила на этом посту Y» (the post named in the
    sentence before): X holds the post now, Y held it before (and a reading of it as current
    elsewhere in the sentence is made past)."""
    toks = sent.toks
    for v, tok in enumerate(toks):
        if tok.pos != "VERB" or lemma(tok) not in ("сменить", "заменить", "сменять", "заменять"):
            continue
        post = _succession_post(sent, v)
        if post is None:
            continue
        new_holder = _new_holder(ctx, toks, v)
        old_holder = _old_holder(ctx, toks, v, new_holder)
        if new_holder is None or old_holder is None:
            continue
        past = copy.copy(post)
        past.past = True
        evidence = (new_holder[1].start, old_holder[1].end)
        yield Claim("succession", new_holder[0], post, evidence, "current")
        yield Claim("succession", old_holder[0], past, evidence, "past", ended_in=(toks[0].start, toks[-1].stop))
