"""FactRuEval-2016 gold layers: ``.txt``, ``.tokens``, ``.spans``, ``.objects``, ``.coref``, ``.facts``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import InputError

OBJECT_TAGS = {
    "Person": "per",
    "Org": "org",
    "Organization": "org",
    "Location": "loc",
    "LocOrg": "locorg",
    "Project": "project",
}
TRACK1_TAGS = ("per", "loc", "org", "locorg")
DEREK_TO_TRACK1 = {"PER": "per", "LOC": "loc", "ORG": "org"}

# Span types that carry a mention's name, per mention tag (weight 1; everything else weighs 0).
NAME_SPANS = {
    "per": {"name", "surname", "patronymic", "nickname"},
    "org": {"org_name", "loc_name"},
    "loc": {"loc_name", "org_name"},
    "locorg": {"loc_name", "org_name"},
}
# Which mention tags may contain a mention of the key tag.
CONTAINERS = {
    "per": {"loc", "org", "locorg"},
    "loc": {"loc", "org", "locorg"},
    "org": {"org", "locorg"},
    "locorg": {"org", "locorg"},
    "project": {"org", "locorg"},
}



@dataclass(frozen=True)
class Token:
    id: str
    start: int
    length: int
    text: str

    @property
    def end(self) -> int:  # exclusive
        return self.start + self.length


@dataclass
class GoldSpan:
    id: str
    tag: str
    start: int
    length: int
    token_ids: tuple[str, ...]
    text: str  # the span's tokens, normalized, joined by spaces


@dataclass
class GoldMention:
    id: str
    type: str  # Person, Org, Location, LocOrg, Project, ...
    span_ids: tuple[str, ...]

    @property
    def tag(self) -> str | None:
        return OBJECT_TAGS.get(self.type)


@dataclass
class GoldEntity:
    id: str
    mention_ids: list[str]
    span_ids: list[str]
    attrs: list[tuple[str, str]]  # (key, normalized value)


@dataclass
class GoldFactLine:
    role: str
    ref: str | None  # obj… / span… id, or None for a plain value
    text: str
    alternatives: list[tuple[str | None, str]]  # (ref, text) separated by «|»


@dataclass
class GoldFact:
    id: str
    type: str
    lines: list[GoldFactLine]


@dataclass
class FactRuDoc:
    name: str
    text: str
    tokens: list[Token]
    spans: dict[str, GoldSpan]
    mentions: list[GoldMention]
    entities: list[GoldEntity] = field(default_factory=list)
    facts: list[GoldFact] = field(default_factory=list)
    has_facts: bool = True

    def __post_init__(self) -> None:
        self.tokens.sort(key=lambda t: t.start)
        self.token_index = {t.id: i for i, t in enumerate(self.tokens)}
        self.mention_by_id = {m.id: m for m in self.mentions}
        self.entity_by_id = {e.id: e for e in self.entities}


def normalize_value(s: str) -> str:
    """Case, ё/е and quote style do not matter when values are compared."""
    s = s.lower().strip(" \r\n\t")
    for q in "«»“”„":
        s = s.replace(q, '"')
    for q in "’`":
        s = s.replace(q, "'")
    return s.replace("ё", "е")


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as e:
        raise InputError(str(path), f"not UTF-8 ({e.reason})", code="E102") from e


def _read_tokens(path: Path) -> list[Token]:
    tokens = []
    for n, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        parts = line.split(" ", 3)
        if len(parts) != 4:
            raise InputError(str(path), f"line {n}: expected «id start length text»", code="E103")
        tokens.append(Token(parts[0], int(parts[1]), int(parts[2]), normalize_value(parts[3])))
    return tokens


def _read_spans(path: Path) -> dict[str, GoldSpan]:
    spans: dict[str, GoldSpan] = {}
    for n, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        left, sep, right = line.partition(" # ")
        head = left.split()
        if not sep or len(head) < 6:
            raise InputError(str(path), f"line {n}: expected «id type start length token n # …»", code="E103")
        n_tok = int(head[5])
        rest = right.split()
        ids = tuple(rest[:n_tok])
        text = normalize_value(" ".join(rest[n_tok:]))
        # a span id listed twice keeps its last line, as in the public scripts
        spans[head[0]] = GoldSpan(head[0], head[1], int(head[2]), int(head[3]), ids, text)
    return spans


def _read_objects(path: Path) -> list[GoldMention]:
    mentions = []
    for line in _read_lines(path):
        parts = line.split()
        if "#" in parts:
            parts = parts[: parts.index("#")]
        if len(parts) < 3:
            continue
        mentions.append(GoldMention(parts[0], parts[1], tuple(parts[2:])))
    return mentions


def _blocks(lines: Iterable[str]) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for raw in lines:
        line = raw.strip(" \t\r\n")
        if line:
            cur.append(line)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _read_coref(path: Path, mention_ids: set[str], span_ids: set[str]) -> list[GoldEntity]:
    entities = []
    for block in _blocks(_read_lines(path)):
        ids = block[0].split()
        ments = [i for i in ids[1:] if i in mention_ids]
        spans = [i for i in ids[1:] if i not in mention_ids and i in span_ids]
        attrs = []
        for line in block[1:]:
            key, _, value = line.partition(" ")
            attrs.append((key.strip().lower().rstrip("0123456789"), normalize_value(value)))
        entities.append(GoldEntity(ids[0], ments, spans, attrs))
    return entities


_REF = re.compile(r"^(obj|span)(\S+)\s*(.*)$")


def _read_facts(path: Path) -> list[GoldFact]:
    facts = []
    for block in _blocks(_read_lines(path)):
        head = block[0].split()
        fid, ftype = head[0], (head[1] if len(head) > 1 else "")
        lines = []
        for line in block[1:]:
            role, _, rest = line.partition(" ")
            alts: list[tuple[str | None, str]] = []
            for alt in rest.split("|"):
                alt = alt.strip()
                m = _REF.match(alt)
                if m:
                    alts.append((m.group(1) + m.group(2), m.group(3).strip()))
                elif alt:
                    alts.append((None, alt))
            ref = alts[0][0] if alts else None
            lines.append(GoldFactLine(role, ref, rest.strip(), alts))
        facts.append(GoldFact(fid, ftype, lines))
    return facts


def read_doc(folder: Path, name: str) -> FactRuDoc:
    """Read one document's layers; ``.coref``/``.facts`` may be absent (track 1 needs neither)."""
    base = folder / name
    txt = base.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(str(txt), "missing", code="E101")
    text = txt.read_text(encoding="utf-8-sig")
    tokens = _read_tokens(base.with_suffix(".tokens"))
    spans = _read_spans(base.with_suffix(".spans"))
    mentions = _read_objects(base.with_suffix(".objects"))
    coref = base.with_suffix(".coref")
    entities = (
        _read_coref(coref, {m.id for m in mentions}, set(spans)) if coref.is_file() else []
    )
    facts_path = base.with_suffix(".facts")
    facts = _read_facts(facts_path) if facts_path.is_file() else []
    return FactRuDoc(name, text, tokens, spans, mentions, entities, facts, has_facts=facts_path.is_file())


def doc_names(folder: Path) -> list[str]:
    names = {p.stem for p in folder.glob("book_*.txt")}
    return sorted(names, key=lambda n: (len(n), n))


def read_folder(folder: str | Path) -> list[FactRuDoc]:
    """All ``book_N`` documents of a FactRuEval-style folder, in numeric order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder", code="E101")
    names = doc_names(folder)
    if not names:
        raise InputError(str(folder), "no book_N.txt files: not a FactRuEval-style folder", code="E101")
    return [read_doc(folder, n) for n in names]

