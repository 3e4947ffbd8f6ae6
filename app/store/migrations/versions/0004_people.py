"""People and protection: user state, local credentials, an index for the audit viewer.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("active", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("limits", sa.Text, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("public_key", sa.String(64), nullable=True))
    op.create_table(
        "credentials",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.String(30), nullable=True),
        sa.Column("must_change", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_events_type", "events", ["type", "seq"])


def downgrade() -> None:
    op.drop_index("ix_events_type", "events")
    op.drop_table("credentials")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("public_key")
        batch.drop_column("limits")
        batch.drop_column("active")
