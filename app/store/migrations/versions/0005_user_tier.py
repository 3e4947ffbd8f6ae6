"""Each approver signs as a tier of the authority matrix: ``users.tier``.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Users made before tiers sign as the lowest tier, as they did: NULL says so.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("tier", sa.String(32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("tier")
