"""slovnet_fast: the patched models hold navec's word list instead of their own copy, with the same ids."""

from __future__ import annotations

import pytest
from slovnet.vocab import Vocab

from derek.nlp import models
from derek.nlp.slovnet_fast import _share_vocab

WORDS = ["путин", "акимат", "алматы", "тоқаев", "zzzqqq", "<pad>", "<unk>", "", "в"]


@pytest.fixture(scope="module")
def stock_vocab():
    """A words vocabulary as slovnet loads it for the news NER model (its own copy)."""
    from natasha import NewsNERTagger

    return NewsNERTagger(models.embedding()).infer.encoder.words_vocab


@pytest.mark.parametrize("load", [models.morph_tagger, models.syntax_parser, models.ner_tagger])
def test_models_share_navec_words(load, stock_vocab):
    vocab = load().infer.encoder.words_vocab
    assert vocab.items is models.embedding().vocab.words
    assert vocab.items is not stock_vocab.items
    assert [vocab.encode(w) for w in WORDS] == [stock_vocab.encode(w) for w in WORDS]
    assert (vocab.unk_id, vocab.pad_id) == (stock_vocab.unk_id, stock_vocab.pad_id)


@pytest.mark.parametrize("items", [["a", "b", "<unk>", "<pad>"], []])
def test_a_different_vocab_is_left_alone(items):
    class Encoder:
        words_vocab = Vocab(items)

    enc = Encoder()
    before = enc.words_vocab.items
    _share_vocab(enc, models.embedding())
    assert enc.words_vocab.items is before
