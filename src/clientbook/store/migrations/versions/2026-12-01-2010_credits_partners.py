"""credits and partners (issue 12): partners and customers' partner records, credit types, the credit ledger and
balances

Businesses older than this migration (and older than 0014's point types) get their default point type, credit type
and partner the first time anything reads them (core/reference.ensure_default), with their events; this migration
writes no domain rows.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:10:00
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

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("partners", "partner_records", "credit_types", "credit_records")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "partners",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("registration_id", sa.String(length=100), nullable=True),
        sa.Column("vat_id", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        business_fk("partners"),
        unique("partners", "business_id", "text_id"),
    )
    create_table_with_id(
        "partner_records",
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("partner_id", sa.BigInteger(), nullable=False),
        tenant_fk("partner_records", "client_id", "clients"),
        tenant_fk("partner_records", "partner_id", "partners"),
        unique("partner_records", "business_id", "client_id", "partner_id"),
    )
    op.create_index(op.f("ix_partner_records_business_id_partner_id"), "partner_records", ["business_id", "partner_id"])
    create_table_with_id(
        "credit_types",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        business_fk("credit_types"),
        unique("credit_types", "business_id", "text_id"),
    )
    op.create_table(
        "credit_balances",
        business_id(),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("credit_type_id", sa.BigInteger(), nullable=False),
        sa.Column("available", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        tenant_fk("credit_balances", "client_id", "clients"),
        tenant_fk("credit_balances", "credit_type_id", "credit_types"),
        primary_key("credit_balances", "business_id", "client_id", "credit_type_id"),
    )
    create_table_with_id(
        "credit_records",
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("credit_type_id", sa.BigInteger(), nullable=False),
        sa.Column("operation", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("counterpart_client_id", sa.BigInteger(), nullable=True),
        *created(),
        tenant_fk("credit_records", "client_id", "clients"),
        tenant_fk("credit_records", "credit_type_id", "credit_types"),
        tenant_fk("credit_records", "partner_id", "partners"),
        stamped=False,
    )
    op.create_index(
        op.f("ix_credit_records_business_id_client_id_credit_type_id_created_at"),
        "credit_records",
        ["business_id", "client_id", "credit_type_id", "created_at"],
    )
    op.create_index(op.f("ix_credit_records_business_id_created_at"), "credit_records", ["business_id", "created_at"])


def downgrade() -> None:
    for table in ("credit_records", "credit_balances", "credit_types", "partner_records", "partners"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
