"""Post keys: one key for the forms a post is written in, across articles and languages.

A post is its title and where it is held (an organization or a place). «аким города Алматы»,
«аким Алматы» and «Алматы қаласының әкімі» are one post: their title keys are «аким» and their
place keys «алмат». A key is made of words reduced to a common form: Kazakh head words to their
Russian equivalents (``lexicons/post_equivalents.tsv``), other words to their dictionary form,
place names to a short stem so that «Павлодарская область», «Павлодар облысы» and «Павлодарской
области» agree. Place and organization keys are order-free (their words sorted).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import lexicons
from .text import fold, is_proper_name, lemma, words

EQUIVALENTS = "post_equivalents.tsv"
STEM = 5  # letters of a place name kept in its key
# words of a place phrase that say only what kind of place it is
CITY_WORDS = frozenset({"город", "города", "городе", "г", "кала", "каласы", "каласынын", "каласында", "каланын",
                        "столица", "столицы"})
PLACE_NOUNS = frozenset({"область", "район", "казахстан"})
# titles held in a territory: their post is where, never which body («акимат …» is the same place)
TERRITORIAL = frozenset({"аким"})
BODY_WORDS = frozenset({"акимат", "акимата", "акимдиги", "акимдигинин", "аппарат", "аппарата"})
# words that qualify a report, not the post
DROP = frozenset({"бывший", "бывшего", "экс", "нынешний", "новый", "новым", "бурынгы", "жана"})
_ADJ_ENDINGS = ("ский", "ской", "ская", "ское", "ских", "ского", "скую", "цкий", "цкая", "цкой")


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Folded form → its key word."""
    out: dict[str, str] = {}
    for row in lexicons.rows(EQUIVALENTS):
        key, forms = row[0], row[1].split() if len(row) > 1 else []
        for f in [key, *forms]:
            out[fold(f)] = key
    return out


@lru_cache(maxsize=100_000)
def word_key(word: str) -> str:
    """One title word → its key: «әкімі» → «аким», «акима» → «аким», «энергетики» → «энергетика»."""
    w = fold(word)
    t = _table()
    if w in t:
        return t[w]
    lem = lemma(w) if w.isalpha() else w
    return t.get(lem, lem)


@lru_cache(maxsize=100_000)
def place_word_key(word: str) -> str:
    """One word of a place → its stem: «Павлодарской» → «павло», «облысы» → «область»."""
    w = fold(word)
    t = _table()
    if w in t:
        return t[w]
    lem = lemma(w) if w.isalpha() else w
    if lem in t:
        return t[lem]
    for end in _ADJ_ENDINGS:
        if lem.endswith(end) and len(lem) > len(end) + 2:
            lem = lem[: -len(end)]
            break
    return lem[:STEM]


def title_key(title: str | None) -> str:
    """«Энергетика министрі» → «министр энергетика»; «заместитель акима» → «заместитель аким».

    A Kazakh title puts its head word last; the key puts the head first, as Russian does.
    """
    title_ws, _ = split_post(words(title or ""))
    kept = [w for w in title_ws if fold(w) not in DROP]
    ks = [word_key(w) for w in kept]
    if len(ks) > 1 and _is_kazakh_head(kept[-1]):  # «… әкімінің орынбасары» → «заместитель аким»
        ks = [ks[-1], *ks[:-1]]
    return " ".join(ks)


def _is_kazakh_head(word: str) -> bool:
    """A listed Kazakh form of a title word («министрі», «орынбасары»), not the Russian word itself."""
    w = fold(word)
    return w in _table() and _table()[w] != w


def place_key(place: str | None) -> str:
    """«Павлодарская область», «Павлодар облысы» → «область павло»; «города Алматы» → «алмат»."""
    ks = {place_word_key(w) for w in words(place or "") if fold(w) not in CITY_WORDS}
    ks.discard("")
    if ks <= {"область", "район"}:  # «области» alone says not which one
        return ""
    return " ".join(sorted(ks))


def org_place_key(org: str | None) -> str:
    """An organization's key, words order-free; a local executive body («акимат города Алматы»)
    keys as its place («алмат»)."""
    ws = [w for w in words(org or "") if fold(w) not in DROP]
    if ws and fold(ws[0]) in BODY_WORDS:
        return place_key(" ".join(ws[1:]))
    return place_key(" ".join(ws))


@dataclass(frozen=True)
class PostKey:
    """A post: ``title`` key and ``where`` key (the organization or place; empty when not said)."""

    title: str
    where: str

    @property
    def territorial(self) -> bool:
        return bool(set(self.title.split()) & TERRITORIAL)

    def __str__(self) -> str:
        return f"{self.title} | {self.where}" if self.where else self.title


@lru_cache(maxsize=200_000)
def post_key(title: str | None, org: str | None = None, place: str | None = None) -> PostKey:
    """The key of a stored position: where is its organization (a local executive body's is its
    place: «акимат области Улытау» → «область улыта»), else its place, else the place its title
    names."""
    where = org_place_key(org) or place_key(place)
    if not where:  # the place only in the title: «Алматы қаласының әкімі»
        where = place_key(" ".join(split_post(words(title or ""))[1]))
    return PostKey(title_key(title), where)


def _is_place_noun(w: str) -> bool:
    """«области», «облысы», «города», «района»: the kind of place, said in a title or a place."""
    return fold(w) in CITY_WORDS or place_word_key(w) in PLACE_NOUNS


def _is_place_word(w: str) -> bool:
    return w[:1].isupper() or _is_place_noun(w)


def split_post(ws: list[str]) -> tuple[list[str], list[str]]:
    """The words of a post phrase → (title words, place words): capitalized words and the words
    naming a kind of place («области», «облысы», «города») are the place; a phrase of place words
    only («Президент» opening a sentence) has its first word as the title."""
    placed = [_is_place_word(w) for w in ws]
    if ws and placed[0] and not _is_place_noun(ws[0]) and not is_proper_name(ws[0]) and not (
            len(ws) > 1 and _is_place_noun(ws[1])):
        placed[0] = False  # «Энергетика министрі»: a capital opening the phrase, not a name
    title_ws = [w for w, p in zip(ws, placed, strict=True) if not p]
    place_ws = [w for w, p in zip(ws, placed, strict=True) if p]
    if not title_ws and place_ws:
        return place_ws[:1], place_ws[1:]
    return title_ws, place_ws


def parse_post(phrase: str, org: str | None = None) -> PostKey:
    """A post as a user writes it: «аким Алматы», «Алматы қаласының әкімі», «министр энергетики».

    Capitalized words (and words such as «области», «облысы», «города» next to them) are where the
    post is held; the rest is the title. ``org`` given apart is the where.
    """
    return post_key(phrase, org if org and org.strip() else None)

