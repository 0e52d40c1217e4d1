"""The store: URLs, migrations on first use on both backends, text keys, snippets, duplicate keys."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import inspect, text

from derek.corpus import dedup
from derek.corpus.store import Store, StoreError, create_database, drop_database, normalize_url
from derek.corpus.text import fold, fts5_query, keys, snippet

TABLES = {"articles", "stories", "minhash_bands", "persons", "article_persons", "organizations", "org_aliases",
          "article_orgs", "positions", "quotes", "failures", "alembic_version"}


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
    ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
    ("corpus.db", "sqlite:///corpus.db"),
])
def test_normalize_url(given, expected):
    assert normalize_url(given) == expected


def test_default_url_from_environment(monkeypatch):
    monkeypatch.delenv("DEREK_DB", raising=False)
    assert normalize_url(None) == "sqlite:///derek.db"
    monkeypatch.setenv("DEREK_DB", "postgresql://me@db/news")
    assert normalize_url(None) == "postgresql+psycopg://me@db/news"


def test_bad_url_is_a_clear_error():
    with pytest.raises(StoreError, match="unsupported database URL"):
        Store("mysql://u@h/db")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    server = os.environ.get("DEREK_TEST_PG")
    if not server:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")
    name = f"derek_store_{os.getpid()}"
    yield create_database(server, name)
    drop_database(server, name)


def _heads() -> str:
    """Every head of the migration scripts, as Store.revision() lists them."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from derek.corpus.store import _MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    heads = ScriptDirectory.from_config(cfg).get_heads()
    assert heads and all(h.startswith("0003") or h == "0002" for h in heads)
    return ",".join(sorted(heads))


def test_migrations_create_the_schema_on_first_use(url):
    s = Store(url)
    assert s.revision() == _heads()
    names = set(inspect(s.engine).get_table_names())
    assert TABLES <= names
    with s.connect() as conn:
        if s.is_postgres:
            cols = {c["name"] for c in inspect(s.engine).get_columns("articles")}
            assert "tsv" in cols
            idx = {i["name"] for i in inspect(s.engine).get_indexes("articles")}
            assert "ix_articles_tsv" in idx
        else:
            assert {"articles_fts", "quotes_fts"} <= names
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert s.size_bytes() > 0
    s.close()
    again = Store(url)  # opening again migrates nothing and keeps the data
    assert again.revision() == _heads()
    again.close()


@pytest.mark.parametrize(("word", "key"), [("Тоқаев", "токаев"), ("Ёлка", "елка"), ("ӘДІЛЕТ", "адилет"),
                                           ("Өскемен", "оскемен"), ("Ұлы", "улы"), ("Һ", "х")])
def test_fold(word, key):
    assert fold(word) == key


@pytest.mark.parametrize(("query", "text_word"), [("Токаев", "Токаевым"), ("Токаевым", "Токаев"),
                                                  ("единство", "единства"), ("акимат", "акимата"),
                                                  ("Тоқаев", "Токаева")])
def test_a_query_word_shares_a_key_with_its_other_forms(query, text_word):
    assert set(keys(query)) & set(keys(text_word))


def test_fts5_query():
    assert fts5_query("") is None
    assert fts5_query('"национального единства"') == '"национального единства"'
    assert fts5_query("един*") == '"един"*'
    q = fts5_query("Токаев OR")
    assert q.startswith('("токаев"') and " AND " in q  # OR is a word here, not an operator


def test_snippet_marks_hits_and_escapes_html():
    t = "Начало. <b>Президент</b> Касым-Жомарт Токаевым & другие. " + "слово " * 100 + "Конец."
    s = snippet(t, "Токаев")
    assert "<mark>Токаевым</mark>" in s
    assert "&lt;b&gt;Президент&lt;/b&gt;" in s and "&amp;" in s
    assert s.endswith("…")
    assert snippet(t, "отсутствует").startswith("Начало.")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Текст  статьи.\nВторая строка!", "текст статьи вторая строка", True),
    ("Тоқаев сказал", "Токаев сказал", True),
    ("Текст статьи", "Текст другой статьи", False),
])
def test_text_hash(a, b, same):
    assert (dedup.text_hash(a) == dedup.text_hash(b)) is same


@pytest.mark.parametrize(("url", "key"), [
    ("https://www.Zakon.kz/a/b/?x=1#top", "zakon.kz/a/b?x=1"),
    ("http://zakon.kz/a/b", "zakon.kz/a/b"),
    (None, None),
])
def test_url_key(url, key):
    assert dedup.url_key(url) == key


def test_near_duplicates_share_bands_and_others_do_not():
    base = " ".join(f"слово{i}" for i in range(300))
    near = "Новости региона. " + base + " Источник: zakon.kz. Подписывайтесь на наш канал!"
    other = " ".join(f"другое{i}" for i in range(300))
    a, b, c = (dedup.signature(x) for x in (base, near, other))
    assert dedup.similarity(a, b) >= dedup.THRESHOLD > dedup.similarity(a, c)
    assert set(dedup.bands(a)) & set(dedup.bands(b))
    assert not set(dedup.bands(a)) & set(dedup.bands(c))
    assert (dedup.from_bytes(dedup.to_bytes(a)) == a).all()


@pytest.mark.parametrize(("text", "source"), [("Текст.\n\nИсточник: zakon.kz\n", "zakon.kz"),
                                              ("Текст.\nИсточник: Ertis Aqparat", "Ertis Aqparat"),
                                              ("Источником стала утечка.", None)])
def test_named_source(text, source):
    assert dedup.named_source(text) == source


def test_an_older_database_is_upgraded_and_keeps_its_data(url):
    from alembic import command
    from alembic.config import Config

    from derek.corpus.store import _MIGRATIONS

    old = Store(url, migrate=False)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with old.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with old.begin() as conn:
        conn.execute(text("INSERT INTO failures (input, reason, attempts, resolved) VALUES ('x.txt', 'empty', 1, false)"))
    assert old.revision() == "0001"
    old.close()
    new = Store(url)
    assert new.revision() == _heads()
    assert "ix_positions_person_day" in {i["name"] for i in inspect(new.engine).get_indexes("positions")}
    with new.connect() as conn:
        assert conn.execute(text("SELECT input FROM failures")).scalars().all() == ["x.txt"]
    new.close()
