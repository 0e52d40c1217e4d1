"""Post phrases, the helpers of the positions stage: title words and their lexicons, a title
phrase in the nominative, the organization and place words around it, and the tense a verb gives.

The stage itself (who holds which post) is :mod:`derek.nlp.positions`.
"""

from __future__ import annotations

import re
from functools import cache

from .. import lexicons
from ..article import Entity
from .ner import case, inflect_nom, institution_heads, lemma
from .places import PlaceIndex, akimat, place_in, region_genitive, regions  # noqa: F401 (used by the stages)

PAST_MARKERS = {"бывший", "экс", "прежний", "экс-", "ранее", "бывшая", "бывшего", "бывшему"}

MODIFIERS = {"первый", "бывший", "временно", "исполняющий", "старший", "главный", "генеральный",
             "исполнительный", "ответственный", "специальный", "государственный", "действующий",
             "постоянный", "чрезвычайный", "полномочный", "экс"}

APPOINT_VERBS = {"назначить", "назвать", "стать", "избрать", "утвердить", "переизбрать", "возглавить", "занять",
                 "освободить", "уволить", "отправить", "работать", "служить", "являться", "остаться", "быть",
                 "занимать", "переназначить", "оставаться"}

TITLE_ADJECTIVES = {
    "управляющий", "официальный", "главный", "генеральный", "государственный", "полномочный", "чрезвычайный",
    "исполнительный", "первый", "второй", "третий", "старший", "младший", "запасной", "технический",
    "финансовый", "коммерческий", "художественный", "верховный", "специальный", "постоянный", "заслуженный",
    "народный", "ответственный", "вице", "федеральный", "региональный", "областной", "городской", "районный",
    "председательствующий", "исполняющий", "временный", "почетный", "пресс", "научный", "политический",
    "запасный", "приглашенный", "приглашённый", "внештатный",
}

TITLE_SYNONYMS = {
    "мажилисмен": ("депутат", "Мажилис"),
    "мажилисменка": ("депутат", "Мажилис"),
    "сенатор": ("депутат", "Сенат"),
    "замакима": ("заместитель акима", None),
    "замминистра": ("заместитель министра", None),
    "вице-спикер": ("заместитель председателя", None),
}

ADVERBS = {"тогда", "еще", "ещё", "ныне", "уже", "теперь", "сейчас", "также", "бывший"}

GOVERNS_INS = {"заведующий", "заведующая", "командующий", "управляющий", "зав", "зав.", "управляющая"}

PLACE_WORDS = {"город", "область", "район", "округ", "село", "поселок", "г."}

PAST_VERBS = {"освободить", "уволить", "отправить", "быть"}

@cache
def geo_adjectives() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.rows("geo_adjectives.txt") if len(r) > 1}

@cache
def titles() -> frozenset[str]:
    return frozenset(line.lower() for line in lexicons.lines("position_titles.txt"))

@cache
def unit_nouns() -> frozenset[str]:
    return frozenset(lexicons.lines("unit_nouns.txt"))

@cache
def countries() -> dict[str, str]:
    """Every name of a country (lower case) → the name derek gives it."""
    out = {}
    for row in lexicons.rows("countries.txt"):
        out[row[0].lower()] = row[0]
        for alias in (row[1].split(",") if len(row) > 1 else []):
            if alias.strip():
                out[alias.strip().lower()] = row[0]
    return out

@cache
def national_titles() -> frozenset[str]:
    return frozenset(line.lower() for line in lexicons.lines("national_titles.txt"))

def national(title: str) -> bool:
    """A post of a country as a whole: «премьер-министр», «министр финансов», «глава государства»."""
    t = title.lower()
    words = t.split()
    if not words:
        return False
    if " ".join(words[:2]) in national_titles():
        return True
    head = words[0] if words[0] not in ("первый", "бывший") or len(words) == 1 else words[1]
    return head in national_titles() or (head in ("заместитель", "помощник", "советник") and len(words) > 1
                                         and words[1] in ("министра", "президента", "премьер-министра"))

@cache
def noun_lemma(word: str) -> str:
    """The nominative singular of a noun written on its own («акимов» → «аким»)."""
    from . import models

    parses = [p for p in models.morph_vocab().parse(word) if p.tag.POS == "NOUN"]
    return parses[0].normal_form if parses else word

def is_title(tok) -> bool:
    low = tok.text.lower()
    if low.startswith(("экс-", "вице-")) and (
            low.split("-", 1)[1] in titles() or noun_lemma(low.split("-", 1)[1]) in titles()):
        return True  # the tagger may take «экс-аким» for a verb, «экс-акимов» for a word of its own
    if tok.pos not in ("NOUN", "PROPN", "ADJ", "VERB"):
        return False
    if tok.pos == "VERB" and (tok.feats or {}).get("VerbForm") != "Part":
        return False  # «управляющий», «заведующий» are participles to the tagger
    t = titles()
    if low in t or lemma(tok) in t:
        return True
    for prefix in ("вице-", "экс-", "зам", "врио-"):
        if low.startswith(prefix) and low[len(prefix):] and (
                low[len(prefix):] in t or lemma(tok)[len(prefix):] in t):
            return True
    return False

class Title:
    def __init__(self, i: int, j: int, toks: list, past: bool) -> None:
        self.i, self.j, self.toks, self.past = i, j, toks, past
        self.org: Entity | None = None
        self.place: Entity | None = None
        self.end_tok = j  # index after the title's complement (orgs/places included)

def title_text(toks: list) -> str:
    """«заместителя председателя» → «заместитель председателя»: the head in the nominative."""
    toks = [t for t in toks if lemma(t) not in PAST_MARKERS and t.text.lower().rstrip("-") not in PAST_MARKERS]
    if len(toks) > 2 and toks[0].text.lower().startswith("исполня") and toks[1].text.lower() == "обязанности":
        # «исполняет обязанности городского акима» → «исполняющий обязанности городского акима»
        return "исполняющий обязанности " + " ".join(t.text.lower() for t in toks[2:])
    n_acting = acting_abbr(toks, next((k for k, t in enumerate(toks) if is_title(t)), 0))
    if n_acting:
        # «и.о. акима»: the post stays in the genitive after «исполняющий обязанности»
        prefix = "врио" if toks[0].text.lower() == "врио" else "и.о."
        return prefix + " " + " ".join(t.text if t.text.isupper() else t.text.lower() for t in toks[n_acting:])
    head_i = next((k for k, t in enumerate(toks) if is_title(t)), 0)
    words = []
    for k, t in enumerate(toks):
        if k <= head_i:
            w = inflect_nom(t, (toks[head_i].feats or {}).get("Gender"), "Sing")
            if t.text.lower().startswith("экс-"):
                w = lemma(t)
                w = w[4:] if w.startswith("экс-") else t.text.lower()[4:]
                if w not in titles():
                    w = noun_lemma(w)
            if t.pos == "NOUN" and is_title(t):
                w = nom_title(t)
            words.append(w.lower() if not t.text.isupper() else w)
        else:
            words.append(t.text.lower() if not t.text.isupper() else t.text)
    s = " ".join(words)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"\s+([,.;:)])", r"\1", s)
    return s

def acting_abbr(toks: list, s: int) -> int:
    """How many tokens right before ``s`` spell «и.о.» (split by the tokenizer or not) or «врио»."""
    texts = [t.text.lower() for t in toks[max(0, s - 4):s]]
    for pattern in (["и", ".", "о", "."], ["и.о", "."], ["и", ".", "о"], ["и.о."], ["врио"], ["и.о"]):
        if texts[-len(pattern):] == pattern and len(texts) >= len(pattern):
            return len(pattern)
    return 0

def nom_title(tok) -> str:
    lem = lemma(tok)
    low = tok.text.lower()
    if low.startswith("экс-"):
        rest = lem[4:] if lem.startswith("экс-") else low[4:]
        return rest if rest in titles() else noun_lemma(rest)
    if (tok.feats or {}).get("Case") in (None, "Nom") and (tok.feats or {}).get("Number") != "Plur":
        return low
    # the lemma of a title noun is its nominative singular
    return lem if lem else low

RELATIONAL = {"помощник", "советник", "заместитель", "представитель", "пресс-секретарь", "референт",
              "спецпредставитель", "полпред"}

def served_person(t: Title, sp) -> bool:
    """A name right after a relational post that the parser attaches to it as a modifier
    («помощник Хиллари Клинтон»: Clinton's aide) names the one served, not the holder."""
    if not sp.tokens or t.end_tok != t.j or len(t.toks) != 1:
        return False
    head = t.toks[0]
    first = sp.tokens[0]
    return lemma(head) in RELATIONAL and first.rel == "nmod" and first.head_id == getattr(head, "id", None)

def verb_tense(verb, t: Title, before=None) -> str:
    """«был/освобожден» → past, «будет» → future, otherwise current (or past for «бывший»).
    «был назначен» (an appointment told as history) is past; «назначен» (the news) is current."""
    if (verb.feats or {}).get("Tense") == "Fut" or verb.text.lower().startswith("буд") or (
            before is not None and before.text.lower().startswith("буд")):
        return "future"
    if before is not None and before.text.lower() in ("был", "была", "было", "были") and \
            (verb.feats or {}).get("VerbForm") == "Part":
        return "past"
    feats = verb.feats or {}
    if lemma(verb) in PAST_VERBS or participle_lemma(verb) in PAST_VERBS or t.past or (
            feats.get("Tense") == "Past" and feats.get("Aspect") == "Imp" and feats.get("VerbForm") == "Fin"):
        return "past"  # «был», «работал», «занимала должность»: no longer (a perfective «стал» is now)
    return "current"

def visibly_nominative(text: str, person) -> bool:
    """The name as written is plainly in the nominative (so it cannot depend on a genitive title)."""
    if person is None or text.split() != person.name.split() or not person.last:
        return False
    last = person.last.lower()
    if person.gender == "m":
        first = (person.first or "").lower()
        return bool(re.search(r"(ов|ев|ёв|ин|ын|ий)$", last)) or bool(
            re.search(r"[бвгджзклмнпрстфхцчшщ]$", first) and "-" not in first)
    if person.gender == "f":
        return bool(re.search(r"(ова|ева|ёва|ина|ына|ая)$", last))
    return False

def participle_adjective(tok) -> str:
    """A participle as the adjective it is used as: «приглашенным» → «приглашенный»."""
    if (tok.feats or {}).get("VerbForm") != "Part":
        return ""
    return re.sub(r"(ым|ого|ому|ом|ая|ой|ую|ые|ых|ыми|ый)$", "ый", tok.text.lower())

def participle_lemma(tok) -> str:
    low = tok.text.lower()
    for stem, verb in (("назначен", "назначить"), ("избран", "избрать"), ("освобожден", "освободить"),
                       ("утвержден", "утвердить"), ("уволен", "уволить"), ("переизбран", "переизбрать")):
        if low.startswith(stem):
            return verb
    return ""

def quoted_name_end(toks: list, m: int) -> int | None:
    """Index after the closing mark of a quoted name starting at ``m`` («…», "…")."""
    if m < len(toks) and toks[m].text in ("«", '"', "“", "„"):
        close = {"«": "»", '"': '"', "“": "”", "„": "“"}[toks[m].text]
        for k in range(m + 1, min(len(toks), m + 10)):
            if toks[k].text == close:
                return k + 1 if k > m + 1 else None
    return None

def po_qualifier(toks: list, j: int, spans_by_tok: dict) -> int:
    """The end of a «по …» field of a post right after its title words: «министр по делам
    разведки», «секретарь по вопросам прав человека», «заместитель акима по социальным вопросам».
    A place or organization after «по» is not a field («представитель МЧС по Алматы»)."""
    n = len(toks)
    if j >= n or toks[j].text.lower() != "по":
        return j
    m = j + 1
    last_noun = None
    while m < n and spans_by_tok.get(id(toks[m])) is None:
        tok = toks[m]
        if tok.pos in ("ADJ", "NOUN") and case(tok) == "Dat" and last_noun is None:
            if tok.pos == "NOUN":
                last_noun = m
            m += 1
            continue
        if last_noun is not None and tok.pos in ("ADJ", "NOUN") and case(tok) in ("Gen", "Dat"):
            if tok.pos == "NOUN":
                last_noun = m
            m += 1
            continue
        if last_noun is not None and tok.text == "и" and m + 1 < n and toks[m + 1].pos in ("ADJ", "NOUN") \
                and case(toks[m + 1]) in ("Dat", "Gen") and spans_by_tok.get(id(toks[m + 1])) is None:
            m += 1  # «по стратегии и развитию бизнеса»
            continue
        break
    return last_noun + 1 if last_noun is not None else j

def parenthesized_org(toks: list, k: int, spans_start: dict, ent_at: dict):
    """(org entity, org text) for «(РПЦ МП)» / «(Мосгордума)» at ``k``; None otherwise."""
    n = len(toks)
    if k >= n or toks[k].text != "(":
        return None
    close = next((m for m in range(k + 1, min(n, k + 7)) if toks[m].text == ")"), None)
    if close is None or close == k + 1:
        return None
    sp = spans_start.get(id(toks[k + 1]))
    ent = ent_at.get(sp.start) if sp is not None else None
    if ent is not None and ent.type == "ORG" and tok_index_after(toks, sp.end, k + 1) == close:
        return ent, None
    inner = toks[k + 1:close]
    if all(re.fullmatch(r"[А-ЯЁA-Z]{2,6}", x.text) for x in inner) and spans_start.get(id(inner[0])) is None:
        return None, " ".join(x.text for x in inner)
    return None

def unit_phrase(toks: list, k: int, spans_by_tok: dict) -> int | None:
    """The end of a lower-case body named at ``k`` — adjectives, a unit or institution noun, its
    genitive words and a «по …»/«при …» qualifier («российско-американской рабочей группы по
    гражданскому обществу»); None when there is none."""
    n = len(toks)
    m = k
    while m < n and toks[m].pos == "ADJ" and spans_by_tok.get(id(toks[m])) is None:
        m += 1
    if m >= n or toks[m].pos != "NOUN" or spans_by_tok.get(id(toks[m])) is not None or not (
            lemma(toks[m]) in unit_nouns() or lemma(toks[m]) in institution_heads()):
        return None
    m += 1
    while m < n and toks[m].pos in ("ADJ", "NOUN", "PROPN") and (
            case(toks[m]) == "Gen" or (toks[m].pos == "ADJ" and case(toks[m]) is None)) and (
            spans_by_tok.get(id(toks[m])) is None or spans_by_tok[id(toks[m])].type == "LOC"):
        m += 1  # «управление индустриально-инновационного развития Павлодарской области»
    return org_tail(toks, m)

def org_tail(toks: list, k: int) -> int:
    """A qualifier after an organization's name: «при прокуратуре», «по Санкт-Петербургу», «РАН»."""
    n = len(toks)
    if k < n and toks[k].text.lower() in ("при", "по") and k + 1 < n:
        m = k + 1
        while m < n and m - k <= 4 and toks[m].pos in ("ADJ", "NOUN", "PROPN"):
            m += 1
            if toks[m - 1].pos in ("NOUN", "PROPN"):
                break
        if toks[m - 1].pos in ("NOUN", "PROPN"):
            # «при главном архитекторе Москвы», «по Санкт-Петербургу и Ленобласти»
            if m < n and toks[m].text[:1].isupper() and toks[m].pos in ("PROPN", "NOUN") and case(toks[m]) == "Gen":
                m += 1
            elif m + 1 < n and toks[m].text == "и" and toks[m + 1].text[:1].isupper() \
                    and toks[m + 1].pos in ("PROPN", "NOUN") and toks[m - 1].text[:1].isupper():
                m += 2
            return m
    if k < n and toks[k].text.isupper() and len(toks[k].text) >= 2 and toks[k].pos in ("PROPN", "NOUN"):
        return k + 1
    return k

def tok_index_after(toks: list, end: int, k: int) -> int:
    while k < len(toks) and toks[k].start < end:
        k += 1
    return k
