"""The web UI in Russian and Kazakh: catalogs, templates free of hard-coded text, the language choice.

The pages are fetched through the real app over a small SQLite corpus (the seed article and the
package's demo corpus, Russian and Kazakh articles) ingested with the session pipeline.
"""

from __future__ import annotations

import ast
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import nodes

from conftest import SEED, need_shared
from derek.web import i18n, render
from derek.web.app import make_templates
from test_web_browser import page, server, shots  # noqa: F401 - the browser fixtures, for the last test

pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from derek.web import create_app  # noqa: E402

WEB = Path(i18n.__file__).resolve().parent
TEMPLATES = sorted((WEB / "templates").glob("*.html"))
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
RU, KK = i18n.catalog("ru"), i18n.catalog("kk")

# messages that are the same word in both languages (loan words, formats, symbols)
SAME_IN_BOTH = {
    "nav.api", "credit.photo", "credit.infographic", "docs.param", "plural.story",
    "filters.author", "filters.author_placeholder", "date.with_time", "date.short_day", "date.short_month",
}


# -- catalogs -------------------------------------------------------------------------------

def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_key_is_in_both_catalogs():
    assert set(RU.messages) == set(KK.messages), set(RU.messages) ^ set(KK.messages)


@pytest.mark.parametrize("key", sorted(RU.messages))
def test_a_message_has_the_same_placeholders_and_is_translated(key):
    ru, kk = RU.messages[key], KK.messages[key]
    assert type(ru) is type(kk), key
    if isinstance(ru, str):
        assert placeholders(ru) == placeholders(kk), (key, ru, kk)
        assert kk.strip(), key
    if key not in SAME_IN_BOTH and not key.startswith(("date.months",)):
        assert ru != kk, f"{key}: the Kazakh message is the Russian one"


@pytest.mark.parametrize(("lang", "n", "key", "expected"), [
    ("ru", 1, "plural.article", "статья"),
    ("ru", 3, "plural.article", "статьи"),
    ("ru", 11, "plural.article", "статей"),
    ("ru", 21, "plural.article", "статья"),
    ("ru", 34, "plural.person", "человека"),
    ("ru", 73, "plural.quote", "цитаты"),
    ("ru", 0, "plural.quote", "цитат"),
    ("kk", 1, "plural.article", "мақала"),
    ("kk", 5, "plural.article", "мақала"),
    ("kk", 34, "plural.person", "адам"),
])
def test_plural_forms(lang, n, key, expected):
    assert i18n.catalog(lang).plural(n, key) == expected


@pytest.mark.parametrize(("lang", "value", "with_time", "expected"), [
    ("ru", "2025-12-25T16:46:00+05:00", True, "25 декабря 2025, 16:46"),
    ("kk", "2025-12-25T16:46:00+05:00", True, "2025 жылғы 25 желтоқсан, 16:46"),
    ("kk", "2026-01-07", True, "2026 жылғы 7 қаңтар"),
    ("kk", "2026-03-01T10:30:00", False, "2026 жылғы 1 наурыз"),
    ("ru", "2026-09-01", False, "1 сентября 2026"),
    ("kk", "not a date", True, "not a date"),
])
def test_dates_in_the_ui_language(lang, value, with_time, expected):
    assert render.local_date(value, i18n.catalog(lang), with_time) == expected


def test_the_chart_speaks_the_ui_language():
    data = {"2025-12-01": 2, "2025-12-09": 1}
    kk = str(render.mentions_chart(data, t=KK))
    assert "Күн бойынша аталуы, барлығы 3." in kk and "1 жел" in kk and "дек" not in kk
    assert "Күндер бойынша аталу деректері жоқ." in render.mentions_chart(None, t=KK)
    assert "Упоминания по дням, всего 3." in str(render.mentions_chart(data))


@pytest.mark.parametrize(("text", "problem"), [
    ('[_meta]\nformat = 2\nlang = "kk"\n', "format must be 1"),
    ('[nav]\npeople = "Адамдар"\n', "format must be 1"),
    ('[_meta]\nformat = 1\nlang = "xx"\n', "'xx' has no plural rule"),
    ('[_meta]\nformat = 1\nlang = "ru"\n[plural]\narticle = ["статья"]\n', "plural.article needs 3"),
    ('[_meta]\nformat = 1\nlang = "ru"\n[nav]\npeople = 3\n', "nav.people must be a string"),
    ('[_meta\nformat = 1\n', "not valid TOML"),
])
def test_a_bad_catalog_file_is_an_error_naming_it(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(i18n.CatalogError, match=re.escape(problem)) as e:
        i18n.read_catalog(path)
    assert str(path) in str(e.value)


def test_a_missing_message_names_its_key_and_language():
    with pytest.raises(i18n.CatalogError, match=r"no message 'nav\.nowhere' in the kk catalog"):
        KK.text("nav.nowhere")
    assert KK.text("credit.audio", default="audio") == "audio"
    with pytest.raises(i18n.CatalogError, match="unknown UI language 'en'"):
        i18n.catalog("en")


def test_markup_escapes_arguments_but_not_markup():
    out = RU.markup("home.empty", command=render.code("derek ingest <x>"), link="<script>")
    assert "<code>derek ingest &lt;x&gt;</code>" in out and "&lt;script&gt;" in out and "<script>" not in out


# -- templates and the Python that renders HTML: no text outside the catalogs ----------------

def message_calls(tree: nodes.Template):
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in ("_", "plural"):
            yield call


def uncatalogued_texts(tree: nodes.Template) -> list[str]:
    """Template text and string literals with Cyrillic letters outside ``_()``/``plural()`` calls."""
    inside = {id(c) for call in message_calls(tree) for c in call.find_all(nodes.Const)}
    found = [n.data for n in tree.find_all(nodes.TemplateData) if CYRILLIC.search(n.data)]
    found += [n.value for n in tree.find_all(nodes.Const)
              if isinstance(n.value, str) and CYRILLIC.search(n.value) and id(n) not in inside]
    return found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_templates_have_no_text_outside_the_catalog(path):
    env = make_templates().env
    tree = env.parse(path.read_text(encoding="utf-8"))
    assert uncatalogued_texts(tree) == []


def test_the_check_finds_hard_coded_text():
    env = make_templates().env
    tree = env.parse("<h1>Люди</h1>{{ _('nav.people') }}{{ 'бывш.' if x }}{{ plural(n, 'plural.article') }}")
    assert uncatalogued_texts(tree) == ["<h1>Люди</h1>", "бывш."]


def template_keys() -> set[str]:
    """The keys the templates look up: literals, and «prefix*» for a key built as ``'tense.' ~ x``."""
    env = make_templates().env
    keys = set()
    for path in TEMPLATES:
        for call in message_calls(env.parse(path.read_text(encoding="utf-8"))):
            arg = call.args[1] if call.node.name == "plural" else call.args[0]
            if isinstance(arg, nodes.Const):
                keys.add(arg.value)
            else:
                assert isinstance(arg, nodes.Concat) and isinstance(arg.nodes[0], nodes.Const), (path, arg)
                keys.add(arg.nodes[0].value + "*")
    return keys


def test_every_key_the_templates_use_is_in_the_catalogs():
    keys = template_keys()
    assert len(keys) > 100
    for key in keys:
        for cat in (RU, KK):
            if key.endswith("*"):
                assert any(k.startswith(key[:-1]) for k in cat.messages), (cat.lang, key)
            else:
                assert key in cat.messages, (cat.lang, key)


@pytest.mark.parametrize("name", ["pages.py", "render.py"])
def test_python_that_renders_html_has_no_russian_literals(name):
    tree = ast.parse((WEB / name).read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    literals = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and CYRILLIC.search(n.value) and id(n) not in docstrings]
    assert literals == []


# -- choosing the language ----------------------------------------------------------------

@pytest.mark.parametrize(("header", "lang"), [
    ("kk", "kk"),
    ("kk-KZ", "kk"),
    ("kk-KZ,kk;q=0.9,ru;q=0.8,en;q=0.7", "kk"),
    ("KK-kz", "kk"),
    ("ru-RU,ru;q=0.9", "ru"),
    ("ru;q=0.9,kk;q=0.8", "ru"),
    ("en-US,en;q=0.9", "ru"),
    ("en-US,kk;q=0.5", "kk"),
    ("kk;q=0", "ru"),
    ("kk;q=abc", "ru"),
    ("de, fr;q=0.8", "ru"),
    ("*", "ru"),
    ("", "ru"),
    (None, "ru"),
])
def test_accept_language(header, lang):
    assert i18n.negotiate(header) == lang


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, pipeline):
    need_shared()
    from test_api import ingest

    db = tmp_path_factory.mktemp("i18n") / "i18n.db"
    ingest(db, pipeline, [{"text": SEED.read_text(encoding="utf-8"), "url": "https://example.kz/almaty-ank-30"}])
    return db


@pytest.fixture()
def app(corpus_db, pipeline):
    return create_app(str(corpus_db), token="", pipeline=pipeline)


@pytest.fixture()
def client(app):
    """A client of its own per test: the language cookie one test sets never reaches another."""
    return TestClient(app)


@pytest.fixture(scope="module")
def ids(corpus_db, pipeline):
    c = TestClient(create_app(str(corpus_db), token="", pipeline=pipeline))
    person = c.get("/api/people", params={"q": "Нукенов"}).json()["items"][0]["id"]
    org = c.get("/api/organizations", params={"limit": 1}).json()["items"][0]["id"]
    article = c.get("/api/articles", params={"limit": 1}).json()["items"][0]["id"]
    post = c.get("/api/posts", params={"limit": 1}).json()["items"][0]["title"]
    return {"person": person, "org": org, "article": article, "post": post}


def html_lang(html: str) -> str:
    m = re.search(r'<html lang="(\w+)">', html)
    assert m, html[:200]
    return m.group(1)


@pytest.mark.parametrize(("headers", "cookies", "query", "lang"), [
    ({}, {}, "", "ru"),
    ({"Accept-Language": "kk-KZ,kk;q=0.9"}, {}, "", "kk"),
    ({"Accept-Language": "en-US,en;q=0.9"}, {}, "", "ru"),
    ({"Accept-Language": "ru"}, {}, "", "ru"),
    ({}, {i18n.COOKIE: "kk"}, "", "kk"),
    ({"Accept-Language": "kk"}, {i18n.COOKIE: "ru"}, "", "ru"),  # the cookie is the user's choice
    ({}, {i18n.COOKIE: "xx"}, "", "ru"),
    ({"Accept-Language": "kk"}, {i18n.COOKIE: "ru"}, "?lang=kk", "kk"),  # the parameter beats the cookie
    ({"Accept-Language": "kk"}, {}, "?lang=ru", "ru"),
    ({"Accept-Language": "kk"}, {}, "?lang=en", "kk"),  # an unknown value is ignored
])
def test_the_language_of_a_page(app, headers, cookies, query, lang):
    c = TestClient(app, cookies=cookies)
    r = c.get("/people" + query, headers=headers)
    assert r.status_code == 200
    assert html_lang(r.text) == lang
    assert (RU if lang == "ru" else KK).text("nav.people") in r.text
    assert "Accept-Language" in r.headers.get("vary", "")


def test_the_parameter_sets_a_cookie_that_later_pages_follow(client):
    r = client.get("/organizations?lang=kk")
    assert f"{i18n.COOKIE}=kk" in r.headers["set-cookie"] and "Max-Age=" in r.headers["set-cookie"]
    assert html_lang(r.text) == "kk"
    assert html_lang(client.get("/people").text) == "kk"
    assert html_lang(client.get("/quotes").text) == "kk"
    assert "set-cookie" not in client.get("/quotes").headers
    client.get("/?lang=ru")
    assert html_lang(client.get("/people").text) == "ru"


def test_the_json_api_is_not_translated(app, client, ids):
    ru = client.get(f"/api/people/{ids['person']}").json()
    kk_client = TestClient(app, cookies={i18n.COOKIE: "kk"}, headers={"Accept-Language": "kk"})
    r = kk_client.get(f"/api/people/{ids['person']}?lang=kk")
    assert r.json() == ru and "set-cookie" not in r.headers and "vary" not in r.headers
    missing = kk_client.get("/api/people/999999")
    assert missing.status_code == 404 and missing.json() == client.get("/api/people/999999").json()
    assert CYRILLIC.search(missing.json()["error"]["message"])


def page_urls(ids: dict) -> list[str]:
    return ["/", "/people", f"/people/{ids['person']}", "/organizations", f"/organizations/{ids['org']}",
            "/articles", f"/articles/{ids['article']}", "/search", "/search?q=аким", "/quotes", "/posts",
            f"/posts?title={ids['post']}", "/extract", "/docs", "/people/999999", "/no-such-page",
            "/search?q=x&date_from=yesterday", "/people?page=0"]


class UiTexts(HTMLParser):
    """The page's text nodes (split at « · », and without a leading number) and its
    placeholder/title/aria-label values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.texts += [v.strip() for k, v in attrs if k in ("placeholder", "title", "aria-label") and v]

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            for piece in filter(None, (p.strip() for p in data.split("·"))):
                self.texts += [piece, re.sub(r"^\d+\s+", "", piece)]  # «5 статей»: «статей» too


# examples of data (a place, a post, a query word) that a page may show as data too
EXAMPLES = {"posts.where_placeholder", "posts.title_placeholder", "docs.example_query", "docs.example_file"}


def russian_ui_patterns() -> list[tuple[str, re.Pattern]]:
    """A full-match pattern for each Russian message that Kazakh says otherwise (4+ letters)."""
    out = []
    for key, msg in RU.messages.items():
        if key in EXAMPLES:
            continue
        forms = [msg] if isinstance(msg, str) else list(msg)
        kk = KK.messages[key]
        for form in forms:
            if form in ([kk] if isinstance(kk, str) else kk) or key.startswith("date.") or len(re.sub(r"\{\w+\}|\W", "", form)) < 4:
                continue
            pieces = re.split(r"\{\w+\}", form.strip())
            out.append((key, re.compile(".+?".join(re.escape(p) for p in pieces))))
    return out


def russian_ui_left(html: str, patterns: list[tuple[str, re.Pattern]]) -> list[tuple[str, str]]:
    parser = UiTexts()
    parser.feed(html)
    title = re.search(r"<title>(.*?) — derek</title>", html)
    texts = parser.texts + ([title.group(1)] if title else [])
    return [(key, t) for t in texts for key, p in patterns if p.fullmatch(t)]


def test_kazakh_pages_have_no_russian_ui_text(client, ids):
    patterns = russian_ui_patterns()
    assert len(patterns) > 150
    for url in page_urls(ids):
        r = client.get(url, headers={"Accept-Language": "kk"})
        assert html_lang(r.text) == "kk", url
        assert russian_ui_left(r.text, patterns) == [], url


def test_the_check_finds_the_russian_ui_on_a_russian_page(client, ids):
    keys = {key for key, _ in russian_ui_left(client.get(f"/people/{ids['person']}").text, russian_ui_patterns())}
    assert {"nav.people", "nav.posts", "person.mentions_over_time", "footer.json", "plural.article"} <= keys


@pytest.mark.parametrize(("where", "kazakh"), [
    ("/", ["Басты бет", "Адамдар", "Ұйымдар", "Лауазымдар", "Дәйексөздер", "Іздеу", "Мақалалар",
           "Жаңалықтарда жиі аталатындар", "Соңғы мақалалар", "жылғы"]),
    ("/people", ["Аты-жөні", "Соңғы лауазымы", "Аталу саны", "мақала саны бойынша"]),
    ("person", ["Лауазымдар", "Уақыт бойынша аталуы", "Соңғы дәйексөздер", "Бірге аталатындар", "тағы кім"]),
    ("/posts", ["Лауазымды кімдер атқарды", "Жаңалықтардағы лауазымдар", "Соңғы атқарушы"]),
    ("post", ["Тағайындау / босату", "мақала"]),
    ("article", ["Дереккөз", "Жарияланған күні", "төл сөз", "төлеу сөз", "Орындар"]),
    ("/search", ["Мақалалар мен дәйексөздерден іздеу", "Сұрауды енгізіңіз", "тек дәйексөздер"]),
    ("/extract", ["Мақаланы талдау", "Ештеңе сақталмайды", "мақаланың мекенжайы (міндетті емес)"]),
    ("/docs", ["Әр беттің JSON нұсқасы бар", "Әдепкі мәні", "таңба"]),
    ("/people/999999", ["Табылмады", "Адам табылмады: 999999.", "Басты бетке"]),
    ("/no-such-page", ["Мұндай бет жоқ: /no-such-page"]),
    ("/search?q=x&date_from=yesterday", ["Параметрлер қате", "ЖЖЖЖ-АА-КК", "«yesterday»"]),
])
def test_kazakh_pages_say_it_in_kazakh(client, ids, where, kazakh):
    url = {"person": f"/people/{ids['person']}", "article": f"/articles/{ids['article']}",
           "post": f"/posts?title={ids['post']}"}.get(where, where)
    text = client.get(url + ("&" if "?" in url else "?") + "lang=kk").text
    for s in kazakh:
        assert s in text, (url, s)


def test_the_russian_pages_keep_their_texts(client, ids):
    home = client.get("/").text
    for s in ("Главная — derek", "Кто что сказал, в какой должности, где и когда", "Чаще всего в новостях",
              ">Люди</a>", ">Должности</a>", "JSON этой страницы"):
        assert s in home, s
    person = client.get(f"/people/{ids['person']}").text
    assert "Упоминания во времени" in person and "Абзал Нукенов" in person


def test_the_switch_keeps_the_current_url(client, ids):
    for url in page_urls(ids)[:14]:
        html = client.get(url).text
        switch = re.search(r'<nav class="langs".*?</nav>', html, re.S)
        assert switch, url
        links = re.findall(r'href="([^"]+)"', switch.group(0))
        assert len(links) == 1 and "lang=kk" in links[0], (url, links)
        target = client.get(links[0].replace("&amp;", "&"))
        assert html_lang(target.text) == "kk", url
        assert target.url.path == url.split("?")[0]
        back = re.findall(r'href="([^"]+)"', re.search(r'<nav class="langs".*?</nav>', target.text, re.S).group(0))
        assert len(back) == 1 and "lang=ru" in back[0], url
        client.get("/?lang=ru")


def test_the_json_twin_link_carries_no_ui_language(client):
    html = client.get("/people?q=Нукенов&lang=kk").text
    twin = re.search(r'<a class="json" href="([^"]+)" id="json-twin">', html)
    assert twin and twin.group(1).startswith("/api/people?q=") and "lang" not in twin.group(1)


# -- in a real browser (Debian chromium through Playwright; the server of test_web_browser) ----

@pytest.mark.browser
@pytest.mark.slow
def test_the_switch_in_a_browser(page, server, shots):  # noqa: F811
    """Rus → Қаз on the home page, then the choice follows the user from page to page; screenshots
    of the home, a person and the posts page in Kazakh go where test_web_browser puts its own."""
    from test_web_browser import shot

    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "ru"
    page.locator("#lang-switch a", has_text="Қаз").click()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == KK.text("home.headline")
    shot(page, shots, "home-kk.png", full=False)
    page.locator("header nav a", has_text="Адамдар").click()
    assert page.locator("h1").inner_text() == "Адамдар" and "lang=" not in page.url
    page.locator("#people-table a").first.click()
    assert page.locator("#positions h2").inner_text() == "Лауазымдар"
    shot(page, shots, "person-kk.png")
    page.locator("header nav a", has_text="Лауазымдар").click()
    assert page.locator("h1").inner_text() == KK.text("posts.heading")
    shot(page, shots, "posts-kk.png")
    page.locator("#lang-switch a", has_text="Рус").click()
    assert page.locator("html").get_attribute("lang") == "ru" and page.locator("h1").inner_text() == "Кто занимал должность"
