"""The HTTP API and the HTML pages, through the real app over a small SQLite corpus.

The corpus: the seed article and a few kznews articles (and the demo corpus when the
package ships one), ingested with the session pipeline into a temporary database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import KZNEWS, SEED, need_shared

pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from derek.web import create_app  # noqa: E402
from derek.web.app import MAX_PAGE  # noqa: E402

N_KZNEWS = 8


def corpus_docs() -> list[dict]:
    docs = [{"text": SEED.read_text(encoding="utf-8"), "url": "https://example.kz/almaty-ank-30"}]
    for path in sorted(KZNEWS.glob("*.json"))[:N_KZNEWS]:
        d = json.loads(path.read_text(encoding="utf-8"))
        docs.append({"text": d["text"], "url": d.get("url")})
    return docs


def ingest(db: Path, pipeline, docs) -> list:
    from derek.corpus.ingest import Ingestor
    from derek.corpus.store import Store

    store = Store(str(db))
    ing = Ingestor(store, pipeline=pipeline)
    results = [ing.add(d) for d in docs]
    demo = demo_path()
    if demo is not None:
        ing.ingest_paths([demo])
    return results


def demo_path() -> Path | None:
    """The package's demo corpus folder, when it ships one."""
    try:
        from derek.demo import path
    except ImportError:
        return None
    p = path()
    return p if p.is_dir() else None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline):
    need_shared()
    db = tmp_path_factory.mktemp("api") / "corpus.db"
    results = ingest(db, pipeline, corpus_docs())
    from derek.corpus.store import Store

    return {"db": db, "results": results, "store": Store(str(db))}


@pytest.fixture(scope="module")
def client(corpus, pipeline):
    # token="" is "no token configured" even when DEREK_TOKEN is set in the environment
    return TestClient(create_app(str(corpus["db"]), token="", pipeline=pipeline), raise_server_exceptions=True)


@pytest.fixture(scope="module")
def seed_id(corpus) -> str:
    r = corpus["results"][0]
    assert r.status == "new", r
    return r.article_id


@pytest.fixture(scope="module")
def nukenov(client) -> dict:
    items = client.get("/api/people", params={"q": "Нукенов"}).json()["items"]
    found = [p for p in items if p["name"] == "Абзал Нукенов"]
    assert found, items
    return found[0]


def assert_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["code"], str) and body["error"]["code"]
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    return body["error"]


# -- read endpoints ---------------------------------------------------------------------------

def test_stats_count_the_ingested_articles(client, corpus):
    stats = client.get("/api/stats").json()
    new = sum(1 for r in corpus["results"] if r.status == "new")
    from derek.corpus import queries

    assert stats == queries.stats(corpus["store"])
    assert stats["counts"]["articles"] >= new


def test_articles_paginate_without_overlap(client):
    first = client.get("/api/articles", params={"limit": 3}).json()
    second = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] >= 6
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    dates = [a["published"] for a in first["items"] + second["items"] if a.get("published")]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_articles_filter_by_date_and_person(client, seed_id, nukenov):
    none = client.get("/api/articles", params={"date_to": "1990-01-01"}).json()
    assert none["total"] == 0 and none["items"] == []
    seed = client.get(f"/api/articles/{seed_id}").json()
    day = seed["published"][:10]
    same_day = client.get("/api/articles", params={"date_from": day, "date_to": day}).json()
    assert seed_id in {a["id"] for a in same_day["items"]}
    assert all(a["published"][:10] == day for a in same_day["items"])
    his = client.get("/api/articles", params={"person": nukenov["id"]}).json()
    assert seed_id in {a["id"] for a in his["items"]}
    assert his["total"] == nukenov["articles"]


def test_article_with_entities_and_person_links(client, seed_id, seed_article):
    art = client.get(f"/api/articles/{seed_id}").json()
    assert art["id"] == seed_id
    assert art["title"] == seed_article.title
    assert art["text"] == seed_article.text
    per = {e["id"] for e in art["entities"] if e["type"] == "PER"}
    assert per and per <= set(art["person_ids"])
    assert len(art["quotes"]) == len(seed_article.quotes)


def test_person_with_positions_and_quotes(client, nukenov, seed_article, corpus):
    from derek.corpus import queries

    person = client.get(f"/api/people/{nukenov['id']}").json()
    weeks = person.pop("mentions_by_week")
    assert person == json.loads(json.dumps(queries.get_person(corpus["store"], nukenov["id"])))
    assert sum(w["count"] for w in weeks) == sum(d["count"] for d in person["mentions_by_day"]) > 0
    assert person["name"] == "Абзал Нукенов"
    extracted = seed_article.person("Абзал Нукенов")
    titles = {p["title"] for p in person["positions"]}
    assert {p.title for p in extracted.positions} <= titles
    said = [q for q in seed_article.quotes if q.speaker == "Абзал Нукенов"]
    assert len(person["quotes"]) >= len(said)
    assert {q.text for q in said} <= {q["text"] for q in person["quotes"]}


def test_people_sort_and_search(client):
    by_articles = client.get("/api/people", params={"limit": 50}).json()["items"]
    counts = [p["articles"] for p in by_articles]
    assert counts == sorted(counts, reverse=True)
    by_name = client.get("/api/people", params={"sort": "name", "limit": 50}).json()["items"]
    assert [p["name"] for p in by_name] == sorted(p["name"] for p in by_name) or len(by_name) < 2
    assert client.get("/api/people", params={"q": "Несуществующийфамилия"}).json()["total"] == 0


def test_organizations_list_and_page(client):
    orgs = client.get("/api/organizations", params={"limit": 5}).json()
    assert orgs["total"] >= 1 and 1 <= len(orgs["items"]) <= 5
    one = orgs["items"][0]
    org = client.get(f"/api/organizations/{one['id']}").json()
    assert org["name"] == one["name"]
    found = client.get("/api/organizations", params={"q": one["name"]}).json()["items"]
    assert one["id"] in {o["id"] for o in found}


def test_quotes_by_speaker(client, seed_article):
    quotes = client.get("/api/quotes", params={"speaker": "Нукенов"}).json()
    said = [q for q in seed_article.quotes if q.speaker == "Абзал Нукенов"]
    assert quotes["total"] >= len(said)
    assert all("Нукенов" in (q["speaker"] or "") for q in quotes["items"])


def test_search_finds_the_seed_with_marked_snippets(client, seed_id):
    res = client.get("/api/search", params={"q": "единство", "limit": 50}).json()
    assert res["total"] >= 1
    assert seed_id in {it["article_id"] for it in res["items"]}
    assert any("<mark>" in it["snippet"] for it in res["items"])
    only_articles = client.get("/api/search", params={"q": "единство", "kind": "article"}).json()
    assert all(it["kind"] == "article" for it in only_articles["items"])


# -- errors and limits -------------------------------------------------------------------------

@pytest.mark.parametrize("url, params", [
    ("/api/articles", {"limit": MAX_PAGE + 1}),
    ("/api/articles", {"limit": 0}),
    ("/api/articles", {"offset": -1}),
    ("/api/articles", {"date_from": "25.12.2025"}),
    ("/api/articles", {"date_from": "2025-12-31", "date_to": "2025-01-01"}),
    ("/api/articles", {"person": "Нукенов"}),
    ("/api/people", {"sort": "height"}),
    ("/api/people", {"limit": 1000}),
    ("/api/quotes", {"date_to": "вчера"}),
    ("/api/search", {}),
    ("/api/search", {"q": "   "}),
    ("/api/search", {"q": "x", "kind": "video"}),
    ("/api/search", {"q": "x" * 201}),
    ("/api/people/abc", {}),
])
def test_bad_parameters_get_422(client, url, params):
    err = assert_error(client.get(url, params=params), 422)
    assert err["code"] == "invalid_parameter"


@pytest.mark.parametrize("url", [
    "/api/articles/0000000000000000", "/api/people/999999", "/api/organizations/999999", "/api/nothing",
])
def test_unknown_ids_get_404(client, url):
    assert_error(client.get(url), 404, "not_found")


def test_wrong_method_gets_405(client):
    assert_error(client.delete("/api/articles"), 405, "method_not_allowed")


def test_openapi_and_docs_list_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/articles", "/api/articles/{article_id}", "/api/people", "/api/people/{person_id}",
              "/api/organizations", "/api/organizations/{org_id}", "/api/quotes", "/api/search",
              "/api/stats", "/api/extract"):
        assert p in paths
    assert "post" in spec["paths"]["/api/articles"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
    for p in paths:
        assert p in docs.text
    assert "cdn" not in docs.text.lower()


# -- extract ------------------------------------------------------------------------------------

def test_extract_plain_text_matches_the_pipeline(client, seed_text, seed_article):
    r = client.post("/api/extract", content=seed_text.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(json.dumps(seed_article.to_dict()))


def test_extract_json_and_html(client):
    text = "Аким Алматы Ерболат Досаев заявил журналистам, что работы продолжатся."
    r = client.post("/api/extract", json={"text": text, "url": "https://example.kz/a"})
    assert r.status_code == 200, r.text
    art = r.json()
    assert art["url"] == "https://example.kz/a" and "Досаев" in art["text"]
    html = f"<html><head><title>Новость</title></head><body><article><p>{text}</p></article></body></html>"
    r = client.post("/api/extract", content=html.encode(), headers={"content-type": "text/html; charset=utf-8"})
    assert r.status_code == 200, r.text
    assert "Досаев" in r.json()["text"] and "<p>" not in r.json()["text"]


@pytest.mark.parametrize("body, ctype, status, code", [
    (b"", "text/plain", 422, "empty_body"),
    (b"{not json", "application/json", 422, "bad_json"),
    (b"[1, 2]", "application/json", 422, "bad_json"),
    (b'{"title": "no text"}', "application/json", 422, "empty_body"),
    (b'{"text": 5}', "application/json", 422, "invalid_parameter"),
    (b"\xff\xfe\x00bad", "text/plain", 422, "bad_encoding"),
    (b"%PDF-1.4", "application/pdf", 415, "unsupported_media_type"),
])
def test_extract_rejects_bad_bodies(client, body, ctype, status, code):
    assert_error(client.post("/api/extract", content=body, headers={"content-type": ctype}), status, code)


def test_body_size_limit(corpus, pipeline):
    small = TestClient(create_app(str(corpus["db"]), token="t", max_body=1000, pipeline=pipeline))
    big = ("слово " * 400).encode()
    assert_error(small.post("/api/extract", content=big, headers={"content-type": "text/plain"}),
                 413, "payload_too_large")
    assert_error(small.post("/api/articles", content=big, headers={"content-type": "text/plain",
                                                                   "authorization": "Bearer t"}),
                 413, "payload_too_large")

    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(10):
            yield b"x" * 200

    assert_error(small.post("/api/extract", content=chunks(), headers={"content-type": "text/plain"}),
                 413, "payload_too_large")


def test_default_body_limit_is_two_megabytes(client):
    r = client.post("/api/extract", content=b"a" * (2 * 1024 * 1024 + 1), headers={"content-type": "text/plain"})
    assert_error(r, 413, "payload_too_large")


# -- writing needs the token ----------------------------------------------------------------------

def test_read_only_without_token(client, seed_text):
    r = client.post("/api/articles", content=seed_text.encode(), headers={"content-type": "text/plain",
                                                                           "authorization": "Bearer x"})
    err = assert_error(r, 403, "read_only")
    assert "--token" in err["message"]


def test_ingest_with_token(tmp_path, pipeline, monkeypatch):
    need_shared()
    monkeypatch.delenv("DEREK_TOKEN", raising=False)
    db = tmp_path / "w.db"
    c = TestClient(create_app(str(db), token="s3cret", pipeline=pipeline))
    doc = json.loads(sorted(KZNEWS.glob("*.json"))[0].read_text(encoding="utf-8"))
    body = {"text": doc["text"], "url": doc["url"]}
    assert_error(c.post("/api/articles", json=body), 401, "unauthorized")
    assert_error(c.post("/api/articles", json=body, headers={"authorization": "Bearer wrong"}), 401, "unauthorized")
    assert_error(c.post("/api/articles", json=body, headers={"authorization": "Basic s3cret"}), 401)
    assert c.get("/api/stats").json()["counts"]["articles"] == 0
    r = c.post("/api/articles", json=body, headers={"authorization": "Bearer s3cret"})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["status"] == "new" and r.headers["location"] == f"/api/articles/{out['article_id']}"
    stored = c.get(r.headers["location"]).json()
    assert stored["url"] == doc["url"]
    again = c.post("/api/articles", json=body, headers={"authorization": "Bearer s3cret"})
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert c.get("/api/stats").json()["counts"]["articles"] == 1


def test_token_from_environment(tmp_path, pipeline, monkeypatch):
    monkeypatch.setenv("DEREK_TOKEN", "from-env")
    c = TestClient(create_app(str(tmp_path / "e.db"), pipeline=pipeline))
    assert_error(c.post("/api/articles", json={"text": "x"}, headers={"authorization": "Bearer nope"}), 401)


# -- HTML pages ------------------------------------------------------------------------------------

def test_pages_render_and_link_their_json_twin(client, seed_id, nukenov):
    org_id = client.get("/api/organizations", params={"limit": 1}).json()["items"][0]["id"]
    pages = {
        "/": "/api/stats",
        "/search?q=единство": "/api/search?q=",
        "/people?q=Нукенов": "/api/people?q=",
        f"/people/{nukenov['id']}": f"/api/people/{nukenov['id']}",
        "/organizations": "/api/organizations",
        f"/organizations/{org_id}": f"/api/organizations/{org_id}",
        f"/articles/{seed_id}": f"/api/articles/{seed_id}",
        "/articles?date_to=2030-01-01": "/api/articles?date_to=2030-01-01",
        "/quotes?speaker=Нукенов": "/api/quotes?speaker=",
        "/extract": "/docs#post-api-extract",
    }
    for url, twin in pages.items():
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:500])
        assert "text/html" in r.headers["content-type"]
        assert 'id="json-twin"' in r.text and f'href="{twin}' in r.text, url
    person = client.get(f"/people/{nukenov['id']}").text
    assert "Абзал Нукенов" in person and "<svg" in person
    article = client.get(f"/articles/{seed_id}").text
    assert f'href="/people/{nukenov["id"]}"' in article
    assert 'class="ent per"' in article and 'class="ent org"' in article


def test_page_errors_are_html(client):
    r = client.get("/people/999999")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"] and "Не найдено" in r.text
    r = client.get("/search", params={"q": "x", "date_from": "вчера"})
    assert r.status_code == 422 and "date_from" in r.text


def test_paste_page_shows_the_article_view(client, seed_text, seed_article):
    r = client.post("/extract", data={"text": seed_text})
    assert r.status_code == 200
    assert seed_article.title in r.text
    for p in seed_article.people:
        assert p.name in r.text
    assert r.text.count('class="ent per"') >= sum(p.mentions for p in seed_article.people)
    assert client.post("/extract", data={"text": "  "}).status_code == 422


def test_stored_text_is_escaped_everywhere(tmp_path, pipeline):
    """Article text, titles, quotes and URLs from the store never become markup or script links."""
    c = TestClient(create_app(str(tmp_path / "x.db"), token="t", pipeline=pipeline))
    evil = ('Аким Алматы Ерболат Досаев заявил: "<script>alert(1)</script> Порядок & закон <b>важны</b>". '
            'Об этом сообщает <img src=x onerror=alert(2)>.')
    r = c.post("/api/articles", json={"text": evil, "title": "<i>Заголовок</i>", "url": "javascript:alert(3)"},
               headers={"authorization": "Bearer t"})
    assert r.status_code == 201, r.text
    aid = r.json()["article_id"]
    stored = c.get(f"/api/articles/{aid}").json()
    assert "<script>" in stored["text"]  # the API returns the text as it is; the pages escape it
    pages = [f"/articles/{aid}", "/search?q=порядок", "/quotes", "/", "/articles"]
    pid = next(iter(stored["person_ids"].values()), None)
    if pid:
        pages.append(f"/people/{pid}")
    for url in pages:
        html = c.get(url).text
        for raw in ("<script>alert", "<img src=x", "<b>важны", "<i>Заголовок", 'href="javascript:'):
            assert raw not in html, (url, raw)
    assert "&lt;script&gt;" in c.get(f"/articles/{aid}").text
    search = c.get("/search", params={"q": "порядок"}).text
    assert "<mark>" in search


# -- the same app over PostgreSQL -----------------------------------------------------------------

@pytest.mark.postgres
def test_api_and_pages_on_postgres(pipeline):
    """Search, people, a person and an article page over a PostgreSQL store (its own database)."""
    url = os.environ.get("DEREK_TEST_PG")
    if not url:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts a PostgreSQL server and sets it)")
    need_shared()
    import sqlalchemy as sa

    name = f"derek_web_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        db = url.rsplit("/", 1)[0] + "/" + name
        from derek.corpus.ingest import Ingestor
        from derek.corpus.store import Store

        store = Store(db)
        results = [Ingestor(store, pipeline=pipeline).add(d) for d in corpus_docs()[:4]]
        seed_id = results[0].article_id
        c = TestClient(create_app(db, token="", pipeline=pipeline))
        hits = c.get("/api/search", params={"q": "единство"}).json()
        assert seed_id in {h["article_id"] for h in hits["items"]}
        assert any("<mark>" in h["snippet"] for h in hits["items"])
        people = c.get("/api/people", params={"q": "Нукенов"}).json()["items"]
        pid = next(p["id"] for p in people if p["name"] == "Абзал Нукенов")
        for page in (f"/people/{pid}", f"/articles/{seed_id}", "/search?q=единство", "/"):
            r = c.get(page)
            assert r.status_code == 200, (page, r.text[:300])
        assert "Абзал Нукенов" in c.get(f"/people/{pid}").text
        assert c.get("/api/stats").json()["counts"]["articles"] == sum(r.status == "new" for r in results)
        store.engine.dispose()
        c.app.state.derek.store.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_serve_rejects_a_bad_database_url():
    from typer.testing import CliRunner

    from derek.cli import app

    r = CliRunner().invoke(app, ["serve", "--db", "mysql://nowhere/db", "--port", "1"])
    assert r.exit_code == 2
    assert "mysql://nowhere/db" in r.output
