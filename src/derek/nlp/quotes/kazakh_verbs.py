"""Kazakh speech verbs recognised by stem and ending, not by listed forms.

A Kazakh verb is a stem and a chain of endings that follow the stem's last vowel (back «а о ұ ы» or
front «ә е ө ү і») and its last sound (a vowel, a voiced consonant or a voiceless one):
«айт-» → «айтты», «айтады», «айтқан», «айтыпты», «айтпақ», «айтатын», «айтуда», «айтып» (+ «өтті»,
«берді», «кетті», …), «айтуынша», «айтқандай»; «мәлімде-» → «мәлімдеді», «мәлімдейді», «мәлімдеген»,
«мәлімдеп», «мәлімдеуінше», «мәлімдегендей». The stems are the lexicon ``kk_speech_stems.txt``; what
a form does in a quote is its *use*:

* ``reported`` — a finite or participle form ending a reported clause («…екенін айтты»);
* ``according`` — the verbal noun with «-ынша / -ына» («айтуынша», «түсіндіруінше»);
* ``as_said`` — the participle with «-дай / -дей» («айтқандай», «мәлімдегендей»);
* ``according_noun`` — the verbal noun with its possessive («айтуы»), «according to» only before
  «бойынша» («Оның айтуы бойынша, …»);
* ``source`` — the present tense of a stem marked so («хабарлайды», «жазады»): a source line.

Negative forms («айтпады») are not generated: what was not said is not a quote."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ... import lexicons

STEMS_FILE = "kk_speech_stems.txt"
STEM_FLAGS = ("source", "aux", "light")

BACK_VOWELS = "аоұыя"
FRONT_VOWELS = "әеөүіэ"
VOWELS = BACK_VOWELS + FRONT_VOWELS + "иую"
VOICELESS = "кқпстфхцчшщ"
SONORANT = "йруw"  # take «-мақ» like vowels
NASAL_VOICED = "лмнңзжбвгдғ"  # take «-бақ»

# the verbs a converb («айтып», «атап») is completed by: «айтып өтті», «атап көрсетті», «айтып берді»
AUX_STEMS = ("өт", "көрсет", "бер", "кет", "қал", "отыр", "жатыр", "тұр", "шық")
# a light verb after a noun: «сенім білдірді», «мәлім етті», «мәлімдеме жасады», «уәде берді»
LIGHT_STEMS = ("білдір", "ет", "жаса", "бер")
# «айтқан болатын», «айтқан еді»: a past participle made finite
FINITE_AFTER_PARTICIPLE = frozenset({"болатын", "еді", "болған", "екен"})
# «айтып жатыр», «мәлімдеп отыр»: the progressive auxiliaries as written
PROGRESSIVE = frozenset({"жатыр", "отыр", "тұр"})


@dataclass(frozen=True)
class Stem:
    stem: str
    use: str  # reported / according
    source: bool = False  # its present tense names a source («хабарлайды»)
    aux: bool = False  # speech only as a converb completed by an auxiliary («атап өтті»)


def _back(stem: str) -> bool:
    """Does the stem take back-vowel endings (its last vowel is back)?"""
    for ch in reversed(stem):
        if ch in BACK_VOWELS:
            return True
        if ch in FRONT_VOWELS:
            return False
    return True


def forms(stem: str) -> dict[str, str]:
    """Every third-person form of a verb stem derek reads, with its kind: past, present, participle,
    evidential, intent, habitual, continuous, converb, according, as_said."""
    back = _back(stem)
    a, y = ("а", "ы") if back else ("е", "і")
    last = stem[-1]
    vowel = last in VOWELS
    voiceless = last in VOICELESS
    d = "т" if voiceless else "д"
    g = ("қ" if back else "к") if voiceless else ("ғ" if back else "г")
    m = "п" if voiceless else ("м" if vowel or last in SONORANT else "б")
    conv = stem + ("п" if vowel else f"{y}п")
    part = f"{stem}{g}{a}н"
    return {
        f"{stem}{d}{y}": "past",
        (f"{stem}й" if vowel else f"{stem}{a}") + f"д{y}": "present",
        part: "participle",
        f"{conv}т{y}": "evidential",
        f"{stem}{m}{a}{'қ' if back else 'к'}": "intent",
        (f"{stem}йт{y}н" if vowel else f"{stem}{a}т{y}н"): "habitual",
        f"{stem}у{'да' if back else 'де'}": "continuous",
        conv: "converb",
        f"{stem}у{y}": "verbal_noun",  # «айтуы бойынша, …»
        f"{stem}у{y}нш{a}": "according",
        f"{stem}у{y}н{a}": "according",
        f"{part}д{'ай' if back else 'ей'}": "as_said",
    }


USE_OF_KIND = {"according": "according", "as_said": "as_said", "verbal_noun": "according_noun"}


@cache
def stems() -> tuple[Stem, ...]:
    """The speech stems of the lexicon, loaded once; a bad line is an error naming the file and line."""
    out = []
    for line in lexicons.lines(STEMS_FILE):
        word, *flags = line.split()
        bad = [f for f in flags if f not in STEM_FLAGS]
        if not word.endswith("-") or bad:
            raise ValueError(f"{STEMS_FILE}: «{line}»: a stem ends in «-» and its flags are {', '.join(STEM_FLAGS)}")
        out.append(Stem(word[:-1].lower(), "reported", source="source" in flags, aux="aux" in flags))
    return tuple(out)


@cache
def _table() -> dict[str, tuple[str, str]]:
    """Form → (stem, use) over every stem of the lexicon."""
    table: dict[str, tuple[str, str]] = {}
    for s in stems():
        for form, kind in forms(s.stem).items():
            if s.aux and kind not in ("converb", "according", "as_said"):
                continue  # «атады» names, «атап өтті» notes
            use = "source" if s.source and kind == "present" else USE_OF_KIND.get(kind, "reported")
            table.setdefault(form, (s.stem, use))
    return table


def speech_use(word: str) -> str | None:
    """The use of a Kazakh speech-verb form as written («мәлімдеген» → reported, «түсіндіруінше» →
    according, «жазады» → source), or None for a word that is no form of a speech stem."""
    hit = _table().get(word.lower())
    return hit[1] if hit else None


def speech_stem(word: str) -> str | None:
    """The speech stem a form is made of («айтқан» → «айт»), or None."""
    hit = _table().get(word.lower())
    return hit[0] if hit else None


def speech_kind(word: str) -> str | None:
    """The grammatical kind of a speech-verb form («айтып» → converb), or None."""
    w = word.lower()
    hit = _table().get(w)
    if hit is None:
        return None
    return forms(hit[0]).get(w)


@cache
def _completions() -> frozenset[str]:
    words = {f for s in AUX_STEMS + LIGHT_STEMS for f, kind in forms(s).items()
             if kind not in _aux_kinds_excluded()}
    return frozenset(words | FINITE_AFTER_PARTICIPLE | PROGRESSIVE)


def _aux_kinds_excluded() -> tuple[str, ...]:
    return ("converb", "according", "continuous", "verbal_noun")


def completes(word: str) -> bool:
    """Does the word complete a speech verb begun before it: an auxiliary after a converb («айтып
    өтті», «атап көрсеткен»), a light verb after its noun («сенім білдірді»), «болатын» after a
    participle («айтқан болатын»)?"""
    return word.lower() in _completions()
