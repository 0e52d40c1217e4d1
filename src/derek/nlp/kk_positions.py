"""Kazakh posts: the Kazakh tagger's POSITION spans linked to their holders in Kazakh word order.

The NER stage leaves the POSITION spans of Kazakh sentences in
``work.extra["kk_posts"]`` as (start, end) characters. A post is linked:

- ``before_name``: right before a person («Алматы қаласының әкімі Ерболат
  Досаев»), also across «қызметінен босатылған» («… басшысы қызметінен
  босатылған Салтанат Беспаеваның» → past);
- ``appointed``: after its holder, with the appointing verb («Ерболат Досаев
  Алматы қаласының әкімі болып тағайындалды» → current; «… қызметінен
  босатылды» → past), or before the holder named between «болып» and the verb
  («… әкімі болып бұған дейін … Ерлан Текешев тағайындалды»).

Where the tagger found no post, a post word of ``kk_titles.txt`` with the
modifiers before it is one (:func:`lexicon_posts`); a tagger's bare post word
takes its modifiers too («елорда [әкімі]»).

The post's organization and place come from its own words (:func:`post_setting`):
a body in the genitive («мәслихатының депутаты» → «… мәслихаты»), a minister's
ministry («Денсаулық сақтау министрі» → «Денсаулық сақтау министрлігі»), a listed
place («Украина Президенті»), or for a bare «облыс әкімі» the region the article
named last.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from ..article import Entity
from ..stage import Work
from . import kazakh
from .posts import Title

# how far (in tokens) a verb phrase may follow a post
VERB_WINDOW = 4
# a post phrase found by its post word: that word and up to four words before it
MAX_POST_WORDS = 5
# endings of participles, converbs and past verbs («сөйлеген», «барып», «өтті»): not part of a post (folded)
VERB_ENDINGS = ("ген", "ган", "кан", "кен", "ып", "ип", "атын", "етин", "ды", "ди", "ты", "ти")
# the words after a post that say it was taken or left (folded stems)
APPOINTED = ("тагайында", "сайлан", "бекит")
LEFT = ("босат", "кет", "алынд")
POST_NOUNS = ("кызмет", "лауазым", "орны", "орнын")  # «қызметіне», «лауазымынан», «орнынан»
PAST_WORDS = ("бурынгы", "экс-")  # «бұрынғы әкім»
# words before a post that are no part of it (folded): a pronoun, a word that judges the holder
NOT_POST_WORDS = frozenset({"пен", "мен", "бен", "жане", "немесе", "ал", "онын", "олардын", "озинин", "менин", "жана",
                            "танымал", "белгили", "айгили",
                            "тажирибели"})
REGION_WORDS = {"облыс": "облысы", "облысы": "облысы", "облыстын": "облысы", "кала": "қаласы",
                "каласы": "қаласы", "аудан": "ауданы", "ауданы": "ауданы"}
CAPITAL_WORDS = {"елорда": "Астана", "елордамыз": "Астана", "елорданын": "Астана"}  # the capital (folded)
_REGION_NOUNS = frozenset(kazakh._key(v) for v in REGION_WORDS.values())


@dataclass(frozen=True)
class KazakhPost:
    person: Entity
    title: Title
    evidence: tuple[int, int]
    tense: str
    rule: str


def _key(word: str) -> str:
    return kazakh._key(word)


def _per_mentions(entities: list[Entity]) -> list[tuple[int, int, Entity]]:
    return sorted((m.start, m.end, e) for e in entities if e.type == "PER" for m in e.mentions)


def _region_before(entities: list[Entity], pos: int, word: str) -> str | None:
    """The place named last before ``pos`` whose name ends with the region word («… облысы»),
    else the first one named after it."""
    before = after = None
    for e in entities:
        if e.type != "LOC" or not e.name.endswith(word):
            continue
        for m in e.mentions:
            if m.start < pos and (before is None or m.start > before[0]):
                before = (m.start, e.name)
            if m.start >= pos and (after is None or m.start < after[0]):
                after = (m.start, e.name)
    best = before or after
    return best[1] if best else None


def post_setting(toks: list, entities: list[Entity]) -> tuple[str | None, str | None]:
    """(organization, place) a post phrase names by its own words."""
    head, mods = toks[-1], toks[:-1]
    org = place = None
    listed = kazakh.find(mods)
    for i, j, typ in listed:
        name = kazakh.canonical([t.text for t in mods[i:j]])
        if typ == "LOC" and place is None:
            place = name
        elif typ == "ORG" and org is None:
            org = name
    if mods and kazakh.genitive(mods[-1].text) and kazakh._org_head(mods[-1].text) and org is None:
        # the body's words start after the genitive before them: «облысының [білім басқармасының]»
        first = max((k + 1 for k, t in enumerate(mods[:-1]) if kazakh.genitive(t.text)), default=0)
        words = [t.text for t in mods[first:]]
        org = " ".join([*words[:-1], kazakh.nominative(words[-1])])
    head_key = _key(head.text)
    if head_key.startswith("министр") and mods and org is None and not kazakh.genitive(mods[-1].text):
        org = " ".join(t.text for t in mods) + " министрлігі"  # «Денсаулық сақтау министрі»
    if place is None and mods and _key(mods[-1].text) in CAPITAL_WORDS:
        place = CAPITAL_WORDS[_key(mods[-1].text)]  # «елорда әкімі»: the capital's
    if place is None and mods and _key(mods[-1].text) in REGION_WORDS and len(mods) == 1:
        place = _region_before(entities, toks[0].start, REGION_WORDS[_key(mods[-1].text)])
    if place is None and len(mods) > 1 and kazakh.genitive(mods[-1].text) \
            and _key(kazakh.nominative(mods[-1].text)) in _REGION_NOUNS:
        words = [t.text for t in mods]
        place = " ".join([*words[:-1], kazakh.nominative(words[-1])])  # «Алматы облысының әкімі»
    return org, place


def title_words(toks: list, has_setting: bool) -> str:
    """The post's title. With an organization or place named by its words, the post word alone,
    without the possessive («Алматы қаласының әкімі» → әкім; «Ұлттық банк төрағасы» → төраға);
    else the phrase in the nominative, lower-cased («Мемлекет басшысы» → мемлекет басшысы)."""
    head = kazakh.title_head(toks[-1].text)
    if head is not None and (has_setting or len(toks) == 1):
        return head
    words = [t.text for t in toks if not _key(t.text).startswith(PAST_WORDS)] or [toks[-1].text]
    words[-1] = kazakh.nominative(words[-1])
    return " ".join(w if w.isupper() or kazakh.find([_Word(w)]) else w.lower() for w in words)


class _Word:
    def __init__(self, text: str) -> None:
        self.text = text


def _title(toks: list, entities: list[Entity], first: int, last: int) -> Title:
    t = Title(first, last, toks, any(_key(x.text).startswith(PAST_WORDS) for x in toks))
    org, place = post_setting(toks, entities)
    t.title_override = title_words(toks, bool(org or place))
    t.org_text, t.place_text, t.geo, t.plural = org, None, place, False
    return t


def _verb_after(words: list[str]) -> str | None:
    """«болып тағайындалды» → current, «қызметінен босатылды» → past, nothing said → None."""
    keys = [_key(w) for w in words]
    for k in keys:
        if k.startswith(APPOINTED):
            return "current"
        if k.startswith(LEFT) and any(x.startswith(POST_NOUNS) for x in keys):
            return "past"
    return None


def _post_tokens(sent, a: int, b: int, bodies: list[tuple[int, int]]) -> tuple[int, int]:
    """Token range of a post span, with a body in the genitive right before it
    («[Жоғарғы Соттың] [төрағасы]»)."""
    body = next((x for x in bodies if sent.start <= x[0] and (x[0] < a < x[1] or x[1] <= a
                 and not sent.text[x[1] - sent.start:a - sent.start].strip()
                 and kazakh.genitive(sent.text[x[0] - sent.start:x[1] - sent.start]))), None)
    if body is not None:
        a = body[0]  # or a place the post starts inside («Қарағанды [облысының … басшысы]»)
    toks = sent.tokens
    i = bisect.bisect_left([t.start for t in toks], a)
    j = i
    while j < len(toks) and toks[j].stop <= b:
        j += 1
    return i, j


def _before_name(toks: list, j: int, pers: list, verb: str | None):
    """The person right after the post, or after «қызметінен босатылған» / «болған»: (person, past?).
    The verb after the person tells the tense too («… бастығы Атығай Арыстанов қызметінен босатылды»)."""
    gap = 0
    while j + gap < len(toks) and gap < 3 and (_key(toks[j + gap].text).startswith((*POST_NOUNS, *LEFT, *APPOINTED))
                                               or _key(toks[j + gap].text) == "болган"):
        gap += 1
    if j + gap >= len(toks):
        return None
    nxt = toks[j + gap]
    holder = next((p for p in pers if p[0] == nxt.start), None)
    if holder is None:
        return None
    was = any(_key(t.text) == "болган" for t in toks[j:j + gap])
    k = next((k for k in range(j + gap, len(toks)) if toks[k].start >= holder[1]), len(toks))
    after = _verb_after([t.text for t in toks[k:k + 3]])
    return holder, was or (bool(gap) and verb == "past") or after == "past"


def _appointed(sent, toks: list, i: int, j: int, pers: list):
    """«X … болып тағайындалды»: (person, tense, evidence end) — the person between the post and the
    verb after «болып/етіп», else the last person before the post."""
    as_word = j < len(toks) and _key(toks[j].text) in ("болып", "етип")
    window = toks[j:] if as_word else toks[j:j + VERB_WINDOW]
    verb_k = next((k for k, t in enumerate(window) if _verb_after([t.text for t in window[:k + 1]])), None)
    if verb_k is None:
        return None
    verb_tok = window[verb_k]
    tense = _verb_after([t.text for t in window[:verb_k + 1]])
    between = [p for p in pers if toks[j - 1].stop <= p[0] and p[1] <= verb_tok.start]
    if as_word and between:
        return between[-1], tense, verb_tok.stop
    before = [p for p in pers if sent.start <= p[0] and p[1] <= toks[i].start]
    return (before[-1], tense, verb_tok.stop) if before else None


def _posts_of_sentence(sent, posts: list[tuple[int, int]], pers: list[tuple[int, int, Entity]],
                       entities: list[Entity]) -> Iterator[KazakhPost]:
    toks = sent.tokens
    bodies = sorted((m.start, m.end) for e in entities if e.type in ("ORG", "LOC") for m in e.mentions)
    for a, b in posts:
        i, j = _post_tokens(sent, a, b, bodies)
        if j == i:
            continue
        if j - i == 1:
            i = extend_left(toks, i, i, pers)  # the tagger's bare «әкімі» after «елорда»
        while i > 0 and j - i < MAX_POST_WORDS and kazakh.genitive(toks[i - 1].text) \
                and _modifier(toks[i - 1].text) and not any(p <= toks[i - 1].start < q for p, q, _ in pers):
            i -= 1  # «Президенттің [баспасөз хатшысы]»: whose post it is
        i = _post_start(toks, i, j)
        title = _title(toks[i:j], entities, i, j)
        verb = _verb_after([t.text for t in toks[j:j + VERB_WINDOW]])
        named = _before_name(toks, j, pers, verb)
        if named is not None:
            holder, past = named
            yield KazakhPost(holder[2], title, (toks[i].start, holder[1]),
                             "past" if title.past or past else "current", "before_name")
            continue
        appointed = _appointed(sent, toks, i, j, pers)
        if appointed is not None:
            holder, tense, end = appointed
            yield KazakhPost(holder[2], title, (min(holder[0], toks[i].start), end), tense, "appointed")


def _post_start(toks: list, i: int, j: int) -> int:
    """The first word of the post in tokens [i, j): past a function word and a pronoun («пен оның
    бірінші орынбасары»), a word
    that judges the holder, not the post («жаңа әкім», «танымал блогер»), and a post word standing
    before another one without a genitive («Президент әкім Жеңіс Қасымбек»: the akim)."""
    while i < j - 1:
        k = _key(toks[i].text)
        if k in NOT_POST_WORDS or kazakh.is_function_word(toks[i].text) or kazakh.title_head(toks[i].text) is not None and not kazakh.genitive(toks[i].text) \
                and any(kazakh.title_head(t.text) is not None for t in toks[i + 1 : j]):
            i += 1
            continue
        break
    return i


def _modifier(word: str) -> bool:
    """Can the word stand before a post word inside the post («Тарбағатай ауданының», «облыс»,
    «денсаулық сақтау»)? A genitive, or a word with no case ending and no verb ending."""
    if any(c.isdigit() for c in word):
        return False
    if kazakh.genitive(word):
        return True
    k = _key(word)
    if k in CAPITAL_WORDS or k in REGION_WORDS:
        return True
    if k.endswith(VERB_ENDINGS) and len(k) >= 4:
        return False
    return kazakh.nominative(word) == word


def lexicon_posts(toks: list, pers: list[tuple[int, int, Entity]]) -> list[tuple[int, int]]:
    """Post phrases the tagger may miss, from the Kazakh post words (``kk_titles.txt``): the post
    word and up to four words before it that are not a person, punctuation or a function word
    («Облыс әкімі», «Тарбағатай ауданының әкімі»)."""
    out = []
    for k, tok in enumerate(toks):
        if kazakh.title_head(tok.text) is not None:
            out.append((toks[extend_left(toks, k, k, pers)].start, tok.stop))
    return out


def extend_left(toks: list, i: int, k: int, pers: list[tuple[int, int, Entity]]) -> int:
    """The first token of a post phrase whose post word is token ``k`` and which starts at ``i``:
    up to :data:`MAX_POST_WORDS` words, over modifiers that are not a person, punctuation, a
    function word or another post word («елорда әкімі», «Тарбағатай ауданының әкімі»)."""
    j = i
    while j > 0 and k - j < MAX_POST_WORDS - 1:
        prev = toks[j - 1]
        if kazakh.is_punct(prev) or any(a <= prev.start < b for a, b, _ in pers) \
                or kazakh.is_function_word(prev.text) or not _modifier(prev.text) \
                or kazakh.title_head(prev.text) is not None and not kazakh.genitive(prev.text):
            break  # «Президент әкім Жеңіс Қасымбек»: another post word is another post
        j -= 1
    return j


def posts(work: Work) -> list[KazakhPost]:
    """The Kazakh posts of a document: the tagger's POSITION spans, and post-word phrases where it
    found none."""
    if work.doc is None or "kk_posts" not in work.extra:
        return []
    spans = sorted(work.extra.get("kk_posts") or [])
    entities = work.article.entities
    pers = _per_mentions(entities)
    out: list[KazakhPost] = []
    for sent in work.doc.sents:
        inside = [s for s in spans if sent.start <= s[0] < sent.stop]
        if not inside and not kazakh.sentence_is_kazakh(sent.text, work.article.lang):
            continue
        extra = [x for x in lexicon_posts(sent.tokens, pers) if not any(x[0] < b and a < x[1] for a, b in inside)]
        if inside or extra:
            out.extend(_posts_of_sentence(sent, sorted(inside + extra), pers, entities))
    return out
