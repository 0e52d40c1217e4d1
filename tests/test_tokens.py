"""TokenStage.map batches slovnet across documents; each Doc must come out as natasha makes it one by one."""

from __future__ import annotations

import pytest
from natasha import Doc

from conftest import FACTRU_DEV, need_shared
from derek.article import Article
from derek.nlp import models
from derek.nlp.tokens import TokenStage, _parse_tag
from derek.stage import Work

EDGE_TEXTS = [
    "",
    "   \n\n ",
    "Один.",
    "Тоқаев Қасым-Жомарт Кемелұлы сказал: «Әбішев, приходите!» — и ушёл.",
    "...\n\n— ?!",
]


@pytest.fixture(scope="module")
def stock():
    """natasha's own models, without derek's faster layers: the reference."""
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser

    emb = NewsEmbedding()
    return {"morph": NewsMorphTagger(emb), "syntax": NewsSyntaxParser(emb), "ner": NewsNERTagger(emb)}


def natasha_doc(text: str, stock: dict) -> Doc:
    doc = Doc(text)
    doc.segment(models.segmenter())
    if doc.tokens:
        doc.tag_morph(stock["morph"])
        doc.parse_syntax(stock["syntax"])
    return doc


def annotations(doc: Doc) -> tuple:
    toks = [(t.start, t.stop, t.text, t.pos, t.feats, t.id, t.head_id, t.rel) for t in doc.tokens or []]
    sents = [(s.start, s.stop, [t.text for t in s.tokens]) for s in doc.sents or []]
    return toks, sents


@pytest.fixture(scope="module")
def texts() -> list[str]:
    need_shared()
    return [p.read_text(encoding="utf-8") for p in sorted(FACTRU_DEV.glob("*.txt"))[:30]] + EDGE_TEXTS


@pytest.mark.parametrize("batch", [1, 7, 40])
def test_map_equals_natasha_one_by_one(texts, batch, stock):
    stage = TokenStage()
    works = [Work(article=Article(text=t)) for t in texts]
    done: list[Work] = []
    for i in range(0, len(works), batch):
        done.extend(stage.map(works[i:i + batch]))
    assert [w.article.text for w in done] == texts
    for text, w in zip(texts, done, strict=True):
        assert annotations(w.doc) == annotations(natasha_doc(text, stock)), text[:60]
    assert sum(len(w.doc.tokens) for w in done) > 5000


def test_feats_are_not_shared_between_tokens(texts):
    (w,) = TokenStage().map([Work(article=Article(text=texts[0]))])
    feats = [t.feats for t in w.doc.tokens if t.feats]
    assert len({id(f) for f in feats}) == len(feats)


def test_call_is_map_of_one(texts, stock):
    stage = TokenStage()
    w = stage(Work(article=Article(text=texts[1])))
    assert annotations(w.doc) == annotations(natasha_doc(texts[1], stock))


def test_ner_tagger_equals_stock(texts, stock):
    fast = models.ner_tagger()
    assert fast is not stock["ner"]
    texts = [t for t in texts if t.strip()]  # slovnet's NER fails on blank text either way; callers skip it
    spans = [fast(t).spans for t in texts]
    assert spans == [stock["ner"](t).spans for t in texts]
    assert sum(len(s) for s in spans) > 300


def test_without_syntax(texts):
    (w,) = TokenStage(syntax=False).map([Work(article=Article(text=texts[2]))])
    assert all(t.pos for t in w.doc.tokens)
    assert all(t.head_id is None for t in w.doc.tokens)


@pytest.mark.parametrize(
    ("tag", "want"),
    [("PUNCT", ("PUNCT", {})), ("NOUN|Case=Nom|Gender=Fem", ("NOUN", {"Case": "Nom", "Gender": "Fem"}))],
)
def test_parse_tag(tag, want):
    assert _parse_tag(tag) == want


def test_pymorphy_uses_the_c_dawg():
    """dawg2 (a dependency) gives pymorphy2, under natasha's MorphVocab, the C DAWG: same parses, faster."""
    import pymorphy2.dawg

    assert pymorphy2.dawg.EXTENSION_AVAILABLE
    forms = models.morph_vocab()("акима")
    assert any(f.normal == "аким" for f in forms)


def _span_tuples(spans) -> list[tuple]:
    return [(s.start, s.end if hasattr(s, "end") else s.stop, s.type) for s in spans]


@pytest.mark.parametrize("batch", [1, 3, 16])
def test_ner_over_a_batch_of_docs_equals_stock_on_each_text(texts, batch, stock):
    """NerStage tags a batch's documents at once, fed the tokens stage's tokens (folded), sorted by
    length: each text's spans are stock slovnet's on the Kazakh-folded text."""
    from derek.nlp.names import fold
    from derek.nlp.ner import tag_docs

    texts = [t for t in texts if t.strip()]
    works = list(TokenStage(syntax=False).map([Work(article=Article(text=t)) for t in texts]))
    got = []
    for i in range(0, len(works), batch):
        chunk = works[i:i + batch]
        got.extend(tag_docs([w.article.text for w in chunk], [w.doc for w in chunk]))
    want = [_span_tuples(stock["ner"](fold(t)).spans) for t in texts]
    assert [_span_tuples(s) for s in got] == want
    assert sum(len(s) for s in want) > 300


@pytest.mark.parametrize(
    "text",
    [
        "Бұл туралы Googleға хат жолдаған Айгүл Серікқызы айтты.",
        "Қасым-Жомарт Тоқаев Facebookқа жазба қалдырды.",
    ],
)
def test_ner_where_folding_changes_razdels_cut(text, stock):
    """A Kazakh letter joins a Latin neighbour in razdel («Googleға»), its folded look-alike does
    not: such a text is tokenized again, folded, for the NER, as stock slovnet sees it."""
    from slovnet.token import tokenize

    from derek.nlp.names import fold
    from derek.nlp.ner import tag_docs

    assert [t.text for t in tokenize(text)] != [t.text for t in tokenize(fold(text))]  # the case is real
    (w,) = TokenStage(syntax=False).map([Work(article=Article(text=text))])
    (got,) = tag_docs([text], [w.doc])
    assert _span_tuples(got) == _span_tuples(stock["ner"](fold(text)).spans)
