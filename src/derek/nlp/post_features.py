"""The features the post linker scores a candidate by (:mod:`derek.nlp.post_link`), each one a person can read.

A person candidate: the names of the rules that proposed it, the post's head
(case, relation, lexicons), the distance and what lies between, the cases of
the post and of the name, the path between them in the parse (how many arcs,
whether the person is the subject of the verb the post hangs on, the two
relations), whether the person is in a list, how often and how prominently the
document names them. A place candidate: the rules, its entity type and case,
the distance and what lies between.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .ner import case, lemma
from .post_tagger import professions, ranks
from .posts import RELATIONAL, is_title, visibly_nominative

if TYPE_CHECKING:
    from .post_link import Candidate, SentView

def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


def post_head(toks: Sequence, post: tuple[int, int]):
    """The post's head: its first title word, else its first noun, else its first word."""
    span = toks[post[0]:post[1]]
    return next((t for t in span if is_title(t)), None) or next((t for t in span if t.pos == "NOUN"), span[0])


def _post_features(toks: Sequence, post: tuple[int, int]) -> dict[str, float]:
    head = post_head(toks, post)
    lem = lemma(head)
    return {f"head_case={case(head)}": 1.0, f"head_rel={head.rel}": 1.0,
            "head_title": float(is_title(head)), "head_profession": float(lem in professions()),
            "head_rank": float(lem in ranks() or lem.split("-")[0] in ranks()),
            f"post_len={_bucket(post[1] - post[0])}": 1.0,
            "post_first": float(post[0] == 0)}


def between(toks: Sequence, a: int, b: int, view: SentView, post: tuple[int, int]) -> dict[str, float]:
    gap = toks[a:b]
    return {"gap_comma": float(any(t.text == "," for t in gap)),
            "gap_verb": float(any(t.pos in ("VERB", "AUX") for t in gap)),
            "gap_and": float(any(t.text.lower() == "и" for t in gap)),
            "gap_dash": float(any(t.text in ("—", "–", "-") for t in gap)),
            "gap_paren": float(any(t.text in ("(", ")") for t in gap)),
            "gap_quote": float(any(t.text in ("«", "»", '"') for t in gap)),
            "gap_person": float(any(a <= m.i and m.j <= b for m in view.per)),
            "gap_title": float(any(is_title(t) for t in gap))}


def case_clash(toks: Sequence, c: Candidate, person) -> bool:
    """A name right next to the post in another case than the post, visibly so: «Указом главы государства
    Умирзак Шукеев освобожден» (a genitive post, a nominative name), «Ерболу Досаеву Президент …»."""
    m = c.target
    if c.sent_index != c.post_sent or not m.span.tokens:
        return False
    gap = toks[c.post[1]:m.i] if m.i >= c.post[1] else toks[m.j:c.post[0]]
    if any(t.pos not in ("ADJ", "NUM") for t in gap):
        return False  # only modifiers of the name between («главы государства 59-летний Умирзак Шукеев»)
    pc = case(post_head(toks, c.post))
    if pc == "Nom":  # the name as written is not its nominative: an oblique name beside a nominative post
        # «Ерболу Досаеву» for «Ербол Досаев»: as many words as the name, not the same ones
        written, named = m.span.text.lower().split(), (person.name.lower().split() if person is not None else [])
        return len(written) == len(named) and written != named and written[-1][:3] == named[-1][:3]
    return pc in ("Gen", "Dat", "Ins") and visibly_nominative(m.span.text, person)


def served(toks: Sequence, c: Candidate) -> bool:
    """«помощник Хиллари Клинтон»: a name the parser hangs on a relational post is the one served."""
    head = post_head(toks, c.post)
    first = c.target.span.tokens[0] if c.target.span.tokens else None
    return first is not None and lemma(head) in RELATIONAL and first.rel == "nmod" and first.head_id == head.id


def someone_elses(toks: Sequence, c: Candidate, person) -> bool:
    """«Указом Главы государства Дархан Сатыбалды назначен …»: an oblique post right before a name plainly in
    the nominative is someone else's (the rules' own convention)."""
    m = c.target
    return m.i >= c.post[1] and case(post_head(toks, c.post)) in ("Gen", "Dat", "Ins") and case_clash(toks, c, person)


def post_of_noun(toks: Sequence, post: tuple[int, int]) -> bool:
    """«вдова первого президента Наина Иосифовна»: the post is a genitive modifier of a noun outside it,
    so it describes someone else than the one that noun names."""
    head = post_head(toks, post)
    if head.rel != "nmod" or case(head) != "Gen":
        return False
    outside = [t for k, t in enumerate(toks) if t.id == head.head_id and not post[0] <= k < post[1]]
    return bool(outside) and outside[0].pos == "NOUN" and not is_title(outside[0])


TREE_STEPS = 12  # arcs followed up from a token before giving up (a cycle or a very deep parse)
SUBJECT_RELS = ("nsubj", "nsubj:pass")


def phrase_head(toks: Sequence, i: int, j: int):
    """The token of ``toks[i:j]`` whose head lies outside the range: the phrase's head in the parse."""
    ids = {t.id for t in toks[i:j]}
    return next((t for t in toks[i:j] if t.head_id not in ids), toks[i])


def ancestors(tok, by_id: dict) -> list:
    """The token, its head, the head's head … up to the root."""
    out, seen = [tok], {tok.id}
    while len(out) < TREE_STEPS:
        up = by_id.get(out[-1].head_id)
        if up is None or up.id in seen:
            break
        out.append(up)
        seen.add(up.id)
    return out


def tree_features(toks: Sequence, post: tuple[int, int], m) -> dict[str, float]:
    """The path between the post and the name in the parse: its length and shape, the two relations, whether
    the person is the subject of the verb the post hangs on («Иванов стал министром», «назначен послом»)."""
    by_id = {t.id: t for t in toks}
    ph, mh = phrase_head(toks, *post), phrase_head(toks, m.i, m.j)
    up_post, up_per = ancestors(ph, by_id), ancestors(mh, by_id)
    at = {t.id: k for k, t in enumerate(up_post)}
    meet = next(((k, t) for k, t in enumerate(up_per) if t.id in at), None)
    # «Министр … Калмуханбет Касымов рассказал»: a name in apposition to its title stands where the title does
    clause = by_id.get(mh.head_id) if mh.rel == "appos" and by_id.get(mh.head_id) is not None else mh
    subject = clause.rel in SUBJECT_RELS
    f = {"per_subject": float(subject), "per_conj": float(mh.rel == "conj"), "post_conj": float(ph.rel == "conj"),
         # «Касымов рассказал …, передает корреспондент Tengrinews.kz»: each the subject of a verb of its own
         "both_subjects": float(subject and ph.rel in SUBJECT_RELS and ph.head_id != clause.head_id)}
    if meet is None:
        f["tree_apart"] = 1.0
        return f
    k_per, lca = meet
    k_post = at[lca.id]
    f[f"tree={_bucket(k_per + k_post)}"] = 1.0
    f[f"tree_shape={min(k_post, 3)}|{min(k_per, 3)}"] = 1.0
    f["subject_of_post_verb"] = float(subject and k_per == 1 and k_post in (1, 2))
    if k_per + k_post <= 3:
        f[f"rels={mh.rel}|{ph.rel}"] = 1.0
    return f


def person_features(views: Sequence[SentView], s: int, c: Candidate, n_cands: int,
                    nearest: bool, mentions: int, rule_agrees: bool, person=None, top: bool = False) -> dict[str, float]:
    toks = views[s].toks
    f = {f"rule={r}": 1.0 for r in c.rules}
    f["top_person"] = float(top)
    f.update(_post_features(toks, c.post))
    f["bias"] = 1.0
    f[f"n_cands={_bucket(n_cands)}"] = 1.0
    f["nearest"] = float(nearest)
    f[f"mentions={_bucket(mentions)}"] = 1.0
    f["rule_position"] = float(rule_agrees)
    m = c.target
    f["case_clash"] = float(case_clash(toks, c, person))
    f["post_of_noun"] = float(post_of_noun(toks, c.post))
    f[f"per_case={case(m.span.tokens[0]) if m.span.tokens else None}"] = 1.0
    f[f"per_rel={m.span.tokens[0].rel if m.span.tokens else None}"] = 1.0
    if c.sent_index != s:
        f["other_sentence"] = 1.0
        return f
    after = m.i >= c.post[1]
    f["per_after"] = float(after)
    gap = m.i - c.post[1] if after else c.post[0] - m.j
    f[f"gap={'a' if after else 'b'}{_bucket(gap)}"] = 1.0
    f.update(between(toks, c.post[1], m.i, views[s], c.post) if after
             else between(toks, m.j, c.post[0], views[s], c.post))
    head = post_head(toks, c.post)
    f[f"cases={case(head)}|{case(m.span.tokens[0]) if m.span.tokens else None}"] = 1.0
    f.update(tree_features(toks, c.post, m))
    # pairs a linear model cannot make of its own: a name right after the post but past a verb or a comma
    # («… губернатора, отметил Минченко»), a name beside a post that describes a noun («супруге первого
    # президента — Наине Иосифовне»)
    near = bool(c.rules & {"name_after_post", "name_before_post"})
    f["near&verb"] = float(near and f.get("gap_verb", 0.0) > 0)
    f["near&comma"] = float(near and f.get("gap_comma", 0.0) > 0)
    f["near&post_of_noun"] = float(near and f["post_of_noun"] > 0)
    return f


def place_features(view: SentView, c: Candidate, n_cands: int, nearest: bool) -> dict[str, float]:
    toks = view.toks
    f = {f"rule={r}": 1.0 for r in c.rules}
    f.update(_post_features(toks, c.post))
    f["bias"] = 1.0
    m = c.target
    f[f"type={m.entity.type}"] = 1.0
    f[f"n_cands={_bucket(n_cands)}"] = 1.0
    f["nearest"] = float(nearest)
    first = m.span.tokens[0] if m.span.tokens else None
    f[f"place_case={case(first) if first is not None else None}"] = 1.0
    if "place_inside" not in c.rules:
        after = m.i >= c.post[1]
        gap = m.i - c.post[1] if after else c.post[0] - m.j
        f[f"gap={'a' if after else 'b'}{_bucket(gap)}"] = 1.0
        f.update(between(toks, c.post[1], m.i, view, c.post) if after else between(toks, m.j, c.post[0], view, c.post))
    f[f"type_case={m.entity.type}|{case(first) if first is not None else None}"] = 1.0
    return f


