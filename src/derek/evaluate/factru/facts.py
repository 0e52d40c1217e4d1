"""Track-3 fact records: gold facts with every accepted form of each role, ``.task3`` files."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ...errors import InputError
from .gold import FactRuDoc, GoldEntity, _blocks, _read_lines, normalize_value

ROLE_WEIGHTS = {"position": 0.5, "фаза": 0.5}
SPECIAL_ROLES = {"сложность", "модальность", "фаза"}
HARD = "повышенная"


def _role(name: str) -> str:
    r = name.strip(" :\t\r\n").lower()
    return "position" if r == "job" else r


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(cur[j - 1] + 1, prev[j] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def values_match(a: str, b: str) -> bool:
    return a == b or edit_distance(a, b) <= 2


@dataclass(eq=False)
class FactArg:
    role: str
    values: set[str]  # accepted normalized forms (gold) or the one value (response)
    label: str = ""  # the form as written in the gold file or the response
    fact: Fact | None = None

    def __post_init__(self) -> None:
        if not self.label and self.values:
            self.label = min(self.values)

    @property
    def weight(self) -> float:
        return ROLE_WEIGHTS.get(self.role, 1.0)

    def matches(self, other: FactArg) -> bool:
        if self.role != other.role:
            return False
        return any(values_match(a, b) for a in self.values for b in other.values)


@dataclass(eq=False)
class Fact:
    type: str  # lower case: occupation, meeting, …
    args: list[FactArg]
    ignored: bool = False
    id: str = ""

    def __post_init__(self) -> None:
        for a in self.args:
            a.fact = self

    def can_match(self, other: Fact) -> bool:
        """Same type and at least one role other than Position agrees."""
        if self.type != other.type:
            return False
        return any(a.role != "position" and a.matches(b) for a in self.args for b in other.args)


@cache
def _morph() -> Any:
    from ...nlp import models

    return models.morph_vocab()


_UD_NUMBER = {"sing": "Sing", "plur": "Plur"}


def nominative(phrase: str) -> str:
    """Put a post phrase in the nominative: «генерального директора» → «генеральный директор».

    The head is the first noun; it and the words agreeing with it before it
    are inflected, the genitive tail («министра», «торговли») stays.
    """
    words = phrase.split()
    if not words:
        return phrase
    vocab = _morph()
    parses = [vocab.parse(w) for w in words]
    head = None
    for i, ps in enumerate(parses):
        nouns = [p for p in ps if p.tag.POS == "NOUN"]
        if nouns:
            head = (i, nouns[0])
            break
    if head is None:
        return phrase
    hi, hp = head
    case, number = hp.tag.case, hp.tag.number
    if case in (None, "nomn"):
        return phrase
    out = list(words)
    for i in range(hi + 1):
        cand = [p for p in parses[i] if p.tag.case == case and (p.tag.POS in ("ADJF", "PRTF", "NOUN"))]
        if not cand:
            continue
        grams = {"Nom"} | ({_UD_NUMBER[number]} if number in _UD_NUMBER else set())
        form = cand[0].inflect(grams) if i != hi else hp.inflect(grams)
        if form is not None:
            out[i] = form.word
    return " ".join(out)


def _person_forms(attrs: list[tuple[str, str]]) -> set[str]:
    by = {k: [v for kk, v in attrs if kk == k and v] for k in ("firstname", "lastname", "patronymic", "nickname")}
    f, last, p, n = by["firstname"], by["lastname"], by["patronymic"], by["nickname"]
    orders = [(last, f, p), (f, p, last), (f, p), (f, last), (last, f), (n,), (f,), (p,), (last,), (f, n)]
    out = set()
    for lists in orders:
        for combo in itertools.product(*lists):
            if combo:
                out.add(" ".join(combo))
    return out


def _names_with_descriptors(entity: GoldEntity) -> set[str]:
    names = [v for k, v in entity.attrs if k.rstrip("0123456789") == "name"]
    descrs = [v for k, v in entity.attrs if k.endswith("descr") or k.endswith("descriptor")]
    out = set(names)
    for x in names:
        for y in descrs:
            if f" {y} " in f" {x} ":
                continue
            out.add(f"{x} {y}")
            out.add(f"{y} {x}")
    return {v.replace('"', "").strip() for v in out} | out


def _mention_texts(doc: FactRuDoc, entity: GoldEntity) -> set[str]:
    out = set()
    for mid in entity.mention_ids:
        m = doc.mention_by_id.get(mid)
        if m is None:
            continue
        idx = sorted(
            {doc.token_index[t] for sid in m.span_ids if sid in doc.spans
             for t in doc.spans[sid].token_ids if t in doc.token_index}
        )
        if not idx:
            continue
        out.add(" ".join(doc.tokens[i].text for i in idx))
        out.add(normalize_value(doc.text[doc.tokens[idx[0]].start: doc.tokens[idx[-1]].end]))
    return out


def _entity_kind(doc: FactRuDoc, entity: GoldEntity) -> str:
    tags = {doc.mention_by_id[m].tag for m in entity.mention_ids if m in doc.mention_by_id}
    if "per" in tags:
        return "per"
    if tags & {"loc", "locorg"}:
        return "loc"
    return "org" if "org" in tags else ""


def _part_of_links(doc: FactRuDoc) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {}
    for f in doc.facts:
        if f.type.lower() != "ispartof":
            continue
        refs = [ref for line in f.lines for ref, _ in line.alternatives if ref and ref.startswith("obj")]
        for a in refs:
            for b in refs:
                if a != b:
                    links.setdefault(a, set()).add(b)
    return links


def _entity_values(doc: FactRuDoc, ref: str, descr: str) -> set[str]:
    values = {normalize_value(descr)} if descr else set()
    ent = doc.entity_by_id.get(ref[3:])
    if ent is None:
        return values
    values |= _mention_texts(doc, ent)
    kind = _entity_kind(doc, ent)
    if kind == "per":
        values |= _person_forms(ent.attrs)
    elif kind in ("org", "loc"):
        values |= _names_with_descriptors(ent)
    return values


def gold_facts(doc: FactRuDoc, fact_type: str | None = None, normalize_positions: bool = True) -> list[Fact]:
    """The document's gold facts (of one type, if given) with every accepted form of each role."""
    links = _part_of_links(doc)
    out = []
    for gf in doc.facts:
        ftype = gf.type.lower()
        if ftype == "ispartof" or (fact_type and ftype != fact_type.lower()):
            continue
        args = []
        ignored = False
        for line in gf.lines:
            role = _role(line.role)
            if role == "сложность":
                ignored = ignored or any(normalize_value(t) == HARD for _, t in line.alternatives)
                continue
            if role in SPECIAL_ROLES:  # модальность, фаза: not scored in the default mode
                continue
            values: set[str] = set()
            if line.ref and line.ref.startswith("obj"):
                descr = " | ".join(t for _, t in line.alternatives)
                for ref, text in line.alternatives:
                    values |= {normalize_value(text)} if text else set()
                    if ref:
                        values |= _entity_values(doc, ref, "")
                values.add(normalize_value(descr))
                if role == "where":
                    for other in links.get(line.ref, ()):
                        ent = doc.entity_by_id.get(other[3:])
                        if ent is not None:
                            values |= _names_with_descriptors(ent)
            else:
                for ref, text in line.alternatives:
                    if ref and ref.startswith("span") and ref[4:] in doc.spans:
                        text = doc.spans[ref[4:]].text
                    v = normalize_value(text)
                    values.add(v)
                    if role == "position" and normalize_positions:
                        values.add(normalize_value(nominative(v)))
            values.discard("")
            if values:
                first = line.alternatives[0] if line.alternatives else (None, line.text)
                label = first[1]
                if first[0] and first[0].startswith("span") and first[0][4:] in doc.spans:
                    label = doc.spans[first[0][4:]].text
                args.append(FactArg(role, values, label=normalize_value(label)))
        out.append(Fact(ftype, args, ignored=ignored, id=gf.id))
    return out


def read_task3(path: str | Path) -> list[Fact]:
    facts = []
    for block in _blocks(normalize_value(line) for line in _read_lines(Path(path))):
        ftype = block[0].strip(" :\t").lower()
        args = []
        for line in block[1:]:
            role, sep, value = line.partition(":")
            if not sep:
                raise InputError(str(path), f"«{line}»: expected «ROLE: value»", code="E103")
            args.append(FactArg(_role(role), {value.strip()}, label=value.strip()))
        facts.append(Fact(ftype, args))
    return facts


def _clean_value(v: str) -> str:
    return " ".join(v.replace(":", " ").split())


def write_task3(path: str | Path, facts: Iterable[dict[str, str]], fact_type: str = "OCCUPATION") -> None:
    """Write facts given as ``{"who": …, "position": …, "where": …}`` (empty roles are left out)."""
    blocks = []
    for f in facts:
        lines = [f"{fact_type.upper()}:"]
        for role, value in f.items():
            if value and _clean_value(value):
                lines.append(f"{role.upper()}: {_clean_value(value)}")
        if len(lines) > 1:
            blocks.append("\n".join(lines))
    Path(path).write_text("\n\n".join(blocks) + ("\n" if blocks else ""), encoding="utf-8")


def fact_to_response(f: Fact) -> dict[str, str]:
    """A gold fact written back as a response (first accepted form of each role); for tests."""
    return {a.role: a.label for a in f.args}


