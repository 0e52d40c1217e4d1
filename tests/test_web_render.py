"""The web's HTML building blocks: highlighted text with nested/overlapping spans, charts, dates."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from derek.web.render import (
    Span,
    article_html,
    by_week,
    highlight,
    mentions_chart,
    place_redundant,
    ru_date,
    timeline,
    url_with,
)


class _Checker(HTMLParser):
    """Checks tags are balanced and collects the text outside tags."""

    VOID = {"br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.max_a_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.stack.append(tag)
        self.max_a_depth = max(self.max_a_depth, self.stack.count("a"))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> in {self.stack}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def check(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    assert not c.stack, f"unclosed {c.stack}"
    return c


TEXT = 'Аким <Алматы> & "Нукенов" сказал: «всё хорошо».'


@pytest.mark.parametrize("spans", [
    [],
    [Span(0, 4, "span", {"class": "x"})],
    [Span(5, 13, "a", {"href": "/p/1"}), Span(6, 12, "span")],  # nested
    [Span(0, 10, "span"), Span(5, 20, "span")],  # overlapping: reopened around the boundary
    [Span(0, 30, "a", {"href": "/a"}), Span(2, 8, "a", {"href": "/b"})],  # a link inside a link
    [Span(3, 3, "span"), Span(-5, 2, "span"), Span(40, 999, "span")],  # empty, clipped
    [Span(0, len(TEXT), "span"), Span(0, len(TEXT), "span", order=1), Span(14, 25, "a", {"href": "/x"})],
])
def test_highlight_keeps_text_and_balances_tags(spans):
    html = highlight(TEXT, spans)
    c = check(str(html))
    assert "".join(c.text) == TEXT  # every character once, in order, escaped correctly
    assert c.max_a_depth <= 1
    assert "<Ал" not in str(html) and "&lt;" in str(html) and "&amp;" in str(html)


def test_highlight_escapes_attributes_and_reopens_overlaps():
    html = str(highlight("abcdef", [Span(0, 4, "span", {"class": "q", "title": '"><script>'}),
                                    Span(2, 6, "span", {"class": "e"})]))
    assert "<script>" not in html
    # the overlap is split: the inner span is closed at 4 and the rest of it reopened
    assert html.count('class="e"') == 2
    assert re.sub("<[^>]+>", "", html) == "abcdef"


def test_article_html_marks_entities_and_quotes(seed_article):
    d = seed_article.to_dict()
    links = {e["id"]: f"/people/{i}" for i, e in enumerate(d["entities"]) if e["type"] == "PER"}
    html = str(article_html(d, links))
    c = check(html)
    body = d["text"][len(d["title"]):]  # the headline is the page's <h1>, not repeated in the body
    assert "".join(c.text).replace("\n", "") == body.replace("\n", "")
    per = [e for e in d["entities"] if e["type"] == "PER"]
    assert per, "the seed names people"
    for e in per:
        assert f'href="{links[e["id"]]}"' in html
    in_body = [m for e in per for m in e["mentions"] if m["start"] >= len(d["title"])]
    assert html.count('class="ent per"') == len(in_body)
    for i, q in enumerate(d["quotes"]):
        assert f'id="q{i + 1}"' in html
        assert d["text"][q["start"]:q["end"]] == q["text"] or q["kind"] == "indirect"


@pytest.mark.parametrize("value, expected", [
    ("2025-12-25T16:46:00+05:00", "25 декабря 2025, 16:46"),
    ("2025-03-01", "1 марта 2025"),
    ("2025-03-01T00:00:00", "1 марта 2025"),
    (None, ""),
    ("вчера", "вчера"),
])
def test_ru_date(value, expected):
    assert ru_date(value) == expected


@pytest.mark.parametrize("data, bars", [
    ({"2025-12-01": 2, "2025-12-03": 5}, 2),  # days: gaps are zero-height, not drawn
    ([{"day": "2025-01-01", "count": 1}, {"day": "2025-06-30", "count": 3}], 2),  # grouped by week
    ([["2023-01-05", 1], ["2025-06-30", 4], ["2025-06-29", 1]], 2),  # grouped by month
])
def test_mentions_chart(data, bars):
    svg = str(mentions_chart(data))
    check(svg)
    assert svg.count("<rect") == bars
    total = sum(v for v in (data.values() if isinstance(data, dict) else
                            (r["count"] if isinstance(r, dict) else r[1] for r in data)))
    assert f"всего {total}" in svg


def test_mentions_chart_empty():
    assert "Нет данных" in mentions_chart(None)


def test_timeline_positions_share_an_axis():
    rows = timeline([
        {"title": "аким", "first_seen": "2024-01-01", "last_seen": "2025-01-01"},
        {"title": "заместитель акима", "first_seen": "2023-01-01", "last_seen": "2023-06-01"},
        {"title": "министр"},
    ])
    assert rows[1]["left"] == 0.0
    assert rows[0]["left"] > 40 and rows[0]["left"] + rows[0]["width"] == pytest.approx(100, abs=0.1)
    assert all(0 <= r["left"] <= 100 and r["width"] > 0 for r in rows)


def test_url_with_drops_empty_and_overrides():
    assert url_with("/search", {"q": "единство", "outlet": "", "page": 3}, page=None) == \
        "/search?q=%D0%B5%D0%B4%D0%B8%D0%BD%D1%81%D1%82%D0%B2%D0%BE"


@pytest.mark.parametrize("place, org, redundant", [
    ("Павлодарская область", "акимат Павлодарской области", True),
    ("Алматы", "акимат города Алматы", True),
    ("Алматы", "Ассамблея народа Казахстана", False),
    ("Алматы", None, False),
    (None, "акимат", True),
])
def test_place_redundant(place, org, redundant):
    assert place_redundant(place, org) is redundant


def test_by_week_groups_days_by_monday():
    weeks = by_week([{"date": "2025-12-22", "count": 2}, {"date": "2025-12-28", "count": 1},
                     {"date": "2025-12-29", "count": 4}])
    assert weeks == [{"week": "2025-12-22", "count": 3}, {"week": "2025-12-29", "count": 4}]


def test_headline_shown_once():
    """The headline is the text's first paragraph and the page's <h1>: the body starts after it."""
    text = "Аким провел совещание\n\nАким Алматы провел совещание."
    art = {"title": "Аким провел совещание", "text": text, "quotes": [],
           "entities": [{"id": "T1", "type": "LOC", "name": "Алматы",
                         "mentions": [{"start": 28, "end": 34, "text": "Алматы"}]}]}
    html = str(article_html(art))
    assert html.count("Аким провел совещание") == 0
    assert ">Алматы</span>" in html and html.startswith("Аким")
