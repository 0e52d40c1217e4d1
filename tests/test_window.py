"""Long texts in windows (derek.window): the cut, the merged Article's offsets, people and quotes.

Inputs are real development texts (kznews, kk-news/dev, the FactRuEval devset, NEREL train)
joined into texts longer than a window. Speed and memory are measured by benchmarks/linear.py,
not here.
"""

from __future__ import annotations

import json

import pytest

from conftest import FACTRU_DEV, KZNEWS, SHARED, need_shared
from derek import Pipeline
from derek.article import Article
from derek.errors import PipelineError
from derek.window import WINDOW_CHARS, cut_windows
from derek.window_keys import blocks

SEP = "\n\n"


def _kznews_bodies() -> list[str]:
    return [json.loads(p.read_text(encoding="utf-8"))["text"].strip() for p in sorted(KZNEWS.glob("*.json"))]


def _factru_bodies() -> list[str]:
    return [p.read_text(encoding="utf-8").strip() for p in sorted(FACTRU_DEV.glob("book_*.txt"))]


def joined(bodies: list[str], over: int) -> tuple[str, list[int]]:
    """Bodies joined by blank lines until the text is longer than ``over``; the start of each."""
    parts, starts, n = [], [], 0
    for b in bodies:
        starts.append(n)
        parts.append(b)
        n += len(b) + len(SEP)
        if n > over:
            break
    return SEP.join(parts), starts


@pytest.fixture(scope="module")
def long_news(pipeline) -> tuple[str, list[str], list[int]]:
    """kznews articles, then FactRuEval devset documents, each as the clean step leaves it (its
    dateline and source line off), joined to just over one window."""
    need_shared()
    bodies = [pipeline.start(b).article.text for b in _kznews_bodies() + _factru_bodies()]
    text, starts = joined(bodies, WINDOW_CHARS + 6_000)
    assert pipeline.start(text).article.text == text
    return text, bodies[: len(starts)], starts


@pytest.fixture(scope="module")
def long_article(pipeline, long_news) -> Article:
    return pipeline.extract(long_news[0])


# -- the cut ----------------------------------------------------------------

CUTS = [
    # (name, text maker, window size, what every window but the last ends with)
    ("paragraphs", lambda: SEP.join(_kznews_bodies()[:6]), 2_000, "\n"),
    ("one line of sentences", lambda: " ".join(_kznews_bodies()[:3]).replace("\n", " "), 1_000, " "),
    ("no space at all", lambda: "!?.,;:—" * 500, 700, None),
]


@pytest.mark.parametrize("name,make,size,ends", CUTS, ids=[c[0] for c in CUTS])
def test_windows_cover_the_text_at_boundaries(name, make, size, ends):
    need_shared()
    text = make()
    wins = cut_windows(text, size)
    assert len(wins) > 1
    assert wins[0][0] == 0 and wins[-1][1] == len(text)
    assert all(a < b <= a + size for a, b in wins)
    assert all(wins[i][1] == wins[i + 1][0] for i in range(len(wins) - 1))
    for a, b in wins[:-1]:
        if ends is None:
            assert b - a == size  # nowhere to cut: at the size
        else:
            assert text[b - 1] == ends and b - a > size // 2


def test_paragraph_break_is_preferred_to_a_line_break():
    need_shared()
    text = SEP.join(_kznews_bodies()[:8])
    for a, b in cut_windows(text, 3_000)[:-1]:
        if SEP in text[a + 1_500 : b]:
            assert text[b - 2 : b] == SEP


def test_window_size_must_be_usable():
    with pytest.raises(ValueError, match="at least 2"):
        cut_windows("Текст.", 1)
    with pytest.raises(PipelineError, match="window_chars"):
        Pipeline(stages=[], window_chars=0)


# -- the merged Article ---------------------------------------------------------


def test_long_text_offsets_index_the_whole_text(long_news, long_article):
    text = long_news[0]
    art = long_article
    assert len(text) > WINDOW_CHARS and art.text == text
    mentions = [m for e in art.entities for m in e.mentions]
    assert len(mentions) > 300 and len(art.quotes) > 20
    assert any(m.start > WINDOW_CHARS for m in mentions)
    for m in mentions:
        assert art.text[m.start : m.end] == m.text
    for q in art.quotes:
        assert art.text[q.start : q.end] == q.text
        if q.cue_start is not None and q.cue:
            assert art.text[q.cue_start : q.cue_end] == q.cue
    evidence = [q for p in art.people for q in p.positions if q.start is not None]
    assert len(evidence) > 20
    for q in evidence:
        assert art.text[q.start : q.end] == q.evidence
    ids = [e.id for e in art.entities]
    assert ids == [f"T{i}" for i in range(1, len(ids) + 1)]
    assert {q.speaker_entity for q in art.quotes if q.speaker_entity} <= set(ids)
    assert {p.entity for p in art.people} <= set(ids)


def _found_share(pipeline, long_news, long_article) -> tuple[float, float, float]:
    """Of the people mentions, quotes and positions each part gives alone, the share the long
    text gives at the same (shifted) offsets."""
    _, bodies, starts = long_news
    per_at = {(m.start, m.end) for e in long_article.entities if e.type == "PER" for m in e.mentions}
    quotes_at = {(q.start, q.end) for q in long_article.quotes}
    posts_at = {(q.start, q.end, q.title) for p in long_article.people for q in p.positions}
    got = [[0, 0], [0, 0], [0, 0]]
    for body, off in zip(bodies, starts, strict=True):
        alone = pipeline.extract(body)
        assert alone.text == body
        for k, (have, want) in enumerate((
            (per_at, [(m.start + off, m.end + off) for e in alone.entities if e.type == "PER" for m in e.mentions]),
            (quotes_at, [(q.start + off, q.end + off) for q in alone.quotes]),
            (posts_at, [(q.start + off, q.end + off, q.title) for p in alone.people for q in p.positions
                        if q.start is not None]),
        )):
            got[k][0] += sum(x in have for x in want)
            got[k][1] += len(want)
    assert all(n > 10 for _, n in got)
    return tuple(a / n for a, n in got)  # type: ignore[return-value]


def test_long_text_gives_the_people_quotes_and_posts_of_its_parts(pipeline, long_news, long_article):
    people, quotes, posts = _found_share(pipeline, long_news, long_article)
    assert people >= 0.98  # 1.0 when written
    assert quotes >= 0.95  # 1.0
    assert posts >= 0.88  # 0.91: a post's place or organization may come from another part's text


NEREL_LONG = ["1109", "1106", "37695_text"]  # three of NEREL train's longest documents (7.5–13 K characters)


def _person_of(a: Article) -> dict[tuple[int, int], str]:
    return {(m.start, m.end): e.id for e in a.entities if e.type == "PER" for m in e.mentions}


@pytest.mark.parametrize("doc", NEREL_LONG)
def test_same_person_across_windows_is_one_person(pipeline, doc):
    """In windows of 5,000 characters the people mentions are those of the whole text, grouped
    into the same people (two mentions are one person in one exactly when they are in the other),
    and some person is named in more than one window."""
    need_shared()
    text = (SHARED / "nerel" / "train" / f"{doc}.txt").read_text(encoding="utf-8")
    small = Pipeline(stages=pipeline.stages, window_chars=5_000)
    whole, windowed = pipeline.extract(text), small.extract(text)
    wins = cut_windows(windowed.text, 5_000)
    assert len(wins) >= 2
    a, b = _person_of(whole), _person_of(windowed)
    both = sorted(set(a) & set(b))
    assert len(both) >= 0.95 * len(a) and len(both) >= 0.95 * len(b)
    for i, m in enumerate(both):
        for n in both[i + 1 :]:
            assert (a[m] == a[n]) == (b[m] == b[n]), (text[m[0] : m[1]], text[n[0] : n[1]])

    def window_of(pos: int) -> int:
        return next(i for i, (s, e) in enumerate(wins) if s <= pos < e)

    spread = [e for e in windowed.entities if e.type == "PER" and len({window_of(m.start) for m in e.mentions}) > 1]
    assert spread
    names = {p.name for p in windowed.people}
    assert all(e.name in names for e in spread)
    assert len(windowed.people) == len({p.entity for p in windowed.people})


def test_short_text_is_not_windowed(pipeline, long_news):
    """A text of at most a window is the Article the stages give on the whole text."""
    text = long_news[0][:WINDOW_CHARS]
    text = text[: text.rfind("\n")]
    unwindowed = Pipeline(stages=pipeline.stages, window_chars=10 * WINDOW_CHARS)
    assert pipeline.extract(text).to_dict() == unwindowed.extract(text).to_dict()


def test_blocked_grouping_is_the_grouping_of_all_spans(pipeline, long_news):
    """Grouping block by block gives the entities that grouping every span of the text at once gives."""
    from derek.nlp.ner import org_abbreviations
    from derek.pipeline import run_stages

    ner = next(st for st in pipeline.stages if st.name == "ner")
    work = run_stages(pipeline.stages[:3], [pipeline.start(long_news[0])])[0]
    spans = work.spans
    bl = list(blocks(spans, org_abbreviations()))
    assert len(bl) > 50 and sum(map(len, bl)) == len(spans)

    def sig(ents) -> list:
        return sorted((e.type, e.name, [(m.start, m.end) for m in e.mentions], sorted(e.aliases)) for e in ents)

    assert sig([e for b in bl for e in ner.group(b)]) == sig(ner.group(spans))
