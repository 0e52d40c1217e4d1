"""Who held a post and when: post keys across forms and languages, and `derek holders` on the
demo corpus and the kznews articles (extracted by the real pipeline, stored in SQLite)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from conftest import KZNEWS, ROOT, SEED, need_shared
from derek.cli import app
from derek.corpus.holders import report_kind
from derek.corpus.ingest import Ingestor
from derek.corpus.post_keys import parse_post, post_key
from derek.corpus.store import Store

DEMO = ROOT / "src" / "derek" / "demo"


@pytest.mark.parametrize(("a", "b"), [
    (parse_post("аким Алматы"), post_key("аким", "акимат города Алматы", "Алматы")),
    (parse_post("аким города Алматы"), post_key("әкім", None, "Алматы")),
    (parse_post("Алматы қаласының әкімі"), post_key("аким", "акимат города Алматы", "Алматы")),
    (parse_post("Павлодар облысының әкімі"), post_key("аким", "акимат Павлодарской области", "Павлодарская область")),
    (parse_post("аким Павлодарской области"), post_key("әкім", None, "Павлодар облысы")),
    (parse_post("министр энергетики"), post_key("Энергетика министрі")),
    (parse_post("министр энергетики РК"), post_key("министр энергетики", None, "Республика Казахстан")),
    (parse_post("заместитель акима Алматы"), post_key("заместитель акима", "акимат города Алматы", "Алматы")),
])
def test_one_post_whatever_its_form(a, b):
    assert a == b and a.title


@pytest.mark.parametrize(("a", "b"), [
    (parse_post("аким Алматы"), parse_post("аким Алматинской области")),
    (parse_post("аким Павлодара"), parse_post("аким Павлодарской области")),
    (parse_post("аким Алматы"), parse_post("заместитель акима Алматы")),
    (parse_post("министр энергетики"), parse_post("министр финансов")),
])
def test_different_posts_stay_apart(a, b):
    assert a != b


@pytest.mark.parametrize(("sentence", "tense", "kind"), [
    ("Ерлан Сатыбалдиев назначен акимом Павлодарской области", "current", "appointment"),
    ("Болат Курманов освобожден от должности акима области", "past", "dismissal"),
    ("Бұрынғы әкім қызметінен босатылды", "past", "dismissal"),
    ("Аким области провел совещание", "current", "report"),
    ("Бывший аким назначен послом", "past", "report"),
])
def test_report_kind(sentence, tense, kind):
    assert report_kind(sentence, tense) == kind


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory) -> str:
    need_shared()
    path = tmp_path_factory.mktemp("holders") / "holders.db"
    store = Store(path)
    assert Ingestor(store, pipeline).ingest_paths([SEED, KZNEWS, DEMO]).failed == 0
    store.close()
    return str(path)


def holders(db: str, *args: str) -> tuple[int, dict]:
    r = CliRunner().invoke(app, ["holders", *args, "--db", db, "--json"])
    return r.exit_code, json.loads(r.stdout) if r.stdout.strip().startswith("{") else {}


@pytest.mark.parametrize(("post", "current", "former"), [
    ("аким Павлодарской области", "Ерлан Сатыбалдиев", "Болат Курманов"),
    ("Павлодар облысының әкімі", "Ерлан Сатыбалдиев", "Болат Курманов"),
    ("министр энергетики", "Гульнара Абдрахманова", None),
    ("премьер-министр", "Асхат Мукашев", None),
])
def test_holders_of_a_post(db, post, current, former):
    code, res = holders(db, post)
    assert code == 0 and res["items"], res
    item = res["items"][0]
    assert item["current"]["name"] == current
    by_name = {h["name"]: h for h in item["holders"]}
    now = by_name[current]
    assert now["status"] == "current" and now["to"] is None
    assert now["from"] and now["from"] <= now["last_reported"]
    assert all(e["article_id"] for e in now["evidence"])
    if former:
        was = by_name[former]
        assert was["status"] == "former" and was["to"] and was["to"] <= now["last_reported"]


def test_pavlodar_akim_appointment_dismissal_and_a_day(db):
    _, res = holders(db, "аким Павлодарской области", "--on", "2025-12-20")
    [item] = res["items"]
    by_name = {h["name"]: h for h in item["holders"]}
    assert by_name["Ерлан Сатыбалдиев"]["appointed"] and by_name["Болат Курманов"]["dismissed"]
    assert by_name["Ерлан Сатыбалдиев"]["from"] == by_name["Болат Курманов"]["to"]
    assert item["on"]["holder"]["name"] == "Ерлан Сатыбалдиев"
    before = by_name["Ерлан Сатыбалдиев"]["from"]
    _, res = holders(db, "аким Павлодарской области", "--on", "2025-01-01")
    assert res["items"][0]["on"]["holder"]["name"] == "Болат Курманов", (before, res["items"][0]["on"])


def test_holders_table_csv_and_errors(db):
    run = CliRunner().invoke
    r = run(app, ["holders", "аким Павлодарской области", "--db", db, "--format", "csv"])
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert {"Ерлан Сатыбалдиев", "Болат Курманов"} <= {x["holder"] for x in rows}
    r = run(app, ["holders", "министр энергетики", "--db", db])
    assert r.exit_code == 0 and "Гульнара Абдрахманова" in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) > 80  # not wrapped off a terminal
    assert run(app, ["holders", "верховный жрец Атлантиды", "--db", db]).exit_code == 1
    assert run(app, ["holders", "аким", "--on", "вчера", "--db", db]).exit_code == 2
    assert run(app, ["holders", "аким", "--format", "xml", "--db", db]).exit_code == 2


def test_posts_listed_most_reported_first(db):
    r = CliRunner().invoke(app, ["holders", "--db", db, "--json", "-n", "500"])
    assert r.exit_code == 0
    listed = json.loads(r.stdout)
    assert listed["total"] == len(listed["items"]) > 10
    counts = [i["articles"] for i in listed["items"]]
    assert counts == sorted(counts, reverse=True)
    pavlodar = next(i for i in listed["items"] if i["key"] == str(parse_post("аким Павлодарской области")))
    assert pavlodar["holders"] == 2 and pavlodar["latest"]["name"] == "Ерлан Сатыбалдиев"
    assert len({i["key"] for i in listed["items"]}) == len(listed["items"])  # one row a post
    unplaced = [i for i in listed["items"] if i["several"]]
    assert unplaced and all(i["latest"] is None and not i["where"] for i in unplaced)
    assert pavlodar["several"] is False


def test_posts_over_http(db):
    from fastapi.testclient import TestClient

    from derek.web.app import create_app

    c = TestClient(create_app(db, token=""))
    one = c.get("/api/posts", params={"title": "Павлодар облысының әкімі", "on": "2025-12-20"}).json()
    assert one["items"][0]["on"]["holder"]["name"] == "Ерлан Сатыбалдиев"
    assert c.get("/api/posts", params={"title": "аким", "on": "20.12.2025"}).status_code == 422
    listed = c.get("/api/posts", params={"limit": 5}).json()
    assert len(listed["items"]) == 5 and listed["total"] > 5
    page = c.get("/posts")
    assert page.status_code == 200 and "Павлодарская область" in page.text
    assert c.get("/posts", params={"title": "аким", "on": "вчера"}).status_code == 422


def test_an_akim_without_a_place_is_no_one_post(db):
    """«аким» reported without where: perhaps many posts, so no succession and no current holder is
    inferred between those holders; every placed akim post is its own item."""
    _, res = holders(db, "аким")
    assert len(res["items"]) > 3
    assert len({i["key"] for i in res["items"]}) == len(res["items"])
    for item in res["items"]:
        if " | " not in item["key"]:
            assert item["current"] is None
            assert all(h["to_basis"] != "successor reported" for h in item["holders"])
        else:
            assert sum(1 for h in item["holders"] if h["status"] == "current") <= 1


def test_every_post_link_finds_its_post(db):
    """Each «кто ещё» link of a position, on every person and organization page, opens a post page
    that lists that person among the holders."""
    import html
    import re

    from fastapi.testclient import TestClient

    from derek.corpus import queries
    from derek.web.app import create_app

    c = TestClient(create_app(db, token=""))
    store = Store(db)
    pages = [f"/people/{p['id']}" for p in queries.list_people(store, limit=500)["items"]]
    pages += [f"/organizations/{o['id']}" for o in queries.list_organizations(store, limit=500)["items"]]
    checked = 0
    for page in pages:
        text = c.get(page).text
        for link in re.findall(r'class="post-link small" href="([^"]+)"', text):
            post = c.get(html.unescape(link))
            assert post.status_code == 200 and 'class="holder ' in post.text, (page, html.unescape(link))
            if page.startswith("/people/"):
                assert f'href="{page}"' in post.text, (page, html.unescape(link))
            checked += 1
    assert checked > 50
    store.close()
