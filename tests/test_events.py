"""Events: what the article reports, when and where."""

from __future__ import annotations

import json

from conftest import SEED_EXPECTED, need_shared


def test_seed_event(seed_article):
    need_shared()
    exp = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))["event"]
    assert len(seed_article.events) == 1
    ev = seed_article.events[0]
    assert ev.when == exp["when"]
    assert set(exp["where"]) <= set(ev.where)
    assert ev.what.startswith("республиканская конференция")
    assert "посвященная 30-летию АНК" in ev.what


def test_relative_date_resolved_against_publication(pipeline):
    text = ("Аким провел совещание\n\n25.12.2025\n\n"
            "Вчера в Караганде состоялось совещание по подготовке к отопительному сезону. "
            "Участники обсудили ремонт котельных.")
    ev = pipeline.extract(text).events[0]
    assert ev.when == "2025-12-24"
    assert "Караганда" in ev.where or "Караганде" in ev.where
    assert ev.what.startswith("совещание по подготовке")


def test_no_event_word_falls_back_to_title(pipeline):
    art = pipeline.extract("Гульнара Абдрахманова стала министром\n\nОна сменила на посту предшественника.")
    assert art.events and art.events[0].what == art.title
