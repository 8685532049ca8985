"""store properties and store groups (issue 13): branches' values of store properties, location groups by name

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "branch_field_values",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("field_id", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_branch_field_values_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "field_id"],
            ["field_definitions.business_id", "field_definitions.id"],
            name=op.f("fk_branch_field_values_business_id_field_id_field_definitions"),
        ),
        sa.PrimaryKeyConstraint("business_id", "branch_id", "field_id", name=op.f("pk_branch_field_values")),
    )
    op.create_index(
        op.f("ix_branch_field_values_business_id_field_id"),
        "branch_field_values",
        ["business_id", "field_id"],
        unique=False,
    )
    create_id_sequences("location_groups")
    op.create_table(
        "location_groups",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_location_groups_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_location_groups")),
    )


def downgrade() -> None:
    op.drop_table("location_groups")
    drop_id_sequences("location_groups")
    op.drop_table("branch_field_values")
