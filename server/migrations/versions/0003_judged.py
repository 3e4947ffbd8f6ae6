"""The branch judges each event (``events.refused``, ``people``, ``case_states``) and keeps
its users' credentials for every desk (``credentials``).

Events stored before were all applied; the users and cases they made are
built here from them, in server order.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: SQLite keeps the table, and with it the append-only triggers.
    op.add_column("events", sa.Column("refused", sa.Text, nullable=True))
    op.create_table(
        "people",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(32), nullable=False, unique=True),
        sa.Column("roles", sa.Text, nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("public_key", sa.String(64), nullable=True),
        sa.Column("password_event", sa.String(36), nullable=True),
        sa.Column("tier", sa.String(32), nullable=True),
        sa.Column("limits", sa.Text, nullable=False),
    )
    # Approvals are held per signature place, not per tier: dual control lets two
    # people of one tier sign (two branch managers). Rebuilt by the replay below.
    op.drop_table("approvals")
    op.create_table(
        "approvals",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("round", sa.String(64), primary_key=True),
        sa.Column("slot", sa.Integer, primary_key=True),
        sa.Column("tier", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(36), nullable=False),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.UniqueConstraint("case_id", "round", "actor", name="uq_approvals_one_each"),
    )
    op.create_table(
        "credentials",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary, nullable=False),
        sa.Column("must_change", sa.Integer, nullable=False),
    )
    op.create_table(
        "case_states",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("state", sa.LargeBinary, nullable=False),
    )
    from server.judge import replay

    replay(op.get_bind())


def downgrade() -> None:
    op.drop_table("approvals")
    op.create_table(
        "approvals",
        sa.Column("case_id", sa.String(36), primary_key=True),
        sa.Column("round", sa.String(64), primary_key=True),
        sa.Column("tier", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
    )
    op.drop_table("credentials")
    op.drop_table("case_states")
    op.drop_table("people")
    op.drop_column("events", "refused")
