"""acknowledged ops, kept to re-send them to a restored server

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.models.tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "acknowledged_op",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", desktop.models.tables.UtcDateTime(timezone=True), nullable=False),
        sa.Column(
            "acknowledged_at", desktop.models.tables.UtcDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_acknowledged_op")),
        sa.UniqueConstraint("op_id", name=op.f("uq_acknowledged_op_op_id")),
    )
    with op.batch_alter_table("acknowledged_op", schema=None) as batch_op:
        batch_op.create_index(
            "ix_acknowledged_op_acknowledged_at", ["acknowledged_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("acknowledged_op", schema=None) as batch_op:
        batch_op.drop_index("ix_acknowledged_op_acknowledged_at")
    op.drop_table("acknowledged_op")
