"""Kazakh speakers: who the words of an attribution name — a person (also a surname in a case form), a
post («министр», «Мемлекет басшысы», «облыс әкімі»: a Ref of kind ``kkrole`` resolved to the person
holding it), a word the article introduced someone with («тұрғын»), «ол» / «оның» (``kkpron``), or an
organization."""

from __future__ import annotations

import re

from .. import kazakh as kk
from .claims import Ref
from .config import ANTECEDENT_SENTENCES, KK_ATTR_WORDS, MAX_SENTENCES_BACK
from .view import Tok, View

KK_PRONOUNS = ("ол", "оның", "олар", "олардың")
GENITIVE_PRONOUNS = ("оның", "олардың")
SURNAME_END = re.compile(r"(?:ов|ев|ёв|ова|ева|ёва|ин|ина|ұлы|қызы|ский|ская|баев|баева)$")


GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")


# a sentence's subject that is an institution named by a common noun («Алайда сот … деп есептеді»)
INSTITUTION_NOUNS = frozenset({"сот", "полиция", "ведомство", "компания", "комиссия", "прокуратура", "министрлік",
                               "әкімдік", "мәслихат", "басқарма", "департамент", "үкімет", "парламент", "мәжіліс",
                               "сенат", "агенттік", "комитет", "тергеушілер", "сарапшылар", "мамандар"})
CONNECTIVES = frozenset({"алайда", "бірақ", "ал", "сондай-ақ", "дегенмен", "кейін", "сондықтан", "сонымен",
                         "қатар", "өз", "кезегінде", "сонымен бірге", "бірге", "бұдан", "бөлек", "одан", "оның",
                         "үстіне", ","})
AGENCY_WORD = "ведомство"  # «ведомство» stands for a ministry, an agency or a committee named before
AGENCY_HEADS = ("министрли", "агенттик", "комитет", "департамент")  # folded
SUBJECT_POST_WORDS = 3  # a post opening a sentence: its words

# a word before a post that says which of two holders it is («облыс әкімі», not «қала әкімі»)
QUALIFIERS = ("облыс", "қала", "аудан", "ауыл", "өңір")


# «X басшысы» names a post by what it heads: the words of that post, Kazakh and Russian
HEAD_OF = {
    "мемлекет": ("президент", "мемлекет басшысы", "глава государства"),
    "үкімет": ("премьер-министр", "үкімет басшысы", "премьер"),
    "ведомство": ("министр", "ведомство басшысы"),
    "министрлік": ("министр",),
    "өңір": ("әкім", "аким"),
    "облыс": ("әкім", "аким"),
    "қала": ("әкім", "аким"),
    "аудан": ("әкім", "аким"),
}


def in_kazakh(d: View, pos: int) -> bool:
    """Is the sentence at ``pos`` Kazakh (every sentence of a Kazakh article)?"""
    if d.lang == "kk":
        return True
    si = d.sent_of(pos)
    return bool(d.sents) and kk.is_kazakh_sentence(d.text[d.sents[si][0] : d.sents[si][1]])


def _role_word(word: str) -> str | None:
    """The post a Kazakh word names, in any case («басшысының» → «басшы», «Елбасының» → «елбасы»)."""
    w = word.lower()
    if w.startswith("елбасы"):
        return "елбасы"
    for g in GENITIVE:
        if w.endswith(g) and len(w) > len(g) + 2:
            w = w[: -len(g)]
            break
    return kk.title_head(w)


def _known_person(d: View, t: Tok) -> str | None:
    """A surname in any case that the article gives a person («Жамаубаевтың» → Ерұлан Жамаубаев)."""
    if not t.text[:1].isupper():
        return None
    w = t.text.lower()
    for g in GENITIVE + ("ға", "ге", "қа", "ке", "ды", "ді", "ты", "ті", "да", "де", "та", "те", "мен"):
        if w.endswith(g) and len(w) - len(g) >= 4:
            w = w[: -len(g)]
            break
    hits = {p.entity for p in d.by_surname.get(w[:4], []) if (p.last or "").lower() == w}
    return hits.pop() if len(hits) == 1 else None


def _posts(before: str, head: str) -> tuple[str, ...]:
    """The post words a role phrase may stand for («Мемлекет басшысы» → президент, …)."""
    if head.startswith("басшы"):
        for stem, posts in HEAD_OF.items():
            if before.startswith(stem):
                return (f"{stem} {head}", *posts, head)
    if head.startswith("әкім"):
        return (head, "аким", "облыс басшысы", "өңір басшысы", "қала басшысы")
    if head == "елбасы":
        return (head, "тұңғыш президент", "первый президент", "президент")
    # «деді Президент» where the article calls him «Мемлекет басшысы»: the head's other names
    others = tuple(f"{stem} басшысы" for stem, posts in HEAD_OF.items() if head in posts[:1])
    return (head, *others)


def post_holder(d: View, ref: Ref, at: int) -> str | None:
    """The person a Kazakh post stands for, where the words say more than the head: the holder whose
    post or place has the qualifier («облыс әкімі» → the region's akim), or, for a word that is no
    post of anyone («тұрғын», «сарапшы»), the person last named right after that word before ``at``."""
    if ref.span is None or not ref.phrase or not in_kazakh(d, at):
        return None
    qual = d.text[ref.span[0] : ref.span[1]].lower().split()[0]
    holders = [p for p in d.people.values() if any(w in (pos.title or "").lower() for w in ref.role or (ref.phrase,)
                                                   for pos in p.positions)]
    if qual.startswith(QUALIFIERS) and len(holders) > 1:
        fit = [p.entity for p in holders if any(qual[:4] in f"{pos.title} {pos.place or ''}".lower()
                                                for pos in p.positions)]
        return fit[0] if len(fit) == 1 else None
    if len(holders) > 1 and len(d.text[ref.span[0] : ref.span[1]].split()) > 1:
        # «– деді Қаржы министрі» beside the Energy minister: the holder whose post has the qualifier
        fit = [p.entity for p in holders if any(qual[:4] in " ".join(
            (pos.title or "", pos.org or "", pos.place or "", pos.evidence or "")).lower() for pos in p.positions)]
        if len(fit) == 1:
            return fit[0]
    if len(holders) > 1:
        # «– деді министр» beside a vice-minister: the post itself, not a compound that contains it; and
        # a post whose evidence names its holder (not a bare «министр» linked to the last name)
        exact = [p for p in holders if any(_same_post(w, pos.title or "") for w in ref.role or (ref.phrase,)
                                           for pos in p.positions)]
        named = [p for p in exact if any(_names_holder(p, pos.evidence or "") for pos in p.positions)]
        pick = exact if len(exact) == 1 else named
        return pick[0].entity if len(pick) == 1 else None
    if holders:
        return None
    return _named_after_word(d, ref.phrase, at)


def _names_holder(person: object, evidence: str) -> bool:
    """Does a post's evidence name its holder (the surname's first letters)?"""
    last = (getattr(person, "last", None) or getattr(person, "name", "") or "").split()
    return bool(last) and last[-1][:4].lower() in evidence.lower()


def _same_post(role: str, title: str) -> bool:
    """Are the role's words whole words of the title («министр» in «энергетика министрі», not in
    «вице-министр» or «премьер-министр»)?"""
    words = title.lower().split()
    want = role.lower().split()
    return any(all(i + k < len(words) and words[i + k].startswith(w) for k, w in enumerate(want))
               for i in range(len(words)))


def _named_after_word(d: View, head: str, at: int) -> str | None:
    """«Ауыл тұрғыны Айгүл Серікқызы …» before «– дейді тұрғын»: the last person named after the word."""
    best = None
    for m in d.mentions_in(0, at, "PER"):
        before = d.tokens(max(0, m[0] - 40), m[0])[-2:]
        if m[1] <= at and any(t.low.startswith(head) for t in before):
            best = d.canonical(m[3])
    return best


def speaker_ref(d: View, toks: list[Tok]) -> Ref | None:
    """Who the words of an attribution name: a person, a post, or «ол». A name in the genitive with a
    word after it modifies that word («Дәурен Әбіловтің орынбасары Серік Жұмабаев»): the head is later."""
    for t in toks:
        m = d.mention_at(t.start, t.stop, "PER")
        if m is not None and _modifier(d, m, toks[-1].stop):
            continue
        if m is not None:
            return Ref("person", entity=m[3], span=(m[0], m[1]))
        known = _known_person(d, t)
        if known is not None and not (kk.genitive(t.text) and t.stop < toks[-1].stop):
            return Ref("person", entity=known, span=(t.start, t.stop))
    unlisted = unlisted_name(d, toks)
    if unlisted is not None:
        return unlisted
    for i, t in enumerate(toks):
        if t.low in KK_PRONOUNS and not (t.low in GENITIVE_PRONOUNS and i + 1 < len(toks)):
            return Ref("kkpron", span=(t.start, t.stop))  # «оның үстіне», «оның ішінде»: a modifier, not «ол»
        head = _role_word(t.text)
        if head is not None:
            # the word before it is part of the post («Үкімет басшысы»; the Russian tagger may call it PUNCT)
            posts = _posts(toks[i - 1].low if i > 0 else "", head)
            prev = toks[i - 1] if i > 0 else None
            first = i - 1 if prev is not None and (prev.text[:1].isupper() and prev.text[:1].isalpha()
                                                   or len(posts) > 1 and head.startswith("басшы")
                                                   or prev.low.startswith(QUALIFIERS)) else i
            return Ref("kkrole", phrase=head, role=posts, span=(toks[first].start, t.stop))
    for t in toks:
        m = d.mention_at(t.start, t.stop, "ORG")
        if m is not None and not _in_oblique_case(d, m[0], m[1]):
            return Ref("org", entity=m[3], span=(m[0], m[1]))
    for t in toks:
        generic = t.low.startswith(AGENCY_WORD) or _org_word(t.text)
        ent = _named_org(d, t) if generic else None
        if ent is not None:  # «Министрлік … деп хабарлады», «– деп хабарлады ведомство»: the one named before
            return Ref("org", entity=ent, span=(t.start, t.stop))
        if t.text[:1].isupper() and _org_word(t.text):
            return Ref("other", span=(t.start, t.stop))
    return None


def _named_org(d: View, t: Tok) -> str | None:
    """The organization a generic head word stands for («министрлік», «ведомство»): the last one named
    before it whose name ends in that head («Денсаулық сақтау министрлігі»)."""
    from ..names import fold

    w = fold(t.text).lower()
    stems = AGENCY_HEADS if t.low.startswith(AGENCY_WORD) else (w[: max(4, len(w) - 2)],)
    best: tuple[int, str] | None = None
    for ent, e in d.entities.items():
        words = fold(e.name).lower().split()
        if e.type != "ORG" or not words or not words[-1].startswith(stems):
            continue
        before = [m.start for m in e.mentions if m.start < t.start]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), ent)
    return best[1] if best else None


def unlisted_name(d: View, toks: list[Tok]) -> Ref | None:
    """«– деді Асайын Байханов»: two or three capitalized words, the last shaped as a surname, that the
    tagger marked as no one: the speaker named as written, its last word in the nominative (``kkname``)."""
    i = 0
    while i < len(toks) - 1:
        run = []
        while i + len(run) < len(toks) and len(run) < 3 and _name_word(d, toks[i + len(run)]):
            run.append(toks[i + len(run)])
        if len(run) >= 2:
            last = kk.nominative(run[-1].text)
            if SURNAME_END.search(last.lower()):
                name = " ".join([*(t.text for t in run[:-1]), last])
                return Ref("kkname", phrase=name, span=(run[0].start, run[-1].stop))
        i += max(1, len(run))
    return None


def _name_word(d: View, t: Tok) -> bool:
    return t.text[:1].isupper() and t.text.replace("-", "").isalpha() and not t.text.isupper() \
        and d.mention_at(t.start, t.stop, "PER") is None and _role_word(t.text) is None


def _name_end(d: View, start: int, stop: int, end: int) -> int:
    """Where a person's name ends: past a case ending glued to the mention, and, for a mention of one
    word, past one capitalized word right after it that no other mention holds (a surname the tagger
    left out: «[Дәурен] Әбіловтің»)."""
    while stop < len(d.text) and d.text[stop].isalpha():
        stop += 1
    nxt = d.tokens(stop, min(end, stop + 40))[:1]
    if nxt and len(d.text[start:stop].split()) == 1 and nxt[0].start == stop + 1 and nxt[0].text[:1].isupper() and nxt[0].text.isalpha() \
            and d.mention_at(nxt[0].start, nxt[0].stop, "PER") is None:
        stop = nxt[0].stop
    return stop


def _modifier(d: View, m: tuple[int, int, str, str], end: int) -> bool:
    """A person mention in the genitive with more words of the phrase after it (before ``end``); the
    name may go on past the mention the tagger marked («[Дәурен] Әбіловтің орынбасары»)."""
    stop = _name_end(d, m[0], m[1], end)
    words = d.text[m[0] : stop].split()
    return bool(words) and kk.genitive(words[-1]) and any(ch.isalpha() for ch in d.text[stop:end])


def _in_oblique_case(d: View, a: int, b: int) -> bool:
    """Is the phrase's last word (with a case ending glued after it) in the dative, locative, ablative
    or instrumental case («…жөніндегі кеңеске», «Мәжілісте»)? The genitive stays a speaker: «Министрліктің
    баспасөз қызметі», «Министрліктің айтуынша»."""
    while b < len(d.text) and d.text[b].isalpha():
        b += 1
    words = d.text[a:b].split()
    if not words:
        return False
    last = words[-1]
    return not kk.genitive(last) and kk.nominative(last).lower() != last.lower()


def _org_word(word: str) -> bool:
    """A Kazakh organization head word in any case («Министрлік», «Әкімдіктің»)."""
    from ..names import fold

    w = fold(word).lower()
    heads = kk.org_heads()
    return w in heads or any(w.endswith(fold(g)) and w[: -len(g)] in heads for g in GENITIVE)


def described_person(d: View, t: Tok) -> Ref | None:
    """«– дейді тұрғын» after «Ауыл тұрғыны Айгүл Серікқызы …»: a word no post list has, naming the
    person the article introduced with it."""
    if len(t.low) < 5 or not t.low.isalpha() or t.low in KK_PRONOUNS or not t.text[:1].islower():
        return None
    ent = _named_after_word(d, t.low, t.start)
    return Ref("person", entity=ent, span=(t.start, t.stop)) if ent else None


def speaker_before(d: View, open_at: int) -> Ref | None:
    """The subject that opens the sentence of a quote whose attribution names no one («Әкім «…» деп
    мәлімдеді», «Ол: «…» деді»): a Kazakh sentence states its subject first."""
    si = d.sent_of(open_at)
    lead = [t for t in d.tokens(d.sents[si][0], open_at) if not d.in_top_quote(t.start) and t.text not in "–—-"]
    if lead and lead[-1].text == ":":
        lead = lead[:-1]
    if not lead or any(t.text in ".!?" for t in lead):
        return None
    return speaker_ref(d, lead[:KK_ATTR_WORDS])


def oblique(d: View, span: tuple[int, int]) -> bool:
    """A phrase in the genitive or glued to a case ending («Парламент Мәжілісінің», «Мәжілісте»)."""
    words = d.text[span[0] : span[1]].split()
    glued = span[1] < len(d.text) and d.text[span[1]].isalpha()
    return glued or bool(words) and (kk.genitive(words[-1]) or words[-1].lower().endswith(("да", "де", "та", "те")))


def nominative_first(d: View, names: list[tuple[int, int, str, str]]) -> tuple[int, int, str, str]:
    """The sentence's subject among its person mentions: the first one written as its nominative name
    («министр Ерұлан Жамаубаев», not «Тоқаевтың тапсырмасымен» or «Сарымға»), else the first."""
    for m in names:
        written = d.text[m[0] : m[1]].split()
        canon = d.name(d.canonical(m[3])).split() if d.name(d.canonical(m[3])) else []
        glued = m[1] < len(d.text) and d.text[m[1]].isalpha()  # a case ending outside the mention
        if written and canon and not glued and written[-1].lower() == canon[-1].lower():
            return m
    return names[0]


def far_subject(d: View, at: int) -> str | None:
    """Whom «ол» stands for when no sentence close before names anyone and no one has spoken yet: the
    nearest person written as a nominative subject further back («Облыс әкімі X ауданға барды. … –
    деді ол.»)."""
    si = d.sent_of(at)
    for j in range(si - 1 - ANTECEDENT_SENTENCES, max(-1, si - 1 - MAX_SENTENCES_BACK), -1):
        a, b, _, _ = d.sents[j]
        names = [m for m in d.mentions_in(a, b, "PER") if not d.in_top_quote(m[0])]
        if names:
            m = nominative_first(d, names)
            return d.canonical(m[3]) if _nominative(d, m) else None
    return None


def _nominative(d: View, m: tuple[int, int, str, str]) -> bool:
    """Is the mention written as its nominative name (no case ending on it or glued after it)?"""
    written = d.text[m[0] : m[1]].split()
    name = d.name(d.canonical(m[3])) or ""
    glued = m[1] < len(d.text) and d.text[m[1]].isalpha()
    return bool(written) and not glued and written[-1].lower() == (name.split() or [""])[-1].lower()


def pronoun_antecedent(d: View, at: int, speakers: list[tuple[int, str]]) -> str | None:
    """Whom «ол» / «оның» stands for: the subject of the nearest sentence before that has one — its
    first name written in the nominative (a Kazakh subject comes first), the person who spoke in it
    («Үкімет басшысы …екенін баяндады. – …, – деді ол.»), or the holder of the post that opens it —
    else the last speaker, else a nominative subject further back (:func:`far_subject`)."""
    si = d.sent_of(at)
    for j in range(si, max(-1, si - 1 - ANTECEDENT_SENTENCES), -1):
        a, b = d.sents[j][0], min(d.sents[j][1], at)
        spoke = [e for off, e in speakers if a <= off < b]
        names = [m for m in d.mentions_in(a, b, "PER") if not d.in_top_quote(m[0])]
        if names:
            first = nominative_first(d, names)
            return spoke[-1] if spoke and not _nominative(d, first) else d.canonical(first[3])
        if spoke:
            return spoke[-1]
        holder = _post_subject(d, a, b)
        if holder is not None:
            return holder
    last = next((e for off, e in reversed(speakers) if off < at), None)
    return last or far_subject(d, at)


def _post_subject(d: View, a: int, b: int) -> str | None:
    """The holder of the post that opens the sentence [a, b) («Үкімет басшысы …», «Министр …»)."""
    from .resolve import by_kazakh_post  # resolve imports this module

    lead = [t for t in d.tokens(a, b) if not d.in_top_quote(t.start)][:SUBJECT_POST_WORDS]
    ref = speaker_ref(d, lead) if lead and lead[0].start - a < 3 else None
    if ref is None or ref.kind != "kkrole" or ref.span is None or ref.span[0] != lead[0].start:
        return None
    return post_holder(d, ref, a) or by_kazakh_post(d, ref, a)


def institution_subject(lead: list[Tok]) -> Tok | None:
    """The word that opens a sentence, after its connectives, when it is an institution or a group
    named by a common noun in the nominative («сот», «министрлік», «мамандар»): a speaker no name
    resolves, not «ол»."""
    for t in lead[:4]:
        if t.low in CONNECTIVES:
            continue
        return t if t.low in INSTITUTION_NOUNS else None
    return None
