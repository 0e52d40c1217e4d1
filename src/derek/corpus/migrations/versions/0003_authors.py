"""Articles keep their authors: ``articles.authors`` (the names, «; »-joined, as shown) and
``articles.authors_key`` (the same case-folded, for ``derek search --author``).

Rows written before this revision keep NULL: their extracted JSON has no authors.

Revision ID: 0003_authors
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_authors"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as b:
        b.add_column(sa.Column("authors", sa.Text))
        b.add_column(sa.Column("authors_key", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("articles") as b:
        b.drop_column("authors_key")
        b.drop_column("authors")
