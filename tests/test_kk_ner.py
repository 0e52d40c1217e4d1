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
    other.write_bytes(kk_ner.CRF_PATH.read_bytes())
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
    ("Қазақстан Республикасының Президенті Қасым-Жомарт Тоқаев бүгін Үкімет мүшелерімен кездесті.",
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


# ---- the neural tagger (kk_ner-v2.npz) -------------------------------------------------------

NET_PATH = kk_ner.MODEL_PATH.parent / "kk_ner-v2.npz"


@pytest.fixture(scope="module")
def net() -> kk_ner.KazakhTagger:
    return kk_ner.KazakhTagger(NET_PATH)


def _spans(tagger: kk_ner.KazakhTagger, sentence: str) -> set[tuple[str, str]]:
    words = sentence.split()
    return {(sp.label, " ".join(words[sp.start:sp.end])) for sp in tagger.spans(words)}


@pytest.mark.parametrize("sentence, expected", [
    ("Қасым-Жомарт Тоқаев бүгін Астанада Үкімет отырысын өткізді .",
     {("PERSON", "Қасым-Жомарт Тоқаев"), ("GPE", "Астанада")}),
    ("Ауыл шаруашылығы министрі Айдар Сейітжанов Қостанай облысына барды .",
     {("POSITION", "Ауыл шаруашылығы министрі"), ("PERSON", "Айдар Сейітжанов")}),
    ("Жиынға Денсаулық сақтау министрлігінің өкілдері қатысты .",
     {("ORGANISATION", "Денсаулық сақтау министрлігінің")}),
    ("Алматы қаласының әкімі Ерболат Досаев тұрғындармен кездесті .",
     {("PERSON", "Ерболат Досаев")}),
    ("Павлодар облысында 2024 жылы жаңа мектеп ашылды .", {("GPE", "Павлодар облысында")}),
])
def test_the_network_finds_the_names_of_kazakh_sentences(net, sentence, expected):
    found = _spans(net, sentence)
    assert expected <= found, found


def test_the_network_tags_sentences_together_as_one_by_one(net):
    sentences = [s.split() for s in (
        "Тоқаев Ақордада кездесті .", "Бүгін Шымкент қаласында жаңа аурухана ашылды .",
        "Премьер-министр Олжас Бектенов Үкімет отырысында баяндама жасады .", "")]
    assert net.tag_many(sentences) == [net.tag(s) for s in sentences]
    assert all(len(labels) == len(words) for labels, words in zip(net.tag_many(sentences), sentences, strict=True))


def test_two_threads_tag_at_once(net):
    from concurrent.futures import ThreadPoolExecutor

    sentences = [f"{name} {place} қаласында сөз сөйледі .".split()
                 for name in ("Ерлан Қошанов", "Маулен Әшімбаев", "Әлихан Смайылов")
                 for place in ("Алматы", "Астана", "Ақтөбе")] * 4
    alone = [net.tag(s) for s in sentences]
    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(net.tag, sentences)) == alone


def _npz_like_the_model(tmp_path, name: str = "kk_ner-v2.npz", **changes):
    import numpy as np

    with np.load(NET_PATH) as data:
        arrays = {k: data[k] for k in data.files}
    for k, v in changes.items():
        if v is None:
            arrays.pop(k)
        else:
            arrays[k] = np.array(v)
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize("changes, message", [
    ({"format": "something-else"}, "format something-else version 2"),
    ({"version": "1"}, "version 1, this derek reads"),
    ({"features": "kk-ner-net-features/0"}, "built with features kk-ner-net-features/0"),
    ({"dense_names": ["title"]}, "built with features"),
    ({"crf_trans": None}, "damaged, no crf_trans"),
    ({"labels": ["O", "B-PERSON"]}, "labels but"),
    ({"format": None}, "no «format» entry"),
])
def test_a_network_file_of_another_format_fails_clearly(tmp_path, changes, message):
    path = _npz_like_the_model(tmp_path, **changes)
    with pytest.raises(kk_ner.ModelError) as err:
        kk_ner.KazakhTagger(path)
    assert message in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize("name, content, message", [
    ("kk_ner-v2.npz", b"not a zip file", "cannot read it as .npz"),
    ("kk_ner-v2.npz", b"", "cannot read it as .npz"),
    ("kk_ner-v3.npz", None, "does not match"),
    ("kk_ner-v2.bin", b"", "neither a .npz network nor a .crfsuite CRF"),
])
def test_a_wrong_network_file_fails_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(NET_PATH.read_bytes() if content is None else content)
    with pytest.raises(kk_ner.ModelError) as err:
        kk_ner.KazakhTagger(path)
    assert message in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize("words, labels, expected", [
    # a dash inside a post, a person or a place parts two of them
    ("Президенттің кеңесшісі – Президенттің баспасөз хатшысы Берік Уәли",
     "B-POSITION I-POSITION I-POSITION I-POSITION I-POSITION I-POSITION B-PERSON I-PERSON",
     [("POSITION", "Президенттің кеңесшісі"), ("POSITION", "Президенттің баспасөз хатшысы"),
      ("PERSON", "Берік Уәли")]),
    ("2020 – 2021 жылдары", "B-DATE I-DATE I-DATE I-DATE", [("DATE", "2020 – 2021 жылдары")]),  # a date keeps it
    # the last word of a person before «ауданы», «облысы», «қаласы» is the place's name
    ("Мейіржан Серікбосынұлы Смағұлов Абай ауданының әкімі",
     "B-PERSON I-PERSON I-PERSON I-PERSON O B-POSITION",
     [("PERSON", "Мейіржан Серікбосынұлы Смағұлов"), ("GPE", "Абай"), ("POSITION", "әкімі")]),
    ("Абай облысының әкімі", "B-PERSON O O", [("GPE", "Абай")]),
    ("Марат Тоқаев облыс әкімдерімен кездесті", "B-PERSON I-PERSON O O O",  # a surname before «облыс» stays
     [("PERSON", "Марат Тоқаев")]),
])
def test_span_rules_after_the_tagger(words, labels, expected):
    w = words.split()
    spans = kk_ner.KazakhTagger._spans(w, labels.split())
    assert [(sp.label, " ".join(w[sp.start:sp.end])) for sp in spans] == expected


@pytest.mark.parametrize("env, name", [
    ("", "kk_ner-v1.crfsuite"),  # the CRF is the default
    ("kk_ner-v2.npz", "kk_ner-v2.npz"),  # a file name in derek's models/
    ("  kk_ner-v1.crfsuite ", "kk_ner-v1.crfsuite"),
])
def test_the_model_the_process_loads(monkeypatch, env, name):
    monkeypatch.setenv(kk_ner.MODEL_ENV, env)
    path = kk_ner.model_path()
    assert path == kk_ner.MODEL_PATH.parent / name and path.is_file()
    assert kk_ner.KazakhTagger(path).tag("Тоқаев Астанада сөйледі .".split())[0] == "B-PERSON"


def test_a_model_path_from_the_environment_is_taken_as_written(monkeypatch, tmp_path):
    monkeypatch.setenv(kk_ner.MODEL_ENV, str(tmp_path / "kk_ner-v2.npz"))
    assert kk_ner.model_path() == tmp_path / "kk_ner-v2.npz"
    with pytest.raises(kk_ner.ModelError, match="cannot read it"):
        kk_ner.KazakhTagger(kk_ner.model_path())
