"""Positions (Occupation facts): who holds which post, in which organization or place.

Title phrases are found from a lexicon of title head words
(``lexicons/position_titles.txt``) and natasha's morphology: a head word,
modifiers before it («первый», «бывший», «экс-», «и.о.»), genitive title
words after it («заместитель председателя правления»), then the
organization or place it belongs to (an ORG/LOC entity right after it).
A title is linked to a person when it

- stands right before the name, alone or in a chain of titles separated by
  commas («заместитель председателя АНК, заведующий секретариатом … Марат
  Азильханов»);
- follows the name after a comma, a dash or a parenthesis («Марат
  Азильханов, заместитель председателя АНК»);
- is the instrumental/accusative complement of an appointment verb
  («назначен акимом …», «назначил Ивана Петрова министром …», «капитаном
  стал …», «освобожден от должности …»), or follows «в качестве»;
- is stated by a verb and its organization («возглавлял управление …»,
  «работает в НАСА»), or by a succession («X заменила на этом посту Y»);
- is the subject of a sentence that names no one in the nominative
  («Президент поручил …»): the person the text was just talking about.

Titles are put in the nominative («заместителя акима» → «заместитель
акима»); «аким Алматы» implies the organization «акимат города Алматы»; a
national post the text does not place gets the country it is talking about.
The phrase-level helpers (title words, organization and place words, tense)
are in :mod:`derek.nlp.posts`; Kazakh posts use :mod:`derek.nlp.kazakh`.
"""

from __future__ import annotations

import copy
import re
from bisect import bisect_left
from collections import Counter

from ..article import Entity, Position
from ..stage import Stage, Work
from . import kk_positions, post_link, post_positions, post_tagger
from .ner import Span, case, institution_heads, lemma, normalize_org
from .posts import (
    ADVERBS,
    APPOINT_VERBS,
    GOVERNS_INS,
    MODIFIERS,
    PAST_MARKERS,
    PLACE_WORDS,
    RELATIONAL,
    TITLE_ADJECTIVES,
    TITLE_SYNONYMS,
    PlaceIndex,
    Title,
    acting_abbr,
    akimat,
    countries,
    geo_adjectives,
    is_title,
    national,
    noun_lemma,
    org_tail,
    parenthesized_org,
    participle_adjective,
    participle_lemma,
    po_qualifier,
    quoted_name_end,
    regions,
    served_person,
    title_text,
    titles,
    tok_index_after,
    unit_nouns,
    unit_phrase,
    verb_tense,
    visibly_nominative,
)


class PersonMentions:
    """One document's person mentions sorted by offset, each with its entity and person: the rules
    that look back or ahead for a person ask for a range of offsets (a sentence, a paragraph) and get
    it by bisection instead of scanning every mention of the text. Built per document."""

    def __init__(self, entities: list[Entity], person_of: dict) -> None:
        self._items = sorted(((e, m, person_of.get(e.id)) for e in entities if e.type == "PER" for m in e.mentions),
                             key=lambda x: x[1].start)
        self._starts = [m.start for _, m, _ in self._items]

    def between(self, a: int, b: int | None) -> list:
        """(entity, mention, person) of the mentions starting at offsets ``a`` ≤ start < ``b``
        (``b`` None: to the end of the text), in text order."""
        i = bisect_left(self._starts, a)
        j = len(self._starts) if b is None else bisect_left(self._starts, b)
        return self._items[i:j] if j > i else []

    def antecedent(self, offset: int, gender: str) -> tuple[Entity, Span] | None:
        """The last person mention before ``offset`` whose person may be of ``gender`` (or has none)."""
        for i in range(bisect_left(self._starts, offset) - 1, -1, -1):
            ent, m, person = self._items[i]
            if person is not None and person.gender in (gender, None):
                return ent, Span(m.start, m.end, "PER", m.text)
        return None


class PositionStage(Stage):
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
        # mention offsets → entity
        ent_at: dict[int, Entity] = {}
        longest: dict[int, int] = {}
        for e in art.entities:
            for m in e.mentions:
                if m.end - m.start > longest.get(m.start, -1):  # «Российского института культурологии»
                    longest[m.start] = m.end - m.start  # over «Российского института»
                    ent_at[m.start] = e
        person_of = {p.entity: p for p in art.people}
        places = Counter({e.name: len(e.mentions) for e in art.entities if e.type == "LOC"})
        main_place = places.most_common(1)[0][0] if places else None
        spans_by_tok: dict[int, Span] = {}
        for sp in work.spans:
            for t in sp.tokens:
                prev = spans_by_tok.get(id(t))
                if prev is None or (sp.end - sp.start) > (prev.end - prev.start):
                    spans_by_tok[id(t)] = sp
        self._person_of = person_of
        self._text = art.text
        mentions = PersonMentions(art.entities, person_of)
        places = PlaceIndex(art.entities)
        self._spans_start = {}
        self._regions = regions(art)
        self._mention_case = {sp.start: case(sp.tokens[0]) for sp in work.spans if sp.type == "PER" and sp.tokens}
        for sp in sorted(work.spans, key=lambda x: x.end - x.start):
            if sp.tokens:
                self._spans_start[id(sp.tokens[0])] = sp  # the longest span starting at a token
        self._mention_main = {}  # name mention start → is it the subject of its sentence's main verb
        for sent in work.doc.sents:
            ids = {x.id: x for x in sent.tokens}
            for x in sent.tokens:
                sp = self._spans_start.get(id(x))
                if sp is not None and sp.type == "PER" and x.rel == "nsubj" and x.head_id in ids:
                    self._mention_main[sp.start] = ids[x.head_id].rel == "root"
        seen: set[tuple[str, str, str | None]] = set()
        self._country_posts: set[int] = set()
        self._lead_org = None

        def add(person_ent: Entity, t: Title, evidence: tuple[int, int], tense: str | None = None) -> None:
            p = person_of.get(person_ent.id)
            if p is None:
                return
            title = getattr(t, "title_override", None) or title_text(t.toks)
            if getattr(t, "title_suffix", None):
                title = f"{title} {t.title_suffix}"
            org = getattr(t, "org_text", None) or (t.org.name if t.org else None)
            if org is None and t.place is None and not getattr(t, "geo", None) and self._lead_org is not None \
                    and len(t.toks) == 1 and not national(title) and not getattr(t, "title_override", None):
                org = self._lead_org.name  # a bare post in a sentence set in an organization
            if title in TITLE_SYNONYMS:  # «мажилисмен» → «депутат» of the Мажилис
                title, implied = TITLE_SYNONYMS[title]
                org = org or implied
            place = t.place.name if t.place else None
            if org and re.search(r"\bгорода$", org) and main_place:
                org = f"{org} {main_place}"
                place = place or main_place
            head = title.split()[-1] if title else ""
            last = t.toks[-1].text.lower()
            last_lemma = noun_lemma(last[4:]) if last.startswith("экс-") else lemma(t.toks[-1])
            if org is None and place is not None and last_lemma == "аким":
                org = akimat(t.place_text or place)
                if not any(e.type == "ORG" and e.name.lower() == org.lower() for e in art.entities):
                    # an organization the text implies without naming it: an entity with no mentions
                    art.entities.append(Entity(id=f"T{len(art.entities) + 1}", type="ORG", name=org))
            if t.org and t.org.type == "ORG" and place is None:
                place = places.place_in(t.org)
            if place is None and getattr(t, "geo", None):
                place = t.geo
            key = (p.entity, title, org or place)
            if key in seen or not head:
                return
            seen.add(key)
            s, e = evidence
            pos = Position(title=title, org=org, place=place, tense=tense or ("past" if t.past else "current"),
                           start=s, end=e, evidence=art.text[s:e])
            p.positions.append(pos)
            if getattr(t, "country", False):
                self._country_posts.add(id(pos))

        role_nouns: list[tuple[Title, list]] = []
        prev_found: list[Title] = []
        ended: list[tuple[str, str, int, int]] = []
        for sent in work.doc.sents:
            toks = sent.tokens
            found = self._titles(toks, spans_by_tok, ent_at)
            self._lead_org = None
            if len(toks) > 2 and toks[0].text.lower() in ("в", "во"):
                sp0 = self._spans_start.get(id(toks[1]))
                ent0 = ent_at.get(sp0.start) if sp0 is not None else None
                if ent0 is not None and ent0.type == "ORG":
                    self._lead_org = ent0  # «В Сенате, где …, спикер Гарри Рид заявил»
            for a in found:
                for b in found:
                    if b.i == a.end_tok and b is not a and (a.org is not None or getattr(a, "org_text", None)) \
                            and b.org is None and not getattr(b, "org_text", None) and b.place is None \
                            and not b.geo:
                        # «представитель вооружённых сил полковник X»: the rank is in the same body
                        b.org, b.org_text = a.org, getattr(a, "org_text", None)
            for t in found:
                if not t.plural and t.end_tok < len(toks) and toks[t.end_tok].text == "и":
                    # «экс-акимов Карагандинской области и города Караганды Бауржана Абдишева и …»
                    # (the tagger may take the plural for a singular)
                    pairs = self._plural_holders(t, toks, spans_by_tok, ent_at)
                    if len(pairs) > 1:
                        for person_ent, sp, tt in pairs:
                            add(person_ent, tt, (toks[t.i].start, sp.end))
                        continue
                if t.plural:
                    # «экс-акимов Карагандинской области и города Караганды Бауржана Абдишева и Мейрама
                    # Смагулова»: one post per person, paired with the places when they are as many
                    for person_ent, sp, tt in self._plural_holders(t, toks, spans_by_tok, ent_at):
                        add(person_ent, tt, (toks[t.i].start, sp.end))
                    continue
                # title before the name, alone or as the first of a chain of titles ending at a person
                per = self._chain_to_person(t, found, toks, spans_by_tok, ent_at)
                if per is not None and served_person(t, per[1]):
                    continue  # «Помощник Хиллари Клинтон …»: the one the post serves, not its holder
                if per is not None:
                    ent, sp = per
                    head = next((x for x in t.toks if is_title(x)), t.toks[0])
                    # «исполняет обязанности акима X», «и.о. акима X»: the acting holder
                    acting = t.toks[0].text.lower().startswith("исполня") or t.toks[0].text.lower() in (
                        "и", "и.о.", "и.о", "врио")
                    after = tok_index_after(toks, sp.end, t.end_tok)
                    predicate = after < len(toks) and (toks[after].pos in ("VERB", "AUX") or (
                        toks[after].feats or {}).get("VerbForm") == "Part")
                    # the parser's apposition, unless a predicate follows the name («Указом главы
                    # государства Ерлан Сатыбалдиев назначен …»: the name is its subject)
                    appos = sp.tokens and sp.tokens[0].rel == "appos" and not predicate and any(
                        sp.tokens[0].head_id == x.id for x in toks[t.i:t.end_tok])
                    if ent.type == "PER" and t.org is None and not getattr(t, "org_text", None) and t.place is None \
                            and t.i > 0 and toks[t.i - 1].text.lower() in ("его", "её", "ее") \
                            and lemma(head) in RELATIONAL:
                        # «её заместителя Жандоса Буркитбаева»: a deputy in the body of the one «её» is
                        # someone with a post named earlier in the sentence (gender unknown for
                        # many Kazakh names), else the last person of the pronoun's gender
                        in_sent = [pp for e2, m2, pp in mentions.between(toks[0].start, toks[t.i].start)
                                   if pp is not None and any(q.org for q in pp.positions)]
                        boss = mentions.antecedent(toks[t.i - 1].start, "m" if toks[t.i - 1].text.lower() == "его" else "f")
                        boss_p = in_sent[-1] if in_sent else (person_of.get(boss[0].id) if boss is not None else None)
                        org_of_boss = next((q.org for q in boss_p.positions if q.org), None) if boss_p else None
                        if org_of_boss:
                            t = copy.copy(t)
                            t.org_text = org_of_boss
                    if ent.type == "PER" and t.org is None and not getattr(t, "org_text", None) and t.place is None:
                        paren = parenthesized_org(toks, tok_index_after(toks, sp.end, t.end_tok), self._spans_start,
                                                   ent_at)
                        if paren is not None:
                            # «архиепископ Лонгин Клинский (РПЦ МП)»: the body after the name
                            t = copy.copy(t)
                            t.org, t.org_text = paren
                    if ent.type == "PER" and (acting or appos or not (
                            case(head) in ("Gen", "Dat", "Ins") and visibly_nominative(sp.text, person_of.get(ent.id)))):
                        # «Указом Главы государства Умирзак Шукеев освобожден»: a genitive title
                        # before a name in the nominative is someone else's
                        add(ent, t, (toks[t.i].start, sp.end))
                        continue
                # name before the title: «Имя Фамилия, title …», «Имя Фамилия (title)», «Имя — title»
                j = t.i - 1
                then = False
                while j >= 0 and toks[j].text.lower() in MODIFIERS | PAST_MARKERS | ADVERBS:
                    then = then or toks[j].text.lower() == "тогда"
                    j -= 1
                t_head = next((x for x in t.toks if is_title(x)), t.toks[0])
                predicate = case(t_head) == "Ins" and case(toks[j - 1]) not in ("Ins", None) if j >= 1 else False
                if j >= 1 and toks[j].text in (",", "(", "–", "—", "-") and not predicate:
                    # («Вместо Оливера Кана, капитаном стал …»: an instrumental post after a name in
                    # another case is a predicate, not an apposition)
                    per = self._person_ending(toks, j - 1, spans_by_tok, ent_at)
                    if per is None and toks[j].text == ",":
                        per = self._person_before_apposition(toks, j, spans_by_tok, ent_at)
                    if per is not None and per[0].type == "PER":
                        add(per[0], t, (per[1].start, toks[t.end_tok - 1].stop), "past" if then else None)
                        # «…, заместителя Премьер-министра и Министра культуры»: coordinated posts
                        cur = t
                        while cur.end_tok < len(toks) and toks[cur.end_tok].text in ("и", ","):
                            nxt = [x for x in found if x.i == cur.end_tok + 1]
                            if not nxt and t.org is not None and toks[cur.end_tok].text == "и":
                                # «члена Общественной палаты и российско-американской рабочей группы»
                                sp2 = self._spans_start.get(id(toks[cur.end_tok + 1]))
                                ent2 = ent_at.get(sp2.start) if sp2 is not None else None
                                unit_end = unit_phrase(toks, cur.end_tok + 1, spans_by_tok)
                                if ent2 is not None and ent2.type == "ORG":
                                    cur = copy.copy(t)
                                    cur.org, cur.org_text = ent2, None
                                    cur.end_tok = tok_index_after(toks, sp2.end, t.end_tok + 1)
                                    add(per[0], cur, (per[1].start, toks[cur.end_tok - 1].stop))
                                    continue
                                if unit_end is not None:
                                    unit = toks[cur.end_tok + 1:unit_end]
                                    cur = copy.copy(t)
                                    cur.org = None
                                    cur.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop],
                                                                 unit[0].start)
                                    cur.end_tok = unit_end
                                    add(per[0], cur, (per[1].start, toks[cur.end_tok - 1].stop))
                                    continue
                            if not nxt:
                                break
                            cur = nxt[0]
                            add(per[0], cur, (per[1].start, toks[cur.end_tok - 1].stop))
                        continue
                # syntax: the name is an apposition of the title, or its subject («X является депутатом»)
                per = self._syntactic_person(toks, t, spans_by_tok, ent_at)
                if per is not None:
                    add(per[0], t, (min(per[1].start, toks[t.i].start), max(per[1].end, toks[t.end_tok - 1].stop)))
                    continue
                # «в качестве первого заместителя входит Георгиос Макрополус»: the subject of the clause
                if t.i >= 2 and toks[t.i - 2].text.lower() == "в" and toks[t.i - 1].text.lower() == "качестве":
                    per = self._clause_subject(toks, t, spans_by_tok, ent_at)
                    if per is not None:
                        add(per[0], t, (min(per[1].start, toks[t.i].start), max(per[1].end, toks[t.end_tok - 1].stop)))
                        continue
                # appointment: «назначен акимом», «стал министром», «освобожден от должности»
                verb = self._appointment_verb(toks, t.i)
                if verb is not None:
                    # «назначил Ивана Петрова министром»: the object between the verb and the post
                    # holds it, not the subject who appoints
                    per = self._person_between(toks, verb + 1, t.i, spans_by_tok, ent_at) \
                        or self._subject(toks, verb, spans_by_tok, ent_at, mentions) \
                        or self._dropped_subject(toks, verb, mentions)
                    if per is not None and per[0].type == "PER":
                        add(per[0], t, (min(per[1].start, toks[verb].start), toks[t.end_tok - 1].stop),
                            verb_tense(toks[verb], t, toks[verb - 1] if verb > 0 else None))
                    continue
                # «капитаном стал Михаель Баллак», «место спикера … занял Джон Бенер»: the post first
                verb = self._appointment_verb_after(toks, t)
                if verb is not None:
                    # the person right after the verb, possibly after their other post («премьер-министром
                    # станет глава партии «Путь Грузии» Саломе Зурабишвили»)
                    stop = next((k for k in range(verb + 1, min(len(toks), verb + 11))
                                 if toks[k].text in (".", ",", ";", ":", "!", "?")), min(len(toks), verb + 11))
                    per = self._person_between(toks, verb + 1, stop, spans_by_tok, ent_at)
                    if per is not None and per[0].type == "PER":
                        add(per[0], t, (toks[t.i].start, per[1].end),
                            verb_tense(toks[verb], t, toks[verb - 1] if verb > 0 else None))
                        continue
                named = [spans_by_tok[id(x)] for x in toks
                         if spans_by_tok.get(id(x)) is not None and spans_by_tok[id(x)].type == "PER"]
                t_head = next((x for x in t.toks if is_title(x)), None)
                if not named or (t_head is not None and t_head.rel == "nsubj" and not any(
                        case(sp.tokens[0]) == "Nom" for sp in named if sp.tokens)):
                    # a subject post in a sentence naming no one, or naming people only in oblique
                    # cases («премьер-министр подверг критике её заместителя Жандоса Буркитбаева»)
                    role_nouns.append((t, toks))
            # «возглавил Министерство финансов», «работает в НАСА»: a post named by its verb
            for per, t, evidence, tense in self._verb_posts(toks, spans_by_tok, ent_at, mentions):
                add(per, t, evidence, tense)
            # «Жулдыз Сулейменова заменила на этом посту Гани Бейсембаева»: one leaves the post, one takes it
            for per, t, evidence, tense in self._succession(toks, found, prev_found, spans_by_tok, ent_at):
                add(per, t, evidence, tense)
                if tense == "past":  # the post may have been read already as current («на посту акима X»)
                    ended.append((per.id, title_text(t.toks), toks[0].start, toks[-1].stop))
            prev_found = found
        self._lead_org = None  # the passes below look across sentences: no sentence's setting
        for kp in kk_positions.posts(work):  # Kazakh sentences: the Kazakh tagger's posts
            add(kp.person, kp.title, kp.evidence, kp.tense)
        # «Президент отметил …» in a sentence naming no one: the person the text was just talking about
        for t, toks in role_nouns:
            per = self._role_noun_holder(t, toks, mentions)
            if per is not None:
                add(per[0], t, (toks[t.i].start, toks[t.end_tok - 1].stop))
        for p in art.people:
            for q in p.positions:
                if any(p.entity == eid and q.title == title and a <= (q.start or -1) < b for eid, title, a, b in ended):
                    q.tense = "past"
        self._place_national_posts(art)
        for p in art.people:
            # «председатель» without an organization adds nothing next to «председатель, Сенат»
            p.positions = [q for q in p.positions if q.org or q.place or not any(
                o is not q and o.title == q.title and (o.org or o.place) for o in p.positions)]
        if self._tagger is not None and self._linker is not None and art.lang != "kk":
            if post_positions.add_tagged_positions(work, self._tagger, self._linker):
                self._place_national_posts(art)  # the tagger's national posts get their country too
        post_positions.set_kinds(art.people)
        return work

    def _place_national_posts(self, art) -> None:
        """«Премьер-министр Михаил Фрадков» in a text about Russia: a national post the text does not
        place belongs to the country named last before it (or, with none before, the first after)."""
        mentions = []
        for e in art.entities:
            if e.type != "LOC":
                continue
            if e.name.lower() in countries():
                mentions.extend((m.start, e.name) for m in e.mentions)
        if not mentions:
            return
        mentions.sort()
        starts = [s for s, _ in mentions]
        for p in art.people:
            for q in p.positions:
                if q.org or q.place or not (national(q.title) or id(q) in self._country_posts):
                    continue
                at = q.start if q.start is not None else 0
                i = bisect_left(starts, at)  # the mentions before ``at`` are mentions[:i]
                q.place = mentions[i - 1][1] if i else mentions[0][1]

    # -- finding titles ------------------------------------------------
    def _titles(self, toks: list, spans_by_tok: dict, ent_at: dict) -> list[Title]:
        out = []
        spans_start = self._spans_start
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if not is_title(tok):
                i += 1
                continue
            plural = (toks[i].feats or {}).get("Number") == "Plur"
            sp = spans_by_tok.get(id(tok))
            if sp is not None and sp.type in ("PER", "ORG", "LOC"):
                i += 1  # a title word inside a name («администрации президента»)
                continue
            # modifiers before
            s = i
            past = False
            geo = None
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
                if not (prev.text.lower().rstrip("-") in MODIFIERS | PAST_MARKERS or plem in MODIFIERS | PAST_MARKERS
                        or prev.text.lower() in ("и.о.", "врио")
                        or (prev.pos in ("ADJ", "VERB") and case(prev) == case(tok)
                            and spans_by_tok.get(id(prev)) is None
                            and (plem in TITLE_ADJECTIVES or prev.text.lower() in TITLE_ADJECTIVES
                                 or participle_adjective(prev) in TITLE_ADJECTIVES))):
                    break
                if prev.text.lower().rstrip("-") in PAST_MARKERS or plem in PAST_MARKERS:
                    past = True
                s -= 1
            if tok.text.lower().startswith("экс-"):
                past = True
            # genitive title words after: «заместитель председателя правления»
            j = i + 1
            while j < n:
                # genitive title words, possibly with adjectives: «заместитель Генерального прокурора»
                m = j
                while m < n and toks[m].pos == "ADJ" and case(toks[m]) == "Gen":
                    m += 1
                if m < n and is_title(toks[m]) and case(toks[m]) in ("Gen", "Ins") and \
                        spans_by_tok.get(id(toks[m])) is None:
                    j = m + 1
                    continue
                break
            while j < n and toks[j].text.lower() in ("правления", "совета", "директоров", "обязанности"):
                j += 1
            j = po_qualifier(toks, j, spans_by_tok)  # «министр по делам разведки»
            if toks[j - 1].text.lower() in GOVERNS_INS and j < n and toks[j].pos == "NOUN" and case(toks[j]) == "Ins":
                j += 1  # «заведующий секретариатом АНК»: the unit is part of the title
            t = Title(s, j, [x for x in toks[s:j] if lemma(x) not in geo_adjectives()], past)
            t.geo = geo
            t.plural = plural
            # the organization or place right after (possibly with «по …» / genitive words in between)
            k = j
            complement: tuple[int, int] | None = None
            adj_at: int | None = None
            while k < n and k - j <= 4:
                if k == j and t.place is None and toks[k].text.lower() in ("области", "района", "региона") and (
                        k + 1 >= n or self._spans_start.get(id(toks[k + 1])) is None
                        or self._spans_start[id(toks[k + 1])].type == "PER"):
                    region = self._regions.get("район" if toks[k].text.lower() == "района" else "область")
                    if region is not None:
                        # «Аким области Дастан Рыспеков» in a text about «области Улытау»: the one region
                        t.place, t.place_text = region
                        k += 1
                        continue
                if lemma(toks[k]) in PLACE_WORDS and k + 1 < n and toks[k + 1].text[:1].isupper():
                    k += 1  # «акима города Алматы»
                    continue
                if re.fullmatch(r"[A-Z][\w&.\-’']*", toks[k].text):
                    m = k
                    while m < n and m - k < 4 and re.fullmatch(r"[A-Z][\w&.\-’']*", toks[m].text):
                        m += 1
                    sp0 = spans_start.get(id(toks[k]))
                    if (sp0 is None or sp0.type != "ORG") and m < n and spans_start.get(id(toks[m])) is not None \
                            and spans_start[id(toks[m])].type == "PER":
                        # «глава Business NZ Фил О’Рейли»: a Latin name the tagger missed
                        if t.org is None and not getattr(t, "org_text", None):
                            t.org_text = self._text[toks[k].start:toks[m - 1].stop]
                        k = m
                        break
                if toks[k].text in ("«", '"', "“", "„") and k + 1 < n and spans_start.get(id(toks[k + 1])) is not None \
                        and spans_start[id(toks[k + 1])].type == "ORG":
                    k += 1  # «лидер «Центра»»: the quotation mark before a named organization
                    continue
                if toks[k].pos == "ADJ" and k + 1 < n and (
                        spans_start.get(id(toks[k + 1])) is not None or (
                        toks[k + 1].text in ("«", '"', "“", "„") and k + 2 < n
                        and spans_start.get(id(toks[k + 2])) is not None
                        and spans_start[id(toks[k + 2])].type == "ORG")):
                    if lemma(toks[k]) in geo_adjectives() and t.geo is None:
                        t.geo = geo_adjectives()[lemma(toks[k])]
                    elif toks[k].text.islower() and lemma(toks[k]) not in geo_adjectives():
                        adj_at = k  # «глава синодального Отдела …»: the adjective is part of the name
                    k += 1  # «глава японского МИДа», «лидер московского «Центра»»
                    continue
                if toks[k].text.lower() in ("из", "от") and t.org is None and not getattr(t, "org_text", None):
                    unit_end = self._prep_unit(toks, k + 1, spans_start)
                    if unit_end is not None:
                        # «рабочий из цеха окончательной обработки Vestas», «наблюдатель от ОБСЕ»
                        unit = toks[k + 1:unit_end]
                        sp = spans_start.get(id(toks[k + 1]))
                        ent = ent_at.get(sp.start) if sp is not None else None
                        if ent is not None and ent.type == "ORG" and tok_index_after(toks, sp.end, k + 1) == unit_end:
                            t.org = ent
                        else:
                            t.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop], unit[0].start)
                        k = unit_end
                        continue
                if toks[k].text.lower() in ("в", "во", "при", "на", "по", "от"):
                    m = k + 1
                    while m < n and m - k <= 4 and toks[m].pos in ("ADJ", "NOUN", "PROPN") and \
                            (spans_start.get(id(toks[m])) is None or spans_start[id(toks[m])].type != "PER"):
                        m += 1
                    if m < n and m > k + 1 and spans_start.get(id(toks[m])) is not None and \
                            spans_start[id(toks[m])].type == "PER":
                        k = m  # «представитель комитета при прокуратуре Владимир Маркин»
                        break
                if toks[k].text.lower() in ("в", "во", "при", "на") and k + 1 < n and \
                        spans_start.get(id(toks[k + 1])) is not None and spans_start[id(toks[k + 1])].type != "PER":
                    k += 1  # «посол Японии в России», «комитета при прокуратуре»
                    continue
                sp = spans_start.get(id(toks[k]))
                if sp is not None and sp.type in ("ORG", "LOC"):
                    ent = ent_at.get(sp.start)
                    if ent is not None:
                        if ent.type == "ORG" and t.org is None and complement is not None and complement[1] == k:
                            # «сопредседатель московского отделения движения «Солидарность»»: the
                            # genitive words before a named organization are a unit of it, not the post
                            t.toks = toks[s:complement[0]]
                            unit_end = org_tail(toks, tok_index_after(toks, sp.end, k))
                            unit = toks[complement[0]:unit_end]
                            t.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop], unit[0].start)
                            t.org = ent
                            if unit_end > tok_index_after(toks, sp.end, k):
                                k = unit_end
                                continue
                        elif ent.type == "ORG" and t.org is None:
                            t.org = ent
                            after_org = tok_index_after(toks, sp.end, k)
                            field_end = po_qualifier(toks, after_org, spans_by_tok)
                            if field_end > after_org and toks[after_org + 1].text[:1].islower() \
                                    and lemma(toks[after_org + 1]) not in PLACE_WORDS \
                                    and toks[after_org + 1].text.lower() not in ("делам", "вопросам"):
                                # «директор НАСА по космическим полетам» → «директор по космическим
                                # полетам» of НАСА: a field of the post, not a unit of the body
                                t.title_suffix = " ".join(x.text for x in toks[after_org:field_end])
                                tail = after_org
                            else:
                                tail = org_tail(toks, after_org)
                            first = adj_at if adj_at is not None and adj_at == k - 1 else k
                            if tail > tok_index_after(toks, sp.end, k) or first < k:
                                # «Следственного комитета при прокуратуре»: the qualifier belongs to the name
                                unit = toks[first:tail]
                                t.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop],
                                                           unit[0].start)
                                k = tail
                                continue
                        elif ent.type == "LOC" and t.place is None:
                            t.place = ent
                            t.place_text = sp.text
                    k = tok_index_after(toks, sp.end, k)
                    continue
                if k == j and lemma(toks[k]) == "страна" and case(toks[k]) == "Gen":
                    t.country = True  # «премьер-министр страны»: the country the text is about
                    k += 1
                    break
                if case(toks[k]) == "Gen" and toks[k].pos in ("NOUN", "ADJ") and not is_title(toks[k]) and k == j \
                        and lemma(toks[k]) not in PLACE_WORDS:
                    # a lower-case genitive complement that is not an entity: «министр торговли»
                    m = k
                    while m < n:
                        if toks[m].pos in ("ADJ", "NOUN") and case(toks[m]) == "Gen" \
                                and spans_by_tok.get(id(toks[m])) is None and not is_title(toks[m]):
                            m += 1
                        elif toks[m].text in (",", "и") and m + 1 < n and toks[m + 1].pos in ("ADJ", "NOUN") \
                                and case(toks[m + 1]) == "Gen" and spans_by_tok.get(id(toks[m + 1])) is None \
                                and not is_title(toks[m + 1]):
                            m += 1  # «министр экологии, геологии и природных ресурсов»
                        else:
                            break
                    if m > k and toks[m - 1].pos == "NOUN":
                        k0 = k
                        while k < m - 1 and lemma(toks[k]) in geo_adjectives():
                            # «лидер московской группы «…»»: the place adjective names a place
                            t.geo = t.geo or geo_adjectives()[lemma(toks[k])]
                            k += 1
                        close = quoted_name_end(toks, m)
                        if close is not None:
                            # «фотограф независимого еженедельника «Пермский обозреватель»»: a named unit
                            unit = toks[k:close]
                            t.toks = toks[s:k0]
                            t.org_text = self._text[unit[0].start:unit[-1].stop]
                            t.org_text = normalize_org(unit, t.org_text, unit[0].start)
                            t.org = None
                            k = close
                            continue
                        head_noun = next((x for x in toks[k:m] if x.pos == "NOUN"), toks[k])
                        named_after = m < n and (spans_start.get(id(toks[m])) is not None
                                                 or toks[m].text in ("«", '"', "“", "„"))
                        if t.org is None and (lemma(toks[k]) in institution_heads() or (
                                lemma(head_noun) in unit_nouns() and not named_after)):
                            # «депутат парламента», «глава палестинской делегации»: the body is the
                            # organization (a unit before a named one is left to the name below)
                            unit = toks[k0:m]
                            t.toks = toks[s:k0]
                            t.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop], unit[0].start)
                            k = m
                            continue
                        t.toks = toks[s:m]
                        complement = (k0, m)
                        k = m
                        continue
                break
            t.end_tok = k
            if not hasattr(t, "place_text"):
                t.place_text = None
            out.append(t)
            i = max(j, i + 1)
        return out

    def _succession(self, toks: list, found: list[Title], prev_found: list[Title], spans_by_tok: dict,
                    ent_at: dict) -> list:
        """«X сменил/заменил Y на посту акима», «X заменила на этом посту Y» (the post named in the
        sentence before): X holds the post now, Y held it before."""
        out = []
        n = len(toks)
        for v, tok in enumerate(toks):
            if tok.pos != "VERB" or lemma(tok) not in ("сменить", "заменить", "сменять", "заменять"):
                continue
            post = None
            for k in range(v + 1, min(n - 1, v + 8)):
                if toks[k].text.lower() == "на" and toks[k + 1].text.lower() in ("посту", "этом", "этой", "должности"):
                    m = k + 1
                    if toks[m].text.lower() in ("этом", "этой"):
                        # «на этом посту»: the post the sentence before spoke of
                        post = prev_found[-1] if prev_found else None
                    else:
                        post = next((x for x in found if x.i == m + 1), None)
                    break
                if toks[k].text in (".", ";", "!", "?"):
                    break
            if post is None:
                continue
            new_holder = None
            for b in range(v - 1, -1, -1):
                if toks[b].text in (".", ";", "!", "?", ","):
                    break
                cand = self._person_ending(toks, b, spans_by_tok, ent_at)
                if cand is not None and cand[0].type == "PER" and case(toks[b]) in ("Nom", None):
                    new_holder = cand
                    break
            old_holder = None
            for k in range(v + 1, min(n, v + 12)):
                if toks[k].text in (".", ";", "!", "?"):
                    break
                cand = self._person_at(toks, k, spans_by_tok, ent_at)
                if cand is not None and cand[0].type == "PER" and (new_holder is None or cand[0] is not new_holder[0]):
                    old_holder = cand
                    break
            if new_holder is None or old_holder is None:
                continue
            past = copy.copy(post)
            past.past = True
            out.append((new_holder[0], post, (new_holder[1].start, old_holder[1].end), "current"))
            out.append((old_holder[0], past, (new_holder[1].start, old_holder[1].end), "past"))
        return out

    def _verb_posts(self, toks: list, spans_by_tok: dict, ent_at: dict, mentions: PersonMentions) -> list:
        """Posts stated by a verb and its organization: «возглавил/возглавлял X», «руководит X» →
        руководитель of X; «работает/служит в X» → сотрудник of X. The holder is the person before
        the verb in the nominative (for a participle, the person it follows after a comma)."""
        out = []
        n = len(toks)
        for v, tok in enumerate(toks):
            if tok.pos not in ("VERB", "ADJ"):
                continue
            lem = lemma(tok)
            if lem in ("возглавить", "возглавлять", "руководить"):
                title, k = "руководитель", v + 1
            elif lem in ("работать", "служить", "трудиться") and v + 1 < n and toks[v + 1].text.lower() in ("в", "во"):
                title, k = "сотрудник", v + 2
            else:
                continue
            sp = self._spans_start.get(id(toks[k])) if k < n else None
            ent = ent_at.get(sp.start) if sp is not None else None
            t = Title(v, v + 1, [tok], False)
            t.title_override, t.place_text, t.geo, t.plural = title, None, None, False
            if ent is not None and ent.type == "ORG":
                t.org, end = ent, tok_index_after(toks, sp.end, k)
            elif title == "руководитель" and (end := unit_phrase(toks, k, spans_by_tok)) is not None \
                    and end - k > 1:  # «руководил ведомством» alone names no organization
                unit = toks[k:end]
                t.org_text = normalize_org(unit, self._text[unit[0].start:unit[-1].stop], unit[0].start)
            else:
                continue
            per = None
            participle = (tok.feats or {}).get("VerbForm") == "Part"
            for b in range(v - 1, -1, -1):
                x = toks[b]
                if x.text.lower() in ("который", "которая") and b >= 2 and toks[b - 1].text == ",":
                    # «Скотт Хоровитц, бывший астронавт, который … работает в НАСА»
                    per = self._person_ending(toks, b - 2, spans_by_tok, ent_at) or \
                        self._person_before_apposition(toks, b - 1, spans_by_tok, ent_at)
                    break
                if x.text in (".", ";", "!", "?", "—", "–") or (x.text == "," and not participle):
                    break
                if x.text.lower() in ("он", "она") and not participle:
                    # «Ранее он возглавлял управление …»: the last person of that gender named before
                    ante = mentions.antecedent(x.start, "f" if x.text.lower() == "она" else "m")
                    if ante is not None:
                        per = (ante[0], Span(x.start, x.stop, "PER", x.text))
                    break
                cand = self._person_ending(toks, b, spans_by_tok, ent_at)
                if cand is not None and cand[0].type == "PER" and case(x) in ("Nom", None):
                    per = cand
                    break
                if participle and x.text not in (",",) and x.pos not in ("ADV",) and b < v - 1:
                    break  # «Синдзи Харада, ранее возглавлявший …»: only «, ранее» in between
            if per is None:
                continue
            feats = tok.feats or {}
            past = feats.get("Tense") == "Past" and (feats.get("Aspect") == "Imp" or participle)
            t.end_tok = end
            out.append((per[0], t, (per[1].start, toks[end - 1].stop), "past" if past else "current"))
        return out

    def _clause_subject(self, toks: list, t: Title, spans_by_tok: dict, ent_at: dict):
        """The person named in the nominative nearest to ``t`` in its sentence (after it first)."""
        def nominative(k: int):
            per = self._person_at(toks, k, spans_by_tok, ent_at)
            if per is not None and per[0].type == "PER" and case(toks[k]) in ("Nom", None):
                return per
            return None
        for k in range(t.end_tok, min(len(toks), t.end_tok + 8)):
            if toks[k].text in (".", ";", "!", "?"):
                break
            per = nominative(k)
            if per is not None:
                return per
        for k in range(t.i - 3, -1, -1):
            per = nominative(k)
            if per is not None:
                return per
        return None

    def _person_before_apposition(self, toks: list, j: int, spans_by_tok: dict, ent_at: dict):
        """«Тлеген Каскин, уроженец Северо-Казахстанской области, исполняющий обязанности …»: the
        person before one short comma-separated apposition (a noun in the nominative that is
        not a post, and no other person in it)."""
        for c in range(j - 2, max(0, j - 9), -1):
            if toks[c].text != ",":
                continue
            seg = toks[c + 1:j]
            agree = case(toks[c - 1]) if c >= 1 and case(toks[c - 1]) else "Nom"
            # «Александра Брода, известного борца с ксенофобией, члена Общественной палаты»
            animate = {"Gen", "Acc"}  # the tagger mixes them up on animate nouns
            if not seg or seg[0].pos not in ("NOUN", "ADJ") or is_title(seg[0]) or not (
                    case(seg[0]) == agree or {case(seg[0]), agree} <= animate):
                return None
            if any(spans_by_tok.get(id(x)) is not None and spans_by_tok[id(x)].type == "PER" for x in seg):
                return None
            if any(x.pos in ("VERB", "AUX") or x.text in ("(", ")", "—", "–", ":") for x in seg):
                return None
            return self._person_ending(toks, c - 1, spans_by_tok, ent_at)
        return None

    def _dropped_subject(self, toks: list, verb: int, mentions: PersonMentions):
        """A biography goes on without repeating its subject («Жанат Элимаев родился … Работал в …,
        был заместителем председателя …»): a sentence with no subject at all continues the last
        person named in the nominative in its paragraph, if the verb agrees in gender."""
        if any(x.rel.startswith("nsubj") for x in toks):
            return None
        v = toks[verb]
        if (v.feats or {}).get("Person") in ("1", "2"):
            return None
        start = toks[0].start
        para = self._text.rfind("\n", 0, start) + 1
        before = [(e, m, p) for e, m, p in mentions.between(para, start)
                  if self._mention_case.get(m.start) in ("Nom", None)]
        if not before or before[-1][2] is None:
            return None
        e, m, person = before[-1]
        g = (v.feats or {}).get("Gender")
        if g and person.gender and {"Masc": "m", "Fem": "f"}.get(g, person.gender) != person.gender:
            return None
        return e, Span(v.start, v.stop, "PER", v.text)

    def _role_noun_holder(self, t: Title, toks: list, mentions: PersonMentions):
        """The person a post used as the subject of a sentence stands for («Президент поручил …»,
        «Глава государства отметил …»): the last person named before it in its paragraph, or the
        first one named in the next sentence when none was — provided that person holds no other
        post in the article."""
        head = next((x for x in t.toks if is_title(x)), None)
        if head is None or case(head) != "Nom" or t.plural or t.past:
            return None
        if t.i > 0 and toks[t.i - 1].pos == "ADP":
            return None
        start = toks[t.i].start
        para = self._text.rfind("\n", 0, start) + 1
        # only a name in the nominative («Досаеву поручили … Президент дал»: the one addressed
        # is not the one acting)
        before = [(e, m, p) for e, m, p in mentions.between(para, start)
                  if self._mention_case.get(m.start) in ("Nom", None)]
        if not before and para > 1 and not self._text[para:start].strip(" -–—«\"").count("."):
            # the first sentence of a paragraph continues the one before («…, – сказал Алихан
            # Смаилов.\n\nПосле доклада … премьер-министр подверг критике …»)
            prev_para = self._text.rfind("\n", 0, para - 1)
            if prev_para >= 0 and not self._text[prev_para:para].strip():
                prev_para = self._text.rfind("\n", 0, prev_para)
            before = [(e, m, p) for e, m, p in mentions.between(prev_para + 1, para)
                      if self._mention_case.get(m.start) in ("Nom", None)]
        if before:
            # the last sentence that names someone; in it, the subject of the main clause rather than
            # of a subordinate one («Путин согласился …, если Медведев выиграет …. Об этом президент
            # заявил»)
            cut = self._text.rfind(". ", 0, before[-1][1].start) + 1
            before = [x for x in before if x[1].start >= cut]
            main = [x for x in before if self._mention_main.get(x[1].start)]
            e, m, person = (main or before)[-1]
        else:
            # a headline or lead naming the person only afterwards («Президент поручил … По словам
            # Касым-Жомарта Токаева …»): the first one named in the nominative later in the paragraph
            end = toks[-1].stop
            nxt = self._text.find("\n", end)
            after = [(e, m, p) for e, m, p in mentions.between(end, None if nxt < 0 else nxt)
                     if self._mention_case.get(m.start) in ("Nom", None)]
            if not after:
                return None
            e, m, person = after[0]
        if person is None:
            return None
        if person.positions:
            return None  # «Аким Алматы Ерболат Досаев … Президент поручил»: someone else (or nothing new)
        return e, Span(m.start, m.end, "PER", m.text)

    def _plural_holders(self, t: Title, toks: list, spans_by_tok: dict, ent_at: dict) -> list:
        """The people a plural (or plural-tagged) post names right after it, each with a copy of the
        post; coordinated places or organizations are paired with the people in order."""
        n = len(toks)
        comps = [(t.org, t.place, t.place_text)]
        k = t.end_tok
        while k + 1 < n and toks[k].text in ("и", ","):
            m = k + 1
            if lemma(toks[m]) in PLACE_WORDS:
                m += 1  # «и города Караганды»
            sp = self._spans_start.get(id(toks[m])) if m < n else None
            ent = ent_at.get(sp.start) if sp is not None else None
            if ent is None or ent.type not in ("LOC", "ORG"):
                break
            comps.append((ent, None, None) if ent.type == "ORG" else (None, ent, sp.text))
            k = tok_index_after(toks, sp.end, m)
        people = []
        while True:
            per = self._person_at(toks, k, spans_by_tok, ent_at)
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

    def _prep_unit(self, toks: list, k: int, spans_start: dict) -> int | None:
        """After «из»/«от»: the end of an organization — a named one, or lower-case genitive words
        ending in one («цеха окончательной обработки Vestas»); None when there is none."""
        n = len(toks)
        m = k
        while m < n and m - k <= 5 and spans_start.get(id(toks[m])) is None and toks[m].pos in ("ADJ", "NOUN") \
                and toks[m].text[:1].islower():
            m += 1
        if m < n and re.fullmatch(r"[A-Z][\w&.\-’']*", toks[m].text) and spans_start.get(id(toks[m])) is None:
            e = m
            while e < n and e - m < 4 and re.fullmatch(r"[A-Z][\w&.\-’']*", toks[e].text) \
                    and spans_start.get(id(toks[e])) is None:
                e += 1
            return e
        sp = spans_start.get(id(toks[m])) if m < n else None
        if sp is not None and sp.type == "ORG":
            return tok_index_after(toks, sp.end, m)
        return None

    def _chain_to_person(self, t: Title, found: list[Title], toks: list, spans_by_tok: dict, ent_at: dict):
        """The person right after ``t``, or after a chain of titles that follows it: adjacent
        («наблюдатель от ОБСЕ португальский парламентарий Хуан Суареш») or joined by «,»/«и»."""
        cur = t
        while True:
            per = self._person_at(toks, cur.end_tok, spans_by_tok, ent_at)
            if per is not None:
                return per
            nxt = [x for x in found if x.i == cur.end_tok and x is not cur]
            if not nxt and cur.end_tok < len(toks) and toks[cur.end_tok].text in (",", "и"):
                nxt = [x for x in found if x.i == cur.end_tok + 1]
            if not nxt:
                return None
            cur = nxt[0]

    def _person_at(self, toks: list, k: int, spans_by_tok: dict, ent_at: dict):
        if k < len(toks):
            sp = spans_by_tok.get(id(toks[k]))
            if sp is not None and sp.type == "PER" and sp.tokens[0] is toks[k]:
                ent = ent_at.get(sp.start)
                if ent is not None:
                    return ent, sp
        return None

    def _syntactic_person(self, toks: list, t: Title, spans_by_tok: dict, ent_at: dict):
        head = next((x for x in t.toks if is_title(x)), None)
        if head is None or getattr(head, "id", None) is None:
            return None
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
        for c in cands:
            if case(c) and case(head) and case(c) != case(head) and case(head) != "Nom":
                continue
            sp = spans_by_tok.get(id(c))
            if sp is not None and sp.type == "PER":
                ent = ent_at.get(sp.start)
                if ent is None or ent.type != "PER":
                    continue
                person = self._person_of.get(ent.id)
                # an apposition agrees in case: «Ерболу Досаеву Президент … поручил» is two people
                if case(head) == "Nom" and person is not None and sp.text.split() != ent.name.split():
                    continue
                if case(head) != "Nom" and visibly_nominative(sp.text, person):
                    continue
                return ent, sp
        return None

    def _person_ending(self, toks: list, k: int, spans_by_tok: dict, ent_at: dict):
        if k >= 0 and toks[k].text == ")":
            # «Скотт Хоровитц (Scott Horowitz), бывший астронавт»: the name before its original spelling
            for b in range(k - 1, max(-1, k - 8), -1):
                if toks[b].text == "(":
                    k = b - 1
                    break
                if toks[b].text in (",", ".", ";"):
                    return None
        if k >= 0:
            sp = spans_by_tok.get(id(toks[k]))
            if sp is not None and sp.type == "PER" and sp.tokens[-1] is toks[k]:
                ent = ent_at.get(sp.start)
                if ent is not None:
                    return ent, sp
        return None

    def _appointment_verb(self, toks: list, i: int) -> int | None:
        """The appointment verb governing the title at i (instrumental/accusative/«на должность»)."""
        for k in range(i - 1, max(-1, i - 6), -1):
            t = toks[k]
            if (t.feats or {}).get("VerbForm") == "Part" and case(t) and case(t) == case(toks[i]) \
                    and participle_lemma(t) not in APPOINT_VERBS:
                continue  # «остается приглашенным хореографом»: a participle agreeing with the post
            if t.pos in ("VERB", "AUX") or (t.pos == "ADJ" and (t.feats or {}).get("VerbForm") == "Part"):
                if lemma(t) in APPOINT_VERBS or participle_lemma(t) in APPOINT_VERBS:
                    return k
                return None
            if t.text in (".", "!", "?", ";"):
                return None
        return None

    def _appointment_verb_after(self, toks: list, t: Title) -> int | None:
        """An appointment verb right after a post in the instrumental («капитаном стал …») or after
        «место/пост/должность» + the post in the genitive and its organization («место спикера
        Палаты представителей в новом Конгрессе занял …»)."""
        head = next((x for x in t.toks if is_title(x)), None)
        if head is None:
            return None
        seat = t.i > 0 and lemma(toks[t.i - 1]) in ("место", "пост", "должность", "кресло") and case(head) == "Gen"
        if case(head) != "Ins" and not seat:
            return None
        for k in range(t.end_tok, min(len(toks), t.end_tok + (6 if seat else 2))):
            tok = toks[k]
            if tok.pos in ("VERB", "AUX"):
                if lemma(tok) in APPOINT_VERBS or participle_lemma(tok) in APPOINT_VERBS:
                    return k
                return None
            if tok.text in (".", "!", "?", ";", ","):
                return None
        return None

    def _person_between(self, toks: list, a: int, b: int, spans_by_tok: dict, ent_at: dict):
        """The first person whose name starts in toks[a:b]."""
        for k in range(a, b):
            per = self._person_at(toks, k, spans_by_tok, ent_at)
            if per is not None and per[0].type == "PER":
                return per
        return None

    def _subject(self, toks: list, verb: int, spans_by_tok: dict, ent_at: dict, mentions: PersonMentions):
        """The person the appointment is about: the nearest PER before the verb, or right after it;
        «он»/«она» before the verb is the last person of that gender mentioned before."""
        for k in range(verb - 1, -1, -1):
            if toks[k].text.lower() in ("он", "она") and k >= verb - 3:
                ante = mentions.antecedent(toks[k].start, "f" if toks[k].text.lower() == "она" else "m")
                if ante is None:
                    return None
                # the evidence is the pronoun's sentence, not the way back to the antecedent
                return ante[0], Span(toks[k].start, toks[k].stop, "PER", toks[k].text)
            sp = spans_by_tok.get(id(toks[k]))
            if sp is not None and sp.type == "PER":
                ent = ent_at.get(sp.start)
                if ent is not None:
                    return ent, sp
        for k in range(verb + 1, min(len(toks), verb + 8)):
            sp = spans_by_tok.get(id(toks[k]))
            if sp is not None and sp.type == "PER":
                ent = ent_at.get(sp.start)
                if ent is not None:
                    return ent, sp
        return None


