"""the accounts that signed in on this desk, to name them in the audit log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.models.tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a new table only: nothing to rebuild, so no batch operation is needed; the accounts
    # that signed in before this version are named from their next sign-in on
    op.create_table(
        "desk_account",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("login", sa.String(length=100), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column(
            "last_signed_in_at", desktop.models.tables.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_account")),
    )


def downgrade() -> None:
    op.drop_table("desk_account")
