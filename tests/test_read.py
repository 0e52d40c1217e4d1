"""derek.read: encodings, HTML pages, bad files, JSONL, feeds and folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SEED, need_shared
from derek import demo
from derek.errors import InputError
from derek.read import (
    MAX_BYTES,
    Source,
    from_bytes,
    from_record,
    from_text,
    iter_sources,
    looks_like_html,
    read_path,
)

# Kazakh letters, dashes and © have no place in the old Russian code pages: map them to their
# nearest Russian letters so that the seed can be written in cp1251 and koi8-r.
_TO_RUSSIAN = str.maketrans("ӘәҒғҚқҢңӨөҰұҮүҺһІі–—©", "АаГгКкНнОоУуУуХхИи--C")


@pytest.fixture(scope="module")
def seed_plain() -> str:
    need_shared()
    return SEED.read_text(encoding="utf-8").translate(_TO_RUSSIAN)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-8", "utf-8-sig", "utf-16", "iso8859-5", "mac-cyrillic"])
def test_seed_in_real_encodings(tmp_path: Path, seed_plain: str, encoding: str) -> None:
    f = tmp_path / f"seed-{encoding}.txt"
    f.write_bytes(seed_plain.encode(encoding))
    src = read_path(f)
    assert src.text == seed_plain
    assert src.name == str(f)
    assert not src.is_html


def test_seed_with_kazakh_letters_in_utf8_bom(tmp_path: Path) -> None:
    need_shared()
    original = SEED.read_text(encoding="utf-8")
    f = tmp_path / "seed.txt"
    f.write_bytes(original.encode("utf-8-sig"))
    src = read_path(f)
    assert src.text == original  # the BOM is gone, «Қазақстан» intact
    assert not src.text.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
@pytest.mark.parametrize(
    "text",
    ["Аким провёл совещание.", "Назначен новый аким области", "Мажилис одобрил законопроект о статусе депутатов."],
)
def test_short_texts_in_old_code_pages(text: str, encoding: str) -> None:
    assert from_bytes(text.encode(encoding), name="short").text == text



@pytest.mark.parametrize(("text", "encoding", "header"), [
    ("Нет, не так.", "koi8-r", "text/html; charset=KOI8-R"),  # alone, detection reads these as cp1251
    ("Суд отложил заседание.", "koi8-r", 'text/plain; charset="koi8-r"'),
    ("Нет, не так.", "iso8859-5", "text/html;charset=ISO-8859-5"),
    ("Погода: снег", "mac-cyrillic", "text/html; charset=x-mac-cyrillic"),
])
def test_the_transport_charset_decides_short_texts(text: str, encoding: str, header: str) -> None:
    from derek.read.decode import charset_of

    assert from_bytes(text.encode(encoding), name="short", charset=charset_of(header)).text == text


@pytest.mark.parametrize(("header", "charset"), [
    ("text/html; charset=windows-1251", "cp1251"),
    ('text/html; charset="UTF-8"', "utf-8"),
    ("text/html", None),
    ("text/html; charset=no-such-codec", None),
    (None, None),
])
def test_charset_of_a_content_type(header: str | None, charset: str | None) -> None:
    from derek.read.decode import charset_of

    assert charset_of(header) == charset


def test_a_lying_transport_charset_is_not_trusted() -> None:
    text = "Аким города встретился с жителями района. Он сказал, что дороги отремонтируют."
    src = from_bytes(text.encode("cp1251"), name="lie", charset="koi8_r")
    assert src.text == text and src.encoding == "cp1251"

NEWS_PAGE = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="{charset}">
<title>Аким Павлодарской области провел совещание | Пример.kz</title>
<meta property="og:site_name" content="Пример.kz">
<meta property="article:published_time" content="2025-12-19T16:40:00+05:00">
<link rel="canonical" href="https://primer.kz/news/akim-soveshanie">
</head><body>
<header><nav><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/sport">Спорт</a></nav></header>
<main><article><h1>Аким Павлодарской области провел совещание</h1>
<p>Аким Павлодарской области провел выездное совещание в Экибастузе, посвященное подготовке к морозам.
В нем приняли участие руководители энергопередающих организаций и депутаты маслихата.</p>
<p>"Каждый порыв должен устраняться в течение нескольких часов, а не суток", – сказал аким области.</p>
<p>Заместителю акима поручено еженедельно докладывать о ходе замены тепловых сетей города.</p>
</article></main>
<aside><h3>Популярное</h3><ul><li><a href="/1">Курс тенге на сегодня</a></li></ul></aside>
<footer><p>© 2025 Пример.kz. Все права защищены. Перепечатка запрещена.</p></footer>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1251"])
def test_html_page_body_and_metadata(tmp_path: Path, charset: str) -> None:
    f = tmp_path / "page.html"
    f.write_bytes(NEWS_PAGE.format(charset=charset).encode(charset))
    src = read_path(f)
    assert src.is_html
    assert "выездное совещание в Экибастузе" in src.text
    assert "сказал аким области" in src.text
    for chrome in ("Главная", "Популярное", "Курс тенге", "Все права защищены"):
        assert chrome not in src.text
    assert src.title == "Аким Павлодарской области провел совещание"
    assert src.published == "2025-12-19T16:40:00+05:00"
    assert src.outlet == "Пример.kz"  # the site (og:site_name); `source` is the «Источник:» line only
    assert src.source is None
    assert src.url == "https://primer.kz/news/akim-soveshanie"


@pytest.mark.parametrize(
    "html",
    [
        # unclosed paragraphs, divs and inline tags, no <html>/<body>
        "<div><p>Аким города провел прием граждан по личным вопросам в здании акимата.<p>На прием пришли"
        " более тридцати жителей, большинство вопросов касалось жилья <b>и коммунальных услуг",
        # a stray closing tag, an unterminated comment and an unclosed attribute quote
        "<html><body></span><p>Аким города провел прием граждан по личным вопросам в здании акимата. Прием шел"
        " с утра до вечера, и каждый житель получил ответ.</p>"
        "<p class=\"x>На прием пришли более тридцати жителей, большинство вопросов касалось жилья</p><!-- end",
    ],
)
def test_broken_html_still_gives_text(html: str) -> None:
    assert looks_like_html(html)
    src = from_text(html, name="broken.html")
    assert "провел прием граждан" in src.text
    assert "<" not in src.text


def test_html_without_any_text_is_an_error() -> None:
    with pytest.raises(InputError) as e:
        from_text("<html><head><title></title></head><body><div></div><script>var a = 1;</script></body></html>",
                  name="blank.html")
    assert e.value.input_name == "blank.html"


def test_plain_text_with_a_bracket_is_not_html() -> None:
    text = "Курс: 1 доллар < 520 тенге.\nАким сказал, что цены <не вырастут>."
    assert not looks_like_html(text)
    assert from_text(text).text == text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\n ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary"),
        (bytes(range(256)) * 8, "binary"),
        (b"\xff\xfe" + bytes([0xD8, 0xDC]) * 200, "undecodable"),  # a UTF-16 BOM over garbage
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, content: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_path(f)
    assert e.value.input_name == str(f)
    assert e.value.reason.startswith(reason)
    assert str(f) in str(e.value)


def test_undecodable_random_bytes(tmp_path: Path) -> None:
    import random

    rnd = random.Random(7)
    data = bytes(rnd.choice(range(0x80, 0x100)) for _ in range(4000))
    f = tmp_path / "noise.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_path(f)
    assert e.value.input_name == str(f)
    assert e.value.reason.startswith(("undecodable", "binary"))


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)  # 20 MB (sparse)
    with pytest.raises(InputError) as e:
        read_path(f)
    assert e.value.input_name == str(f)
    assert "too large" in e.value.reason and "20.0 MB" in e.value.reason


def test_size_limit_is_an_argument() -> None:
    data = ("Аким провел совещание. " * 100).encode("utf-8")
    assert len(data) < MAX_BYTES
    with pytest.raises(InputError, match="too large"):
        from_bytes(data, name="x", max_bytes=1000)
    assert from_bytes(data, name="x", max_bytes=None).text.startswith("Аким")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as e:
        read_path(tmp_path / "nope.txt")
    assert e.value.input_name == str(tmp_path / "nope.txt")


def test_from_record_text_and_html() -> None:
    src = from_record({"text": "Аким провел совещание.", "url": "https://x.kz/1", "title": "Совещание",
                       "published": "19.12.2025 16:40", "source": "X.kz"}, name="r")
    assert (src.text, src.url, src.title, src.published, src.source) == (
        "Аким провел совещание.", "https://x.kz/1", "Совещание", "2025-12-19T16:40:00+05:00", "X.kz")
    page = from_record({"html": NEWS_PAGE.format(charset="utf-8"), "title": "Свой заголовок"}, name="r2")
    assert page.is_html and page.title == "Свой заголовок"  # the record's metadata wins
    assert page.published == "2025-12-19T16:40:00+05:00"


@pytest.mark.parametrize("record", [{"url": "x"}, {"text": ""}, {"text": 5}, ["text"]])
def test_from_record_without_text(record: object) -> None:
    with pytest.raises(InputError) as e:
        from_record(record, name="dump.jsonl:3")  # type: ignore[arg-type]
    assert e.value.input_name == "dump.jsonl:3"


def test_jsonl_bad_lines_reported_others_read(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": "Первая новость о заседании акимата.", "url": "https://x.kz/1"}, ensure_ascii=False),
        '{"text": "оборванная запись',
        "",
        json.dumps(["не объект"], ensure_ascii=False),
        json.dumps({"title": "без текста"}, ensure_ascii=False),
        json.dumps({"text": "Вторая новость о сессии маслихата.", "published": "2025-12-22"}, ensure_ascii=False),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([f]))
    good = [i for i in items if isinstance(i, Source)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert [s.text for s in good] == ["Первая новость о заседании акимата.", "Вторая новость о сессии маслихата."]
    assert [s.name for s in good] == [f"{f}:1", f"{f}:6"]
    assert good[1].published == "2025-12-22"
    assert [e.input_name for e in bad] == [f"{f}:2", f"{f}:4", f"{f}:5"]
    assert "malformed JSON" in bad[0].reason


RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>Лента Пример</title><link>https://primer.kz/</link>
<item><title>Аким встретился с жителями</title><link>https://primer.kz/news/akim-vstrecha</link>
<pubDate>Fri, 26 Dec 2025 09:40:00 +0500</pubDate>
<description><![CDATA[<p>Аким района встретился с жителями микрорайона.</p><p>Обсуждались дороги и освещение.</p>]]></description></item>
<item><title>Маслихат утвердил бюджет</title><link>https://primer.kz/news/maslihat-budget.html</link>
<pubDate>Fri, 26 Dec 2025 06:15:00 GMT</pubDate>
<description>Коротко: бюджет утвержден.</description></item>
<item><title>Пустая запись</title><link>https://primer.kz/news/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Атом Пример</title>
<entry><title>Сенат принял закон</title><link href="https://primer.kz/a/1"/>
<updated>2026-01-29T10:20:00+05:00</updated>
<content type="html">&lt;p&gt;Депутаты Сената приняли закон о местном самоуправлении.&lt;/p&gt;</content></entry>
<entry><title>Второй</title><link href="https://primer.kz/a/2"/><published>2026-01-30T05:00:00Z</published>
<summary>Краткое содержание второй записи.</summary></entry>
</feed>"""


@pytest.mark.parametrize("enc", ["utf-8", "windows-1251"])
def test_rss_feed_items_and_saved_page(tmp_path: Path, enc: str) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes(RSS.format(enc=enc).encode(enc))
    pages = tmp_path / "news.pages"
    pages.mkdir()
    (pages / "maslihat-budget.html").write_text(
        NEWS_PAGE.format(charset="utf-8").replace("выездное совещание", "сессию маслихата"), encoding="utf-8")
    items = list(iter_sources([tmp_path]))  # the walk reads the pages through the feed only
    good = [i for i in items if isinstance(i, Source)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert [s.title for s in good] == ["Аким встретился с жителями", "Маслихат утвердил бюджет"]
    first, second = good
    assert first.text == "Аким района встретился с жителями микрорайона.\n\nОбсуждались дороги и освещение."
    assert first.url == "https://primer.kz/news/akim-vstrecha"
    assert first.published == "2025-12-26T09:40:00+05:00"
    assert first.source == "Лента Пример"
    assert "сессию маслихата" in second.text  # the saved page, not the feed's summary
    assert second.url == "https://primer.kz/news/maslihat-budget.html"
    assert second.published == "2025-12-26T06:15:00+00:00"  # the feed's own offset (GMT) is kept
    assert [e.input_name for e in bad] == [f"{feed}#3"]


def test_atom_feed(tmp_path: Path) -> None:
    feed = tmp_path / "atom.xml"
    feed.write_text(ATOM, encoding="utf-8")
    got = [(s.title, s.text, s.url, s.published) for s in iter_sources([feed])]
    assert got == [
        ("Сенат принял закон", "Депутаты Сената приняли закон о местном самоуправлении.", "https://primer.kz/a/1",
         "2026-01-29T10:20:00+05:00"),
        ("Второй", "Краткое содержание второй записи.", "https://primer.kz/a/2", "2026-01-30T05:00:00+00:00"),
    ]


def test_feed_sniffed_without_extension(tmp_path: Path) -> None:
    f = tmp_path / "download"
    f.write_text(ATOM, encoding="utf-8")
    assert [s.title for s in iter_sources([f])] == ["Сенат принял закон", "Второй"]


def test_broken_feed_is_an_error(tmp_path: Path) -> None:
    f = tmp_path / "broken.xml"
    f.write_text("<?xml version='1.0'?><rss><channel><title>x</title>", encoding="utf-8")
    items = list(iter_sources([f]))
    assert len(items) == 1 and isinstance(items[0], InputError) and items[0].input_name == str(f)


def test_folder_walk_goes_on_after_errors(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Аким области провел совещание.", encoding="utf-8")
    (tmp_path / "b" / "c.htm").write_text(NEWS_PAGE.format(charset="utf-8"), encoding="utf-8")
    (tmp_path / "b" / "empty.txt").write_bytes(b"")
    (tmp_path / "b" / "d.txt").write_bytes("Маслихат утвердил бюджет.".encode("cp1251"))
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an article suffix: skipped
    (tmp_path / ".hidden.txt").write_text("скрытый", encoding="utf-8")
    items = list(iter_sources([tmp_path, tmp_path / "missing.txt"]))
    names = [i.name if isinstance(i, Source) else ("ERR", i.input_name) for i in items]
    assert names == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.htm"),
        str(tmp_path / "b" / "d.txt"),
        ("ERR", str(tmp_path / "b" / "empty.txt")),
        ("ERR", str(tmp_path / "missing.txt")),
    ]
    assert items[2].text == "Маслихат утвердил бюджет."


def test_read_path_refuses_a_many_article_file(tmp_path: Path) -> None:
    f = tmp_path / "two.jsonl"
    f.write_text('{"text": "раз"}\n{"text": "два"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="2 articles"):
        read_path(f)
    one = tmp_path / "one.jsonl"
    one.write_text('{"text": "Аким провел совещание."}\n', encoding="utf-8")
    assert read_path(one).text == "Аким провел совещание."


def test_demo_corpus_reads_without_errors() -> None:
    folder = demo.path()
    items = list(iter_sources([folder]))
    assert all(isinstance(i, Source) for i in items), [i for i in items if isinstance(i, InputError)]
    txt = sorted(folder.glob("*.txt"))
    jsonl = (folder / "demo.jsonl").read_text(encoding="utf-8").splitlines()
    assert 12 <= len(txt) <= 15
    kinds = {Path(i.name or "").suffix.split("#")[0].split(":")[0] for i in items}
    assert {".txt", ".jsonl", ".xml", ".html"} <= kinds  # every reader is exercised
    assert len(items) == len(txt) + len(jsonl) + 2


# ---------------------------------------------------------------- bad input classes (issue 17)

GOOD = "Аким Павлодарской области Асаин Байханов провёл совещание по подготовке к зиме."


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Builds one file (or link) of each bad class in ``folder``; returns its name → the code it gets."""
    import os

    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "again").symlink_to(folder)  # a folder link back to the folder: walked once
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "deep.jsonl").write_text('{"text": ' + "[" * 100_000 + "\n", encoding="utf-8")
    (folder / "invisible.txt").write_text("\u200b\u200c\u200d\ufeff \u2060\n\u00ad", encoding="utf-8")
    return {"pipe.txt": "E114", "zero.txt": "E114", "loop.txt": "E115", "again": "E115",
            "deep.json": "E106", "deep.jsonl:1": "E106", "invisible.txt": "E101"}


def test_every_bad_input_class_is_a_coded_error_and_good_files_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _bad_inputs(folder)
    for i in range(3):
        (folder / f"good{i}.txt").write_text(GOOD, encoding="utf-8")
    items = list(iter_sources([folder]))
    errors = {Path(e.input_name).name: e.code for e in items if isinstance(e, InputError)}
    assert errors == expected
    good = [s for s in items if isinstance(s, Source)]
    assert sorted(Path(s.name).name for s in good) == ["good0.txt", "good1.txt", "good2.txt"]


@pytest.mark.parametrize("name, code", [
    ("pipe.txt", "E114"), ("zero.txt", "E114"), ("loop.txt", "E115"), ("deep.json", "E106"),
    ("invisible.txt", "E101"),
])
def test_a_bad_file_given_by_name_beside_a_good_one(tmp_path: Path, name: str, code: str) -> None:
    _bad_inputs(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    items = list(iter_sources([tmp_path / name, good]))
    assert [(type(x).__name__, getattr(x, "code", None)) for x in items] == [("InputError", code), ("Source", None)]
    with pytest.raises(InputError) as e:
        read_path(tmp_path / name)
    assert e.value.code == code and name in str(e.value)


def test_a_file_name_that_is_not_utf8_is_reported_safely(tmp_path: Path) -> None:
    import os

    raw = os.fsencode(tmp_path) + b"/\xff\xfe-news.txt"
    with open(raw, "wb") as fh:
        fh.write(GOOD.encode("utf-8"))
    (src,) = list(iter_sources([tmp_path]))
    assert src.text == GOOD and src.name.endswith("\\xff\\xfe-news.txt")
    src.name.encode("utf-8")  # printable, storable


def test_an_unreadable_folder_is_reported_and_the_walk_goes_on(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text(GOOD, encoding="utf-8")
    real = Path.iterdir

    def iterdir(self):  # root reads any folder, so the refusal is the OS's answer, simulated
        if self.name == "a":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    items = list(iter_sources([tmp_path]))
    assert [(Path(getattr(x, "input_name", None) or x.name).name, getattr(x, "code", None)) for x in items] == [
        ("a", "E107"), ("y.txt", None)]
    assert "Permission denied" in items[0].reason


@pytest.mark.parametrize("text, expected", [
    ("Аким\x00 сказал", "Аким сказал"),  # NUL dropped (PostgreSQL cannot store it)
    ("Аким \ud800сказал", "Аким \ufffdсказал"),  # a lone surrogate: no encoding can write it
    ("Аким\u200b сказал", "Аким\u200b сказал"),  # a zero-width space inside text stays
])
def test_nul_and_surrogates_are_cleaned_the_same_in_every_reader(tmp_path: Path, text: str, expected: str) -> None:
    rec = {"text": text, "title": text, "url": "https://x.kz/a\x00b"}
    line = json.dumps(rec)  # \u escapes: the JSON itself is valid UTF-8
    (tmp_path / "r.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "r.json").write_text(line, encoding="utf-8")
    got = [from_text(text), from_record(rec), *iter_sources([tmp_path / "r.jsonl", tmp_path / "r.json"])]
    assert [s.text for s in got] == [expected] * 4
    assert [s.title for s in got[1:]] == [expected] * 3 and got[1].url == "https://x.kz/ab"


@pytest.mark.parametrize("text", ["", "   \n", "\u200b\u200b", "\ufeff\u2060\u200d", "\x00\x00", "\u00ad \t"])
def test_text_with_nothing_visible_is_empty(text: str) -> None:
    with pytest.raises(InputError) as e:
        from_text(text, name="t")
    assert e.value.code == "E101"


def test_a_long_jsonl_line_is_refused_unread_and_the_next_line_read(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    f.write_text(json.dumps({"text": "а" * 5000}) + "\n" + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    items = list(iter_sources([f], max_bytes=2000))
    assert [getattr(x, "code", None) for x in items] == ["E104", None] and items[1].text == GOOD


def test_extract_and_ingest_over_every_bad_class_keep_the_good_files(tmp_path: Path) -> None:
    """The commands on a folder of every bad class: no traceback, exit 1, each good file stored."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    bad = _bad_inputs(folder)
    with open(os.fsencode(folder) + b"/\xff-name.txt", "wb") as fh:
        fh.write("Аким Алматы Ерболат Досаев провёл совещание о подготовке к зиме.".encode())
    (folder / "rec.jsonl").write_text(
        json.dumps({"text": "Министр энергетики \ud800 Алмасадам Саткалиев\x00 сказал: «Тарифы не вырастут»."})
        + "\n", encoding="utf-8")
    for i in range(2):
        (folder / f"good{i}.txt").write_text(f"{GOOD} Совещание {i}.", encoding="utf-8")
    good = 4
    derek = str(Path(sys.executable).with_name("derek"))
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    ex = subprocess.run([derek, "extract", "--jsonl", str(folder)], capture_output=True, env=env, timeout=600,
                        check=False)
    out, err = ex.stdout.decode("utf-8"), ex.stderr.decode("utf-8")
    assert ex.returncode == 1 and "Traceback" not in err, err[-2000:]
    assert len(out.splitlines()) == good and err.count("derek: error:") == len(bad)
    db = tmp_path / "bad.db"
    ing = subprocess.run([derek, "ingest", "--db", str(db), "--json", str(folder)], capture_output=True, env=env,
                         timeout=600, check=False)
    assert ing.returncode == 1 and b"Traceback" not in ing.stderr, ing.stderr[-2000:]
    summary = json.loads(ing.stdout)
    assert (summary["new"], summary["failed"]) == (good, len(bad))
    fails = subprocess.run([derek, "failures", "--db", str(db), "--json"], capture_output=True, env=env,
                           timeout=120, check=True)
    names = {Path(i["input"]).name: i["code"] for i in json.loads(fails.stdout)["items"]}
    assert names == bad
