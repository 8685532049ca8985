"""loyalty points (issue 12): point types, the point ledger, balances per customer and point type, reservations

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 17:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_table_with_id,
    created,
    primary_key,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("point_types", "point_records", "point_reservations")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "point_types",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
        business_fk("point_types"),
        unique("point_types", "business_id", "text_id"),
    )
    op.create_table(
        "point_balances",
        business_id(),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("point_type_id", sa.BigInteger(), nullable=False),
        sa.Column("available", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        tenant_fk("point_balances", "client_id", "clients"),
        tenant_fk("point_balances", "point_type_id", "point_types"),
        primary_key("point_balances", "business_id", "client_id", "point_type_id"),
    )
    create_table_with_id(
        "point_records",
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("point_type_id", sa.BigInteger(), nullable=False),
        sa.Column("operation", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining", sa.BigInteger(), nullable=False),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("counterpart_client_id", sa.BigInteger(), nullable=True),
        sa.Column("reservation_id", sa.BigInteger(), nullable=True),
        *created(),
        tenant_fk("point_records", "client_id", "clients"),
        tenant_fk("point_records", "point_type_id", "point_types"),
        stamped=False,
    )
    op.create_index(
        op.f("ix_point_records_business_id_client_id_point_type_id_created_at"),
        "point_records",
        ["business_id", "client_id", "point_type_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_point_records_business_id_created_at"), "point_records", ["business_id", "created_at"], unique=False
    )
    create_table_with_id(
        "point_reservations",
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("point_type_id", sa.BigInteger(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        tenant_fk("point_reservations", "client_id", "clients"),
        tenant_fk("point_reservations", "point_type_id", "point_types"),
        unique("point_reservations", "business_id", "external_id"),
    )
    op.create_index(
        op.f("ix_point_reservations_business_id_client_id"),
        "point_reservations",
        ["business_id", "client_id"],
        unique=False,
    )


def downgrade() -> None:
    for table in ("point_reservations", "point_records", "point_balances", "point_types"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
