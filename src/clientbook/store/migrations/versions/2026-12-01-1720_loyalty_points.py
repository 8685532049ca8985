"""loyalty points (issue 12): point types, the point ledger, balances per customer and point type, reservations"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    bigints,
    create_indexes,
    create_ledger_table,
    create_link_table,
    create_named_table,
    create_table_with_id,
    note,
    ref,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0014"
down_revision = "0013"

SEQUENCED = ("point_types", "point_records", "point_reservations")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table(
        "point_types",
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
    )
    create_link_table(
        "point_balances",
        ("client_id", "clients"),
        ("point_type_id", "point_types"),
        columns=[
            *bigints("available", "reserved", nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        ],
    )
    create_ledger_table(
        "point_records",
        "point_type_id",
        "point_types",
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        note(),
        ref("counterpart_client_id", nullable=True),
        ref("reservation_id", nullable=True),
    )
    create_table_with_id(
        "point_reservations",
        ref("client_id"),
        ref("point_type_id"),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        tenant_fk("point_reservations", "client_id", "clients"),
        tenant_fk("point_reservations", "point_type_id", "point_types"),
        unique("point_reservations", "business_id", "external_id"),
    )
    create_indexes("point_reservations", ("business_id", "client_id"))


def downgrade() -> None:
    for table in ("point_reservations", "point_records", "point_balances", "point_types"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
