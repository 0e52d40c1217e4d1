"""The trained person filter: its model file is checked on load, and it drops PER spans that name no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from derek.nlp import person_filter as pf
from derek.nlp.lang import LangStage
from derek.nlp.ner import NerStage
from derek.nlp.tokens import TokenStage
from derek.pipeline import Pipeline

GOOD = {"format": pf.FORMAT, "version": pf.VERSION, "threshold": 0.5, "bias": 0.1, "weights": {"n=1": -0.2}}


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "is missing"),
        ("{not json", "is not JSON"),
        (json.dumps({**GOOD, "format": "derek.ru_posts"}), "is not a person filter model"),
        (json.dumps({**GOOD, "version": 99}), "version 99"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "weights"}), "weights, bias or threshold"),
        (json.dumps({**GOOD, "threshold": "high"}), "weights, bias or threshold"),
        (json.dumps([1, 2]), "is not a model"),
    ],
)
def test_a_bad_model_file_is_refused_naming_the_file(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "person_filter-v1.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(pf.ModelError) as err:
        pf.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_a_good_model_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    model = pf.load(path)
    assert model.threshold == 0.5 and model.weights == {"n=1": -0.2}
    # the score is the logistic of bias + the weights of the features present
    assert model.score(["n=1"]) == pytest.approx(1 / (1 + 2.718281828 ** 0.1), rel=1e-6)
    assert model.score(["unseen"]) > model.score(["n=1"])


def test_the_shipped_model_is_the_current_version() -> None:
    data = json.loads(pf.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == pf.FORMAT and data["version"] == pf.VERSION
    model = pf.load()
    assert 0.0 < model.threshold < 1.0 and len(model.weights) > 100


@pytest.fixture(scope="module")
def stages() -> tuple[Pipeline, Pipeline]:
    """The same NER with and without the filter."""
    off = NerStage()
    off.person_filter = None
    return (Pipeline([LangStage(), TokenStage(), NerStage()]), Pipeline([LangStage(), TokenStage(), off]))


def _per_texts(pipe: Pipeline, text: str) -> set[str]:
    work = pipe.run([pipe.start(text)])[0]
    return {sp.text for sp in work.spans if sp.type == "PER"}


@pytest.mark.parametrize(
    "text, not_person, person",
    [
        # a heading noun repeated in the body
        ("Гроб с телом солдата\n\nГроб с телом доставили в аэропорт Тегерана.", "Гроб", None),
        # a noun opening a sentence, in an oblique case
        ("Рокера доставили в клинику на вертолете, сообщил Игорь Волков.", "Рокера", "Игорь Волков"),
        ("Чудо-гол? Я просто откликнулся на передачу, сказал Эдер.", "Чудо-гол", "Эдер"),
        ("Теннисистку уже поздравили её сестра Винус и мать.", "Теннисистку", "Винус"),
    ],
)
def test_the_filter_drops_words_that_name_no_one(stages, text: str, not_person: str, person: str | None) -> None:
    on, off = stages
    assert not_person in _per_texts(off, text), "the tagger no longer proposes it: the case tests nothing"
    kept = _per_texts(on, text)
    assert not_person not in kept
    if person:
        assert person in kept


@pytest.mark.parametrize(
    "text, person",
    [
        ("Обращение к президенту В. В. Путину подписали сто человек.", "В. В. Путину"),
        ("Рассказ опубликовал Михаил Зощенко в 1925 году.", "Михаил Зощенко"),
        ("Проект подготовили архитекторы Д. И. Бурдин и В. А. Климов.", "В. А. Климов"),
    ],
)
def test_the_filter_keeps_people(stages, text: str, person: str) -> None:
    assert person in _per_texts(stages[0], text)
