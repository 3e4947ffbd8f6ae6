"""A user holds several roles: ``users.role`` becomes ``users.roles`` (comma-separated).

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
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("roles", sa.Text, nullable=False, server_default=""))
    # As app.domain.events.UserAdded reads the old events: the admin was also the officer.
    op.execute("UPDATE users SET roles = CASE role WHEN 'admin' THEN 'admin,officer' ELSE role END")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("role")
        batch.alter_column("roles", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("role", sa.String(20), nullable=False, server_default=""))
    op.execute("UPDATE users SET role = substr(roles || ',', 1, instr(roles || ',', ',') - 1)")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("roles")
