"""the district's kindergartens for the walk-in form, and the version stored

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_kindergarten",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_kindergarten")),
    )
    # a nullable column without a default: SQLite's ALTER TABLE does it in place
    with op.batch_alter_table("sync_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("directory_version", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # in place (SQLite >= 3.35, which SQLCipher 4.6 bundles): a rebuild would not carry
    # sync_state's CHECK (id = 1), which batch mode does not reflect
    with op.batch_alter_table("sync_state", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("directory_version")
    op.drop_table("directory_kindergarten")
