"""Grouping: a person's mentions (inflected, surname-only, with initials) join one entity; an
abbreviation joins its full form (АНК = Ассамблея народа Казахстана), and a bare head word
(«Ассамблея») the one organization it heads."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...article import Entity, Mention
from ..names import NameParts, _first_lookup, fold, key, parse_name, same_name_word
from ..names.words import word_forms
from .lexicon import org_abbreviations
from .morph import case
from .spans import Span


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
                    names: list[dict[tuple, NameParts]],
                    index: tuple[_FormIndex, _FormIndex]) -> list[Member] | None:
    """The one full-name cluster a surname-only or first-name-only mention belongs to
    (``names[i]``: the distinct names of ``clusters[i]``; ``index``: their numbers by surname words
    and by first names)."""
    initials = [w[0] for w in np.name.split() if w.endswith(".")]
    word = _surname(np) or np.first
    if not word:
        return None
    by_surname = index[0].candidates([word])
    # a word alone is a surname first («Эрнандес» after «Арон Эрнандес»), else a first name
    cands = [i for i in by_surname if any(o.last and same_name_word(word, _surname(o)) for o in names[i].values())]
    if not cands and np.last and not np.first:
        # «Фернандес» after «Кристина Фернандес де Киршнер»: one word of a surname of several
        cands = [i for i in by_surname if any(
            o.last and _holds_surname(o.last.split(), word) for o in names[i].values())]
    if initials:
        cands = [i for i in cands if any(o.first and key(o.first)[:1] == key(initials[0]) for o in names[i].values())]
    alone = len(np.name.split()) == 1
    if not cands and (alone or (np.first and np.middle and not np.last)):
        # «Юлия», «Виктор Фёдорович»: a first name (and patronymic) alone
        first = word if alone else np.first
        cands = [i for i in index[1].candidates([first]) if any(
            o.first and same_name_word(first, o.first)
            and (not np.middle or not o.middle or same_name_word(np.middle, o.middle)) for o in names[i].values())]
    if len(cands) <= 1:
        return clusters[cands[0]] if cands else None
    exact = [i for i in cands if any(key(o.last or "") == key(np.last or "-") for o in names[i].values())]
    if len(exact) == 1:
        return clusters[exact[0]]
    # several people share the surname: the one named last before this mention
    before = [(max((m.start for m, _ in clusters[i] if m.start < sp.start), default=-1), k)
              for k, i in enumerate(cands)]
    return clusters[cands[max(before)[1]]]


class _FormIndex:
    """Cluster numbers by the forms of their names' words (:func:`word_forms`): every cluster a
    name rule could join a word to is among those sharing one of the word's forms, so a mention is
    compared with those clusters only, in cluster order — the same answer as scanning them all, in
    time linear in the mentions of a long text."""

    def __init__(self) -> None:
        self._by_form: dict[str, set[int]] = {}

    def add(self, i: int, words: Iterable[str]) -> None:
        for w in words:
            for f in word_forms(w):
                self._by_form.setdefault(f, set()).add(i)

    def candidates(self, words: Iterable[str]) -> list[int]:
        out: set[int] = set()
        for w in words:
            for f in word_forms(w):
                out |= self._by_form.get(f, set())
        return sorted(out)


def group_persons(persons: list[Span]) -> list[list[Member]]:
    """PER spans grouped into people: full names by surname forms and compatible first names
    («Дэвида Камерона» ~ «Дэвид Камерон»), then a surname or a first name alone joins the one
    full name it belongs to («Навальному» → «Алексей Навальный»), and the rest group by form."""
    members = [(sp, sp.name or parse_name([sp.text])) for sp in sorted(persons, key=lambda s: s.start)]
    clusters: list[list[Member]] = []
    names: list[dict[tuple, NameParts]] = []  # each cluster's distinct names, in order of appearance
    surnames, firsts = _FormIndex(), _FormIndex()  # cluster numbers by surname words, by first names
    partial: list[Member] = []
    for sp, np in members:
        if not (np.first and np.last):
            partial.append((sp, np))
            continue
        i = next((i for i in surnames.candidates(np.last.split()) if _full_match(np, names[i].values())), None)
        if i is None:
            i = len(clusters)
            clusters.append([])
            names.append({})
        clusters[i].append((sp, np))
        if _parts_key(np) not in names[i]:
            names[i][_parts_key(np)] = np
            surnames.add(i, np.last.split())
            firsts.add(i, [np.first])
    alone: list[list[Member]] = []
    for sp, np in partial:
        target = _partial_target(sp, np, clusters, names, (surnames, firsts))
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


def group_entities(spans: list[Span]) -> list[Entity]:
    """Entities of a document's spans: persons by :func:`group_persons`, then organizations and
    places by their normal form, an abbreviation or a cut-short name joining its full form; ids
    T1, T2, … in order of first mention."""
    ents: list[Entity] = []
    for members in group_persons([s for s in spans if s.type == "PER"]):
        ent = Entity(id=f"T{len(ents) + 1}", type="PER", name=person_name(members))
        ent.mentions.extend(Mention(sp.start, sp.end, sp.text) for sp, _ in members)
        ents.append(ent)
    _group_named(spans, ents)
    for e in ents:
        e.mentions.sort(key=lambda m: m.start)
    ents.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    for i, e in enumerate(ents, 1):
        e.id = f"T{i}"
    return ents


def _add_mention(ents: list[Entity], by_key: dict[tuple[str, str], Entity], sp: Span,
                 ent_key: tuple[str, str], name: str) -> Entity:
    """``sp`` a mention of the entity under ``ent_key``, made (named ``name``) when there is none."""
    ent = by_key.get(ent_key)
    if ent is None:
        ent = Entity(id=f"T{len(ents) + 1}", type=sp.type, name=name)
        ents.append(ent)
        by_key[ent_key] = ent
    ent.mentions.append(Mention(sp.start, sp.end, sp.text))
    return ent


def _group_named(spans: list[Span], ents: list[Entity]) -> None:
    """Organizations and places into ``ents``: longest names first, each joining an entity of
    the same normal form, or the organization it abbreviates or cuts short."""
    by_key: dict[tuple[str, str], Entity] = {}
    abbr = org_abbreviations()
    orgs = [s for s in spans if s.type != "PER"]
    orgs.sort(key=lambda s: (s.type, -len(s.normal.split())))
    for sp in orgs:
        k = (sp.type, key(sp.normal))
        if k in by_key:
            _add_mention(ents, by_key, sp, k, sp.normal)
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
        if sp.type == "ORG" and sp.normal in abbr:
            full_name = abbr[sp.normal]
            ent = _add_mention(ents, by_key, sp, k, full_name)
            if sp.normal not in ent.aliases:
                ent.aliases.append(sp.normal)
            by_key[("ORG", key(full_name))] = ent
            continue
        _add_mention(ents, by_key, sp, k, sp.normal)
