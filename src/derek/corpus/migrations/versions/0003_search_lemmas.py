"""PostgreSQL full-text search over the keys SQLite indexes (folded words and their lemmas).

The ``tsv`` columns were built with the ``russian`` configuration over the folded text, which
stems differently from the lemma index of SQLite FTS5, so the two found different inflected forms
(«Сатыбалдиевым»: 11 hits against 1). From this revision both index
``derek.corpus.text.index_words`` (``simple`` configuration on PostgreSQL) and both are queried
with the same keys. This rebuilds the stored ``tsv`` values; SQLite is unchanged.

Revision ID: 0003_search_lemmas
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_search_lemmas"
down_revision = "0002"
branch_labels = None
depends_on = None

CHUNK = 500


def _rebuild(conn, table: str, key: str, columns: tuple[str, ...], sql: str) -> None:
    from derek.corpus.text import index_words

    last = None
    while True:
        where = "" if last is None else f" WHERE {key} > :last"
        rows = conn.execute(sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}{where} "
                                    f"ORDER BY {key} LIMIT {CHUNK}"), {"last": last}).all()
        if not rows:
            return
        params = []
        for r in rows:
            if table == "articles":
                params.append({"k": r[0], "t": index_words(r[1]), "b": index_words(r[2])})
            else:
                params.append({"k": r[0], "t": index_words(r[1], r[2])})
        conn.execute(sa.text(sql), params)
        last = rows[-1][0]


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    _rebuild(conn, "articles", "seq", ("title", "text"),
             "UPDATE articles SET tsv = setweight(to_tsvector('simple', :t), 'A') || "
             "to_tsvector('simple', :b) WHERE seq = :k")
    _rebuild(conn, "quotes", "id", ("text", "speaker"),
             "UPDATE quotes SET tsv = to_tsvector('simple', :t) WHERE id = :k")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    conn.execute(sa.text("UPDATE articles SET tsv = setweight(to_tsvector('russian', lower(coalesce(title, ''))), 'A')"
                         " || to_tsvector('russian', lower(text))"))
    conn.execute(sa.text("UPDATE quotes SET tsv = to_tsvector('russian', lower(text || ' ' || coalesce(speaker, '')))"))
