"""covering index for the queue: choice (kindergarten_id, active, application_id)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:00:00.000000

The pool query of allocation (who is queued at these kindergartens) reads every active
choice of a kindergarten. With ``application_id`` in ``ix_choice_kindergarten`` it is an
index-only scan; before, each choice cost a visit to the table (a bitmap heap scan of
hundreds of ``choice`` pages per popular kindergarten on PostgreSQL, a rowid lookup on
SQLite). ``application_id`` is a key column, not ``INCLUDE``, on both databases: on
PostgreSQL the two forms are the same size and give the same plan here, and one
definition keeps the models and both databases' schema identical.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_choice_kindergarten", table_name="choice")
    op.create_index(
        "ix_choice_kindergarten",
        "choice",
        ["kindergarten_id", "active", "application_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_choice_kindergarten", table_name="choice")
    op.create_index("ix_choice_kindergarten", "choice", ["kindergarten_id", "active"], unique=False)
