"""Pulling from the branch server: its order of the events, and conflicted cases.

``server_order`` holds the branch server's position of every event it has
ordered, and why it refused one; cases fold in that order, without the
refused (``app.domain.conflicts``).
``cases.conflicts`` counts a case's conflicted fields for the lists;
``credentials.set_by`` names the password event credentials belong to.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "server_order",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("server_seq", sa.Integer, nullable=False, unique=True),
        sa.Column("refused", sa.Text, nullable=True),
    )
    # Cases made before sync had no concurrent edits: none is conflicted.
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("conflicts", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_cases_conflicts", "cases", ["conflicts"])
    # Which PasswordSet event local credentials belong to, so the branch's newer
    # ones (set at another desk) can replace them; NULL for those set before.
    with op.batch_alter_table("credentials") as batch:
        batch.add_column(sa.Column("set_by", sa.String(36), nullable=True))
    # Blobs made here go up to the branch once (0: not yet); those named by other
    # desks' events are wanted until fetched, piece by piece.
    with op.batch_alter_table("blobs") as batch:
        batch.add_column(sa.Column("sent", sa.Integer, nullable=False, server_default="0"))
    op.create_table(
        "blobs_wanted",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(60), nullable=False),
    )
    op.create_table(
        "blob_pieces",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("offset", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("blob_pieces")
    op.drop_table("blobs_wanted")
    with op.batch_alter_table("blobs") as batch:
        batch.drop_column("sent")
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("set_by")
    op.drop_index("ix_cases_conflicts", "cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("conflicts")
    op.drop_table("server_order")
