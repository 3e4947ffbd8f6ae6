"""Covering indexes for the case list: order, status filter and text search.

On 100,000 cases a text search had to read every row, each with its state
blob, and a status filter sorted in a temporary b-tree. These indexes hold
every column the list's queries touch, in list order.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.drop_index("ix_cases_updated", "cases")
    op.drop_index("ix_cases_status", "cases")
    op.drop_index("ix_cases_name_key", "cases")
    op.create_index(
        "ix_cases_list",
        "cases",
        ["updated_at", "case_id", "status", "name_key", "id_number", "case_no"],
    )
    op.create_index(
        "ix_cases_status_list",
        "cases",
        ["status", "updated_at", "case_id", "name_key", "id_number", "case_no"],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_status_list", "cases")
    op.drop_index("ix_cases_list", "cases")
    op.create_index("ix_cases_name_key", "cases", ["name_key"])
    op.create_index("ix_cases_status", "cases", ["status", "updated_at"])
    op.create_index("ix_cases_updated", "cases", ["updated_at", "case_id"])
