"""derek.dates: datelines and date expressions in Russian and Kazakh news."""

from __future__ import annotations

from datetime import datetime

import pytest

from derek.dates import KZ_TZ, find_dates, month_number, normalize_iso, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16:46, 25 декабря 2025", "2025-12-25T16:46:00+05:00"),
        ("25 декабря 2025 года, 16:46", "2025-12-25T16:46:00+05:00"),
        ("25 декабря 2025 г. в 16:46", "2025-12-25T16:46:00+05:00"),
        ("25.12.2025", "2025-12-25"),
        ("25.12.2025, 09:40", "2025-12-25T09:40:00+05:00"),
        ("14:00 27.03.2024", "2024-03-27T14:00:00+05:00"),
        ("- 16.04.2025 17:34", "2025-04-16T17:34:00+05:00"),
        ("Дата публикации: 17.12.2025 14:20", "2025-12-17T14:20:00+05:00"),
        ("Опубликовано: 5 янв. 2026, 09:05", "2026-01-05T09:05:00+05:00"),
        ("2025-12-25", "2025-12-25"),
        ("2025-12-25T16:46:00+05:00", "2025-12-25T16:46:00+05:00"),
        ("2025-12-25T11:46:00Z", "2025-12-25T11:46:00+00:00"),  # the input's own offset is kept
        ("2025-12-25T23:32:00+03:00", "2025-12-25T23:32:00+03:00"),  # not moved to the next day
        ("2025-12-25 16:46", "2025-12-25T16:46:00+05:00"),
        ("date 2025-12-24", "2025-12-24"),
        ("17 январь 2026", "2026-01-17"),  # nominative month, as some Kazakh portals write it
        ("14:30, 20 қаңтар 2026", "2026-01-20T14:30:00+05:00"),
        ("2025 жылғы 25 желтоқсан", "2025-12-25"),
        ("3 марта 2025", "2025-03-03"),
        ("Четверг, 25 декабря 2025", "2025-12-25"),
        ("25 желтоқсан 2025, бейсенбі", "2025-12-25"),
        ("2025 жылғы 25 желтоқсан, 16:46", "2025-12-25T16:46:00+05:00"),
        ("3 мая 2025", "2025-05-03"),
        # not a date, or not only a date
        ("24 декабря", None),  # no year and no base
        ("вчера", None),
        ("31.02.2025", None),
        ("Заседание прошло 24 декабря 2025 года", None),
        ("Аким провел совещание.", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("24 декабря", "2025-12-25T16:46:00+05:00", "2025-12-24"),
        ("24 декабря", "2026-01-05", "2025-12-24"),  # the closest year to the base date
        ("5 января", "2025-12-28", "2026-01-05"),
        ("вчера", "2025-12-25T16:46:00+05:00", "2025-12-24"),
        ("позавчера", "2026-01-01", "2025-12-30"),
        ("сегодня", datetime(2025, 12, 25, 1, 0, tzinfo=KZ_TZ), "2025-12-25"),
        ("кеше", "2026-01-20", "2026-01-19"),
        ("в понедельник", "2025-12-25", "2025-12-22"),  # Thursday 25 Dec → Monday of that week
        ("в пятницу", "2025-12-24", "2025-12-26"),
        ("в прошлую пятницу", "2025-12-24", "2025-12-19"),
        ("16:46, 25 декабря 2025", "2020-01-01", "2025-12-25T16:46:00+05:00"),  # a full date ignores base
    ],
)
def test_parse_date_relative(text: str, base: object, expected: str) -> None:
    assert parse_date(text, base=base) == expected


def test_find_dates_spans_and_attached_times() -> None:
    text = "В понедельник аким провел совещание, а 24 декабря 2025 года, в 10:00 — сессию маслихата. Вчера тоже."
    found = find_dates(text, base="2025-12-25T16:46:00+05:00")
    assert [(d.text, d.iso) for d in found] == [
        ("В понедельник", "2025-12-22"),
        ("24 декабря 2025 года, в 10:00", "2025-12-24T10:00:00+05:00"),
        ("Вчера", "2025-12-24"),
    ]
    for d in found:
        assert text[d.start:d.end] == d.text


def test_find_dates_without_base_keeps_only_absolute() -> None:
    found = find_dates("Вчера, 24 декабря, в Астане прошла сессия; итоги подведут 15.01.2026.")
    assert [d.iso for d in found] == ["2026-01-15"]


@pytest.mark.parametrize(
    ("word", "month"),
    [("декабря", 12), ("дек.", 12), ("март", 3), ("мае", 5), ("желтоқсанда", 12), ("қазан", 10), ("Москва", None)],
)
def test_month_number(word: str, month: int | None) -> None:
    assert month_number(word) == month


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Wed, 07 Jan 2026 10:30:00 +0500", "2026-01-07T10:30:00+05:00"),
        ("Wed, 07 Jan 2026 05:30:00 GMT", "2026-01-07T05:30:00+00:00"),
        ("2026-01-07T10:30:00+05:00", "2026-01-07T10:30:00+05:00"),
        ("not a date", None),
        (None, None),
    ],
)
def test_normalize_iso(value: str | None, expected: str | None) -> None:
    assert normalize_iso(value) == expected
