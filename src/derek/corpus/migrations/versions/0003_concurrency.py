"""Unique keys on what identifies a record, so that no writer can store one thing twice.

* ``articles.url_key`` unique (``id`` and ``text_hash`` already are);
* ``stories.key``: the id of the story's first article, unique;
* ``persons.ident``: «surname|first name|patronymic» folded, unique: held by the record a full
  name first created (records the resolver keeps apart on purpose, such as an initial it cannot
  place, hold none);
* ``organizations.ident``: the organization's name key, unique, held by the record that name
  created.

Revision ID: 0003_concurrency
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_concurrency"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories") as b:
        b.add_column(sa.Column("key", sa.String(40)))
    with op.batch_alter_table("persons") as b:
        b.add_column(sa.Column("ident", sa.Text))
    with op.batch_alter_table("organizations") as b:
        b.add_column(sa.Column("ident", sa.Text))
    # a database written before: each story keyed by its first article, each key held once
    op.execute("UPDATE stories SET key = (SELECT min(a.id) FROM articles a WHERE a.story_id = stories.id)")
    op.execute("UPDATE organizations SET ident = key WHERE id IN "
               "(SELECT min(id) FROM organizations WHERE key IS NOT NULL GROUP BY key)")
    op.create_index("uq_articles_url_key", "articles", ["url_key"], unique=True)
    op.create_index("uq_stories_key", "stories", ["key"], unique=True)
    op.create_index("uq_persons_ident", "persons", ["ident"], unique=True)
    op.create_index("uq_organizations_ident", "organizations", ["ident"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_organizations_ident", "organizations")
    op.drop_index("uq_persons_ident", "persons")
    op.drop_index("uq_stories_key", "stories")
    op.drop_index("uq_articles_url_key", "articles")
    with op.batch_alter_table("organizations") as b:
        b.drop_column("ident")
    with op.batch_alter_table("persons") as b:
        b.drop_column("ident")
    with op.batch_alter_table("stories") as b:
        b.drop_column("key")
