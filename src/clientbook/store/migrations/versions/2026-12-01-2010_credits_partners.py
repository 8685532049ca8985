"""credits and partners (issue 12): partners and customers' partner records, credit types, the credit ledger and
balances

Businesses older than this migration (and older than 0014's point types) get their default point type, credit type
and partner the first time anything reads them (core/reference.ensure_default), with their events; this migration
writes no domain rows.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    create_indexes,
    create_ledger_table,
    create_link_table,
    create_named_table,
    create_table_with_id,
    note,
    ref,
    strings,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0019"
down_revision = "0018"

SEQUENCED = ("partners", "partner_records", "credit_types", "credit_records")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table(
        "partners",
        sa.Column("is_default", sa.Boolean(), nullable=False),
        *strings(registration_id=100, vat_id=100, email=254, phone=40),
    )
    create_table_with_id(
        "partner_records",
        ref("client_id"),
        ref("partner_id"),
        tenant_fk("partner_records", "client_id", "clients"),
        tenant_fk("partner_records", "partner_id", "partners"),
        unique("partner_records", "business_id", "client_id", "partner_id"),
    )
    create_indexes("partner_records", ("business_id", "partner_id"))
    create_named_table(
        "credit_types",
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
    )
    create_link_table(
        "credit_balances",
        ("client_id", "clients"),
        ("credit_type_id", "credit_types"),
        columns=[
            sa.Column("available", sa.BigInteger(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        ],
    )
    create_ledger_table(
        "credit_records",
        "credit_type_id",
        "credit_types",
        sa.Column("currency", sa.String(length=3), nullable=False),
        ref("partner_id", nullable=True),
        note(),
        ref("counterpart_client_id", nullable=True),
        references=[("partner_id", "partners")],
    )


def downgrade() -> None:
    for table in ("credit_records", "credit_balances", "credit_types", "partner_records", "partners"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
