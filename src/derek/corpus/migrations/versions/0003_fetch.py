"""Fetch state and raw pages for ingest by URL, feeds and `derek watch` (derek.fetch).

Revision ID: 0003_fetch
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_fetch"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("feed", sa.Text),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("status", sa.Integer),
        sa.Column("code", sa.String(10)),
        sa.Column("reason", sa.Text),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("not_modified", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "raw_pages",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("final_url", sa.Text),
        sa.Column("content_type", sa.String(200)),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
        sa.Column("article_id", sa.String(40)),
    )
    op.create_index("ix_raw_pages_article_id", "raw_pages", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_raw_pages_article_id", "raw_pages")
    op.drop_table("raw_pages")
    op.drop_table("fetch_state")
