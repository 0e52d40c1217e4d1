"""The Kazakh tagger (models/kk_ner-v1.crfsuite): loading, its format check, Kazakh names and
institutions in the nominative, and Kazakh sentences in a Russian article. The sentences are
written for these tests, not taken from any data set."""

from __future__ import annotations

import pytest

from derek.nlp import kazakh, kk_ner


@pytest.fixture(scope="module")
def tagger() -> kk_ner.KazakhTagger:
    return kk_ner.tagger()


def test_model_loads_with_the_classes_derek_reads(tagger):
    labels = set(tagger.labels)
    for cls in ("PERSON", "GPE", "LOCATION", "ORGANISATION", "POSITION"):
        assert f"B-{cls}" in labels and f"I-{cls}" in labels


@pytest.mark.parametrize("content, message", [
    (b"", "not a crfsuite model"),
    (b"token LABEL\n", "not a crfsuite model"),
    (b"lCRF" + b"\0" * 60, "not a CRF model"),
    (b"lCRF\x40\0\0\0FOMC" + b"\0" * 52, "truncated or damaged"),
])
def test_a_wrong_model_file_fails_clearly(tmp_path, content, message):
    bad = tmp_path / "kk_ner-v1.crfsuite"
    bad.write_bytes(content)
    with pytest.raises(kk_ner.ModelError) as err:
        kk_ner.KazakhTagger(bad).tag(["Тоқаев"])
    assert message in str(err.value) and str(bad) in str(err.value)


def test_a_missing_or_other_version_model_fails_clearly(tmp_path):
    with pytest.raises(kk_ner.ModelError, match="cannot read it"):
        kk_ner.KazakhTagger(tmp_path / "kk_ner-v1.crfsuite")
    other = tmp_path / "kk_ner-v9.crfsuite"
    other.write_bytes(kk_ner.MODEL_PATH.read_bytes())
    with pytest.raises(kk_ner.ModelError, match="does not match"):
        kk_ner.KazakhTagger(other)


@pytest.mark.parametrize("word, nominative", [
    ("Тоқаевтың", "Тоқаев"),
    ("Тоқаевқа", "Тоқаев"),
    ("Тоқаевты", "Тоқаев"),
    ("Тоқаевпен", "Тоқаев"),
    ("министрлігіне", "министрлігі"),
    ("министрлігі", "министрлігі"),
    ("облысының", "облысы"),
    ("облысында", "облысы"),
    ("Алматыда", "Алматы"),
    ("Алматы", "Алматы"),
    ("Қазақстанның", "Қазақстан"),
    ("Астанаға", "Астана"),
    ("Астана", "Астана"),
    ("Қарағанды", "Қарағанды"),
    ("Президенті", "Президенті"),
    ("Президентті", "Президент"),
    ("Әбішұлына", "Әбішұлы"),
    ("Нұрсұлтан", "Нұрсұлтан"),
])
def test_nominative(word, nominative):
    assert kazakh.nominative(word) == nominative


@pytest.mark.parametrize("words, first, middle, last, gender", [
    ("Қасым-Жомарт Кемелұлы Тоқаев", "Қасым-Жомарт", "Кемелұлы", "Тоқаев", "m"),
    ("Салтанат Нұрланқызы Әбенова", "Салтанат", "Нұрланқызы", "Әбенова", "f"),
    ("Мейіржан Серікбосынұлы", "Мейіржан", "Серікбосынұлы", None, "m"),
    ("Тоқаев", None, None, "Тоқаев", "m"),
])
def test_kazakh_name_parts(words, first, middle, last, gender):
    np = kazakh.name_parts(words.split())
    assert (np.name, np.first, np.middle, np.last, np.gender) == (words, first, middle, last, gender)


@pytest.mark.parametrize("words, names", [
    ("Мұрат Нұртілеу Сенат", ["Мұрат Нұртілеу"]),  # a listed body after the name
    ("Ермек Маржықпаев Республикамыздың", ["Ермек Маржықпаев"]),  # a surname, then no name
    ("Көпбаевтың Сыздықбеков", ["Көпбаевтың", "Сыздықбеков"]),  # a surname in the genitive ends a name
    ("Айнадин Молдабеков", ["Айнадин Молдабеков"]),  # «-дин» of a first name is not «-дің»
    ("Қасым-Жомарт Кемелұлы Тоқаевқа", ["Қасым-Жомарт Кемелұлы Тоқаевқа"]),
    ("Журналистер Тоқаевтың", ["Тоқаевтың"]),  # a plural noun opening the sentence
    ("Жарлығымен Ерлан Сапаров", ["Ерлан Сапаров"]),  # a case-marked common noun before the name
    ("Айдар Сейітжанов", ["Айдар Сейітжанов"]),  # «-дар» of a first name is not a plural
    ("Жеңіс Қасымбек БАҚ-та", ["Жеңіс Қасымбек"]),  # an acronym with a case ending
])
def test_split_person(words, names):
    w = words.split()
    assert [" ".join(w[a:b]) for a, b in kk_ner.split_person(w, 0, len(w))] == names


@pytest.mark.parametrize("text, expected", [
    ("Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев бүгін Ақордада Үкімет мүшелерімен кездесті.",
     {("PER", "Қасым-Жомарт Тоқаев"), ("ORG", "Үкімет")}),
    ("Ауыл шаруашылығы министрі Айдар Сейітжанов Қостанай облысына жұмыс сапарымен барды.",
     {("PER", "Айдар Сейітжанов"), ("LOC", "Қостанай облысы")}),
    ("Журналистер Тоқаевтың сөзін Астанадан таратты.", {("PER", "Тоқаев"), ("LOC", "Астана")}),
    ("Жиынға Денсаулық сақтау министрлігінің өкілдері қатысты.", {("ORG", "Денсаулық сақтау министрлігі")}),
    ("Бақытжан Сапаров Павлодар облысының әкімі болып тағайындалды.",
     {("PER", "Бақытжан Сапаров")}),
])
def test_kazakh_sentences(pipeline, text, expected):
    art = pipeline.extract(text)
    assert art.lang == "kk"
    found = {(e.type, e.name) for e in art.entities}
    assert expected <= found, found
    for e in art.entities:
        for m in e.mentions:
            assert art.text[m.start:m.end] == m.text


def test_mixed_article_takes_each_sentence_by_its_language(pipeline):
    text = ("Президент Казахстана Касым-Жомарт Токаев провёл совещание в Астане. "
            "Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметке бірқатар тапсырма берді.")
    art = pipeline.extract(text)
    persons = [e for e in art.entities if e.type == "PER"]
    assert len(persons) == 1, [(e.name, [m.text for m in e.mentions]) for e in persons]
    assert {m.text for m in persons[0].mentions} == {"Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев"}
    assert ("LOC", "Астана") in {(e.type, e.name) for e in art.entities}


@pytest.mark.parametrize("sentence, article_lang, kazakh_sentence", [
    ("Мемлекет басшысы Үкіметке тапсырма берді.", "kk", True),
    ("Президент провёл совещание в Астане.", "kk", False),  # a Russian sentence in a Kazakh article
    ("Токаев встретился с Қасымовым в Астане.", "ru", False),  # a Kazakh name in a Russian sentence
    ("Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметке тапсырма берді.", "ru", True),
    ("Президент Казахстана провёл совещание.", "ru", False),
    # a Kazakh title in quotation marks inside a Russian sentence is a name, not the sentence's language
    ("В Доме науки прошёл форум «Білім – болашақтың кілті» для учителей области.", "ru", False),
    ("Министр открыл выставку «Ұлы дала елі».", "ru", False),
])
def test_sentence_language(sentence, article_lang, kazakh_sentence):
    assert kazakh.sentence_is_kazakh(sentence, article_lang) is kazakh_sentence


def test_the_corpus_links_kazakh_and_russian_spellings_of_a_name(pipeline, tmp_path):
    from derek.corpus import queries
    from derek.corpus.ingest import Ingestor
    from derek.corpus.store import Store

    ru = pipeline.extract("Президент Казахстана Касым-Жомарт Токаев провёл совещание в Астане.")
    kk = pipeline.extract("Мемлекет басшысы Қасым-Жомарт Тоқаев Үкіметке бірқатар тапсырма берді.")
    kk_short = pipeline.extract("Тоқаевтың айтуынша, жұмысты жеделдету керек.")
    store = Store(tmp_path / "kk.db")
    try:
        Ingestor(store).add_many([ru, kk, kk_short])
        people = queries.list_people(store)["items"]
        assert len(people) == 1 and people[0]["articles"] == 3, people
        assert queries.find_person(store, "Тоқаев") == queries.find_person(store, "Токаев")
    finally:
        store.close()


def test_a_crf_model_of_other_labels_is_refused(tmp_path):
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([{"w": "a"}, {"w": "b"}], ["X", "Y"])
    path = tmp_path / "kk_ner-v1.crfsuite"
    trainer.train(str(path))
    with pytest.raises(kk_ner.ModelError, match="not of KazNERD classes"):
        kk_ner.KazakhTagger(path)
