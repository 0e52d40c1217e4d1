"""Speaker references: what the words around a speech verb, a colon or a dash say about who speaks."""

from __future__ import annotations

import re

from .claims import Ref
from .config import VERB_PHRASE_WINDOW
from .lexicon import VerbInfo
from .marks import SENT_END, ends_sentence
from .view import Tok, View, oblique

PRONOUNS = {"он": "m", "она": "f"}
FIRST_PERSON = {"я", "мы"}
OBLIQUE = ("Gen", "Dat", "Ins", "Loc")
POSSESSIVE = {"его": "m", "ее": "f", "её": "f"}
TIME_WORDS = frozenset("понедельник вторник среда четверг пятница суббота воскресенье январь февраль март апрель май "
                       "июнь июль август сентябрь октябрь ноябрь декабрь год день время неделя месяц утро вечер ночь "
                       "ход момент период прошлое".split())
LEADING_PARTICLES = re.compile(r"(?:(?:вот|и|а|но|же|даже|также|ведь)\s+)+", re.IGNORECASE)  # «Вот и вице-министр X»

# ---------------------------------------------------------------------------
# finding the speaker reference near a cue


_SURFACE = VerbInfo("", quote_only=True)


def is_speech(d: View, t: Tok, present_source: bool = False) -> VerbInfo | None:
    """The speech verb ``t`` is, if any. Present-tense source verbs («сообщает») count only with
    ``present_source`` (the caller checks that a «что» clause follows and the subject is not an outlet)."""
    if d.lex.kk_use(t.text) in ("after", "reported"):
        return _SURFACE
    if t.pos == "ADJ" and t.feats.get("Variant") == "Short":
        return next((i for i in d.lex.verbs.get(t.lemma, []) if i.adj), None)
    if t.pos not in ("VERB", "AUX"):
        return None
    infos = d.lex.verbs.get(t.lemma)
    if not infos:
        return None
    for info in infos:
        if info.adj:
            continue
        if info.needs is None:
            if info.source and t.feats.get("Tense") == "Pres" and not present_source:
                return None
            return info
        # the phrase's noun right after the verb or just before it: «выразил уверенность», «заявление сделал»
        near = [x for x in d.toks[max(0, t.i - VERB_PHRASE_WINDOW) : t.i + VERB_PHRASE_WINDOW + 1] if x.s == t.s and x.i != t.i]
        if any(x.lemma == info.needs for x in near):
            return info
    return None


def role_lemmas(d: View, t: Tok) -> tuple[str, ...]:
    out = [t.lemma]
    for k in d.kids(t):
        if k.rel == "nmod" and k.feats.get("Case") == "Gen" and k.i > t.i and k.pos in ("NOUN", "PROPN"):
            out.append(k.lemma)
            break
    return tuple(out)


def phrase_text(d: View, toks: list[Tok]) -> str:
    if not toks:
        return ""
    return d.text[toks[0].start : toks[-1].stop]


def nominative_phrase(d: View, head: Tok, toks: list[Tok]) -> str:
    """The phrase as written, with its head word put back in the nominative («в МВД» → «МВД»)."""
    toks = [t for t in toks if not (t.rel == "case" and t.head_id == head.id) and t.pos != "PUNCT"]
    if not toks:
        return head.text
    parts = []
    prev = None
    for t in toks:
        if prev is not None:
            parts.append(d.text[prev.stop : t.start])
        w = t.text
        if t is head and head.feats.get("Case") not in (None, "Nom") and not head.text.isupper():
            w = head.lemma if head.text[:1].islower() else head.lemma[:1].upper() + head.lemma[1:]
        parts.append(w)
        prev = t
    out = "".join(parts)
    # a closing mark the tokens left out: «агентство «Интерфакс»»
    for o, c in (("«", "»"), ("“", "”"), ("„", "“")):
        if out.count(o) > out.count(c) and d.text[toks[-1].stop : toks[-1].stop + 1] == c:
            out += c
    if out.count('"') % 2 == 1 and d.text[toks[-1].stop : toks[-1].stop + 1] == '"':
        out += '"'
    return out


def _span(d: View, a: int, b: int) -> tuple[int, int]:
    """A speaker phrase's span without the punctuation and quotation marks at its edges."""
    while a < b and d.text[a] in " ,;:–—-(\"«":
        a += 1
    while b > a and d.text[b - 1] in " ,;:–—-)":
        b -= 1
    if d.text[b : b + 1] in "»”\"" and d.text.count("«", a, b) + d.text.count("“", a, b) > d.text.count("»", a, b) + d.text.count("”", a, b):
        b += 1  # «представители арт-группы «Война»»: the closing mark the tokens left out
    m = LEADING_PARTICLES.match(d.text, a, b)
    return (m.end(), b) if m and m.end() < b else (a, b)


def _known_surname(d: View, t: Tok) -> str | None:
    """A capitalized word the tagger left untagged that is the surname of one person of the article
    («Янукович признал, …» after «Виктор Янукович»)."""
    if t.pos not in ("PROPN", "NOUN") or not t.text[:1].isupper() or d.mention_at(t.start, t.stop, "PER"):
        return None
    if t.i == d.sents[t.s][2] and t.pos == "NOUN":
        return None  # a common noun opening the sentence
    low = t.text.lower()
    near = [p for p in d.by_surname.get(low[:4], []) if (p.last or "").lower()[: max(4, len(low) - 2)] == low[: max(4, len(low) - 2)]]
    return near[0].entity if len({p.entity for p in near}) == 1 else None


def ref_from_token(d: View, t: Tok, verb: Tok | None, scope: tuple[int, int] | None = None) -> Ref | None:
    """What the subject token ``t`` (with its dependents) says about the speaker."""
    sub = d.subtree(t, skip=("acl:relcl", "parataxis", "punct", "conj") if t.pos != "PROPN" else ("acl:relcl",))
    if scope is not None:
        sub = [x for x in sub if scope[0] <= x.start and x.stop <= scope[1]]
    if verb is not None:
        sub = [x for x in sub if x.i != verb.i and (x.i < verb.i) == (t.i < verb.i)]
    if not sub:
        sub = [t]
    a, b = sub[0].start, sub[-1].stop
    vg = verb.gender() if verb is not None else None
    plural = verb is not None and verb.feats.get("Number") == "Plur"
    pers = [m for m in d.mentions_in(a, b, "PER") if verb is None or not oblique(d, m)]
    if t.pos == "NOUN" and not d.mention_at(t.start, t.stop, "PER"):
        # «Помощник Хиллари Клинтон … заявил»: a name governed by the subject noun is whom it serves
        pers = [m for m in pers if not any(
            x.rel == "nmod" and d.head(x) is t for x in d.tokens(m[0], m[1])[:1])]
    if pers:
        pick = next((m for m in pers if m[0] <= t.start < m[1]), None)
        if pick is None:
            pick = next((m for m in pers if any(d.head(x) is t for x in d.tokens(m[0], m[1]))), None)
        if pick is None:
            pick = pers[-1]
        return Ref("person", entity=pick[3], span=_span(d, min(a, pick[0]), pick[1]))  # up to the name
    if t.pos == "PROPN" and d.mention_at(t.start, t.stop, "PER"):
        # a name the tagger took for the subject but which is not nominative: its title may be
        for k in d.kids(t):
            if k.rel == "appos" and k.pos in ("NOUN", "PROPN") and not d.mention_at(k.start, k.stop, "PER"):
                return ref_from_token(d, k, verb, scope)
        return None
    known = _known_surname(d, t)
    if known is not None:
        return Ref("person", entity=known, span=(t.start, t.stop))
    locs = d.mentions_in(t.start, t.stop, "LOC")
    if locs and verb is not None and (
        t.feats.get("Case", "Nom") == "Nom" or any(c.rel == "case" and c.lemma == "в" for c in d.kids(t))
    ):
        # «Кремль заявляет», «Великобритания заявила»: a place speaking as its government
        return Ref("org", entity=locs[0][3], phrase=d.entities[locs[0][3]].name, span=_span(d, a, b))
    if t.pos == "PRON" and t.lemma in PRONOUNS:
        return Ref("pronoun", gender=PRONOUNS[t.lemma] if t.lemma else vg, span=(t.start, t.stop))
    if t.pos == "PRON" and t.low in FIRST_PERSON:
        return Ref("first", span=(t.start, t.stop))
    if t.pos in ("NOUN", "PROPN"):
        if t.lemma in d.lex.generic:
            return Ref("generic", gender=vg, phrase=t.text, span=(t.start, t.stop))
        orgs = d.mentions_in(a, b, "ORG")
        if t.lemma in d.lex.orgs or (orgs and orgs[0][0] <= t.start < orgs[0][1]):
            ent = orgs[0][3] if orgs else None
            return Ref("org", entity=ent, phrase=nominative_phrase(d, t, sub), plural=plural, span=_span(d, a, b))
        if t.lemma in d.lex.role_heads:
            return Ref("role", gender=vg, phrase=phrase_text(d, sub), role=role_lemmas(d, t),
                       soft=t.lemma in d.lex.described, span=_span(d, a, b))
        if orgs:
            return Ref("org", entity=orgs[0][3], phrase=nominative_phrase(d, t, sub), plural=plural,
                       span=_span(d, a, b))
        if t.feats.get("Animacy") == "Anim" and t.pos == "NOUN":
            # a description of people: «участники», «освещающие акцию блоггеры», «чиновник»
            near = [x for x in d.subtree(t, skip=("acl", "acl:relcl", "parataxis", "punct", "conj", "appos", "nmod"))
                    if scope is None or scope[0] <= x.start and x.stop <= scope[1]]
            phrase = phrase_text(d, near) or t.text
            if phrase[:1].isupper() and not phrase[1:2].isupper() and near and near[0].i == d.sents[t.s][2]:
                phrase = phrase[:1].lower() + phrase[1:]
            if t.feats.get("Number") == "Plur":
                return Ref("other", phrase=phrase, plural=True, span=_span(d, near[0].start, near[-1].stop))
            # a singular description may name a person given elsewhere («протоиерей Всеволод Чаплин»)
            return Ref("role", gender=vg, phrase=phrase, role=role_lemmas(d, t), soft=True,
                       span=_span(d, near[0].start, near[-1].stop))
        # a thing that speaks: «издание», «документ», «доклад»
        return Ref("other", phrase=t.text, plural=t.feats.get("Number") == "Plur", span=_span(d, a, b))
    return None


def scan_ref(d: View, toks: list[Tok], verb: Tok | None) -> Ref | None:
    """A speaker in a short attribution clause, without syntax: a name, a pronoun, a role, an org."""
    for t in toks:
        if verb is not None and t.i == verb.i:
            continue
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None and (verb is None or not (oblique(d, m) or t.feats.get("Case") in OBLIQUE)):
            return Ref("person", entity=m[3], span=(m[0], m[1]))
    for t in toks:
        if verb is not None and t.i == verb.i:
            continue
        if t.low == "ол" and verb is not None and d.lex.kk_use(verb.text) is not None:
            return Ref("pronoun", span=(t.start, t.stop))  # Kazakh «ол»: he or she
        if t.feats.get("Case", "Nom") != "Nom" or (verb is not None and any(k.rel == "case" for k in d.kids(t))):
            continue
        if t.pos == "PRON" and t.lemma in PRONOUNS:
            return Ref("pronoun", gender=PRONOUNS[t.lemma], span=(t.start, t.stop))
        if t.pos == "PRON" and t.low in FIRST_PERSON:
            return Ref("first", span=(t.start, t.stop))
        if t.pos in ("NOUN", "PROPN") and (
            t.lemma in d.lex.role_heads or t.lemma in d.lex.orgs or d.mention_at(t.start, t.stop, "ORG")
        ):
            return ref_from_token(d, t, verb, scope=(toks[0].start, toks[-1].stop))
    return None


def _where(d: View, v: Tok) -> tuple[int, int] | None:
    """The «в X» a plural or impersonal speech verb is said in, as written."""
    for k in d.kids(v):
        if k.lemma in TIME_WORDS or k.pos not in ("NOUN", "PROPN"):
            continue  # «сообщили в воскресенье»: when, not where
        if k.rel == "obl" and k.i < v.i + 8 and any(c.rel == "case" and c.lemma == "в" for c in d.kids(k)):
            sub = d.subtree(k, skip=("acl", "acl:relcl", "parataxis", "punct"))
            return _span(d, sub[0].start, sub[-1].stop)
    return None


def ref_for_verb(d: View, v: Tok, scope: tuple[int, int] | None = None) -> Ref:
    """The speaker of speech verb ``v``: its subject (through gerunds and conjoined verbs), or an org «в МВД»."""
    passive = v.feats.get("VerbForm") == "Part" and v.feats.get("Voice") == "Pass" and v.feats.get("Variant") == "Short"
    if passive or any(i.impersonal for i in d.lex.verbs.get(v.lemma, [])):  # «сказано в заявлении X»
        # «говорится в сообщении ведомства»: the document's author, when named
        for k in d.kids(v):
            if k.rel == "obl" and any(c.rel == "case" and c.lemma == "в" for c in d.kids(k)):
                owner = next((n for n in d.kids(k) if n.rel == "nmod"), None)
                for x in (owner, k):
                    if x is not None and (x.lemma in d.lex.orgs or d.mention_at(x.start, x.stop, "ORG")):
                        ref = ref_from_token(d, x, None, scope)
                        if ref is not None and ref.kind == "org":
                            return ref
        return Ref("none", plural=True, span=_where(d, v))  # «в заявлении телекомпании» as written
    x: Tok | None = v
    for _ in range(3):
        if x is None:
            break
        for k in d.kids(x):
            if k.rel in ("nsubj",) and (scope is None or scope[0] <= k.start < scope[1]):
                ref = ref_from_token(d, k, x, scope)
                if ref is not None:
                    return ref
        if x.feats.get("Number") == "Plur" or x.feats.get("VerbForm") == "Conv" or x is v:
            for k in d.kids(x):
                if k.rel == "obl" and any(c.rel == "case" and c.lemma == "в" for c in d.kids(k)):
                    if k.lemma in d.lex.orgs or d.mention_at(k.start, k.stop, "ORG") or (
                        d.mention_at(k.start, k.stop, "LOC") and x.feats.get("Number") == "Plur"
                    ):  # «В Кремле заявили»
                        ref = ref_from_token(d, k, x, scope)
                        if ref is not None and ref.kind == "org":
                            return ref
        if x.rel in ("advcl", "conj", "xcomp", "parataxis") or x.feats.get("VerbForm") == "Conv":
            x = d.head(x)
        else:
            break
    if v.feats.get("Number") == "Plur":
        # «…, сообщили в воскресенье представители полиции» (the subject the parser left unattached)
        after = [t for t in d.sent_toks(v.s) if t.i > v.i and (scope is None or t.stop <= scope[1])]
        late = scan_ref(d, after, v) if after else None
        if late is not None and late.kind in ("person", "role"):  # not a name in the object («на рынке «…»»)
            return late
        return Ref("none", plural=True, span=_where(d, v))  # «В офисе шерифа подтвердили»
    # no usable syntax: look around the verb in its sentence
    st = d.sent_toks(v.s)
    lo = scope[0] if scope else st[0].start
    hi = scope[1] if scope else st[-1].stop
    before = [t for t in st if lo <= t.start and t.i < v.i]
    after = []
    for t in st:
        if t.i > v.i and t.stop <= hi:
            if t.text in (",", ":") or t.pos == "PUNCT" and ends_sentence(d.text, t.stop, t.text):
                break
            after.append(t)
    ref = scan_ref(d, after, v)
    if ref is None and before:
        # the nearest clause before the verb
        j = len(before)
        while j > 0 and before[j - 1].text not in SENT_END:
            j -= 1
        ref = scan_ref(d, list(reversed(before[j:])), v)
    if ref is not None:
        return ref
    return Ref("none", gender=v.gender(), plural=v.feats.get("Number") == "Plur")


def cited(d: View, v: Tok, clause: list[Tok]) -> Ref | None:
    """The person quoted by «цитирует X …», «приводит слова X …»: a name or post in the object."""
    for t in clause:
        if t.i == v.i or t.feats.get("Case") not in ("Acc", "Gen"):
            continue
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None:
            return Ref("person", entity=m[3], span=(m[0], m[1]))
        if t.pos == "NOUN" and t.lemma in d.lex.role_heads - d.lex.generic:
            return Ref("role", phrase=t.text, role=role_lemmas(d, t), soft=t.lemma in d.lex.described,
                       span=(t.start, t.stop))
    return None


def cue_end(d: View, v: Tok, ref: Ref) -> int:
    """The cue is the verb, plus a pronoun or role subject right after it («заявил он», «добавил спикер»)."""
    if ref.kind in ("pronoun", "generic", "role") and v.i + 1 < len(d.toks):
        nxt = d.toks[v.i + 1]
        if nxt.s == v.s and nxt.pos == "PRON" and nxt.lemma in PRONOUNS and ref.kind == "pronoun":
            return nxt.stop
        if nxt.s == v.s and nxt.pos == "NOUN" and ref.phrase and d.text.startswith(ref.phrase, nxt.start):
            return nxt.start + len(ref.phrase)
        if nxt.s == v.s and nxt.pos == "NOUN" and ref.phrase and ref.phrase.split()[0] == nxt.text:
            return nxt.stop
    return v.stop


def phrase_ref(d: View, phrase: list[Tok]) -> Ref | None:
    """A speaker phrase after «по словам» in the genitive: a role or an organization."""
    for t in phrase:
        if t.pos in ("NOUN", "PROPN"):
            ref = ref_from_token(d, t, None, scope=(phrase[0].start, phrase[-1].stop))
            if ref is not None and ref.kind == "role" and ref.soft:
                ref.soft = False
                ref.gender = ref.gender or t.gender()
                return ref
            if ref is not None and ref.kind in ("role", "org", "generic"):
                return ref
            if ref is not None and ref.kind == "other":
                return ref
            break
    return None
