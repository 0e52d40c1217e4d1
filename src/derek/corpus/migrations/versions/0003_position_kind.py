"""Positions say what they are: ``positions.kind`` — post, profession or rank.

Rows written before this revision keep NULL (shown as a post).

Revision ID: 0003_position_kind
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_position_kind"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("positions") as b:
        b.add_column(sa.Column("kind", sa.String(12)))


def downgrade() -> None:
    with op.batch_alter_table("positions") as b:
        b.drop_column("kind")
