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

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("partners", "partner_records", "credit_types", "credit_records")


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def _client_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["business_id", "client_id"],
        ["clients.business_id", "clients.id"],
        name=op.f(f"fk_{table}_business_id_client_id_clients"),
    )


def _credit_type_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["business_id", "credit_type_id"],
        ["credit_types.business_id", "credit_types.id"],
        name=op.f(f"fk_{table}_business_id_credit_type_id_credit_types"),
    )


def _partner_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["business_id", "partner_id"],
        ["partners.business_id", "partners.id"],
        name=op.f(f"fk_{table}_business_id_partner_id_partners"),
    )


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    op.create_table(
        "partners",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("registration_id", sa.String(length=100), nullable=True),
        sa.Column("vat_id", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_partners_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_partners")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_partners_business_id_text_id")),
    )
    op.create_table(
        "partner_records",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("partner_id", sa.BigInteger(), nullable=False),
        *_stamps(),
        _client_fk("partner_records"),
        _partner_fk("partner_records"),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_partner_records")),
        sa.UniqueConstraint(
            "business_id", "client_id", "partner_id", name=op.f("uq_partner_records_business_id_client_id_partner_id")
        ),
    )
    op.create_index(op.f("ix_partner_records_business_id_partner_id"), "partner_records", ["business_id", "partner_id"])
    op.create_table(
        "credit_types",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_credit_types_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_credit_types")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_credit_types_business_id_text_id")),
    )
    op.create_table(
        "credit_balances",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("credit_type_id", sa.BigInteger(), nullable=False),
        sa.Column("available", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _client_fk("credit_balances"),
        _credit_type_fk("credit_balances"),
        sa.PrimaryKeyConstraint("business_id", "client_id", "credit_type_id", name=op.f("pk_credit_balances")),
    )
    op.create_table(
        "credit_records",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("credit_type_id", sa.BigInteger(), nullable=False),
        sa.Column("operation", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("remaining", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("counterpart_client_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        _client_fk("credit_records"),
        _credit_type_fk("credit_records"),
        _partner_fk("credit_records"),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_credit_records")),
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
