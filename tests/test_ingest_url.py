"""Ingest by URL end to end against a real local HTTP server: `derek ingest URL`, `--feeds`
(a second read fetches nothing new, counted in the server), failures with their HTTP status and
`--retry-failed`, `derek watch` killed and resumed without duplicates, `derek reextract`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from conftest import ROOT
from derek.cli import app
from derek.corpus import models as m
from derek.corpus import queries
from derek.corpus.store import Store, create_database, drop_database
from fetch_server import Route, Site, page, rss

NEWS = [
    ("/news/akim", "Аким Алматы встретился с жителями",
     "Аким Алматы Ерболат Досаев встретился с жителями Медеуского района в новом здании школы.\n"
     "«Мы построим три новые школы и две поликлиники до конца следующего года», — сказал Ерболат Досаев.\n"
     "Жители спрашивали о ремонте дорог, о вывозе мусора и о новых автобусных маршрутах в микрорайонах."),
    ("/news/minister", "Министр здравоохранения посетила Шымкент",
     "Министр здравоохранения Ажар Гиният посетила областную больницу в Шымкенте во вторник утром.\n"
     "По словам министра, ремонт приёмного отделения завершат до конца года, а новое оборудование уже закуплено.\n"
     "Врачи рассказали о нехватке медицинских сестёр и попросили увеличить число мест в колледже."),
    ("/news/bank", "Национальный банк сохранил базовую ставку",
     "Председатель Национального банка Тимур Сулейменов сообщил, что базовая ставка сохранена на прежнем уровне.\n"
     "Решение приняли на заседании совета директоров, которое прошло в Астане в понедельник вечером.\n"
     "Аналитики ожидали такого решения из-за замедления инфляции в последние три месяца подряд."),
]
EXTRA = ("/news/sport", "Сборная Казахстана сыграла вничью",
         "Главный тренер сборной Казахстана Станислав Черчесов остался доволен игрой своей команды.\n"
         "Матч прошёл в Астане на стадионе, где собралось около тридцати тысяч болельщиков из разных городов.\n"
         "Следующую игру отборочного турнира сборная проведёт в Осло через четыре дня после возвращения.")

runner = CliRunner()


@pytest.fixture
def site():
    s = Site()
    s.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for path, title, body in NEWS + [EXTRA]:
        s.routes[path] = Route(page(title, body))
    yield s
    s.close()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "urls.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    """A database URL for the CLI's --db: a SQLite file, or a fresh PostgreSQL database (DEREK_TEST_PG)."""
    if request.param == "sqlite":
        yield str(tmp_path / "urls.db")
        return
    server = os.environ.get("DEREK_TEST_PG")
    if not server:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")
    name = f"derek_fetch_{os.getpid()}_{request.node.name[:20].lower()}".replace("[", "_").replace("]", "")
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    yield create_database(server, name)
    drop_database(server, name)


def derek(*args: str, code: int | None = 0):
    res = runner.invoke(app, list(args), catch_exceptions=False)
    if code is not None:
        assert res.exit_code == code, res.output
    return res


def feed_route(site: Site, items, **validators) -> Route:
    return Route(rss(site.base, [(p, t) for p, t, *_ in items]), content_type="application/rss+xml; charset=utf-8",
                 **validators)


def rows(db: str, table, *cols):
    with Store(db) as store, store.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*[table.c[c] for c in cols]).order_by(*[table.c[c] for c in cols]))]


def n_articles(db: str) -> int:
    with Store(db) as store, store.connect() as conn:
        return conn.execute(select(func.count()).select_from(m.articles)).scalar()


def test_ingest_page_url(site, any_db):
    site.routes["/news/akim"].etag = '"a1"'
    url = site.url("/news/akim")
    out = derek("ingest", url, "--db", any_db, "--delay", "0").output
    assert "1 new" in out
    [(aid, stored_url, title)] = rows(any_db, m.articles, "id", "url", "title")
    assert stored_url == url and title == "Аким Алматы встретился с жителями"
    assert rows(any_db, m.raw_pages, "url", "article_id") == [(url, aid)]
    with Store(any_db) as store:
        person = queries.find_person(store, "Ерболат Досаев")
    assert person
    again = derek("ingest", url, "--db", any_db, "--delay", "0").output
    assert "0 new" in again and "1 duplicate" in again
    assert site.hits["/news/akim"] == 2 and site.not_modified["/news/akim"] == 1  # the page is asked if changed
    assert n_articles(any_db) == 1


@pytest.mark.parametrize("validators", [{"etag": '"feed-1"'}, {"last_modified": "Fri, 20 Nov 2026 10:00:00 GMT"}, {}])
def test_feed_read_twice_fetches_nothing_new(site, db, tmp_path, validators):
    site.routes["/rss"] = feed_route(site, NEWS, **validators)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# outlets\n{site.url('/rss')}\n\n", encoding="utf-8")
    derek("ingest", "--feeds", str(feeds), "--db", db, "--delay", "0")
    assert n_articles(db) == 3
    assert [site.hits[p] for p, *_ in NEWS] == [1, 1, 1]

    out = derek("ingest", "--feeds", str(feeds), "--db", db, "--delay", "0").output
    assert "0 new" in out
    assert [site.hits[p] for p, *_ in NEWS] == [1, 1, 1]  # no item page asked for again
    assert site.not_modified["/rss"] == (1 if validators else 0)  # an unchanged feed costs one 304

    site.routes["/rss"] = feed_route(site, [EXTRA] + NEWS, **({k: v + "2" for k, v in validators.items()}))
    derek("ingest", "--feeds", str(feeds), "--db", db, "--delay", "0")
    assert n_articles(db) == 4
    assert [site.hits[p] for p, *_ in NEWS + [EXTRA]] == [1, 1, 1, 1]  # only the new item fetched


def test_failures_recorded_with_http_status_and_retried(site, any_db, tmp_path):
    site.routes["/gone"] = Route(b"no", status=404)
    site.routes["/down"] = Route(b"no", status=500)
    site.routes["/photo"] = Route(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    site.routes["/private/x"] = Route(page(*NEWS[0][1:]))
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    items = [("/gone", "Удалено"), ("/down", "Сбой"), ("/photo", "Фото"), ("/private/x", "Закрыто"),
             ("/loop", "Петля"), (NEWS[1][0], NEWS[1][1])]
    site.routes["/rss"] = Route(rss(site.base, items), content_type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/rss") + "\n", encoding="utf-8")
    res = derek("ingest", "--feeds", str(feeds), "--db", any_db, "--delay", "0", "--retries", "0", code=1)
    assert "1 new" in res.output and "5 failed" in res.output
    failed = {u.removeprefix(site.base): (code, reason) for u, code, reason in rows(any_db, m.failures, "input", "code", "reason")}
    assert failed["/gone"][1].startswith("HTTP 404") and failed["/down"][1].startswith("HTTP 500")
    assert "image/png" in failed["/photo"][1] and "robots.txt" in failed["/private/x"][1]
    assert "redirect loop" in failed["/loop"][1]
    status = {u.removeprefix(site.base): s for u, s in rows(any_db, m.fetch_state, "url", "status")}
    assert (status["/gone"], status["/down"], status["/rss"]) == (404, 500, 200)
    assert site.hits["/private/x"] == 0

    site.routes["/rss"].body = rss(site.base, items[::-1])  # changed: read again, item by item
    derek("ingest", "--feeds", str(feeds), "--db", any_db, "--delay", "0", "--retries", "0", code=1)
    assert site.hits["/gone"] == 1 and site.hits["/down"] == 2  # a 404 waits for --retry-failed, a 500 is tried again

    site.routes["/gone"] = Route(page(*NEWS[2][1:]))
    site.routes["/down"].status = 503
    res = derek("ingest", "--retry-failed", "--db", any_db, "--delay", "0", "--retries", "0", code=1)
    assert "1 new" in res.output and site.hits["/gone"] == 2
    left = {u.removeprefix(site.base) for u, r in rows(any_db, m.failures, "input", "resolved") if not r}
    assert left == {"/down", "/photo", "/private/x", "/loop"}
    assert n_articles(any_db) == 2


def test_feed_errors(site, db, tmp_path):
    site.routes["/bad.xml"] = Route(b"<html><body>not a feed</body></html>", content_type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{site.url('/nofeed')}\n{site.url('/bad.xml')}\n", encoding="utf-8")
    derek("ingest", "--feeds", str(feeds), "--db", db, "--delay", "0", code=1)
    reasons = dict(rows(db, m.failures, "input", "reason"))
    assert reasons[site.url("/nofeed")].startswith("HTTP 404")
    assert site.url("/bad.xml") in reasons
    bad = tmp_path / "bad.txt"
    bad.write_text("https://ok.kz/rss\nftp://nope\n", encoding="utf-8")
    res = derek("ingest", "--feeds", str(bad), "--db", db, code=2)
    assert f"{bad}:2" in res.output


def test_gzip_feed_with_relative_links_and_redirected_pages(site, db, tmp_path):
    body = rss("", [(NEWS[0][0], NEWS[0][1]), ("/moved", "Перенесено")])  # links without a host
    site.routes["/rss"] = Route(body, content_type="application/rss+xml", gzip=True)
    site.routes["/moved"] = Route(status=301, headers={"Location": NEWS[1][0]})
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/rss") + "\n", encoding="utf-8")
    derek("ingest", "--feeds", str(feeds), "--db", db, "--delay", "0")
    assert rows(db, m.raw_pages, "url", "final_url") == sorted(
        [(site.url(NEWS[0][0]), site.url(NEWS[0][0])), (site.url("/moved"), site.url(NEWS[1][0]))])
    assert sorted(u for (u,) in rows(db, m.articles, "url")) == sorted([site.url(NEWS[0][0]), site.url(NEWS[1][0])])


def test_url_that_is_a_feed(site, db):
    site.routes["/rss"] = feed_route(site, NEWS[:2], etag='"x"')
    site.routes["/rss"].statuses = [500]
    derek("ingest", site.url("/rss"), "--db", db, "--delay", "0", "--retries", "0", code=1)
    assert n_articles(db) == 0
    derek("ingest", "--retry-failed", "--db", db, "--delay", "0")  # found to be a feed when it answers
    assert n_articles(db) == 2
    derek("ingest", site.url("/rss"), "--db", db, "--delay", "0")
    assert site.not_modified["/rss"] == 1 and site.hits[NEWS[0][0]] == 1


def _watch(db: str, feeds: str, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-c", "from derek.cli import main; main()", "watch", "--feeds", feeds,
                             "--db", db, "--every", "0.2s", "--delay", "0", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(pred, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_watch_killed_resumes_without_duplicates_and_stops_on_sigterm(site, db, tmp_path):
    paths = []
    for i in range(6):
        p = f"/live/{i}"
        site.routes[p] = Route(page(f"Новость номер {i} о работе акимата",
                                    f"Аким города провёл совещание номер {i} с руководителями управлений и районов.\n"
                                    f"На совещании номер {i} обсудили ремонт {i * 3 + 2} улиц и подготовку к зиме.\n"
                                    f"Итоги работы за неделю номер {i} опубликуют на сайте акимата в пятницу вечером."),
                               delay=0.2)
        paths.append((p, f"Новость {i}"))
    site.routes["/rss"] = Route(rss(site.base, paths), content_type="application/rss+xml", etag='"live"')
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/rss") + "\n", encoding="utf-8")
    Store(db).close()  # the schema exists before the first count

    w = _watch(db, str(feeds))
    if not _wait_for(lambda: n_articles(db) >= 2 or w.poll() is not None, 60) or w.poll() is not None:
        w.kill()
        pytest.fail(f"the watch stored nothing: {w.communicate()[1][-2000:]}")
    w.kill()  # no chance to clean up
    w.wait()
    stored = n_articles(db)
    assert 2 <= stored < 6

    def terminate_when_idle() -> None:  # resumed, done, and polled again (a 304): then SIGTERM
        _wait_for(lambda: site.not_modified["/rss"] >= 1, 60)
        os.kill(os.getpid(), signal.SIGTERM)  # also after a minute without it: the asserts below say why

    # started again (in this process: its models are loaded already), stopped by a real SIGTERM
    threading.Thread(target=terminate_when_idle, daemon=True).start()
    res = runner.invoke(app, ["watch", "--feeds", str(feeds), "--db", db, "--every", "0.2s", "--delay", "0"],
                        catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "stopped" in res.output and "1 not modified" in res.output  # a clean stop after the progress lines
    urls = [u for (u,) in rows(db, m.articles, "url")]
    assert sorted(urls) == sorted(site.url(p) for p, _ in paths)  # every item once
    assert sum(site.hits[p] for p, _ in paths) <= 6 + 1  # at most the page in flight at the kill asked twice


@pytest.mark.parametrize("every, ok", [("10m", True), ("0.2s", True), ("1h", True), ("soon", False), ("0", False)])
def test_watch_interval_checked(tmp_path, every, ok):
    from derek.fetch.watch import parse_every

    if ok:
        assert parse_every(every) > 0
    else:
        res = derek("watch", "--feeds", str(tmp_path / "none.txt"), "--every", every, code=2)
        assert "not an interval" in res.output


def test_reextract_updates_in_place(site, any_db, tmp_path):
    derek("ingest", site.url(NEWS[0][0]), site.url(NEWS[1][0]), "--db", any_db, "--delay", "0")
    text_file = tmp_path / "story.txt"
    text_file.write_text(NEWS[2][1] + "\n\n" + NEWS[2][2], encoding="utf-8")
    derek("ingest", str(text_file), "--db", any_db)
    ids = sorted(a for (a,) in rows(any_db, m.articles, "id"))
    before = {t: rows(any_db, getattr(m, t), *cols) for t, cols in
              {"positions": ("article_id", "title"), "article_persons": ("article_id", "name"),
               "persons": ("name", "articles", "mentions")}.items()}
    assert before["positions"]
    with Store(any_db) as store, store.begin() as conn:  # lose what extraction found
        conn.execute(delete(m.positions))
        # a run killed between storing an article and linking its raw page
        conn.execute(update(m.raw_pages).where(m.raw_pages.c.url == site.url(NEWS[1][0])).values(article_id=None))
    assert rows(any_db, m.positions, "article_id") == []

    res = derek("reextract", "--all", "--db", any_db)
    assert "3 updated" in res.output and res.output.count("(page)") == 2 and res.output.count("(text)") == 1
    assert sorted(a for (a,) in rows(any_db, m.articles, "id")) == ids  # identity kept
    assert rows(any_db, m.positions, "article_id", "title") == before["positions"]
    assert rows(any_db, m.article_persons, "article_id", "name") == before["article_persons"]
    assert rows(any_db, m.persons, "name", "articles", "mentions") == before["persons"]  # counted once
    with Store(any_db) as store:
        assert queries.search(store, "Досаев")["total"] >= 1
        assert queries.search(store, "Сулейменов")["total"] >= 1

    missing = derek("reextract", "nope", "--db", any_db, code=1)
    assert "nope" in missing.output
    derek("reextract", "--db", any_db, code=2)
