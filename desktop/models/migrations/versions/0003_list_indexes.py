"""list and search indexes for 50,000-row lists: searches counted from the index, many
matches walked in the list's order

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, old index, old columns, new index, new columns); None: no old / no new index
CHANGES: list[tuple[str, str | None, list[str], str | None, list[str]]] = [
    (
        "enrollment",
        "ix_enrollment_group_left",
        ["group_id", "left_at"],
        "ix_enrollment_list",
        ["group_id", "left_at", "child_iin", "parent_iin"],
    ),
    (
        "enrollment",
        "ix_enrollment_child_iin",
        ["child_iin"],
        "ix_enrollment_child_iin_left",
        ["child_iin", "left_at"],
    ),
    (
        "enrollment",
        "ix_enrollment_parent_iin",
        ["parent_iin"],
        "ix_enrollment_parent_iin_left",
        ["parent_iin", "left_at"],
    ),
    (
        "referral",
        "ix_referral_child_iin",
        ["child_iin"],
        "ix_referral_child_iin_live",
        ["child_iin", "status", "closed_at"],
    ),
    (
        "referral",
        "ix_referral_parent_iin",
        ["parent_iin"],
        "ix_referral_parent_iin_live",
        ["parent_iin", "status", "closed_at"],
    ),
    (
        "referral",
        "ix_referral_number",
        ["number"],
        "ix_referral_number_live",
        ["number", "status", "closed_at"],
    ),
    (
        "referral",
        "ix_referral_application_number",
        ["application_number"],
        "ix_referral_application_number_live",
        ["application_number", "status", "closed_at"],
    ),
    ("referral", None, [], "ix_referral_status", ["status"]),
]


def upgrade() -> None:
    for table, old, _old_columns, new, new_columns in CHANGES:
        if new is not None:
            op.create_index(new, table, new_columns, unique=False)
        if old is not None:
            op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, old, old_columns, new, _new_columns in reversed(CHANGES):
        if old is not None:
            op.create_index(old, table, old_columns, unique=False)
        if new is not None:
            op.drop_index(new, table_name=table)
