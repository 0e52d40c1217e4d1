"""The corpus schema (SQLAlchemy Core): one schema for SQLite and PostgreSQL.

Plain tables, so that the SQLite file opens as it is in Datasette. Full-text indexes are
dialect-specific and made by the migrations: SQLite FTS5 tables ``articles_fts`` and
``quotes_fts`` (rowid = ``articles.seq`` / ``quotes.id``), PostgreSQL ``tsv`` columns with GIN
indexes. The migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

stories = Table(
    "stories", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", Text),
    Column("original_outlet", String(200)),  # the outlet the text names («Источник: zakon.kz»)
    Column("first_published", String(40)),
    Column("articles", Integer, nullable=False, default=0),
    Column("key", String(40), unique=True),  # the id of its first article (migration 0003)
)

articles = Table(
    "articles", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),  # Article.id
    Column("url", Text),
    Column("url_key", Text, index=True, unique=True),
    Column("title", Text),
    Column("published", String(40), index=True),  # ISO 8601 as extracted
    Column("day", String(10), index=True),  # YYYY-MM-DD of published
    Column("outlet", String(200), index=True),  # where it was published (the URL's host)
    Column("source", String(200)),  # the original outlet the text names
    Column("authors", Text),  # the page's authors, «; »-joined (migration 0003_authors)
    Column("authors_key", Text),  # the same, case-folded: what --author matches
    Column("lang", String(8)),
    Column("text", Text, nullable=False),
    Column("text_hash", String(40), nullable=False, unique=True),
    Column("story_id", Integer, ForeignKey("stories.id"), index=True),
    Column("minhash", LargeBinary),
    Column("extracted", JSON, nullable=False),  # Article.to_dict() without the text
    Column("input", Text),  # the input it came from (file, file:line, feed item)
    Column("ingested_at", DateTime(timezone=True)),
)

minhash_bands = Table(
    "minhash_bands", metadata,
    Column("band", BigInteger, nullable=False),
    Column("article_seq", Integer, ForeignKey("articles.seq", ondelete="CASCADE"), nullable=False),
    Index("ix_minhash_bands_band", "band"),
)

persons = Table(
    "persons", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("first", Text),
    Column("middle", Text),
    Column("last", Text),
    Column("gender", String(1)),
    Column("last_key", Text, index=True),  # folded, lower-case surname (or the whole name)
    Column("first_key", Text),
    Column("middle_key", Text),
    Column("articles", Integer, nullable=False, default=0),
    Column("mentions", Integer, nullable=False, default=0),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("reason", Text),  # why this record exists / what was merged into it
    Column("ident", Text, unique=True),  # «surname|first|patronymic» of the record a full name created
)

article_persons = Table(
    "article_persons", metadata,
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(40), primary_key=True),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False, index=True),
    Column("name", Text),  # the name as extracted in this article
    Column("mentions", Integer, nullable=False, default=0),
    Column("forms", JSON),  # surface forms as written
    Column("reason", Text),  # why this mention joined this person
)

organizations = Table(
    "organizations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("key", Text, index=True),
    Column("articles", Integer, nullable=False, default=0),
    Column("ident", Text, unique=True),  # the name key of the record that name created
)

org_aliases = Table(
    "org_aliases", metadata,
    Column("org_id", Integer, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Index("ix_org_aliases_key", "key"),
)

article_orgs = Table(
    "article_orgs", metadata,
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", String(40), primary_key=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), nullable=False, index=True),
    Column("name", Text),
    Column("mentions", Integer, nullable=False, default=0),
    Column("forms", JSON),
)

positions = Table(
    "positions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person_id", Integer, ForeignKey("persons.id"), nullable=False, index=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("org", Text),
    Column("org_id", Integer, ForeignKey("organizations.id"), index=True),
    Column("place", Text),
    Column("tense", String(10)),
    Column("evidence", Text),
    Column("day", String(10)),
    Column("kind", String(12)),  # post / profession / rank (migration 0003_position_kind)
    Index("ix_positions_person_day", "person_id", "day"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(40), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("person_id", Integer, ForeignKey("persons.id"), index=True),
    Column("org_id", Integer, ForeignKey("organizations.id"), index=True),
    Column("speaker", Text),
    Column("kind", String(10)),
    Column("text", Text, nullable=False),
    Column("cue", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("day", String(10), index=True),
    Index("ix_quotes_person_day", "person_id", "day"),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("input", Text, nullable=False, unique=True),
    Column("code", String(10)),
    Column("reason", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
    Column("first_failed", DateTime(timezone=True)),
    Column("last_failed", DateTime(timezone=True)),
    Column("resolved", Boolean, nullable=False, default=False),
)

# ---------------------------------------------------------------- fetching (derek.fetch; migration 0003_fetch)

fetch_state = Table(
    "fetch_state", metadata,
    Column("url", Text, primary_key=True),  # the URL as asked for (a page or a feed)
    Column("kind", String(10), nullable=False),  # page / feed
    Column("feed", Text),  # the feed a page was listed in
    Column("etag", Text),  # validators of the last 200, sent back as If-None-Match / If-Modified-Since
    Column("last_modified", Text),
    Column("status", Integer),  # last HTTP status (None: no response)
    Column("code", String(10)),  # last failure's code (derek.fetch.errors), None after a success
    Column("reason", Text),  # last failure's reason
    Column("checked_at", DateTime(timezone=True)),  # last request
    Column("fetched_at", DateTime(timezone=True)),  # last 200
    Column("not_modified", Integer, nullable=False, default=0),  # 304s received
)

raw_pages = Table(
    "raw_pages", metadata,
    Column("url", Text, primary_key=True),  # = fetch_state.url
    Column("final_url", Text),  # after redirects
    Column("content_type", String(200)),
    Column("body", LargeBinary, nullable=False),  # the bytes as served (gzip decoded), for `derek reextract`
    Column("fetched_at", DateTime(timezone=True)),
    Column("article_id", String(40), index=True),  # the article made from it (None: not stored yet)
)
