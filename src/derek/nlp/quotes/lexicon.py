"""The quote stage's word lists: speech verbs, speaker roles, organization speakers, Kazakh speech words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ... import lexicons

SPEECH_VERBS = "speech_verbs.txt"
SPEAKER_ROLES = "speaker_roles.txt"
SPEAKER_ORGS = "speaker_orgs.txt"
KK_SPEECH_VERBS = "kk_speech_verbs.txt"
KK_USES = ("after", "reported", "according", "source")


@dataclass(frozen=True)
class VerbInfo:
    lemma: str
    obj: bool = False  # reported content may be the object / infinitive
    quote_only: bool = False  # only direct speech / quoted words
    source: bool = False  # present tense = source line
    needs: str | None = None  # the following word (lemma) for phrases
    impersonal: bool = False  # no subject: «говорится в сообщении»
    cite: bool = False  # the speaker is the object: «цитирует министра агентство»
    inf: bool = False  # the object clause must be an infinitive («предложил рассмотреть»)
    adj: bool = False  # a short adjective used like a verb («уверен, что …»)


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbInfo]]
    generic: set[str]
    roles: list[list[tuple[str, ...]]]  # groups of equivalent roles, each a lemma tuple
    role_heads: set[str]
    orgs: set[str]
    described: set[str]  # heads of roles that are descriptions, not posts
    kk: dict[str, str]  # Kazakh speech word as written → its use (KK_USES)
    kk_prefixes: tuple[tuple[str, str], ...]  # («айтқан», use) for entries written with «*»

    @property
    def surface(self) -> set[str]:
        """Kazakh words that close direct speech («деді», «деп»), matched as written."""
        return {w for w, use in self.kk.items() if use == "after"}

    def kk_use(self, word: str) -> str | None:
        """The use of a Kazakh speech word as written, if it is one."""
        w = word.lower()
        use = self.kk.get(w)
        if use is None:
            use = next((u for p, u in self.kk_prefixes if w.startswith(p)), None)
        if use is None:
            from .kazakh_verbs import speech_use  # a form of a speech stem, by its ending

            use = speech_use(w)
        return use


def _verbs() -> dict[str, list[VerbInfo]]:
    verbs: dict[str, list[VerbInfo]] = {}
    for line in lexicons.lines(SPEECH_VERBS):
        parts = line.split()
        lemma, flags = parts[0].replace("ё", "е"), parts[1:]
        needs = next((f[1:] for f in flags if f.startswith("+")), None)
        verbs.setdefault(lemma, []).append(
            VerbInfo(lemma, obj="obj" in flags, quote_only="quote" in flags, source="source" in flags, needs=needs,
                     impersonal="impersonal" in flags, inf="inf" in flags, cite="cite" in flags,
                     adj="adj" in flags)
        )
    return verbs


def _kazakh() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    words: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for line in lexicons.lines(KK_SPEECH_VERBS):
        word, _, use = line.partition(" ")
        use = use.strip()
        if use not in KK_USES:
            raise ValueError(f"{KK_SPEECH_VERBS}: «{line}»: the use must be one of {', '.join(KK_USES)}")
        if word.endswith("*"):
            prefixes.append((word[:-1].lower(), use))
        else:
            words[word.lower()] = use
    return words, tuple(prefixes)


@cache
def lexicon() -> Lexicon:
    """The speech verbs, speaker roles and organization speakers, loaded once."""
    generic: set[str] = set()
    roles: list[list[tuple[str, ...]]] = []
    described: set[str] = set()
    section = ""
    for line in lexicons.lines(SPEAKER_ROLES):
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "generic":
            generic.add(line.lower())
        else:
            group = [tuple(m.lower().replace("ё", "е").split()) for m in line.split("|") if m.strip()]
            roles.append(group)
            if section == "described":
                described.update(m[0] for m in group)
    role_heads = {m[0] for g in roles for m in g} | generic
    orgs = {w.lower() for w in lexicons.lines(SPEAKER_ORGS)}
    kk, prefixes = _kazakh()
    return Lexicon(_verbs(), generic, roles, role_heads, orgs, described, kk, prefixes)
