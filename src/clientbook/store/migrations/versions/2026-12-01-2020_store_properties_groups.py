"""store properties and store groups (issue 13): branches' values of store properties, location groups by name

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_table_with_id,
    primary_key,
    tenant_fk,
    timestamps,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0020"
down_revision: str | Sequence[str] | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "branch_field_values",
        business_id(),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("field_id", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        *timestamps(),
        tenant_fk("branch_field_values", "branch_id", "branches"),
        tenant_fk("branch_field_values", "field_id", "field_definitions"),
        primary_key("branch_field_values", "business_id", "branch_id", "field_id"),
    )
    op.create_index(
        op.f("ix_branch_field_values_business_id_field_id"),
        "branch_field_values",
        ["business_id", "field_id"],
        unique=False,
    )
    create_id_sequences("location_groups")
    create_table_with_id(
        "location_groups", sa.Column("name", sa.String(length=200), nullable=False), business_fk("location_groups")
    )


def downgrade() -> None:
    op.drop_table("location_groups")
    drop_id_sequences("location_groups")
    op.drop_table("branch_field_values")
