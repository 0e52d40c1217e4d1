"""Each corpus query on a small real corpus: the seed, the kznews articles and the demo corpus,
extracted by the real pipeline and stored in SQLite and in PostgreSQL."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re

import pytest
from sqlalchemy import select

from conftest import KZNEWS, ROOT, SEED, need_shared
from derek.corpus import models as m
from derek.corpus import queries
from derek.corpus.export import export
from derek.corpus.ingest import Ingestor
from derek.corpus.store import Store, create_database, drop_database

DEMO = ROOT / "src" / "derek" / "demo"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request, pipeline, tmp_path_factory):
    """(store, {article id: Article}) — one corpus per backend for this module."""
    need_shared()
    server = os.environ.get("DEREK_TEST_PG")
    name = None
    if request.param == "sqlite":
        store = Store(tmp_path_factory.mktemp("q") / "queries.db")
    else:
        if not server:
            pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")
        name = f"derek_queries_{os.getpid()}"
        store = Store(create_database(server, name))
    res = Ingestor(store, pipeline).ingest_paths([SEED, KZNEWS, DEMO])
    assert res.failed == 0 and res.new > 30
    yield store, {r.article_id: r for r in res.results}
    store.close()
    if name:
        drop_database(server, name)


def seed_id(store: Store) -> str:
    with store.connect() as conn:
        return conn.execute(select(m.articles.c.id).where(m.articles.c.input == str(SEED))).scalar_one()


def plain(snippet: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", snippet))


def marked(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", snippet)


def test_search_finds_articles_and_quotes_with_marked_snippets(corpus):
    store, _ = corpus
    res = queries.search(store, "единство")
    assert res["query"] == "единство" and res["total"] == len(res["items"]) > 1
    kinds = {i["kind"] for i in res["items"]}
    assert kinds == {"article", "quote"}
    sid = seed_id(store)
    assert sid in {i["article_id"] for i in res["items"] if i["kind"] == "article"}
    for i in res["items"]:
        hits = marked(i["snippet"])
        assert hits and all(h.lower().startswith("единств") for h in hits), i["snippet"]
    art = queries.get_article(store, sid)
    for i in res["items"]:
        if i["kind"] == "quote" and i["article_id"] == sid:
            assert plain(i["snippet"]).strip("…") in art["text"]
            assert i["speaker_id"] is None or queries.get_person(store, i["speaker_id"])["name"] == i["speaker"]
    scores = [i["score"] for i in res["items"]]
    assert res["items"][0]["score"] == max(scores)


@pytest.mark.parametrize(("query", "form"), [("Токаевым", "Токаев"), ("Токаев", "Токаев"), ("Тоқаев", "Токаев"),
                                             ("акимата", "акимат")])
def test_search_matches_other_forms(corpus, query, form):
    store, _ = corpus
    res = queries.search(store, query, kind="article", limit=50)
    assert res["total"] >= 1
    for i in res["items"]:  # the hit is in the snippet, or else in the title
        hits = [h.lower().replace("қ", "к") for h in marked(i["snippet"])]
        assert any(h.startswith(form.lower()) for h in hits) or form.lower() in (i["title"] or "").lower(), i


def test_search_filters_and_paging(corpus):
    store, _ = corpus
    everything = queries.search(store, "Алматы", limit=100)
    assert everything["total"] > 3
    days = {i["article_id"]: (i["published"] or "")[:10] for i in everything["items"]}
    cut = sorted(d for d in days.values() if d)[len(days) // 2]
    late = queries.search(store, "Алматы", date_from=cut, limit=100)
    assert 0 < late["total"] < everything["total"]
    assert all((i["published"] or "")[:10] >= cut for i in late["items"])
    first, second = (queries.search(store, "Алматы", limit=2, offset=o)["items"] for o in (0, 2))
    assert [i["article_id"] for i in first + second] == [i["article_id"] for i in everything["items"][:4]]
    outlet = next(i["outlet"] for i in everything["items"] if i["outlet"])
    assert all(i["outlet"] == outlet for i in queries.search(store, "Алматы", outlet=outlet)["items"])
    assert queries.search(store, "   ")["total"] == 0
    assert queries.search(store, "<script>")["items"] == []
    # HTML in a snippet is escaped
    assert all("<" not in re.sub(r"</?mark>", "", i["snippet"]) for i in everything["items"])


def test_list_and_get_articles(corpus):
    store, results = corpus
    res = queries.list_articles(store, limit=500)
    assert res["total"] == len(results) == len(res["items"])
    days = [(i["published"] or "")[:10] for i in res["items"] if i["published"]]
    assert days == sorted(days, reverse=True)
    sid = seed_id(store)
    art = queries.get_article(store, sid)
    assert art["text"].startswith("В Алматы подвели итоги") or "Ассамблеи" in art["text"]
    people = {p["entity"]: p["name"] for p in art["people"]}
    assert set(art["person_ids"]) == set(people)
    for eid, pid in art["person_ids"].items():
        assert people[eid] in queries.get_person(store, pid)["forms"] or \
            queries.get_person(store, pid)["name"] == people[eid]
    org_entities = {e["id"] for e in art["entities"] if e["type"] == "ORG"}
    assert set(art["org_ids"]) == org_entities
    assert art["story"]["articles"][0]["id"] == sid
    assert queries.get_article(store, "no-such-id") is None
    pid = art["person_ids"][next(iter(art["person_ids"]))]
    by_person = queries.list_articles(store, person_id=pid)
    assert sid in {i["id"] for i in by_person["items"]}
    assert all(queries.get_person(store, pid)["name"] in i["people"] for i in by_person["items"])
    oid = next(iter(art["org_ids"].values()))
    assert sid in {i["id"] for i in queries.list_articles(store, org_id=oid)["items"]}


def test_people_and_person(corpus):
    store, _ = corpus
    res = queries.list_people(store, limit=500)
    counts = [i["articles"] for i in res["items"]]
    assert counts == sorted(counts, reverse=True) and res["total"] == len(res["items"])
    assert queries.list_people(store, sort="name", limit=500)["total"] == res["total"]
    with pytest.raises(ValueError):
        queries.list_people(store, sort="height")
    found = queries.list_people(store, q="нукен")["items"]
    assert "Абзал Нукенов" in [i["name"] for i in found]
    ids = queries.find_person(store, "Нукенов")
    assert ids == queries.find_person(store, "Абзал Нукенов") == queries.find_person(store, "Нукенову")
    assert queries.find_person(store, "А. Нукенов") == ids
    p = queries.get_person(store, ids[0])
    assert p["name"] == "Абзал Нукенов"
    # what the seed article says about him is what his page shows
    art = queries.get_article(store, seed_id(store))
    ent = next(e for e, pid in art["person_ids"].items() if pid == ids[0])
    extracted = next(x for x in art["people"] if x["entity"] == ent)
    assert {(x["title"], x["org"]) for x in extracted["positions"]} <= {(x["title"], x["org"]) for x in p["positions"]}
    quotes = [q["text"] for q in art["quotes"] if q["speaker_entity"] == ent]
    assert set(quotes) <= {q["text"] for q in p["quotes"]}
    assert all(q["day"] == "2025-12-25" for q in p["quotes"])
    co = {c["name"] for c in p["co_mentioned"]}
    assert {x["name"] for x in art["people"]} - {"Абзал Нукенов"} <= co
    assert p["mentions_by_day"] == [{"date": "2025-12-25", "count": p["mentions"], "articles": 1}]
    assert queries.get_person(store, 10**9) is None


def test_organizations(corpus):
    store, _ = corpus
    res = queries.list_organizations(store, limit=500)
    assert res["total"] == len(res["items"]) > 10
    anc = queries.list_organizations(store, q="ассамблея")["items"]
    assert anc and "Ассамблея" in anc[0]["name"]
    org = queries.get_organization(store, anc[0]["id"])
    assert org["articles"] and all(set(a) >= {"id", "title", "published"} for a in org["articles"])
    for person in org["people"]:
        held = queries.get_person(store, person["id"])["positions"]
        assert any(x["org_id"] == org["id"] and x["title"] == person["title"] for x in held)
    assert queries.get_organization(store, 10**9) is None


def test_quotes(corpus):
    store, _ = corpus
    res = queries.list_quotes(store, limit=500)
    assert res["total"] == queries.stats(store)["counts"]["quotes"] > 5
    days = [i["day"] for i in res["items"] if i["day"]]
    assert days == sorted(days, reverse=True)
    ids = set(queries.find_person(store, "Нукенов"))
    by_him = queries.list_quotes(store, speaker="Нукенов")
    assert by_him["total"] >= 1 and all(i["speaker_id"] in ids or "Нукенов" in (i["speaker"] or "")
                                        for i in by_him["items"])
    words = queries.list_quotes(store, q="единство")
    assert words["total"] >= 1 and all("<mark>" in i["snippet"] for i in words["items"])
    both = queries.list_quotes(store, q="единство", speaker="Нукенов")
    assert {i["id"] for i in both["items"]} <= {i["id"] for i in words["items"]} & {i["id"] for i in by_him["items"]}
    assert queries.list_quotes(store, date_from="2030-01-01")["total"] == 0
    pages = [queries.list_quotes(store, q="единство", limit=1, offset=k)["items"] for k in range(words["total"])]
    assert [p[0]["id"] for p in pages] == [i["id"] for i in words["items"]]


def test_stats(corpus):
    store, results = corpus
    s = queries.stats(store)
    c = s["counts"]
    assert c["articles"] == len(results)
    assert c["reposts"] == 1  # the demo corpus has one repost
    assert c["persons"] == queries.list_people(store)["total"]
    assert s["date_from"] <= "2025-12-25" <= s["date_to"]
    assert {"outlet": "zakon.kz", "articles": 2} in s["outlets"]
    assert s["revision"] == store.revision() and "0003_search_lemmas" in s["revision"].split(",")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(corpus, tmp_path, fmt):
    store, _ = corpus
    done = export(store, tmp_path, fmt)
    c = queries.stats(store)["counts"]
    expected = {"articles": c["articles"], "people": c["persons"], "positions": c["positions"], "quotes": c["quotes"]}
    assert {t: d["rows"] for t, d in done.items()} == expected
    path = tmp_path / f"quotes.{fmt}"
    if fmt == "jsonl":
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    assert len(rows) == c["quotes"] and all(r["text"] for r in rows)


def test_cli_json_is_the_query_result(corpus):
    from typer.testing import CliRunner

    from derek.cli import app

    store, _ = corpus
    url = store.engine.url.render_as_string(hide_password=False)
    run = CliRunner().invoke
    for args, expected in [
        (["search", "единство"], queries.search(store, "единство")),
        (["people", "--q", "нукен"], queries.list_people(store, q="нукен")),
        (["quotes", "--speaker", "Нукенов"], queries.list_quotes(store, speaker="Нукенов")),
        (["person", "Абзал Нукенов"], queries.get_person(store, queries.find_person(store, "Абзал Нукенов")[0])),
        (["stats"], queries.stats(store)),
    ]:
        r = run(app, [*args, "--db", url, "--json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout) == json.loads(json.dumps(expected)), args
    r = run(app, ["person", "Никтоев", "--db", url])
    assert r.exit_code == 1
    r = run(app, ["people", "--db", url])
    assert r.exit_code == 0 and "Нукенов" in r.stdout


def test_latest_position_is_one_held_now(pipeline, tmp_path):
    """A post the person will take («будет назначен») is not shown as the one held now."""
    store = Store(tmp_path / "future.db")
    a = tmp_path / "a.txt"
    a.write_text("Аким Тараза выступил\n\n10:15, 3 декабря 2025\n\n"
                 "Аким города Тараза Иван Петров провел совещание.\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("Кадровые перестановки\n\n11:00, 5 декабря 2025\n\n"
                 "Как стало известно, Иван Петров будет назначен министром энергетики.\n", encoding="utf-8")
    res = Ingestor(store, pipeline).ingest_paths([a, b])
    assert res.failed == 0
    [item] = [i for i in queries.list_people(store, q="петров")["items"] if i["name"] == "Иван Петров"]
    assert item["latest_position"]["title"] == "аким"
    person = queries.get_person(store, item["id"])
    assert {(p["title"], p["tense"]) for p in person["positions"]} >= {("аким", "current"),
                                                                      ("министр энергетики", "future")}
    store.close()


# -- one lemma index: SQLite and PostgreSQL find the same inflected forms ------------------------

INFLECTED = ["Сатыбалдиевым", "Сатыбалдиеву", "акимом", "акима", "Токаевым", "Тоқаевтың", "президента",
             "министром энергетики", "Нукенову", "единства", "ассамблее", "Павлодарской области",
             '"заместитель акима"', "городе", "отопительного", "бюджета", "депутатов", "Мажилиса",
             "судом", "школах", "автобусов", "Сатыбалд*", "әкімі", "облысының", "министрами"]


@pytest.fixture(scope="module")
def both(pipeline, tmp_path_factory):
    """The same corpus in SQLite and in PostgreSQL."""
    need_shared()
    server = os.environ.get("DEREK_TEST_PG")
    if not server:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")
    name = f"derek_same_hits_{os.getpid()}"
    stores = [Store(tmp_path_factory.mktemp("same") / "same.db"), Store(create_database(server, name))]
    for s in stores:
        assert Ingestor(s, pipeline).ingest_paths([SEED, KZNEWS, DEMO]).failed == 0
    yield stores
    for s in stores:
        s.close()
    drop_database(server, name)


def hits(store: Store, q: str, **kw) -> set[tuple]:
    return {(i["kind"], i["article_id"], i["quote_id"]) for i in queries.search(store, q, limit=500, **kw)["items"]}


@pytest.mark.postgres
@pytest.mark.parametrize("query", INFLECTED)
def test_sqlite_and_postgres_find_the_same_inflected_forms(both, query):
    lite, pg = both
    assert hits(lite, query) == hits(pg, query)
    assert queries.list_quotes(lite, q=query, limit=500)["total"] == queries.list_quotes(pg, q=query, limit=500)["total"]


@pytest.mark.postgres
def test_inflected_queries_find_something_on_postgres(both):
    _, pg = both
    found = {q: len(hits(pg, q)) for q in INFLECTED}
    assert sum(1 for n in found.values() if n) >= 20, found
    # another form of a word finds the same rows
    assert hits(pg, "Сатыбалдиевым") == hits(pg, "Сатыбалдиев") and len(hits(pg, "Сатыбалдиев")) > 5


def test_outlet_filter_matches_the_original_source(corpus):
    """The README's example: quotes on «единство» since 2025-12-01 from zakon.kz are the seed's
    (stored without an outlet, its source line names zakon.kz)."""
    store, _ = corpus
    res = queries.search(store, "единство", kind="quote", date_from="2025-12-01", outlet="zakon.kz")
    sid = seed_id(store)
    assert res["total"] >= 2 and {i["article_id"] for i in res["items"]} == {sid}
    assert queries.search(store, "единство", kind="quote", outlet="ZAKON.KZ")["total"] == res["total"]
    assert queries.search(store, "единство", kind="quote", outlet="tengrinews.kz")["items"] == []


@pytest.mark.parametrize(("args", "code", "out"), [
    (["--version"], 0, "derek "),
    (["search", "единство", "--kind", "foo"], 2, ""),
    (["people", "--sort", "bogus"], 2, ""),
    (["people", "--format", "yaml"], 2, ""),
])
def test_cli_choices_and_version(args, code, out):
    from typer.testing import CliRunner

    from derek.cli import app

    r = CliRunner().invoke(app, args)
    assert r.exit_code == code, r.output
    assert r.stdout.startswith(out)


def test_cli_formats_off_a_terminal(corpus):
    """Off a terminal a table is as wide as its rows (no wrapping at 80 columns); csv and json carry
    the same rows."""
    from typer.testing import CliRunner

    from derek.cli import app

    store, _ = corpus
    url = store.engine.url.render_as_string(hide_password=False)
    run = CliRunner().invoke
    people = queries.list_people(store, limit=5)["items"]
    table = run(app, ["people", "-n", "5", "--db", url]).stdout
    lines = table.splitlines()
    for p in people:  # each person on one line, whole
        assert sum(1 for line in lines if p["name"] in line) == 1
        pos = (p["latest_position"] or {}).get("text")
        if pos:
            assert any(p["name"] in line and pos in line for line in lines)
    rows = list(csv.DictReader(io.StringIO(run(app, ["people", "-n", "5", "--db", url, "--format", "csv"]).stdout)))
    assert [int(r["id"]) for r in rows] == [p["id"] for p in people]
    as_json = json.loads(run(app, ["people", "-n", "5", "--db", url, "--format", "json"]).stdout)
    assert as_json == json.loads(json.dumps(queries.list_people(store, limit=5)))
    with pytest.raises(ValueError, match="kind"):
        queries.search(store, "единство", kind="foo")


def test_ui_search_by_source_outlet(corpus):
    """The README's UI example: /search?q=единство&kind=quote&date_from=2025-12-01&outlet=zakon.kz."""
    from fastapi.testclient import TestClient

    from derek.web.app import create_app

    store, _ = corpus
    c = TestClient(create_app(store.engine.url.render_as_string(hide_password=False), token=""))
    params = {"q": "единство", "kind": "quote", "date_from": "2025-12-01", "outlet": "zakon.kz"}
    page = c.get("/search", params=params)
    api = c.get("/api/search", params=params).json()
    assert page.status_code == 200 and api["total"] >= 2
    assert all(f"/articles/{i['article_id']}" in page.text for i in api["items"])
    assert c.get("/search", params={**params, "kind": "foo"}).status_code == 422
