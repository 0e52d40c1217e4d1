"""Rules that link a post to a name next to it: the post right before the name (alone, in a chain
of posts, or plural before several names), the post after the name as an apposition, the parser's
apposition, «в качестве …» and the subject of the clause.

A post rule takes the document context, the sentence and one post phrase and returns None when it
does not apply (the next rule is tried), a list of claims when it does (possibly empty: the post
is settled with no holder), or a refined post the next rules read instead (``refine_*``)."""

from __future__ import annotations

import copy

from ..ner import case, lemma, normalize_org
from ..posts import (
    ADVERBS,
    MODIFIERS,
    PAST_MARKERS,
    PLACE_WORDS,
    RELATIONAL,
    is_title,
    parenthesized_org,
    served_person,
    tok_index_after,
    unit_phrase,
    visibly_nominative,
)
from .claims import Claim, Post
from .context import DocContext, SentenceView
from .finders import (
    Found,
    clause_subject,
    person_at,
    person_before_apposition,
    person_ending,
    syntactic_person,
)


def holders_after(ctx: DocContext, toks: list, t: Post) -> list[tuple]:
    """The people a plural (or plural-tagged) post names right after it, each with a copy of the
    post; coordinated places or organizations are paired with the people in order."""
    n = len(toks)
    comps = [(t.org, t.place, t.place_text)]
    k = t.end_tok
    while k + 1 < n and toks[k].text in ("и", ","):
        m = k + 1
        if lemma(toks[m]) in PLACE_WORDS:
            m += 1  # «и города Караганды»
        sp = ctx.spans_start.get(id(toks[m])) if m < n else None
        ent = ctx.ent_at.get(sp.start) if sp is not None else None
        if ent is None or ent.type not in ("LOC", "ORG"):
            break
        comps.append((ent, None, None) if ent.type == "ORG" else (None, ent, sp.text))
        k = tok_index_after(toks, sp.end, m)
    people = []
    while True:
        per = person_at(ctx, toks, k)
        if per is None or per[0].type != "PER":
            break
        people.append(per)
        k = tok_index_after(toks, per[1].end, k)
        if k + 1 < n and toks[k].text in ("и", ","):
            k += 1
            continue
        break
    if not people or (t.i > 0 and toks[t.i - 1].text.lower() in ("в", "во")):
        return []  # «кандидат в президенты»
    head = next((x for x in t.toks if is_title(x)), t.toks[0])
    first = people[0][1].tokens[0] if getattr(people[0][1], "tokens", None) else None
    if first is not None and case(first) == "Gen" and case(head) not in ("Gen", None):
        return []  # «официальными представителями Путина»: the people they represent
    out = []
    for idx, (ent, sp) in enumerate(people):
        tt = copy.copy(t)
        if len(comps) == len(people):
            tt.org, tt.place, tt.place_text = comps[idx]
        elif len(comps) > 1:
            tt.org, tt.place, tt.place_text = None, None, None
        out.append((ent, sp, tt))
    return out


def _holder_claims(rule: str, toks: list, t: Post, pairs: list[tuple]) -> list[Claim]:
    return [Claim(rule, ent, tt, (toks[t.i].start, sp.end)) for ent, sp, tt in pairs]


def coordinated_holders(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """«экс-акимов Карагандинской области и города Караганды Бауржана Абдишева и …» read as a
    singular by the tagger: two or more holders after coordinated places."""
    toks = sent.toks
    if t.plural or t.end_tok >= len(toks) or toks[t.end_tok].text != "и":
        return None
    pairs = holders_after(ctx, toks, t)
    return _holder_claims("coordinated_holders", toks, t, pairs) if len(pairs) > 1 else None


def plural_holders(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """A plural post: one post per person named after it, paired with the places when they are as
    many («экс-акимов … Бауржана Абдишева и Мейрама Смагулова»)."""
    if not t.plural:
        return None
    return _holder_claims("plural_holders", sent.toks, t, holders_after(ctx, sent.toks, t))


def chain_to_person(ctx: DocContext, sent: SentenceView, t: Post) -> Found:
    """The person right after ``t``, or after a chain of titles that follows it: adjacent
    («наблюдатель от ОБСЕ португальский парламентарий Хуан Суареш») or joined by «,»/«и»."""
    toks, cur = sent.toks, t
    while True:
        per = person_at(ctx, toks, cur.end_tok)
        if per is not None:
            return per
        nxt = [x for x in sent.found if x.i == cur.end_tok and x is not cur]
        if not nxt and cur.end_tok < len(toks) and toks[cur.end_tok].text in (",", "и"):
            nxt = [x for x in sent.found if x.i == cur.end_tok + 1]
        if not nxt:
            return None
        cur = nxt[0]


def served_not_held(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """«Помощник Хиллари Клинтон …»: the name after the post is the one it serves, not its holder."""
    per = chain_to_person(ctx, sent, t)
    return [] if per is not None and served_person(t, per[1]) else None


def _head(t: Post):
    return next((x for x in t.toks if is_title(x)), t.toks[0])


def refine_deputy_of_pronoun(ctx: DocContext, sent: SentenceView, t: Post) -> Post | None:
    """«её заместителя Жандоса Буркитбаева»: a deputy in the body of the one «её» is — someone
    with a post named earlier in the sentence (gender unknown for many Kazakh names), else the
    last person of the pronoun's gender."""
    toks = sent.toks
    per = chain_to_person(ctx, sent, t)
    if per is None or per[0].type != "PER" or t.org is not None or t.org_text or t.place is not None \
            or t.i == 0 or toks[t.i - 1].text.lower() not in ("его", "её", "ее") or lemma(_head(t)) not in RELATIONAL:
        return None
    in_sent = [pp for _, _, pp in ctx.mentions.between(toks[0].start, toks[t.i].start)
               if pp is not None and any(q.org for q in pp.positions)]
    boss = ctx.mentions.antecedent(toks[t.i - 1].start, "m" if toks[t.i - 1].text.lower() == "его" else "f")
    boss_p = in_sent[-1] if in_sent else (ctx.person_of.get(boss[0].id) if boss is not None else None)
    org_of_boss = next((q.org for q in boss_p.positions if q.org), None) if boss_p else None
    if not org_of_boss:
        return None
    t = copy.copy(t)
    t.org_text = org_of_boss
    return t


def refine_body_in_parentheses(ctx: DocContext, sent: SentenceView, t: Post) -> Post | None:
    """«архиепископ Лонгин Клинский (РПЦ МП)»: the body in parentheses after the name."""
    per = chain_to_person(ctx, sent, t)
    if per is None or per[0].type != "PER" or t.org is not None or t.org_text or t.place is not None:
        return None
    paren = parenthesized_org(sent.toks, tok_index_after(sent.toks, per[1].end, t.end_tok), ctx.spans_start,
                              ctx.ent_at)
    if paren is None:
        return None
    t = copy.copy(t)
    t.org, t.org_text = paren
    return t


def apposition_before_name(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """The post right before the name, alone or first of a chain of posts ending at it («заместитель
    акима Алматы Абзал Нукенов»); the acting holder («и.о. акима X»). A genitive post before a name
    in the nominative is someone else's («Указом Главы государства Умирзак Шукеев освобожден»)."""
    toks = sent.toks
    per = chain_to_person(ctx, sent, t)
    if per is None or per[0].type != "PER":
        return None
    ent, sp = per
    head = _head(t)
    acting = t.toks[0].text.lower().startswith("исполня") or t.toks[0].text.lower() in ("и", "и.о.", "и.о", "врио")
    after = tok_index_after(toks, sp.end, t.end_tok)
    predicate = after < len(toks) and (toks[after].pos in ("VERB", "AUX") or (
        toks[after].feats or {}).get("VerbForm") == "Part")
    # the parser's apposition, unless a predicate follows the name («Указом главы государства
    # Ерлан Сатыбалдиев назначен …»: the name is its subject)
    appos = sp.tokens and sp.tokens[0].rel == "appos" and not predicate and any(
        sp.tokens[0].head_id == x.id for x in toks[t.i:t.end_tok])
    if acting or appos or not (case(head) in ("Gen", "Dat", "Ins")
                               and visibly_nominative(sp.text, ctx.person_of.get(ent.id))):
        return [Claim("apposition_before_name", ent, t, (toks[t.i].start, sp.end))]
    return None


def _coordinated_posts(ctx: DocContext, sent: SentenceView, t: Post, per: tuple) -> list[Claim]:
    """«…, заместителя Премьер-министра и Министра культуры»: the posts coordinated after the first;
    «члена Общественной палаты и российско-американской рабочей группы»: its second body."""
    toks, out, cur = sent.toks, [], t

    def claim(post: Post) -> Claim:
        return Claim("coordinated_posts", per[0], post, (per[1].start, toks[post.end_tok - 1].stop))

    while cur.end_tok < len(toks) and toks[cur.end_tok].text in ("и", ","):
        nxt = [x for x in sent.found if x.i == cur.end_tok + 1]
        if not nxt and t.org is not None and toks[cur.end_tok].text == "и" and cur.end_tok + 1 < len(toks):
            # (a text that ends in «… и» has no second body: it used to fail the whole document)
            sp2 = ctx.spans_start.get(id(toks[cur.end_tok + 1]))
            ent2 = ctx.ent_at.get(sp2.start) if sp2 is not None else None
            unit_end = unit_phrase(toks, cur.end_tok + 1, ctx.spans_by_tok)
            if ent2 is not None and ent2.type == "ORG":
                cur = copy.copy(t)
                cur.org, cur.org_text = ent2, None
                cur.end_tok = tok_index_after(toks, sp2.end, t.end_tok + 1)
                out.append(claim(cur))
                continue
            if unit_end is not None:
                unit = toks[cur.end_tok + 1:unit_end]
                cur = copy.copy(t)
                cur.org = None
                cur.org_text = normalize_org(unit, ctx.text[unit[0].start:unit[-1].stop], unit[0].start)
                cur.end_tok = unit_end
                out.append(claim(cur))
                continue
        if not nxt:
            break
        cur = nxt[0]
        out.append(claim(cur))
    return out


def apposition_after_name(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """The name before the post: «Имя Фамилия, title …», «Имя Фамилия (title)», «Имя — title»,
    with the posts coordinated after it. An instrumental post after a name in another case is a
    predicate, not an apposition («Вместо Оливера Кана, капитаном стал …»)."""
    toks = sent.toks
    j = t.i - 1
    then = False
    while j >= 0 and toks[j].text.lower() in MODIFIERS | PAST_MARKERS | ADVERBS:
        then = then or toks[j].text.lower() == "тогда"
        j -= 1
    predicate = case(_head(t)) == "Ins" and case(toks[j - 1]) not in ("Ins", None) if j >= 1 else False
    if j < 1 or toks[j].text not in (",", "(", "–", "—", "-") or predicate:
        return None
    per = person_ending(ctx, toks, j - 1)
    if per is None and toks[j].text == ",":
        per = person_before_apposition(ctx, toks, j)
    if per is None or per[0].type != "PER":
        return None
    first = Claim("apposition_after_name", per[0], t, (per[1].start, toks[t.end_tok - 1].stop),
                  "past" if then else None)
    return [first, *_coordinated_posts(ctx, sent, t, per)]


def syntactic_apposition(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """The parser makes the name an apposition of the post, or its subject («X — депутат парламента»)."""
    toks = sent.toks
    per = syntactic_person(ctx, toks, t)
    if per is None:
        return None
    evidence = (min(per[1].start, toks[t.i].start), max(per[1].end, toks[t.end_tok - 1].stop))
    return [Claim("syntactic_apposition", per[0], t, evidence)]


def in_capacity(ctx: DocContext, sent: SentenceView, t: Post) -> list[Claim] | None:
    """«в качестве первого заместителя входит Георгиос Макрополус»: the subject of the clause."""
    toks = sent.toks
    if not (t.i >= 2 and toks[t.i - 2].text.lower() == "в" and toks[t.i - 1].text.lower() == "качестве"):
        return None
    per = clause_subject(ctx, toks, t)
    if per is None:
        return None
    evidence = (min(per[1].start, toks[t.i].start), max(per[1].end, toks[t.end_tok - 1].stop))
    return [Claim("in_capacity", per[0], t, evidence)]
