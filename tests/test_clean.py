"""derek.clean: title, dateline, credits, source, boilerplate — on the seed, real news and built cases."""

from __future__ import annotations

import json

import pytest

from conftest import KZNEWS, SEED_EXPECTED, need_shared
from derek import demo
from derek.article import Credit
from derek.clean import attribution_source, clean
from derek.dates import parse_date
from derek.read import Source, from_record, iter_sources


@pytest.fixture(scope="module")
def seed_clean(seed_text: str):
    return clean(Source(text=seed_text, name="seed"))


@pytest.fixture(scope="module")
def expected() -> dict:
    need_shared()
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def test_seed_metadata(seed_clean, expected) -> None:
    assert seed_clean.title == expected["title"]
    assert seed_clean.published == expected["published"]
    assert seed_clean.source == expected["source"]
    assert [{"kind": c.kind, "by": c.by} for c in seed_clean.credits] == expected["credits"]


def test_seed_boilerplate_out_of_body(seed_clean, expected) -> None:
    for line in expected["boilerplate_not_in_body"]:
        assert line in seed_clean.boilerplate
        assert line not in seed_clean.text
    assert seed_clean.text.startswith(expected["title"] + "\n\n")  # the headline is the first paragraph
    assert "16:46" not in seed_clean.text


def test_seed_body_kept_whole(seed_clean, seed_text, expected) -> None:
    not_body = set(expected["boilerplate_not_in_body"])
    paragraphs = [p.strip() for p in seed_text.split("\n\n") if p.strip()]
    body = [p for p in paragraphs
            if not all(line.strip() in not_body or parse_date(line) for line in p.splitlines())]
    assert len(body) == 8
    assert seed_clean.text.split("\n\n") == body
    for q in expected["quotes"]:
        assert q["text"] in seed_clean.text


def _article(*lines: str) -> Source:
    return Source(text="\n\n".join(lines))


BODY = ("Аким области провел совещание с руководителями управлений. Обсуждалась подготовка к отопительному "
        "сезону и ремонт школ в районах области.")
BODY2 = "Заместителю акима поручено еженедельно докладывать о ходе работ."
HEAD = "Аким провел совещание"  # a headline: it goes to `title` and stays the first paragraph of `text`


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        ("16:46, 25 декабря 2025", "2025-12-25T16:46:00+05:00"),
        ("25.12.2025", "2025-12-25"),
        ("25 декабря 2025 года, 16:46", "2025-12-25T16:46:00+05:00"),
        ("2025-12-25T16:46:00+05:00", "2025-12-25T16:46:00+05:00"),
        ("Дата публикации: 25.12.2025 16:46", "2025-12-25T16:46:00+05:00"),
        ("Опубликовано: 25 декабря 2025, 16:46", "2025-12-25T16:46:00+05:00"),
        ("16:46, 25 декабря 2025 | 1 254 просмотра", "2025-12-25T16:46:00+05:00"),
        ("Астана, 25 декабря 2025", "2025-12-25"),
        ("25.12.2025, 09:40, Шымкент", "2025-12-25T09:40:00+05:00"),
    ],
)
def test_dateline(dateline: str, published: str) -> None:
    c = clean(_article("Аким провел совещание", dateline, BODY, BODY2))
    assert c.published == published
    assert c.title == "Аким провел совещание"
    assert c.text == "Аким провел совещание\n\n" + BODY + "\n\n" + BODY2
    assert dateline in c.boilerplate


@pytest.mark.parametrize("line", ["Указ от 25.12.2025", "Сессия маслихата 25 декабря 2025 года"])
def test_body_lines_with_a_date_stay(line: str) -> None:
    c = clean(_article("Аким провел совещание", BODY, line, BODY2))
    assert line in c.text and c.published is None


def test_dateline_after_title_on_single_lines() -> None:
    c = clean(Source(text="Акиму объявили выговор\n14:00 27.03.2024\n" + BODY))
    assert (c.title, c.published) == ("Акиму объявили выговор", "2024-03-27T14:00:00+05:00")
    assert c.text.startswith("Акиму объявили выговор") and c.text.endswith(BODY) and "14:00" not in c.text


def test_leading_date_prefix_of_dumps() -> None:
    c = clean(Source(text=" date 2025-12-24 " + BODY + "\n\n" + BODY2))
    assert c.published == "2025-12-24"
    assert c.text == BODY + "\n\n" + BODY2
    assert c.title is None  # the first line is a sentence, not a heading


def test_source_published_wins_over_dateline() -> None:
    c = clean(Source(text="Заголовок новости\n\n25.12.2025\n\n" + BODY, published="2025-12-25T16:46:00+05:00"))
    assert c.published == "2025-12-25T16:46:00+05:00"
    assert "25.12.2025" not in c.text


@pytest.mark.parametrize(
    ("line", "credits"),
    [
        ("© Фото: акимат города Алматы", [Credit("photo", "акимат города Алматы")]),
        ("Фото: Tengrinews.kz / Турар Казангапов", [Credit("photo", "Tengrinews.kz / Турар Казангапов")]),
        ("Фото © primeminister.kz", [Credit("photo", "primeminister.kz")]),
        ("Видео: акимат Карагандинской области", [Credit("video", "акимат Карагандинской области")]),
        ("Фото пресс-службы акимата Шымкента", [Credit("photo", "пресс-служба акимата Шымкента")]),
        ("Фото с сайта akorda.kz", [Credit("photo", "akorda.kz")]),
        ("Фото и видео: пресс-служба МЧС", [Credit("photo", "пресс-служба МЧС"), Credit("video", "пресс-служба МЧС")]),
        ("Фото: Айдос Нурланов, видео: Ерлан Касымов", [Credit("photo", "Айдос Нурланов"),
                                                         Credit("video", "Ерлан Касымов")]),
        ("Инфографика: Kursiv Research", [Credit("infographic", "Kursiv Research")]),
        ("Автор: Динара Сапарова", [Credit("text", "Динара Сапарова")]),
        ("Сурет: облыс әкімдігінің баспасөз қызметі", [Credit("photo", "облыс әкімдігінің баспасөз қызметі")]),
    ],
)
def test_credits(line: str, credits: list[Credit]) -> None:
    c = clean(_article("Аким провел совещание", line, BODY, line, BODY2))
    assert c.credits == credits
    assert line not in c.text and line in c.boilerplate
    assert c.text == HEAD + "\n\n" + BODY + "\n\n" + BODY2


@pytest.mark.parametrize(
    "sentence",
    [
        "Фото: в ходе совещания аким потребовал ускорить работы, и это было только начало большого разговора "
        "о тепловых сетях, который продолжился в кабинете акима до позднего вечера.",
        "Фотографии победителей конкурса разместят на сайте акимата.",
        "Видеообращение акима опубликовано в социальных сетях.",
        "Печать документов займет неделю",
        "Комментарии экспертов разошлись",
        "Telegram-канал «Осторожно, новости» сообщил, что аким подал в отставку.",
        "Подпишитесь под обращением, призвали жители",
        "Поделиться опытом приехали акимы районов",
    ],
)
def test_body_sentences_that_look_like_meta_stay(sentence: str) -> None:
    c = clean(_article("Аким провел совещание", BODY, sentence))
    assert sentence in c.text
    assert c.credits == []


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Источник: zakon.kz", "zakon.kz"),
        ("Источник: «Казинформ»", "Казинформ"),
        ("Источник: сайт Kazinform.kz", "сайт Kazinform.kz"),
        ("По материалам Tengrinews.kz", "Tengrinews.kz"),
        ("Подготовлено по материалам Orda.kz.", "Orda.kz"),
        ("Источник: по материалам агентства Kazinform", "Kazinform"),
        ("Дереккөз: Türkistan Aqparat", "Türkistan Aqparat"),
    ],
)
def test_source_line(line: str, source: str) -> None:
    c = clean(_article("Аким провел совещание", BODY, line, "Мы работаем для Вас!"))
    assert c.source == source
    assert c.text == HEAD + "\n\n" + BODY


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Аким выступил на сессии, передает Kazinform со ссылкой на пресс-службу акимата.", "Kazinform"),
        ("Аким выступил на сессии, передает Хабар 24 со ссылкой на Kazinform.", "Kazinform"),
        ("Аким выступил на сессии, передает корреспондент Tengrinews.kz.", "Tengrinews.kz"),
        ("Аким выступил на сессии, сообщает Zakon.kz.\n\nДалее он добавил.", "Zakon.kz"),
        ("Аким выступил на сессии, передает BAQ.KZ со ссылкой на прокуратуру области.", "BAQ.KZ"),
        ("Аким выступил на сессии, пишет Azattyq Rýhy.", "Azattyq Rýhy"),
        ("Аким выступил на сессии, сообщает пресс-служба акимата области.", None),
        ("Аким выступил на сессии, сообщает МВД.", None),
    ],
)
def test_attribution_source(text: str, outlet: str | None) -> None:
    assert attribution_source(text) == outlet
    c = clean(Source(text=text))
    assert c.source == outlet
    assert c.text == text.strip()  # an attribution is part of a sentence: it stays


def test_source_line_wins_over_page_and_attribution() -> None:
    src = Source(text="Заголовок\n\nАким выступил, сообщает Zakon.kz.\n\nИсточник: Kazinform", source="Portal.kz")
    assert clean(src).source == "Kazinform"
    assert clean(Source(text="Аким выступил, сообщает Zakon.kz.", source="Portal.kz")).source == "Portal.kz"


@pytest.mark.parametrize(
    "line",
    [
        "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!",
        "Мы работаем для Вас!",
        "Подписывайтесь на наши страницы в Instagram и Facebook",
        "Самые актуальные новости в нашем Telegram-канале",
        "Присоединяйтесь к нам в Telegram и WhatsApp",
        "Если вы нашли ошибку в тексте, выделите ее и нажмите Ctrl+Enter",
        "Нашли ошибку? Выделите ее и нажмите Ctrl+Enter",
        "Поделиться: Facebook Telegram WhatsApp",
        "Поделиться",
        "Комментарии (0)",
        "Facebook | Telegram | WhatsApp | ВКонтакте",
        "Теги: аким, Павлодар, отопление",
        "Просмотров: 1 254",
        "При полном или частичном использовании материалов ссылка на сайт обязательна.",
        "© 2025 Пример.kz",
        "Читайте нас в Instagram",
        "Жаңалықтарды Telegram арнамыздан оқыңыз",
        "Қатені байқасаңыз, оны белгілеп, Ctrl+Enter басыңыз",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    c = clean(_article("Аким провел совещание", BODY, line, BODY2, line))
    assert c.text == HEAD + "\n\n" + BODY + "\n\n" + BODY2
    assert c.boilerplate == [line]


def test_read_also_takes_its_headline() -> None:
    c = clean(_article("Аким провел совещание", BODY, "Читайте также:", "Тарифы на тепло пересмотрят до конца года",
                       BODY2))
    assert c.text == HEAD + "\n\n" + BODY + "\n\n" + BODY2
    assert c.boilerplate == ["Читайте также:", "Тарифы на тепло пересмотрят до конца года"]


def test_title_from_source_and_headline_kept_in_text() -> None:
    c = clean(Source(text="Аким провел совещание\n\n" + BODY, title="Аким провел совещание | Portal.kz"))
    assert c.title == "Аким провел совещание | Portal.kz"
    assert c.text == "Аким провел совещание\n\n" + BODY


@pytest.mark.parametrize(
    "first",
    [
        BODY,  # a sentence
        "- Мы не допустим срыва сроков, - сказал аким.",  # a dialogue line
    ],
)
def test_no_title_when_the_first_line_is_body(first: str) -> None:
    c = clean(_article(first, BODY2))
    assert c.title is None
    assert c.text.startswith(first)


def test_paragraphs_and_line_ends_normalized() -> None:
    c = clean(Source(text="Заголовок новости\r\n\r\n" + BODY + "\u00a0 \r\n\r\n\r\n" + BODY2 + "\r\n"))
    assert c.text == "Заголовок новости\n\n" + BODY + "\n\n" + BODY2


def _kznews() -> list[dict]:
    need_shared()
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(KZNEWS.glob("*.json"))]


def test_kznews_body_evidence_survives_cleaning() -> None:
    """Nothing an annotator marked in the body (quotes, positions) is removed as boilerplate."""
    docs = _kznews()
    assert docs
    checked = 0
    for d in docs:
        c = clean(from_record({"text": d["text"], "url": d.get("url")}, name=d.get("url") or "kznews"))
        flat = " ".join(c.text.split())
        body = d["text"]
        body = " ".join(body.split())
        for q in d.get("quotes") or []:
            piece = " ".join(q["text"].split())
            if piece in body:
                assert piece in flat, (d.get("url"), piece[:60])
                checked += 1
        for o in d.get("occupations") or []:
            ev = " ".join((o.get("evidence") or "").split())
            if ev and ev in body:
                assert ev in flat, (d.get("url"), ev[:60])
                checked += 1
    assert checked > 50


def test_kznews_dates_and_outlets() -> None:
    """Dated dumps get their date; attributions to an outlet give a source."""
    dated = attributed = 0
    for d in _kznews():
        c = clean(from_record({"text": d["text"]}, name="kznews"))
        m = d["text"].lstrip().startswith("date ")
        if m:
            assert c.published == d["text"].split()[1]
            dated += 1
        if c.source:
            assert c.source.lower() in d["text"].lower()
            attributed += 1
    assert dated >= 3 and attributed >= 5


@pytest.mark.parametrize("item", sorted(p.name for p in demo.path().glob("*.txt")))
def test_demo_items_clean(item: str) -> None:
    (src,) = list(iter_sources([demo.path() / item]))
    c = clean(src)
    assert c.title and c.published and c.credits
    assert c.published.startswith(("2025-12", "2026-01"))
    lines = src.text.splitlines()
    assert lines[0] == c.title
    last = [line for line in lines if line.strip()][-1]
    assert last in c.boilerplate and last not in c.text  # every demo item ends with portal boilerplate
    assert len(c.text.split()) >= 100


@pytest.mark.parametrize(
    ("dateline", "kz_local", "published"),
    [
        ("23:32, 25 декабря 2025", True, "2025-12-25T23:32:00+05:00"),  # a Kazakhstan outlet's local time
        ("23:32, 25 декабря 2025", False, "2025-12-25T23:32:00"),  # a page abroad: no offset invented
        ("2025-12-25T23:32:00+03:00", True, "2025-12-25T23:32:00+03:00"),  # its own offset, not the next day
        ("2025-12-25T23:32:00+03:00", False, "2025-12-25T23:32:00+03:00"),
    ],
)
def test_dateline_offset(dateline: str, kz_local: bool, published: str) -> None:
    c = clean(Source(text=f"Аким провел совещание\n\n{dateline}\n\n{BODY}", kz_local=kz_local))
    assert c.published == published


@pytest.mark.parametrize(
    ("lines", "page_authors", "authors"),
    [
        (["Автор: Алия Садыкова"], [], ["Алия Садыкова"]),
        (["Текст: Иван Петров, Дина Серикова"], [], ["Иван Петров", "Дина Серикова"]),
        (["Мәтін: Айгүл Сәрсенова"], [], ["Айгүл Сәрсенова"]),
        (["Дайындаған: Айгүл Сәрсенова"], [], ["Айгүл Сәрсенова"]),  # Kazakh «prepared by»
        (["Подготовила: Дина Серикова"], [], ["Дина Серикова"]),
        (["Фото: Иван Петров"], [], []),  # a photo credit is no author
        (["Автор: Алия Садыкова"], ["Алия Садыкова"], ["Алия Садыкова"]),  # the page's and the byline's, once
        ([], ["Андрей Колесников"], ["Андрей Колесников"]),
    ],
)
def test_byline_authors(lines: list[str], page_authors: list[str], authors: list[str]) -> None:
    c = clean(Source(text="\n\n".join(["Аким провел совещание", BODY, *lines, BODY2]), authors=page_authors))
    assert c.authors == authors
    assert all(line not in c.text for line in lines)
