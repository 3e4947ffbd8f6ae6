"""One approval per tier in each round of a case: ``approvals``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("round", sa.String(64), primary_key=True),
        sa.Column("tier", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("approvals")
