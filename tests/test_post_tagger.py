"""The trained post tagger and linker: B/I/O spans, kinds, posts and professions on sentences of our own, model checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from derek.errors import PipelineError
from derek.nlp import post_link, post_positions, post_tagger


@pytest.mark.parametrize(("labels", "spans"), [
    (["O", "B", "I", "O"], [(1, 3)]),
    (["B", "B", "I"], [(0, 1), (1, 3)]),
    (["I", "I", "O", "B"], [(0, 2), (3, 4)]),
    (["O", "O"], []),
])
def test_bio_spans(labels: list[str], spans: list[tuple[int, int]]) -> None:
    assert post_tagger.bio_spans(labels) == spans


@pytest.mark.parametrize(("title", "org", "place", "kind"), [
    ("полковник", None, None, "rank"),
    ("генерал-майор", "Министерство обороны", None, "rank"),
    ("поэт", None, None, "profession"),
    ("хирург", None, None, "profession"),
    ("министр финансов", None, "Россия", "post"),
    ("аким", "акимат города Алматы", "Алматы", "post"),
    ("президент", None, None, "post"),
    ("бывший министр", None, None, "post"),
    ("журналист", None, None, "profession"),
])
def test_title_kind(title: str, org: str | None, place: str | None, kind: str) -> None:
    assert post_positions.title_kind(title, org, place) == kind


# sentence, person, a word the title holds, its kind
CASES = [
    ("Известный поэт Иван Петров прочитал новые стихи в Доме литераторов.", "Иван Петров", "поэт", "profession"),
    ("Хирург Ольга Смирнова провела сложную операцию в областной больнице.", "Ольга Смирнова", "хирург", "profession"),
    ("Полковник Сергей Волков рассказал журналистам об учениях.", "Сергей Волков", "полковник", "rank"),
    ("Пловчиха Анна Белова выиграла золотую медаль чемпионата Европы.", "Анна Белова", "пловчиха", "profession"),
    ("Главный тренер клуба «Спартак» Виктор Орлов объявил состав команды.", "Виктор Орлов", "тренер", "post"),
]


@pytest.mark.parametrize(("text", "person", "word", "kind"), CASES)
def test_posts_the_tagger_finds(pipeline, text: str, person: str, word: str, kind: str) -> None:
    art = pipeline.extract(text)
    p = art.person(person)
    assert p is not None, [x.name for x in art.people]
    found = [q for q in p.positions if word in q.title]
    assert found, [(q.title, q.kind) for q in p.positions]
    assert found[0].kind == kind
    assert word in (found[0].evidence or "").lower()


def test_tagger_spans_on_a_sentence(pipeline) -> None:
    from derek.stage import Work  # noqa: F401 - the pipeline's working document

    text = "Вчера министр иностранных дел Сергей Иванов встретился с журналистами."
    work = pipeline.run([pipeline.start(text)])[0]
    toks = work.doc.sents[0].tokens
    by_tok = post_tagger.spans_by_token(work.spans)
    spans = post_tagger.default_tagger().spans(toks, post_tagger.ner_tags(toks, by_tok))
    phrases = [" ".join(t.text for t in toks[i:j]) for i, j in spans]
    assert any(p.startswith("министр") for p in phrases), phrases
    assert not any("Иванов" in p for p in phrases)


def test_no_person_no_post(pipeline) -> None:
    art = pipeline.extract("Министр финансов выступил на заседании правительства.")
    assert all(not p.positions for p in art.people)


TAGGER, LINKER = post_tagger.MODEL_NAME, post_link.LINK_NAME


def _copy_models(tmp_path: Path) -> Path:
    for name in (f"{TAGGER}.crfsuite", f"{TAGGER}.json", f"{LINKER}.json"):
        shutil.copy(post_tagger.MODELS / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("change", [{"format": "other"}, {"features": 999}])
def test_tagger_card_checked(tmp_path: Path, change: dict) -> None:
    folder = _copy_models(tmp_path)
    card = folder / f"{TAGGER}.json"
    card.write_text(json.dumps({**json.loads(card.read_text()), **change}), encoding="utf-8")
    with pytest.raises(PipelineError, match=f"{TAGGER}.json"):
        post_tagger.PostTagger(folder=folder)


def test_tagger_model_checked(tmp_path: Path) -> None:
    folder = _copy_models(tmp_path)
    (folder / f"{TAGGER}.crfsuite").write_bytes(b"not a model")
    with pytest.raises(PipelineError, match="not a crfsuite model"):
        post_tagger.PostTagger(folder=folder)


@pytest.mark.parametrize("change", [{"format": "other"}, {"features": 0}])
def test_linker_version_checked(tmp_path: Path, change: dict) -> None:
    folder = _copy_models(tmp_path)
    path = folder / f"{LINKER}.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), **change}), encoding="utf-8")
    with pytest.raises(PipelineError, match=f"{LINKER}.json"):
        post_link.LinkModel(folder=folder)


def test_linker_missing(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="cannot read the post linker"):
        post_link.LinkModel(folder=tmp_path)


def _sentence(pipeline, text: str):
    work = pipeline.run([pipeline.start(text)])[0]
    views = post_link.doc_views(work.doc.sents, work.spans, work.article.entities)
    return work, views


def _span(toks, words: str) -> tuple[int, int]:
    """The token range of ``words`` (space-separated tokens as written) in ``toks``."""
    ws = words.split()
    for i in range(len(toks) - len(ws) + 1):
        if [t.text for t in toks[i:i + len(ws)]] == ws:
            return i, i + len(ws)
    raise AssertionError(f"{words!r} not in {[t.text for t in toks]}")


# sentence, the post as written, the person, the parse feature that must be on
TREE_CASES = [
    ("Вчера Иван Петров стал министром финансов.", "министром финансов", "Иван Петров", "subject_of_post_verb"),
    ("Сергей Орлов назначен послом в Италии.", "послом", "Сергей Орлов", "subject_of_post_verb"),
    ("Министр внутренних дел Аскар Нуров рассказал о паводках, передает корреспондент агентства.",
     "корреспондент агентства", "Аскар Нуров", "both_subjects"),
]


@pytest.mark.parametrize(("text", "post", "person", "feature"), TREE_CASES)
def test_parse_path_features(pipeline, text: str, post: str, person: str, feature: str) -> None:
    from derek.nlp.post_features import tree_features

    _, views = _sentence(pipeline, text)
    view = views[0]
    m = next(m for m in view.per if m.entity.name == person)
    f = tree_features(view.toks, _span(view.toks, post), m)
    assert f.get(feature) == 1.0, f


def test_previous_sentence_candidates(pipeline) -> None:
    text = "Иван Петров и Ольга Смирнова приехали в Минск. Вечером министр выступил перед журналистами."
    _, views = _sentence(pipeline, text)
    post = _span(views[1].toks, "министр")
    cands = {c.target.entity.name: c.rules for c in post_link.person_candidates(views, 1, post)}
    assert set(cands) == {"Иван Петров", "Ольга Смирнова"}, cands
    assert "previous_subject" in cands["Иван Петров"]
    assert "previous_last" in cands["Ольга Смирнова"] and "previous_last" not in cands["Иван Петров"]


@pytest.mark.parametrize(("same", "other", "expected"), [(True, False, 0.4), (False, False, 0.3), (False, True, 0.4)])
def test_threshold_by_sentence(same: bool, other: bool, expected: float) -> None:
    model = {"threshold": 0.4} if other else {"threshold": 0.4, "threshold_other": 0.3}
    c = post_link.Candidate((0, 1), None, sent_index=2 if same else 1)
    c.post_sent = 2
    assert post_positions.threshold(model, c) == expected


# sentence, person, a word of a title the person must NOT get
NOT_THEIRS = [
    ("Министр внутренних дел Аскар Нуров рассказал о подготовке к паводкам, передает корреспондент агентства.",
     "Аскар Нуров", "корреспондент"),
    ("Полпред президента Александр Хлопонин, представители парламента, председатель совета муфтиев "
     "Равиль Гайнутдин приняли участие в открытии.", "Равиль Гайнутдин", "представител"),
]


@pytest.mark.parametrize(("text", "person", "word"), NOT_THEIRS)
def test_posts_of_someone_else(pipeline, text: str, person: str, word: str) -> None:
    art = pipeline.extract(text)
    p = art.person(person)
    assert p is not None, [x.name for x in art.people]
    assert p.positions, "the person's own post is found"
    assert not [q.title for q in p.positions if word in q.title.lower()], [q.title for q in p.positions]


def test_each_thread_tags_with_its_own_crfsuite_tagger() -> None:
    """A crfsuite Tagger holds the sentence it tags, so threads sharing one could swap results:
    the post tagger opens one per thread, and they tag alike."""
    import threading

    from derek.nlp.post_tagger import default_tagger

    tagger = default_tagger()
    seen: dict[str, object] = {}

    def grab(name: str) -> None:
        seen[name] = tagger.tagger

    threads = [threading.Thread(target=grab, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(x) for x in seen.values()}) == 3
    assert tagger.tagger is tagger.tagger  # one per thread, kept
