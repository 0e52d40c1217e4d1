"""Indexes for a person's newest posts and quotes (people lists and person pages on large corpora).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_positions_person_day", "positions", ["person_id", "day"])
    op.create_index("ix_quotes_person_day", "quotes", ["person_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_quotes_person_day", "quotes")
    op.drop_index("ix_positions_person_day", "positions")
