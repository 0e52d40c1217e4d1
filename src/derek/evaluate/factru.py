"""FactRuEval-2016 folders: the gold layers, official-format responses, and the two scorers.

A folder holds, for each document ``book_N``: ``.txt``, ``.tokens``, ``.spans``,
``.objects``, ``.coref`` and ``.facts`` (see ``../shared/docs/DATA.md``).

Track 1 (named entities) is scored the way the public evaluation scores it
(run with ``-l``, ``locorg`` counted as ``loc``):

* every mention is a set of gold tokens; a response line ``tag start length``
  covers the gold tokens that lie wholly inside it, except one-character
  punctuation glued to a neighbouring token;
* a gold token weighs 1 when it belongs to a name span of the mention
  (``name``/``surname``/``patronymic``/``nickname`` for persons, ``loc_name`` and
  ``org_name`` for places and organizations) and 0 otherwise (descriptors,
  ``geo_adj``), so descriptor words are optional;
* a matched pair earns ``covered weight / (covered + missed weight + extra
  response tokens)``; pairs are chosen per document by the same search the
  public script uses (perfect overlaps are forced, then the assignment with the
  best overall F1);
* gold mentions without a name token, and mentions nested inside another
  mention, are not required (a response that finds them is not penalized);
  an organization and a place over the same tokens count once.

Track 3 (facts) compares ``FACTTYPE:`` blocks of ``ROLE: value`` lines with the
gold ``.facts``: values match a role when they are within edit distance 2 of
one of the gold value's accepted forms (the mention texts, the coreference
names with and without descriptors, name-part combinations for persons, and
for ``Where`` the names of the parts/wholes linked by ``isPartOf``); a fact's
credit is the weighted share of its roles that match (``Position`` weighs 0.5),
facts marked «Сложность повышенная» are not required, ``Фаза`` is dropped.
"""

from __future__ import annotations

import itertools
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import lexicons
from ..errors import InputError
from .metrics import Score

log = logging.getLogger("derek.evaluate.factru")

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


# ---------------------------------------------------------------------------------------
# the gold layers


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


# ---------------------------------------------------------------------------------------
# track 1: mentions as token sets


@dataclass(eq=False)
class Unit:
    """A mention as a set of gold token indices (gold units carry name weights)."""

    tag: str
    tokens: frozenset[int]
    key: str = ""
    weights: dict[int, float] = field(default_factory=dict)
    parents: list[Unit] = field(default_factory=list)
    siblings: list[Unit] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return any(w > 0 for w in self.weights.values())

    def weight(self, i: int) -> float:
        return self.weights.get(i, 0.0)


def gold_units(doc: FactRuDoc, locorg_as_loc: bool = True) -> list[Unit]:
    units = []
    for m in doc.mentions:
        tag = m.tag
        if tag is None:
            log.debug("%s: mention %s of type %s is not scored in track 1", doc.name, m.id, m.type)
            continue
        if tag == "locorg" and locorg_as_loc:
            tag = "loc"
        weights: dict[int, float] = {}
        for sid in m.span_ids:
            sp = doc.spans.get(sid)
            if sp is None:
                continue
            w = 1.0 if sp.tag in NAME_SPANS.get(tag, ()) else 0.0
            for tid in sp.token_ids:
                i = doc.token_index.get(tid)
                if i is not None:
                    weights[i] = max(weights.get(i, 0.0), w)
        if not weights:
            continue
        units.append(Unit(tag, frozenset(weights), key=m.id, weights=weights))
    for u in units:
        for other in units:
            if other is u or other.tag not in CONTAINERS.get(u.tag, ()):
                continue
            if u.tokens < other.tokens:
                u.parents.append(other)
            elif u.tokens == other.tokens:
                u.siblings.append(other)
    return [u for u in units if u.tag in TRACK1_TAGS]


def _glued_punctuation(doc: FactRuDoc) -> list[bool]:
    """One-character non-letter tokens written against a neighbour: never counted in a response."""
    out = []
    toks = doc.tokens
    for i, t in enumerate(toks):
        glued = False
        if t.length == 1 and not (t.text.lower() != t.text.upper()):
            if i > 0 and t.start == toks[i - 1].end:
                glued = True
            if i + 1 < len(toks) and toks[i + 1].start == t.end:
                glued = True
        out.append(glued)
    return out


Mention1 = tuple[str, int, int]  # (tag, start, length)


def response_units(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> list[Unit]:
    glued = _glued_punctuation(doc)
    units = []
    for tag, start, length in mentions:
        if tag == "locorg" and locorg_as_loc:
            tag = "loc"
        end = start + length
        toks = frozenset(
            i for i, t in enumerate(doc.tokens) if t.start >= start and t.end <= end and not glued[i]
        )
        units.append(Unit(tag, toks))
    return units


class _Track1Matcher:
    """Chooses gold/response pairs for one document and counts the credit."""

    def __init__(self, gold: list[Unit], resp: list[Unit], punct: Sequence[bool] = ()) -> None:
        self.punct = punct or defaultdict(bool)
        order = {t: i for i, t in enumerate(TRACK1_TAGS)}
        self.gold = sorted(gold, key=lambda u: (order[u.tag], u.key))
        self.resp = sorted(resp, key=lambda u: order[u.tag])  # stable: file order within a tag
        self.silenced: set[int] = set()  # same-tag siblings that yield to their twin
        self._index = {id(g): i for i, g in enumerate(self.gold)}
        self.prio: list[dict[int, float]] = []
        for g in self.gold:
            row = {}
            for j, r in enumerate(self.resp):
                if r.tag == g.tag and g.tokens & r.tokens:
                    row[j] = self._overlap(g, r)
            self.prio.append(row)

    @staticmethod
    def _overlap(g: Unit, r: Unit) -> float:
        inter = len(g.tokens & r.tokens)
        return inter / len(g.tokens | r.tokens)

    def credit(self, g: Unit, r: Unit) -> float:
        if g.tag != r.tag:
            return 0.0
        tp = sum(g.weight(i) for i in g.tokens & r.tokens)
        # punctuation inside a gold mention («Солидарность» with its quotes) is never missed
        fn = sum(g.weight(i) for i in g.tokens - r.tokens if not self.punct[i])
        fp = len(r.tokens - g.tokens)
        total = tp + fn + fp
        return tp / total if total > 0 else _Track1Matcher._overlap(g, r)

    def _ignored(self, gi: int, matched: set[int]) -> bool:
        g = self.gold[gi]
        if not g.named or g.parents:
            return True
        for sib in g.siblings[:1]:
            si = self._index[id(sib)]
            if (gi in matched) == (si in matched):
                if sib.tag == g.tag:
                    if gi in self.silenced:
                        return True
                    self.silenced.add(si)
                    return False
                return g.tag != "org"
            return gi not in matched
        return False

    def evaluate(self, pairs: list[tuple[int, int]], tag: str | None = None) -> Score:
        matched_g = {g for g, _ in pairs}
        matched_r = {r for _, r in pairs}
        subset = [(g, r) for g, r in pairs if tag is None or self.gold[g].tag == tag]
        in_subset = {g for g, _ in subset}
        tp = 0.0
        relevant = 0
        counted: set[int] = set()
        for g, r in subset:
            if not self._ignored(g, in_subset):
                tp += self.credit(self.gold[g], self.resp[r])
                counted.add(g)
                relevant += 1
        n_gold = relevant
        for gi, g in enumerate(self.gold):
            if gi in matched_g or (tag is not None and g.tag != tag):
                continue
            if gi not in counted and not self._ignored(gi, in_subset):
                n_gold += 1
        n_resp = relevant + sum(
            1 for j, r in enumerate(self.resp) if j not in matched_r and (tag is None or r.tag == tag)
        )
        return Score.simple(tp, n_gold, n_resp)

    # leaf evaluations allowed per document before the search stops trying alternatives
    BUDGET = 5000

    def _search(self, gold: list[int], resp: list[int], pairs: list[tuple[int, int]]):
        if not gold or not resp:
            self.leaves += 1
            return self.evaluate(pairs).f1, pairs
        cur = gold[0]
        row = self.prio[cur]
        cands = [j for j in resp if row.get(j, 0.0) == 1.0] or [j for j in resp if row.get(j, 0.0) != 0.0]
        best = None
        n_cands = 0
        most_rivals = 0
        for j in cands:
            n_cands += 1
            rivals = 0
            forced_elsewhere = False
            for k in gold:
                pk = self.prio[k].get(j, 0.0)
                if pk == 1.0 and row.get(j, 0.0) < 1.0:
                    forced_elsewhere = True
                if pk != 0.0:
                    rivals += 1
                most_rivals = max(most_rivals, rivals)
            if forced_elsewhere:
                continue
            if best is not None and self.leaves > self.BUDGET:
                break  # a pathological response: keep the first complete assignment found
            res = self._search(gold[1:], [x for x in resp if x != j], pairs + [(cur, j)])
            if best is None or res[0] > best[0]:
                best = res
        if best is None or n_cands == 0 or (n_cands == 1 and most_rivals > 1 and self.leaves <= self.BUDGET):
            res = self._search(gold[1:], resp, pairs)
            if best is None or res[0] > best[0]:
                best = res
        return best

    def solve(self, locorg_as_loc: bool = True) -> dict[str, Score]:
        self.leaves = 0
        limit = sys.getrecursionlimit()
        if limit < len(self.gold) * 3 + 100:
            sys.setrecursionlimit(len(self.gold) * 3 + 100)
        _, pairs = self._search(list(range(len(self.gold))), list(range(len(self.resp))), [])
        out = {"overall": self.evaluate(pairs)}
        for tag in TRACK1_TAGS:
            if tag == "locorg" and locorg_as_loc:
                continue
            out[tag] = self.evaluate(pairs, tag)
        self.pairs = pairs
        return out


def score_track1_doc(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> dict[str, Score]:
    punct = [t.length == 1 and t.text.lower() == t.text.upper() for t in doc.tokens]
    m = _Track1Matcher(gold_units(doc, locorg_as_loc), response_units(doc, mentions, locorg_as_loc), punct)
    return m.solve(locorg_as_loc)


def track1_details(doc: FactRuDoc, mentions: Sequence[Mention1], locorg_as_loc: bool = True) -> list[str]:
    """What the score of one document is made of: missed, partly matched and extra mentions."""
    punct = [t.length == 1 and t.text.lower() == t.text.upper() for t in doc.tokens]
    resp = response_units(doc, mentions, locorg_as_loc)
    for u, (_, start, length) in zip(resp, mentions, strict=True):
        u.key = doc.text[start:start + length]
    m = _Track1Matcher(gold_units(doc, locorg_as_loc), resp, punct)
    m.solve(locorg_as_loc)

    def gtext(u: Unit) -> str:
        idx = sorted(u.tokens)
        return doc.text[doc.tokens[idx[0]].start:doc.tokens[idx[-1]].end]

    out = []
    paired = dict(m.pairs)
    matched = set(paired)
    for gi, g in enumerate(m.gold):
        if m._ignored(gi, matched):
            continue
        if gi not in paired:
            out.append(f"missed  {g.tag} «{gtext(g)}»")
        else:
            q = m.credit(g, m.resp[paired[gi]])
            if q < 1.0:
                out.append(f"partial {g.tag} {q:.2f} «{gtext(g)}» ~ «{m.resp[paired[gi]].key}»")
    used = set(paired.values())
    for j, r in enumerate(m.resp):
        if j not in used:
            out.append(f"extra   {r.tag} «{r.key}»")
    return out


def track1_tags(locorg_as_loc: bool = True) -> list[str]:
    return [t for t in TRACK1_TAGS if not (t == "locorg" and locorg_as_loc)] + ["overall"]


def score_track1(
    docs: Sequence[FactRuDoc], responses: dict[str, Sequence[Mention1]], locorg_as_loc: bool = True
) -> dict[str, Score]:
    """Micro-averaged track-1 scores over the documents; a document without a response counts as empty."""
    total = {t: Score() for t in track1_tags(locorg_as_loc)}
    for doc in docs:
        res = score_track1_doc(doc, responses.get(doc.name, ()), locorg_as_loc)
        for t in total:
            total[t].add(res[t])
    return total


def read_task1(path: str | Path) -> list[Mention1]:
    out = []
    for n, line in enumerate(_read_lines(Path(path)), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or parts[0].lower() not in TRACK1_TAGS:
            raise InputError(str(path), f"line {n}: expected «per|loc|org|locorg START LENGTH»", code="E103")
        out.append((parts[0].lower(), int(parts[1]), int(parts[2])))
    return out


def write_task1(path: str | Path, mentions: Iterable[Mention1]) -> None:
    lines = [f"{tag} {start} {length}" for tag, start, length in mentions]
    Path(path).write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def gold_track1_mentions(doc: FactRuDoc, locorg_as_loc: bool = True) -> list[Mention1]:
    """The gold mentions written as a response (each from its first to its last token)."""
    out = []
    for u in gold_units(doc, locorg_as_loc):
        toks = [doc.tokens[i] for i in sorted(u.tokens)]
        out.append((u.tag, toks[0].start, toks[-1].end - toks[0].start))
    return out


# ---------------------------------------------------------------------------------------
# responses from derek and from Natasha


class OffsetMap:
    """Maps offsets in a processed text (derek's Article.text) back to the original text."""

    def __init__(self, original: str, processed: str) -> None:
        self.same = original == processed
        self.original = original
        if self.same:
            return
        from difflib import SequenceMatcher

        sm = SequenceMatcher(None, processed, original, autojunk=False)
        self.blocks = [b for b in sm.get_matching_blocks() if b.size]

    def char(self, i: int) -> int | None:
        if self.same:
            return i
        for b in self.blocks:
            if b.a <= i < b.a + b.size:
                return b.b + (i - b.a)
        return None

    def span(self, start: int, end: int, text: str) -> tuple[int, int] | None:
        if self.same:
            return start, end
        s = self.char(start)
        e = self.char(end - 1)
        if s is not None and e is not None and e >= s:
            return s, e + 1
        near = s if s is not None else (e if e is not None else 0)
        found = [m.start() for m in re.finditer(re.escape(text), self.original)] if text else []
        if not found:
            return None
        best = min(found, key=lambda x: abs(x - near))
        return best, best + len(text)


def article_mentions(article: Any, original: str) -> list[Mention1]:
    """derek's PER/ORG/LOC entity mentions as track-1 lines, with offsets into ``original``."""
    omap = OffsetMap(original, article.text)
    out: set[Mention1] = set()
    for ent in article.entities:
        tag = DEREK_TO_TRACK1.get(ent.type)
        if tag is None:
            continue
        for m in ent.mentions:
            sp = omap.span(m.start, m.end, m.text)
            if sp is None:
                log.debug("mention %r not found in the original text", m.text)
                continue
            out.add((tag, sp[0], sp[1] - sp[0]))
    return sorted(out, key=lambda x: (x[1], x[2], x[0]))


@cache
def _stock_natasha() -> tuple[Any, Any]:
    """Natasha exactly as shipped (derek's own segmenter and model speed-ups are not used here)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_mentions(text: str) -> list[Mention1]:
    """Natasha's NewsNERTagger spans as they are (PER→per, LOC→loc, ORG→org): the baseline."""
    from natasha import Doc

    segmenter, tagger = _stock_natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    out = []
    for s in doc.spans:
        tag = DEREK_TO_TRACK1.get(s.type)
        if tag:
            out.append((tag, s.start, s.stop - s.start))
    return out


# ---------------------------------------------------------------------------------------
# track 3: facts

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
    from ..nlp import models

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


class _Cluster:
    def __init__(self, gold: Fact | None, tests: list[Fact]) -> None:
        self.gold = gold
        self.tests = tests

    def quality(self) -> float:
        if self.gold is None or not self.tests or self.gold.ignored:
            return 0.0
        t_args = [a for t in self.tests for a in t.args]
        matched_g: set[int] = set()
        unmatched_t = []
        by_gold: dict[int, list[FactArg]] = {}
        for ta in t_args:
            for gi, ga in enumerate(self.gold.args):
                if ga.matches(ta):
                    matched_g.add(gi)
                    by_gold.setdefault(gi, []).append(ta)
                    break
            else:
                unmatched_t.append(ta)
        n = sum(self.gold.args[i].weight for i in matched_g)
        fp = sum(a.weight for a in unmatched_t)
        fn = sum(a.weight for i, a in enumerate(self.gold.args) if i not in matched_g)
        arg_q = n / (n + fp + fn) if n + fp + fn > 0 else 0.0
        if len(self.tests) == 1:
            id_q = 1.0
        else:
            ms = sorted(matched_g)
            pairs = list(itertools.combinations(ms, 2))
            joined = sum(
                1 for x, y in pairs
                if any(t1.fact is t2.fact for t1 in by_gold[x] for t2 in by_gold[y])
            )
            id_q = joined / len(pairs) if pairs else 1.0
        return (arg_q + id_q * arg_q) / 2.0


def _score_assignment(gold: list[Fact], test: list[Fact], assign: Sequence[int]) -> Score:
    clusters: dict[int, list[Fact]] = {}
    loose = []
    for t, gi in zip(test, assign, strict=True):
        if gi < 0:
            loose.append(t)
        else:
            clusters.setdefault(gi, []).append(t)
    tp_gold = tp_resp = 0.0
    n_gold = n_resp = 0
    for gi, g in enumerate(gold):
        tests = clusters.get(gi, [])
        q = _Cluster(g, tests).quality()
        tp_gold += q
        tp_resp += q * len(tests)
        if not g.ignored:
            n_gold += 1
            n_resp += len(tests)
    n_resp += len(loose)
    return Score(tp_gold, tp_resp, n_gold, n_resp)


EXHAUSTIVE_LIMIT = 5000


def _improve(gold: list[Fact], test: list[Fact], options: list[list[int]], assign: list[int]) -> list[int]:
    """Move one response fact at a time to the gold fact (or none) that raises F1, until none does."""
    best = _score_assignment(gold, test, assign).f1
    changed = True
    while changed:
        changed = False
        for ti, opts in enumerate(options):
            for gi in opts + [-1]:
                if gi == assign[ti]:
                    continue
                trial = assign[:ti] + [gi] + assign[ti + 1:]
                f1 = _score_assignment(gold, test, trial).f1
                if f1 > best + 1e-12:
                    best, assign, changed = f1, trial, True
    return assign


def _best_assignment(gold: list[Fact], test: list[Fact]) -> tuple[Score, list[int]]:
    options = [[gi for gi, g in enumerate(gold) if g.can_match(t)] for t in test]
    size = 1
    for o in options:
        size *= len(o) + 1
    if size <= EXHAUSTIVE_LIMIT:
        best: tuple[Score, list[int]] | None = None
        for assign in itertools.product(*[o + [-1] for o in options]):
            s = _score_assignment(gold, test, assign)
            if best is None or s.f1 > best[0].f1:
                best = (s, list(assign))
        return best if best is not None else (_score_assignment(gold, test, []), [])
    pairs = sorted(
        ((_Cluster(gold[gi], [test[ti]]).quality(), ti, gi) for ti, opts in enumerate(options) for gi in opts),
        key=lambda x: -x[0],
    )
    assign = [-1] * len(test)
    used: set[int] = set()
    for q, ti, gi in pairs:
        if q > 0 and assign[ti] < 0 and gi not in used:
            assign[ti] = gi
            used.add(gi)
    assign = _improve(gold, test, options, assign)
    return _score_assignment(gold, test, assign), assign


def score_track3_doc(gold: list[Fact], test: list[Fact], fact_type: str = "occupation") -> Score:
    """Best assignment of response facts to gold facts (several may share one gold fact).

    The public script tries every assignment; so does this one while there are
    at most ``EXHAUSTIVE_LIMIT`` of them. Beyond that it pairs facts one to one
    by decreasing quality, then moves single facts while F1 improves.
    """
    gold = [g for g in gold if g.type == fact_type]
    test = [t for t in test if t.type == fact_type]
    return _best_assignment(gold, test)[0]


def _fact_text(f: Fact) -> str:
    return " | ".join(f"{a.role}: {a.label}" for a in f.args)


def track3_details(doc: FactRuDoc, test: list[Fact], fact_type: str = "occupation") -> list[str]:
    """What the score of one document is made of: gold facts missed or partly found, extra response facts."""
    gold = [g for g in gold_facts(doc, fact_type) if g.type == fact_type]
    test = [t for t in test if t.type == fact_type]
    _, assign = _best_assignment(gold, test)
    out = []
    for gi, g in enumerate(gold):
        if g.ignored:
            continue
        tests = [t for t, a in zip(test, assign, strict=False) if a == gi]
        q = _Cluster(g, tests).quality()
        if not tests:
            out.append(f"missed  {_fact_text(g)}")
        elif q < 1.0:
            out.append(f"partial {q:.2f} {_fact_text(g)}  ~  " + " ; ".join(_fact_text(t) for t in tests))
    for t, a in zip(test, assign, strict=False):
        if a < 0:
            out.append(f"extra   {_fact_text(t)}")
    return out


def score_track3(
    docs: Sequence[FactRuDoc], responses: dict[str, list[Fact]], fact_type: str = "occupation"
) -> Score:
    total = Score()
    for doc in docs:
        if not doc.has_facts:
            continue
        total.add(score_track3_doc(gold_facts(doc, fact_type), responses.get(doc.name, []), fact_type))
    return total


_PROFESSIONS = frozenset(lexicons.lines("professions.txt"))
_OWNERSHIP_TITLES = frozenset(lexicons.lines("ownership_titles.txt"))


def _as_written_past(pos: Any) -> str:
    """FactRuEval keeps «бывший»/«экс-» in the post («экс-премьер»); derek states it as tense."""
    if pos.tense != "past" or not pos.evidence:
        return pos.title
    ev = pos.evidence.lower()
    head = pos.title.split()[0]
    if f"экс-{head[:4]}" in ev:
        return f"экс-{pos.title}"
    if re.search(r"\bбывш(ий|его|ему|им|ем|ая|ей|ую)\s+" + re.escape(head[:4]), ev):
        return f"бывший {pos.title}"
    return pos.title


def article_occupations(article: Any) -> list[dict[str, str]]:
    """derek's positions as Occupation facts: WHO the person, POSITION the title, WHERE org or place.

    WHERE follows the gold convention: the organization when the article states
    it (an ORG entity, or a unit such as «палестинская делегация»), otherwise
    the place («мэр Москвы» → Москва); an organization derek only infers
    («аким Алматы» → акимат, an entity with no mentions) only when no place is known.
    """
    named_orgs: dict[str, str] = {}
    inferred = set()
    for e in article.entities:
        if e.type == "ORG" and not e.mentions:
            inferred.add(e.name.lower())
        elif e.type == "ORG":
            # an expansion derek knows («ОБСЕ» → «Организация по безопасности …») that the article
            # never writes out is reported as written
            forms = [re.sub(r"(?<=[А-ЯЁ])[а-яё]{1,3}$", "", m.text) for m in e.mentions]  # «МИДа» → «МИД»
            abbreviated = bool(forms) and not e.name.isupper() and all(
                f.isupper() and f.lower() not in e.name.lower() for f in forms)
            written = min(forms, key=len) if abbreviated else e.name
            for form in [e.name, *e.aliases]:
                named_orgs.setdefault(form.lower(), written)
    out = []
    seen = set()
    for person in article.people:
        for pos in person.positions:
            words = set(pos.title.lower().split())
            if words & _OWNERSHIP_TITLES or (words & _PROFESSIONS and not pos.org and not pos.place):
                continue  # an Ownership fact, or a profession with no organization: not an Occupation
            if pos.kind == "profession":
                continue  # a profession («шахматист», «хирург»); posts and ranks («полковник») are Occupations
            if pos.org and pos.org.lower() in named_orgs:
                where = named_orgs[pos.org.lower()]
            elif pos.org and pos.org.lower() not in inferred:
                where = pos.org
            else:
                where = pos.place or pos.org
            fact = {"who": person.name, "position": _as_written_past(pos), "where": where or ""}
            key = tuple(fact.values())
            if key not in seen:
                seen.add(key)
                out.append(fact)
    return out


# ---------------------------------------------------------------------------------------
# one evaluation run: derek (and Natasha) over a folder, responses written, scores returned


@dataclass
class FactRuReport:
    folder: str
    track: int
    docs: int
    derek: dict[str, Score]
    natasha: dict[str, Score] | None = None
    out: str | None = None
    details: dict[str, list[str]] = field(default_factory=dict)  # derek's misses per document

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "folder": self.folder,
            "track": self.track,
            "documents": self.docs,
            "derek": {k: v.to_dict() for k, v in self.derek.items()},
        }
        if self.natasha is not None:
            d["natasha"] = {k: v.to_dict() for k, v in self.natasha.items()}
        if self.out:
            d["responses"] = self.out
        if self.details:
            d["details"] = self.details
        return d


def run_derek(docs: Sequence[FactRuDoc], pipeline: Any = None) -> list[Any]:
    """derek's Article for each document, in order (batched through ``Pipeline.map``)."""
    from .run import run_pipeline

    return run_pipeline([{"text": d.text} for d in docs], pipeline, [d.name for d in docs])


def evaluate_factru(
    folder: str | Path,
    track: int = 1,
    out: str | Path | None = None,
    natasha: bool = True,
    pipeline: Any = None,
    articles: Sequence[Any] | None = None,
    details: bool = False,
) -> FactRuReport:
    """Run derek over a FactRuEval folder, write ``book_N.task1``/``.task3`` to ``out``, and score them.

    Track 1 is scored with ``locorg`` as ``loc``; with ``natasha`` the
    NewsNERTagger baseline is scored on the same documents.
    """
    if track not in (1, 3):
        raise ValueError(f"track must be 1 or 3, not {track}")
    docs = read_folder(folder)
    if articles is None:
        articles = run_derek(docs, pipeline)
    out_dir = Path(out) if out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    if track == 1:
        responses = {d.name: article_mentions(a, d.text) for d, a in zip(docs, articles, strict=True)}
        if out_dir:
            for name, ms in responses.items():
                write_task1(out_dir / f"{name}.task1", ms)
            responses = {d.name: read_task1(out_dir / f"{d.name}.task1") for d in docs}
        derek_scores = score_track1(docs, responses)
        nat = None
        if natasha:
            nat = score_track1(docs, {d.name: natasha_mentions(d.text) for d in docs})
        report = FactRuReport(str(folder), 1, len(docs), derek_scores, nat, str(out_dir) if out_dir else None)
        if details:
            report.details = {d.name: track1_details(d, responses.get(d.name, ())) for d in docs}
        return report
    facts = {d.name: article_occupations(a) for d, a in zip(docs, articles, strict=True)}
    if out_dir:
        for name, fs in facts.items():
            write_task3(out_dir / f"{name}.task3", fs)
        resp = {d.name: read_task3(out_dir / f"{d.name}.task3") for d in docs}
    else:
        resp = {
            name: [Fact("occupation", [FactArg(k, {normalize_value(_clean_value(v))}) for k, v in f.items() if v])
                   for f in fs]
            for name, fs in facts.items()
        }
    report = FactRuReport(str(folder), 3, len(docs), {"occupation": score_track3(docs, resp)},
                          None, str(out_dir) if out_dir else None)
    if details:
        report.details = {d.name: track3_details(d, resp.get(d.name, [])) for d in docs if d.has_facts}
    return report
