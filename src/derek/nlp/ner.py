"""Named entities: slovnet NER, corrected for Kazakhstan news, grouped into entities.

The cascade:
1. slovnet's NER runs on a Kazakh-folded copy of the text (same length, so
   offsets hold): «Қасым-Жомарт Тоқаев» is then seen as a Russian-shaped name.
2. Institutions: a scanner over morphology finds whole organization names that
   start with an institution head word from the lexicon («акимат города
   Алматы», «Управления внутренней политики города», «администрации
   президента», «Ассамблеи народа Казахстана») and replaces slovnet's
   fragments.
3. Persons: spans that look like personal names (a known first name, a
   patronymic, a Russian/Kazakh surname ending) become PER whatever slovnet said;
   position words at the edges («Аким ЗКО») are not names.
4. Grouping: a person's mentions (inflected, surname-only, with initials)
   join one entity; an abbreviation joins its full form (АНК = Ассамблея
   народа Казахстана), and a bare head word («Ассамблея») the one
   organization it heads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from natasha.norm import normalize as natasha_normalize

from .. import lexicons
from ..article import Entity, Mention
from ..stage import Stage, Work
from . import kazakh, kk_ner, models, person_filter
from .names import (
    NameParts,
    _first_lookup,
    first_names,
    fold,
    is_patronymic,
    key,
    looks_like_surname,
    parse_name,
    same_name_word,
    strip_kazakh_case,
)


@dataclass
class Span:
    start: int
    end: int
    type: str
    text: str
    tokens: list = field(default_factory=list)  # natasha DocTokens
    normal: str = ""
    source: str = "slovnet"  # slovnet / institution / abbr
    name: NameParts | None = None


@cache
def institution_heads() -> dict[str, frozenset[str]]:
    """Head lemma → flags (standalone, gov)."""
    return {r[0].lower(): frozenset(r[1].split(",") if len(r) > 1 else ()) for r in lexicons.rows("institution_heads.txt")}


@cache
def org_abbreviations() -> dict[str, str]:
    return {r[0]: r[1] for r in lexicons.rows("org_abbreviations.txt") if len(r) > 1}


@cache
def position_words() -> frozenset[str]:
    words = set()
    for r in lexicons.rows("position_titles.txt"):
        words.add(r[0].split()[0].lower())
    return frozenset(words)


_lemma_cache: dict[tuple[str, str, tuple], str] = {}


def lemma(tok) -> str:
    """The lemma of a natasha token, cached across documents."""
    feats = tuple(sorted((tok.feats or {}).items()))
    k = (tok.text, tok.pos, feats)
    lem = _lemma_cache.get(k)
    if lem is None:
        try:
            lem = models.morph_vocab().lemmatize(tok.text, tok.pos, tok.feats or {})
        except Exception:  # pymorphy can fail on odd tokens
            lem = tok.text.lower()
        if len(_lemma_cache) > 200_000:
            _lemma_cache.clear()
        _lemma_cache[k] = lem = (lem or tok.text).lower()
    return lem


def case(tok) -> str | None:
    return (tok.feats or {}).get("Case")


OPEN_Q = "«„“\""
CLOSE_Q = {"«": "»", "„": "“", "“": "”", '"': '"'}
_GOV_ADJ = {"районный", "областной", "городской", "межрайонный", "республиканский", "специализированный",
            "верховный", "конституционный", "апелляционный", "военный", "столичный"}
_PLACE_WORDS = {"город", "область", "район", "республика", "округ", "село", "поселок", "край", "г."}


def _scan_institutions(tokens: list, per_tokens: set[int]) -> list[tuple[int, int]]:
    """Token ranges [i, j) of organization names that start with an institution head."""
    heads = institution_heads()
    out = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if tok.pos not in ("NOUN", "PROPN") or id(tok) in per_tokens:
            continue
        lem = lemma(tok)
        if lem not in heads and tok.text.lower() not in heads:
            continue
        flags = heads.get(lem, heads.get(tok.text.lower(), frozenset()))
        standalone = "standalone" in flags
        gov = "gov" in flags
        # adjectives before the head: «Медеуский районный суд», «Национальный банк»
        s = i
        while s > 0 and tokens[s - 1].pos == "ADJ" and case(tokens[s - 1]) == case(tok) \
                and not tokens[s - 1].text[:1].isdigit():  # «с 30-летием Ассамблеи»: not the name
            s -= 1
        j = i + 1
        complement = False
        while j < n:
            t = tokens[j]
            if id(t) in per_tokens:
                break
            low = t.text.lower()
            if t.text in OPEN_Q:
                close = CLOSE_Q[t.text]
                k = j + 1
                while k < n and k - j < 12 and tokens[k].text != close:
                    k += 1
                if k < n and tokens[k].text == close and k > j + 1:
                    j = k + 1
                    complement = True
                    continue
                break
            if lemma(tokens[j - 1]) in _PLACE_WORDS and t.text[:1].isupper() and t.pos in ("PROPN", "NOUN", "ADJ"):
                j += 1  # «города Алматы», «области Абай»
                complement = True
                continue
            if (low == "и" and gov and complement and j + 1 < n and tokens[j + 1].pos in ("NOUN", "ADJ")
                    and case(tokens[j + 1]) == "Gen"):
                j += 1  # «управление физической культуры и спорта»
                continue
            if t.pos in ("NOUN", "PROPN", "ADJ") and (case(t) == "Gen" or (t.text.isupper() and len(t.text) >= 2)):
                # a genitive chain; an adjective must lead to a noun
                if t.pos == "ADJ":
                    k = j
                    while k < n and tokens[k].pos == "ADJ":
                        k += 1
                    if k >= n or tokens[k].pos not in ("NOUN", "PROPN") or id(tokens[k]) in per_tokens:
                        break
                    j = k + 1
                else:
                    j += 1
                complement = True
                continue
            if low == "по" and j + 1 < n and tokens[j + 1].pos in ("NOUN", "ADJ"):
                k = j + 1
                while k < n and tokens[k].pos == "ADJ":
                    k += 1
                if k < n and tokens[k].pos == "NOUN":
                    j = k + 1
                    complement = True
                    continue
                break
            if low == "имени" and j + 1 < n and tokens[j + 1].text[:1].isupper():
                k = j + 1
                while k < n and k - j <= 3 and tokens[k].text[:1].isupper() and tokens[k].pos == "PROPN":
                    k += 1
                j = k
                complement = True
                continue
            if low in ("№", "n") and j + 1 < n and tokens[j + 1].text[:1].isdigit():
                j += 2
                complement = True
                continue
            break
        if j > i + 1 and tokens[j - 1].text.lower() == "и":
            j -= 1
        span = tokens[s:j]
        named = any(t.text[:1].isupper() or t.text in OPEN_Q for t in span[1:]) or (
            s < i and tokens[s].text[:1].isupper() and s > 0 and tokens[s - 1].text not in ".!?\n")
        if standalone and tok.text[:1].isupper() and (i > 0 or complement):
            out.append((s, j))
        elif named and (complement or s < i):
            out.append((s, j))
        elif gov and complement:
            out.append((s, j))
        elif gov and s < i and any(lemma(t) in _GOV_ADJ for t in tokens[s:i]):
            out.append((s, j))
    return out


@cache
def honorifics() -> frozenset[str]:
    """Words of address and rank before a name that are not part of it («Принц», «Шейх»)."""
    return frozenset(lexicons.lines("person_honorifics.txt"))


_NAME_TAGS = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr")


def _common_word(tok, nxt) -> bool:
    """A capitalized word before a name that is no part of it: a common noun, a verb, a pronoun, an
    age («Лозунг Фисуна», «Вместо Акселя Вебера», «Экс-советник Трампа», «Восьмидесятилетний
    Маккейн»); the dictionary knows it and not as a name, and the first-name list does not."""
    w = tok.text
    if not w[:1].isupper() or w.isupper() or _first_lookup(w) is not None or re.fullmatch(r"[А-ЯЁA-Z]\.?", w):
        return False
    if re.search(r"летн(ий|яя|его|ей|ему|им|юю)$", w.lower()):
        return True
    last = w.lower().rpartition("-")[2]
    parses = models.morph_vocab().parse(last)[:2]
    if not parses or any(t in p.tag for p in parses for t in _NAME_TAGS):
        return False
    known = all(p.is_known for p in parses) or ("-" in w and models.morph_vocab().parse(last)[0].is_known)
    if not known or len(w) < 4:
        return False  # «Ли Со Ён», «Хван Чжан Еп»: short foreign names
    if parses[0].tag.POS == "NOUN":
        # a noun governing the name in the genitive («Лозунг Фисуна», «Экс-советник Трампа»)
        return case(nxt) == "Gen" and case(tok) != "Gen"
    return parses[0].tag.POS in ("PREP", "INFN", "VERB", "ADJF", "ADVB", "CONJ", "PRCL", "NPRO")


def _split_at_lines(spans: list[Span], text: str) -> list[Span]:
    """A PER span the tagger runs over a line break («Мик Джаггер\\nРокер», a caption, a heading)
    is one span a line."""
    out = []
    for sp in spans:
        if sp.type != "PER" or "\n" not in sp.text or not sp.tokens:
            out.append(sp)
            continue
        run = [sp.tokens[0]]
        for prev, t in zip(sp.tokens, sp.tokens[1:], strict=False):
            if "\n" in text[prev.stop:t.start]:
                out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run,
                                source=sp.source))
                run = []
            run.append(t)
        out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run, source=sp.source))
    return out


def _genitive_lead(toks: list) -> int | None:
    """Where a second name starts after a name in the genitive («Баффета Дэвид Сокол», «Бориса
    Березовского Екатерина Сабирова»): a first name in the nominative with a word after it."""
    for k in range(1, len(toks) - 1):
        hit = _first_lookup(toks[k].text)
        if hit is None or hit[2] or case(toks[k]) != "Nom" or case(toks[k - 1]) != "Gen":
            continue
        if not toks[k + 1].text[:1].isupper() or _first_lookup(toks[k - 1].text) is not None and k == 1:
            continue
        return k
    return None


def _second_name(toks: list) -> int | None:
    """Where a second full name starts in a run of four or more words («Рафаэль Корреа Эдвард
    Сноуден»): a first name after a first name and a word that is none, then a capitalized word."""
    if len(toks) < 4 or _first_lookup(toks[0].text) is None:
        return None
    for k in range(2, len(toks) - 1):
        prev = toks[k - 1].text
        if not re.fullmatch(r"[А-ЯЁ][а-яё-]{2,}", prev) or _first_lookup(prev) is not None:
            continue
        hit = _first_lookup(toks[k].text)
        if hit is not None and not hit[2] and toks[k + 1].text[:1].isupper():
            return k
    return None


def _split_genitive_lead(spans: list[Span], text: str) -> list[Span]:
    """A PER span holding a name in the genitive, then another person's name, is two spans; so is
    a span running two full names together."""
    out = []
    for sp in spans:
        k = None
        if sp.type == "PER" and len(sp.tokens) >= 3:
            k = _genitive_lead(sp.tokens) or _second_name(sp.tokens)
        if k is None:
            out.append(sp)
            continue
        for part in (sp.tokens[:k], sp.tokens[k:]):
            out.append(Span(part[0].start, part[-1].stop, "PER", text[part[0].start:part[-1].stop], part,
                            source=sp.source))
    return out


def _with_institutions(fixed: list[Span], doc, text: str) -> list[Span]:
    """The spans with the institution names scanned from the morphology: an institution wins over
    the tagger's ORG fragments that start inside it or cross it, and loses to a longer ORG it crosses."""
    per_tokens = {id(t) for sp in fixed if sp.type == "PER" for t in sp.tokens}
    inst: list[Span] = []
    for sent in doc.sents:
        for i, j in _scan_institutions(sent.tokens, per_tokens):
            toks = sent.tokens[i:j]
            inst.append(Span(toks[0].start, toks[-1].stop, "ORG", text[toks[0].start:toks[-1].stop],
                             toks, source="institution"))
    # institution spans win over slovnet ORG fragments that start inside them
    out = []
    near_inst = _SpanIndex(inst)
    for sp in fixed:
        if sp.type == "ORG" and any(_overlap(sp, o) and not (_inside(sp, o) and sp.start > o.start)
                                    for o in near_inst.near(sp)):
            # slovnet fragment sharing the institution's start, or crossing it
            bigger = [o for o in near_inst.near(sp) if _overlap(sp, o)]
            if all(_inside(sp, o) for o in bigger) or any(o.end >= sp.end for o in bigger):
                continue
        out.append(sp)
    # institution spans crossing a kept slovnet ORG that is longer lose
    kept_inst = []
    kept_by_start: dict[int, list[Span]] = {}  # the kept institutions by their start (looked up, not scanned)
    near_org = _SpanIndex([sp for sp in out if sp.type == "ORG"])
    for o in inst:
        if any(_overlap(sp, o) and not _inside(sp, o) and not _inside(o, sp) for sp in near_org.near(o)):
            continue
        if any(_inside(o, k) for k in kept_by_start.get(o.start, ())):
            continue
        if any(o.start == sp.start and o.end < sp.end for sp in near_org.near(o)):
            continue  # «… университета имени Л» inside the tagger's «… имени Л. Н. Гумилева»
        kept_inst.append(o)
        kept_by_start.setdefault(o.start, []).append(o)
    out.extend(kept_inst)
    return out


def _looks_like_person(words: list[str]) -> bool:
    """A LOC/ORG span that is really a name: a first name then a surname or patronymic."""
    if len(words) < 2 or not all(w[:1].isupper() for w in words if w not in {"-"}):
        return False
    if any(w.lower() in position_words() or w.lower() in institution_heads() for w in words):
        return False
    first = first_names()
    hit = _first_lookup(words[0]) if len(words) == 2 else None  # «Канату Есимову»: a first name in any case
    if key(words[0]) not in first and key(words[0].partition("-")[0]) not in first and not (
            hit and key(hit[0]) in first):
        return False
    return looks_like_surname(words[-1]) or is_patronymic(words[-1])


def _ner_spans(text: str, doc) -> list[Span]:
    markup = models.ner_tagger()(fold(text))
    spans = [Span(s.start, s.stop, s.type, text[s.start:s.stop]) for s in markup.spans]
    return spans


def _attach_tokens(spans: list[Span], tokens: list) -> None:
    starts = [t.start for t in tokens]
    import bisect

    for sp in spans:
        i = bisect.bisect_left(starts, sp.start)
        toks = []
        while i < len(tokens) and tokens[i].start < sp.end:
            toks.append(tokens[i])
            i += 1
        sp.tokens = toks


class _SpanIndex:
    """Spans by start, to find the ones that may overlap a span without a pass over all of them:
    a span overlapping ``sp`` starts before ``sp.end`` and after ``sp.start`` minus the longest span."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in spans), default=0)

    def near(self, sp: Span) -> list[Span]:
        lo = bisect.bisect_left(self.starts, sp.start - self.longest)
        return self.spans[lo:bisect.bisect_left(self.starts, sp.end)]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _trim_person(sp: Span) -> Span | None:
    """Drop position words and lower-case words at the edges of a PER span."""
    toks = list(sp.tokens)
    for k, t in enumerate(toks):
        if k > 0 and t.text in ("(", "["):
            toks = toks[:k]  # «Джошуа Вольф (Joshua Wolf)»: the transliteration is not the name as written
            break
    if len(toks) >= 3 and key(toks[1].text) in first_names() and key(toks[0].text) not in first_names() \
            and looks_like_surname(toks[2].text):
        toks = toks[1:]  # «Экибастуза Алия Беккожина»: the place before the name is not part of it
    if len(toks) == 2 and _first_lookup(toks[0].text) is None and not looks_like_surname(toks[0].text) \
            and not re.fullmatch(r"[А-ЯЁA-Z]\.?", toks[0].text) and looks_like_surname(toks[1].text) \
            and (toks[0].feats or {}).get("Case") == "Gen" and _is_place_word(toks[0].text):
        toks = toks[1:]  # «заместитель акима Алматы Нукенов»: a genitive place, then a surname
    pw = position_words()
    heads = institution_heads()

    hon = honorifics()

    def not_name(t) -> bool:
        return (t.text.lower() in pw or lemma(t) in pw or lemma(t) in heads or lemma(t) in hon
                or not t.text[:1].isupper())

    while toks and (not_name(toks[0]) or (len(toks) > 1 and _common_word(toks[0], toks[1]))):
        toks.pop(0)
    # at the end only lower-case words go: «Дик Адвокат» is a name, «Аким ЗКО» lost its title above
    while toks and (not toks[-1].text[:1].isupper() or (len(toks) == 1 and not_name(toks[-1]))):
        toks.pop()
    if not toks:
        return None
    return Span(toks[0].start, toks[-1].stop, "PER", "", toks, source=sp.source)


class NerStage(Stage):
    name = "ner"
    requires = ("tokens", "morph", "lang")
    provides = ("entities",)

    def __init__(self) -> None:
        self.tagger = models.ner_tagger()
        self.vocab = models.morph_vocab()
        institution_heads()
        org_abbreviations()
        position_words()
        # persons that are persons (Russian text); None keeps every PER span (training does)
        self.person_filter: person_filter.PersonFilter | None = person_filter.model()

    # -- spans ---------------------------------------------------------
    def find_spans(self, text: str, doc, lang: str = "ru", posts: list | None = None,
                   by_sentence: bool = True) -> list[Span]:
        """Entity spans; Kazakh sentences go through the Kazakh tagger (their POSITION spans, as
        (start, end) characters, into ``posts``), the others through the Russian cascade."""
        if by_sentence:
            kk_sents = [s for s in doc.sents if kazakh.sentence_is_kazakh(s.text, lang)]
            if kk_sents:
                return _kazakh_tagged(self, text, doc, kk_sents, posts)
        tokens = doc.tokens
        spans = _ner_spans(text, doc)
        _attach_tokens(spans, tokens)
        spans = _split_genitive_lead(_split_at_lines(spans, text), text)
        fixed: list[Span] = []
        for sp in spans:
            if not sp.tokens:
                continue
            words = [t.text for t in sp.tokens if t.pos != "PUNCT"]
            if sp.type in ("LOC", "ORG") and _looks_like_person(words):
                sp.type = "PER"
            if sp.type in ("LOC", "ORG"):
                toks = list(sp.tokens)
                while toks and (toks[0].text.lower() in position_words() or lemma(toks[0]) in position_words()
                                or (re.fullmatch(r"\d+-лет\w*", toks[0].text) and len(toks) > 1)):
                    toks.pop(0)  # «Аким Карагандинской области», «30-летием Ассамблеи»: not part of the name
                if not toks or not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in toks):
                    continue
                if len(toks) < len(sp.tokens):
                    sp = Span(toks[0].start, toks[-1].stop, sp.type, text[toks[0].start:toks[-1].stop], toks)
            if sp.type == "PER":
                t = _trim_person(sp)
                if t is None:
                    continue
                t.text = text[t.start:t.end]
                cut = [x for x in sp.tokens if x.stop <= t.start]
                if len(cut) == 1 and cut[0].text[:1].isupper() and case(cut[0]) == "Gen" and \
                        cut[0].text.lower() not in position_words() and lemma(cut[0]) not in position_words():
                    # «акима Алматы Нукенов»: the word cut off the name is the place of the post
                    fixed.append(Span(cut[0].start, cut[0].stop, "LOC", cut[0].text, cut))
                if len(t.tokens) == 1 and not _single_name_ok(t.tokens[0]):
                    continue
                sp = t
            fixed.append(sp)
        fixed = _merge_adjacent_persons(fixed, text)
        _extend_persons(fixed, tokens, text)
        _extend_particles(fixed, tokens, text)
        fixed.extend(_lexicon_persons(tokens, fixed, text))
        fixed.sort(key=lambda x: x.start)
        out = _with_institutions(fixed, doc, text)
        out.extend(_titled_surnames(doc, out, text))
        out.sort(key=lambda s: (s.start, -s.end))
        for sp in out:
            sp.text = text[sp.start:sp.end]
            sp.normal = self.normalize(sp, kazakh=lang == "kk")
        if lang != "kk" and self.person_filter is not None:
            out = person_filter.keep_persons(out, doc, self.person_filter)
        return out

    def normalize(self, sp: Span, kazakh: bool = True) -> str:
        if sp.source == "kk-crf":
            return _kazakh_normal(sp)
        if sp.type == "PER" and sp.source == "title" and sp.name is not None:
            return sp.name.name
        if sp.type == "PER":
            words = _join_initials(sp.tokens)
            c = case(sp.tokens[0]) if sp.tokens else None
            sp.name = parse_name(words, case_hint=c, kazakh=kazakh)
            return sp.name.name
        if len(sp.tokens) == 1 and sp.tokens[0].text.isupper():
            return sp.tokens[0].text
        if len(sp.tokens) == 1 and re.fullmatch(r"[А-ЯЁ]{2,}(а|у|ом|е|ы|ой|ом)", sp.tokens[0].text):
            return re.sub(r"[а-яё]+$", "", sp.tokens[0].text)  # «МИДа» → «МИД», «ЦИКе» → «ЦИК»
        try:
            if sp.type == "ORG":
                norm = normalize_org(sp.tokens, sp.text, sp.start)
            else:
                norm = natasha_normalize(self.vocab, sp.tokens)
        except Exception:
            norm = sp.text
        return norm or sp.text

    # -- grouping ------------------------------------------------------
    def group(self, spans: list[Span]) -> list[Entity]:
        ents: list[Entity] = []
        by_key: dict[tuple[str, str], Entity] = {}

        def add(sp: Span, ent_key: tuple[str, str], name: str) -> Entity:
            ent = by_key.get(ent_key)
            if ent is None:
                ent = Entity(id=f"T{len(ents) + 1}", type=sp.type, name=name)
                ents.append(ent)
                by_key[ent_key] = ent
            ent.mentions.append(Mention(sp.start, sp.end, sp.text))
            return ent

        for members in group_persons([s for s in spans if s.type == "PER"]):
            ent = Entity(id=f"T{len(ents) + 1}", type="PER", name=person_name(members))
            ent.mentions.extend(Mention(sp.start, sp.end, sp.text) for sp, _ in members)
            ents.append(ent)
        # organizations and places
        abbr = org_abbreviations()
        orgs = [s for s in spans if s.type != "PER"]
        orgs.sort(key=lambda s: (s.type, -len(s.normal.split())))
        for sp in orgs:
            k = (sp.type, key(sp.normal))
            if k in by_key:
                add(sp, k, sp.normal)
                continue
            target = None
            if sp.type == "ORG":
                target = _join_org(sp, [e for e in ents if e.type == "ORG"], abbr)
            if target is not None:
                target.mentions.append(Mention(sp.start, sp.end, sp.text))
                if sp.normal not in target.aliases and sp.normal != target.name:
                    target.aliases.append(sp.normal)
                by_key[k] = target
                continue
            name = sp.normal
            if sp.type == "ORG" and sp.normal in abbr:
                full_name = abbr[sp.normal]
                ent = add(sp, k, full_name)
                if sp.normal not in ent.aliases:
                    ent.aliases.append(sp.normal)
                by_key[("ORG", key(full_name))] = ent
                continue
            add(sp, k, name)
        for e in ents:
            e.mentions.sort(key=lambda m: m.start)
        ents.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
        for i, e in enumerate(ents, 1):
            e.id = f"T{i}"
        return ents

    def __call__(self, work: Work) -> Work:
        text = work.article.text
        if not work.doc or not work.doc.tokens:
            work.spans = []
            work.article.entities = []
            return work
        spans = self.find_spans(text, work.doc, work.article.lang, posts=work.extra.setdefault("kk_posts", []))
        work.spans = spans
        work.article.entities = self.group(spans)
        return work


def inflect_nom(tok, gender: str | None = None, number: str | None = None) -> str:
    """The nominative of one token, keeping its number (and the head's gender for adjectives)."""
    feats = tok.feats or {}
    word = tok.text
    low = word.lower()
    if low not in institution_heads():
        for end, rep in (("а", ""), ("у", ""), ("ом", ""), ("е", ""), ("ы", "а"), ("и", "а")):
            if rep and feats.get("Case") == "Nom":
                continue  # «службы» tagged nominative is a plural («Коммунальные службы»), not «служба»
            if low.endswith(end) and low[: -len(end)] + rep in institution_heads():
                return word[: -len(end)] + rep  # «Мажилиса» → «Мажилис», unknown to the dictionary
    vocab = models.morph_vocab()
    if tok.pos == "ADJ" and feats.get("Case") is None and "-" in word and not word.isupper():
        # «российско-американской»: the tagger gives no case; the last part declines
        head, _, last = word.rpartition("-")
        for p in vocab.parse(last.lower()):
            if p.tag.POS == "ADJF" and p.tag.case not in (None, "nomn"):
                grams = {"Nom", "Plur" if number == "Plur" else "Sing"}
                if number != "Plur" and gender in ("Masc", "Fem", "Neut"):
                    grams.add(gender)
                infl = p.inflect(grams)
                if infl is not None:
                    return f"{head}-{infl.word}"
        return word
    if feats.get("Case") in (None, "Nom") or tok.text.isupper():
        return tok.text
    want_pos = "NOUN" if _noun_taken_for_adj(tok) else {"NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJF"}.get(tok.pos)
    num = "Plur" if (number or feats.get("Number")) == "Plur" else "Sing"
    parses = [p for p in vocab.parse(word.lower()) if not want_pos or p.tag.POS == want_pos]
    parses.sort(key=lambda p: p.feats.get("Case") != feats.get("Case"))
    for p in parses:
        grams = {"Nom", num}
        if want_pos == "ADJF" and num == "Sing" and gender in ("Masc", "Fem", "Neut"):
            grams.add(gender)
        infl = p.inflect(grams)
        if infl is not None:
            out = infl.word
            return out[:1].upper() + out[1:] if word[:1].isupper() else out
    return word


def _noun_taken_for_adj(tok) -> bool:
    """A capitalized noun the tagger calls an adjective («Ассамблеи» in «Ассамблеи народа»): the
    dictionary knows it only as a noun."""
    if tok.pos != "ADJ" or not tok.text[:1].isupper():
        return False
    parses = models.morph_vocab().parse(tok.text.lower())
    return bool(parses) and all(p.tag.POS == "NOUN" for p in parses)


def normalize_org(tokens: list, text: str, offset: int) -> str:
    """Put an organization's head (and the adjectives before it) in the nominative; keep the rest."""
    words = [t for t in tokens]
    head_i = next((i for i, t in enumerate(words) if t.pos in ("NOUN", "PROPN") or _noun_taken_for_adj(t)), None)
    if head_i is None:
        return text
    head = words[head_i]
    lead = words[:head_i]
    if lead and all(t.pos == "ADJ" and case(t) == "Nom" for t in lead) and case(head) != "Nom":
        return text  # «Коммунальные службы Караганды»: the adjectives say the name is nominative already
    gender = (head.feats or {}).get("Gender")
    if head.text.isupper() or "-" in head.text:
        # «Карагандинской ТЭЦ-3»: an abbreviation has no gender of its own; the adjective shows it
        gender = next(((t.feats or {}).get("Gender") for t in lead if (t.feats or {}).get("Gender")), gender)
    number = (head.feats or {}).get("Number")
    parts = []
    prev_end = words[0].start
    for i, t in enumerate(words):
        gap = text[prev_end - offset:t.start - offset]
        w = inflect_nom(t, gender, number) if i <= head_i else t.text
        parts.append(gap + w)
        prev_end = t.stop
    return "".join(parts).strip()


def _join_initials(tokens: list) -> list[str]:
    """Words of a name: initials keep their dot, tokens written together («Қасым-Жомарт») join."""
    words: list[str] = []
    prev = None
    for t in tokens:
        glued = prev is not None and prev.stop == t.start and (t.text == "-" or prev.text == "-")
        prev = t
        if glued and words:
            words[-1] += t.text
        elif t.text == "." and words and re.fullmatch(r"([А-ЯЁA-ZӘҒҚҢӨҰҮҺІ]\.?)+", words[-1]):
            words[-1] += "."
        elif any(ch.isalnum() for ch in t.text) or t.text == "-":
            words.append(t.text)
    return words



def _titled_surnames(doc, spans: list[Span], text: str) -> list[Span]:
    """A surname alone right after a post and its organization, which the tagger missed: «в
    отношении заместителя руководителя городского управления … Кажина.» The word must end like
    a Russian/Kazakh surname, not start the sentence, and not be followed by another capitalized
    word; a post word must stand within the six words before it."""
    org_end = {id(sp.tokens[-1]) for sp in spans if sp.type == "ORG" and sp.tokens}
    # a one-word «place» right after an organization that ends the clause is the tagger's guess
    # for a surname it does not know («… инфраструктуры Кажина.»)
    lone_loc = {id(sp.tokens[0]): sp for sp in spans if sp.type == "LOC" and len(sp.tokens) == 1}
    taken = {id(t) for sp in spans for t in sp.tokens if id(t) not in lone_loc}
    out = []
    for sent in doc.sents:
        toks = sent.tokens
        for k in range(2, len(toks)):
            t = toks[k]
            if id(t) in taken or not t.text[:1].isupper() or t.text.isupper() or not looks_like_surname(t.text):
                continue
            if k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
                continue
            prev = toks[k - 1]
            if id(t) in lone_loc and (id(prev) not in org_end or (
                    k + 1 < len(toks) and toks[k + 1].pos != "PUNCT")):
                continue
            if not (id(prev) in org_end or lemma(prev) in position_words() or prev.text.lower() in position_words()):
                continue
            posts = [x for x in toks[max(0, k - 7):k] if lemma(x) in position_words() or x.text.lower() in position_words()]
            if not posts:
                continue
            if id(t) in lone_loc:
                spans.remove(lone_loc[id(t)])
            sp = Span(t.start, t.stop, "PER", t.text, [t], source="title")
            # the name agrees with its post: «заместителя … Кажина» is a genitive
            sp.name = parse_name([t.text], case_hint=case(posts[0]) or case(t))
            out.append(sp)
    return out


def _lexicon_persons(tokens: list, spans: list[Span], text: str) -> list[Span]:
    """Names the tagger missed: a known first name (in any case) followed by a surname or patronymic."""
    taken = {id(t) for sp in spans for t in sp.tokens}
    out = []
    k = 0
    while k < len(tokens) - 1:
        t, nxt = tokens[k], tokens[k + 1]
        if (id(t) in taken or id(nxt) in taken or not t.text[:1].isupper() or not nxt.text[:1].isupper()
                or text[t.stop:nxt.start] != " " or _first_lookup(t.text) is None
                or key(t.text.partition("-")[0]) not in first_names() and key(
                    _first_lookup(t.text)[0]) not in first_names()):
            k += 1
            continue
        if not (looks_like_surname(nxt.text) or is_patronymic(nxt.text)):
            k += 1
            continue
        toks = [t, nxt]
        if k + 2 < len(tokens) and text[nxt.stop:tokens[k + 2].start] == " " and is_patronymic(nxt.text) \
                and tokens[k + 2].text[:1].isupper() and id(tokens[k + 2]) not in taken:
            toks.append(tokens[k + 2])
        out.append(Span(toks[0].start, toks[-1].stop, "PER", text[toks[0].start:toks[-1].stop], toks,
                        source="lexicon"))
        k += len(toks)
    return out


def _extend_persons(spans: list[Span], tokens: list, text: str) -> None:
    """«Султанбек» tagged alone before «Макежанов»: take in a capitalized surname right after a first name."""
    index = {id(t): k for k, t in enumerate(tokens)}
    taken = {id(t) for sp in spans for t in sp.tokens}
    for sp in spans:
        if sp.type != "PER" or len(sp.tokens) != 1:
            continue
        k = index.get(id(sp.tokens[-1]))
        if k is None or k + 1 >= len(tokens):
            continue
        nxt = tokens[k + 1]
        if id(nxt) in taken or text[sp.end:nxt.start] != " " or not nxt.text[:1].isupper():
            continue
        first = sp.tokens[0].text
        if looks_like_surname(nxt.text) and (key(first) in first_names() or (
                sp.tokens[0].pos == "PROPN" and not looks_like_surname(first) and not is_patronymic(first))):
            sp.tokens = sp.tokens + [nxt]
            sp.end = nxt.stop
            sp.text = text[sp.start:sp.end]
            taken.add(id(nxt))


_PARTICLE_PART = re.compile(r"(?:аль|ал|ас|аз|ад|ат|ар|ан|аш|эль|эд|эс|эт|ибн|бин|бен|абу)-[A-ZА-ЯЁ][\w-]*")


def _extend_persons_by(sp: Span, toks: list, text: str) -> None:
    sp.tokens = sp.tokens + toks
    sp.end = toks[-1].stop
    sp.text = text[sp.start:sp.end]


def _extend_particles(spans: list[Span], tokens: list, text: str) -> None:
    """An Arabic name goes on through its lower-case article: «Хабиб аль-Адли», «Абу Бакр
    аль-Багдади», «Сабах аль-Ахмед ас-Сабах» (the tagger stops before «аль-»)."""
    index = {id(t): k for k, t in enumerate(tokens)}
    taken = {id(t) for sp in spans for t in sp.tokens}
    for sp in spans:
        if sp.type != "PER" or not sp.tokens:
            continue
        k = index.get(id(sp.tokens[-1]))
        while k is not None and k + 1 < len(tokens):
            nxt = tokens[k + 1]
            if id(nxt) in taken or text[sp.end:nxt.start] != " " or not _PARTICLE_PART.fullmatch(nxt.text):
                break
            _extend_persons_by(sp, [nxt], text)
            taken.add(id(nxt))
            k += 1


def _is_place_word(word: str) -> bool:
    """A word the dictionary knows as a place name (Geox)."""
    return any("Geox" in p.tag for p in models.morph_vocab().parse(fold(word).lower())[:2])


def _merge_adjacent_persons(spans: list[Span], text: str) -> list[Span]:
    """«Султанбек» + «Макежанов» tagged as two names: one person."""
    out: list[Span] = []
    for sp in spans:
        prev = out[-1] if out else None
        two_people = prev is not None and len(prev.tokens) > 1 and prev.tokens and sp.tokens and looks_like_surname(
            strip_kazakh_case(prev.tokens[-1].text)) and _first_lookup(strip_kazakh_case(sp.tokens[0].text)) is not None
        if prev is not None and prev.tokens and sp.tokens and len(prev.tokens) + len(sp.tokens) >= 3:
            # «Баффета» + «Дэвид Сокол»: a name in the genitive, then another person
            joined = prev.tokens + sp.tokens
            two_people = two_people or len(prev.tokens) in (_genitive_lead(joined), _second_name(joined))
        if (prev is not None and prev.type == "PER" and sp.type == "PER" and not two_people
                and text[prev.end:sp.start].strip() == "" and "\n" not in text[prev.end:sp.start]
                and len(prev.tokens) + len(sp.tokens) <= 4):
            out[-1] = Span(prev.start, sp.end, "PER", text[prev.start:sp.end], prev.tokens + sp.tokens,
                           source=prev.source)
            continue
        out.append(sp)
    return out


def _single_name_ok(tok) -> bool:
    """A one-word PER mention: a surname or a name, not a plural noun or a common word."""
    w = tok.text
    if not w[:1].isupper() or len(w) < 3:
        return False
    if (tok.feats or {}).get("Number") == "Plur" and not looks_like_surname(w) and \
            not re.search(r"(ов|ев|ин|ын)(ы|ых|ым|ыми)$", w):
        return False
    if w.lower() in position_words():
        return False
    return True


def _same_first(a: str, b: str) -> bool:
    a, b = key(a), key(b)
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def _initials(s: str) -> str:
    return "".join(w[0] for w in re.findall(r"[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w-]*", s) if w.lower() not in {"и"})


def _join_org(sp: Span, orgs: list[Entity], abbr: dict[str, str]):
    """An abbreviation joins its full form; a bare head word joins the one organization it heads."""
    norm = sp.normal
    for e in orgs:
        if norm.isupper() and len(norm) >= 2:
            names = [e.name, *e.aliases]
            if any(_initials(fold(n)).upper() == fold(norm) for n in names) or abbr.get(norm) == e.name:
                return e
    words = norm.split()
    if len(words) == 1 and norm[:1].isupper():
        heads = [e for e in orgs if key(e.name.split()[0]) == key(norm) and len(e.name.split()) > 1]
        if len(heads) == 1:
            return heads[0]
    if len(words) > 1:
        # «Ассамблея народа» after «Ассамблея народа Казахстана»: the name cut short
        longer = [e for e in orgs if len(e.name.split()) > len(words)
                  and [key(w.rstrip(".")) for w in e.name.split()[:len(words)]] == [key(w.rstrip(".")) for w in words]]
        if len(longer) == 1:
            return longer[0]
    # «Агентство Республики Казахстан по финансовому мониторингу» = «Агентство по финансовому мониторингу»
    bare = _without_country(norm)
    if len(bare.split()) > 1:
        same = [e for e in orgs if _without_country(e.name) == bare and key(e.name) != key(norm)]
        if len(same) == 1:
            return same[0]
    return None


_COUNTRY_IN_NAME = re.compile(r"\b(республики казахстан|республика казахстан|рк|республики|казахстана)\b")


def _without_country(name: str) -> str:
    """An organization's name without the country it belongs to, as a grouping key."""
    return " ".join(_COUNTRY_IN_NAME.sub(" ", key(name)).split())


# -- persons: one entity for every form of a name ------------------------------

Member = tuple[Span, NameParts]


def _first_compatible(a: str | None, b: str | None) -> bool:
    """First names that can be one person's: missing on a side, an initial, or one name's forms."""
    if not a or not b:
        return True
    if a.endswith(".") or b.endswith("."):
        return key(a)[:1] == key(b)[:1]
    return same_name_word(a, b) or _same_first(a, b)


def _surname(np: NameParts) -> str:
    """The word a person is known by: the last word of the surname («Ле Пен» → «Пен»)."""
    return (np.last or "").split()[-1] if np.last else ""


def _parts_key(np: NameParts) -> tuple:
    return (np.last, np.first, np.middle)


def _shared_surname_word(a: NameParts, b: NameParts) -> bool:
    """A surname of several words holding the other's («Кристина Фернандес» ~ «Кристина Фернандес
    де Киршнер»), with the same first name."""
    wa, wb = (a.last or "").split(), (b.last or "").split()
    if len(wa) == len(wb) or not a.first or not b.first or not same_name_word(a.first, b.first):
        return False
    short, long_ = sorted((wa, wb), key=len)
    return len(short) == 1 and _holds_surname(long_, short[0])


def _holds_surname(words: list[str], word: str) -> bool:
    """A surname of several words («Фернандес де Киршнер») holds ``word``; two names run together
    («Моралес Эдвард Сноуден»: a first name inside) hold nothing."""
    if len(words) < 2 or len(words) > 4 or any(w[:1].isupper() and _first_lookup(w) for w in words):
        return False
    return any(w[:1].isupper() and same_name_word(word, w) for w in words)


def _full_match(np: NameParts, cluster: Iterable[NameParts]) -> bool:
    """``np`` names the person of a cluster, given the cluster's distinct names (a name said a
    hundred times is compared once: the cost stays linear in the mentions of a long text)."""
    for other in cluster:
        if not other.last:
            continue
        if not same_name_word(_surname(np), _surname(other)) and not _shared_surname_word(np, other):
            continue
        if not _first_compatible(np.first, other.first):
            continue
        if np.middle and other.middle and not same_name_word(np.middle, other.middle):
            continue
        return True
    return False


def _partial_target(sp: Span, np: NameParts, clusters: list[list[Member]],
                    names: list[dict[tuple, NameParts]]) -> list[Member] | None:
    """The one full-name cluster a surname-only or first-name-only mention belongs to
    (``names[i]``: the distinct names of ``clusters[i]``)."""
    initials = [w[0] for w in np.name.split() if w.endswith(".")]
    word = _surname(np) or np.first
    if not word:
        return None
    # a word alone is a surname first («Эрнандес» after «Арон Эрнандес»), else a first name
    cands = [i for i, ns in enumerate(names) if any(o.last and same_name_word(word, _surname(o)) for o in ns.values())]
    if not cands and np.last and not np.first:
        # «Фернандес» after «Кристина Фернандес де Киршнер»: one word of a surname of several
        cands = [i for i, ns in enumerate(names) if any(
            o.last and _holds_surname(o.last.split(), word) for o in ns.values())]
    if initials:
        cands = [i for i in cands if any(o.first and key(o.first)[:1] == key(initials[0]) for o in names[i].values())]
    alone = len(np.name.split()) == 1
    if not cands and (alone or (np.first and np.middle and not np.last)):
        # «Юлия», «Виктор Фёдорович»: a first name (and patronymic) alone
        first = word if alone else np.first
        cands = [i for i, ns in enumerate(names) if any(
            o.first and same_name_word(first, o.first)
            and (not np.middle or not o.middle or same_name_word(np.middle, o.middle)) for o in ns.values())]
    if len(cands) <= 1:
        return clusters[cands[0]] if cands else None
    exact = [i for i in cands if any(key(o.last or "") == key(np.last or "-") for o in names[i].values())]
    if len(exact) == 1:
        return clusters[exact[0]]
    # several people share the surname: the one named last before this mention
    before = [(max((m.start for m, _ in clusters[i] if m.start < sp.start), default=-1), k)
              for k, i in enumerate(cands)]
    return clusters[cands[max(before)[1]]]


def group_persons(persons: list[Span]) -> list[list[Member]]:
    """PER spans grouped into people: full names by surname forms and compatible first names
    («Дэвида Камерона» ~ «Дэвид Камерон»), then a surname or a first name alone joins the one
    full name it belongs to («Навальному» → «Алексей Навальный»), and the rest group by form."""
    members = [(sp, sp.name or parse_name([sp.text])) for sp in sorted(persons, key=lambda s: s.start)]
    clusters: list[list[Member]] = []
    names: list[dict[tuple, NameParts]] = []  # each cluster's distinct names, in order of appearance
    partial: list[Member] = []
    for sp, np in members:
        if not (np.first and np.last):
            partial.append((sp, np))
            continue
        i = next((i for i, ns in enumerate(names) if _full_match(np, ns.values())), None)
        if i is None:
            clusters.append([(sp, np)])
            names.append({_parts_key(np): np})
        else:
            clusters[i].append((sp, np))
            names[i].setdefault(_parts_key(np), np)
    alone: list[list[Member]] = []
    for sp, np in partial:
        target = _partial_target(sp, np, clusters, names)
        if target is None:
            word = _surname(np) or np.first or np.name
            target = next((c for c in alone if same_name_word(word, _surname(c[0][1]) or c[0][1].first
                                                              or c[0][1].name)), None)
        if target is None:
            alone.append([(sp, np)])
        else:
            target.append((sp, np))
    return clusters + alone


def person_name(members: list[Member]) -> str:
    """The name of a person: a full form written in the nominative as parsed, the most frequent
    full form otherwise («Тони Блэр» over «Тони Блэра»)."""
    full = [(sp, np) for sp, np in members if np.first and np.last] or members
    counts: dict[str, int] = {}
    for _, np in full:
        counts[np.name] = counts.get(np.name, 0) + 1

    def rank(m: Member) -> tuple:
        sp, np = m
        nominative = case(sp.tokens[0]) in (None, "Nom") if sp.tokens else False
        return (sp.text == np.name, nominative, counts[np.name], -sp.start)

    return max(full, key=rank)[1].name


def _kazakh_tagged(stage: NerStage, text: str, doc, kk_sents: list, posts: list | None) -> list[Span]:
    """Kazakh sentences tagged by the Kazakh CRF (PER, LOC, ORG; POSITION spans into ``posts``),
    the other sentences of the text by the Russian cascade."""
    out: list[Span] = []
    if len(kk_sents) < len(doc.sents):
        ranges = [(s.start, s.stop) for s in kk_sents]
        out = [sp for sp in stage.find_spans(text, doc, "ru", by_sentence=False)
               if not any(a <= sp.start < b for a, b in ranges)]
    tagger = kk_ner.tagger()
    for sent in kk_sents:
        toks = sent.tokens
        for ts in tagger.spans([t.text for t in toks]):
            part = toks[ts.start:ts.end]
            start, end = part[0].start, part[-1].stop
            if ts.label == "POSITION" and posts is not None:
                posts.append((start, end))
            typ = kk_ner.ENTITY_TYPES.get(ts.label)
            if typ is not None:
                out.append(Span(start, end, typ, text[start:end], part, source="kk-crf"))
    out.sort(key=lambda s: (s.start, -s.end))
    for sp in out:
        sp.text = text[sp.start:sp.end]
        sp.normal = stage.normalize(sp)
    return out


def _kazakh_normal(sp: Span) -> str:
    """A Kazakh name in the nominative («Тоқаевтың» → Тоқаев, «Алматы облысының» → Алматы облысы)."""
    normal, sp.name = kk_ner.nominative_name(sp.type, sp.tokens, sp.start, sp.text)
    return normal
