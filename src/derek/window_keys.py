"""Which spans of a long text's windows may name one entity: blocking keys for the merge.

Grouping every span of a long text at once compares every person with every person and every
organization with every organization (quadratic in the number of distinct names: three quarters
of the time on 1 MB of distinct news). The entity stage's identity rules only ever join names
that share something: a surname word in one of its forms, a first name, an organization's first
word, its initials, its name without the country. ``blocks`` cuts the spans into groups that
share no such key, so that grouping each block apart gives the entities one grouping of all spans
gives, at the cost of the blocks' sizes.

A key is either *shared* (every span holding it is joined: the words two names must have in
common to be one person or one organization) or *looked up* (a span joins the spans that offer
it: a first name alone joins every full name with that first name, an abbreviation every
organization with those initials, without joining the full names among themselves).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .nlp.names import fold, key, parse_name
from .nlp.names.words import word_forms

_CAPITAL_WORD = re.compile(r"[А-ЯЁӘҒҚҢӨҰҮҺІA-Z][\w-]*")
_COUNTRY = re.compile(r"\b(республики казахстан|республика казахстан|рк|республики|казахстана)\b")


def _surname(np: Any) -> str:
    return (np.last or "").split()[-1] if np.last else ""


def person_keys(sp: Any) -> tuple[set[str], set[str], set[str]]:
    """(shared, offered, looked up) keys of a PER span: the words of its surname (or the word it is
    known by) shared; a full name offers its first name; a first name alone looks it up."""
    np = sp.name or parse_name([sp.text])
    shared: set[str] = set()
    offered: set[str] = set()
    lookup: set[str] = set()
    if np.first and np.last:
        for w in np.last.split():
            shared.update("L" + f for f in word_forms(w))
        offered.update("F" + f for f in word_forms(np.first))
        return shared, offered, lookup
    word = _surname(np) or np.first or np.name
    for w in {word, *(np.name.split() if not (np.first or np.last) else ())}:
        shared.update("L" + f for f in word_forms(w))
    alone = len(np.name.split()) == 1
    if alone or (np.first and np.middle and not np.last):
        lookup.update("F" + f for f in word_forms(word if alone else np.first or word))
    return shared, offered, lookup


def initials(name: str) -> str:
    """An organization name's initials, as its abbreviation is matched («Ассамблея народа
    Казахстана» → «АНК»)."""
    return "".join(w[0] for w in _CAPITAL_WORD.findall(fold(name)) if w.lower() != "и").upper()


def org_keys(sp: Any, abbr: dict[str, str]) -> tuple[set[str], set[str], set[str]]:
    """(shared, offered, looked up) keys of an ORG or LOC span: its type and name key and, for an
    organization, its first word and its name without the country shared; its initials offered;
    an abbreviation looks them up."""
    norm = sp.normal or sp.text
    names = [norm] + ([abbr[norm]] if norm in abbr else [])
    shared = {f"{sp.type}={key(n)}" for n in names}
    offered: set[str] = set()
    lookup: set[str] = set()
    if sp.type != "ORG":
        return shared, offered, lookup
    for n in names:
        words = n.split()
        if words:
            shared.update(("H" + key(words[0]), "H" + key(words[0].rstrip("."))))
        bare = " ".join(_COUNTRY.sub(" ", key(n)).split())
        if len(bare.split()) > 1:
            shared.add("W" + bare)
        offered.add("I" + initials(n))
    if norm.isupper() and len(norm) >= 2:
        lookup.add("I" + fold(norm))
    return shared, offered, lookup


class _Union:
    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, i: int) -> int:
        while self.up[i] != i:
            self.up[i] = self.up[self.up[i]]
            i = self.up[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.up[max(a, b)] = min(a, b)


def blocks(spans: list[Any], abbr: dict[str, str], window: list[int] | None = None) -> Iterator[list[Any]]:
    """``spans`` cut into blocks that share no key (each block in the spans' order). With ``window``
    (the window number of each span), a first name alone looks up the full names of its own window
    and the one before only: «Юлия» is not joined to every Юлия of a long text (the joins that would make one block of
    every person sharing a first name with anyone named by it alone)."""
    u = _Union(len(spans))
    holder: dict[str, int] = {}
    offers: dict[str, list[int]] = {}
    lookups: list[tuple[int, set[str]]] = []
    for i, sp in enumerate(spans):
        shared, offered, lookup = person_keys(sp) if sp.type == "PER" else org_keys(sp, abbr)
        if window is not None and sp.type == "PER":
            offered = {f"{window[i]}{k}" for k in offered}
            lookup = {f"{n}{k}" for k in lookup for n in (window[i], window[i] - 1)}
        for k in shared:
            j = holder.setdefault(k, i)
            if j != i:
                u.join(i, j)
        for k in offered:
            offers.setdefault(k, []).append(i)
        if lookup:
            lookups.append((i, lookup))
    for i, lookup in lookups:
        for k in lookup:
            for j in offers.get(k, ()):
                u.join(i, j)
            j = holder.get(k)
            if j is not None:
                u.join(i, j)
    out: dict[int, list[Any]] = {}
    for i, sp in enumerate(spans):
        out.setdefault(u.find(i), []).append(sp)
    yield from out.values()
