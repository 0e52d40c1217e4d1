"""The initial corpus schema: articles, stories, persons, organizations, positions, quotes, failures,
and the full-text indexes (SQLite FTS5; PostgreSQL tsvector + GIN, Russian configuration).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.Text),
        sa.Column("original_outlet", sa.String(200)),
        sa.Column("first_published", sa.String(40)),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("day", sa.String(10)),
        sa.Column("outlet", sa.String(200)),
        sa.Column("source", sa.String(200)),
        sa.Column("lang", sa.String(8)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(40), nullable=False, unique=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id")),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("extracted", sa.JSON, nullable=False),
        sa.Column("input", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True)),
    )
    for col in ("url_key", "published", "day", "outlet", "story_id"):
        op.create_index(f"ix_articles_{col}", "articles", [col])
    op.create_table(
        "minhash_bands",
        sa.Column("band", sa.BigInteger, nullable=False),
        sa.Column("article_seq", sa.Integer, sa.ForeignKey("articles.seq", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_minhash_bands_band", "minhash_bands", ["band"])
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("first", sa.Text),
        sa.Column("middle", sa.Text),
        sa.Column("last", sa.Text),
        sa.Column("gender", sa.String(1)),
        sa.Column("last_key", sa.Text),
        sa.Column("first_key", sa.Text),
        sa.Column("middle_key", sa.Text),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
        sa.Column("mentions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("first_seen", sa.String(10)),
        sa.Column("last_seen", sa.String(10)),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_persons_last_key", "persons", ["last_key"])
    op.create_table(
        "article_persons",
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.String(40), primary_key=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("mentions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("forms", sa.JSON),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_article_persons_person_id", "article_persons", ["person_id"])
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.Text),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_organizations_key", "organizations", ["key"])
    op.create_table(
        "org_aliases",
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, nullable=False),
    )
    op.create_index("ix_org_aliases_key", "org_aliases", ["key"])
    op.create_table(
        "article_orgs",
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.String(40), primary_key=True),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organizations.id"), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("mentions", sa.Integer, nullable=False, server_default="0"),
        sa.Column("forms", sa.JSON),
    )
    op.create_index("ix_article_orgs_org_id", "article_orgs", ["org_id"])
    op.create_table(
        "positions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("org", sa.Text),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organizations.id")),
        sa.Column("place", sa.Text),
        sa.Column("tense", sa.String(10)),
        sa.Column("evidence", sa.Text),
        sa.Column("day", sa.String(10)),
    )
    for col in ("person_id", "article_id", "org_id"):
        op.create_index(f"ix_positions_{col}", "positions", [col])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(40), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id")),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("organizations.id")),
        sa.Column("speaker", sa.Text),
        sa.Column("kind", sa.String(10)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("cue", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("day", sa.String(10)),
    )
    for col in ("article_id", "person_id", "org_id", "day"):
        op.create_index(f"ix_quotes_{col}", "quotes", [col])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("input", sa.Text, nullable=False, unique=True),
        sa.Column("code", sa.String(10)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("first_failed", sa.DateTime(timezone=True)),
        sa.Column("last_failed", sa.DateTime(timezone=True)),
        sa.Column("resolved", sa.Boolean, nullable=False, server_default=sa.false()),
    )

    if op.get_bind().dialect.name == "postgresql":
        # Filled by the ingester with to_tsvector('russian', <folded text>).
        op.execute("ALTER TABLE articles ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)")
        op.execute("ALTER TABLE quotes ADD COLUMN tsv tsvector")
        op.execute("CREATE INDEX ix_quotes_tsv ON quotes USING gin (tsv)")
    else:
        # Contentless FTS5 indexes over folded words and their lemmas; rowid = articles.seq / quotes.id.
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(words, content='', "
                   "tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE VIRTUAL TABLE quotes_fts USING fts5(words, content='', "
                   "tokenize='unicode61 remove_diacritics 2')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE IF EXISTS quotes_fts")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for t in ("failures", "quotes", "positions", "article_orgs", "org_aliases", "organizations",
              "article_persons", "persons", "minhash_bands", "articles", "stories"):
        op.drop_table(t)
