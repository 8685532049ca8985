"""purchases (issue 12): closed bills and their items, the vocabularies a bill names, earning rules, and the
purchase a point record was earned or paid by

A business created before this revision gets its purchase vocabularies and default earning rule from the core on
its first purchases call (core/purchase_types.ensure_defaults), with their events, as a new business does at
`tenant create`.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    bigints,
    create_indexes,
    create_named_table,
    create_table_with_id,
    drop_indexes,
    json_column,
    ref,
    strings,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0025"
down_revision = "0024"

SEQUENCED = ("purchase_types", "purchase_item_types", "payment_types", "earning_rules", "purchases", "purchase_items")


PURCHASES_INDEXES = (
    ["business_id", "branch_id", "paid_at"],
    ["business_id", "client_id", "paid_at"],
    ["business_id", "paid_at"],
    ["business_id", "purchase_type_id", "paid_at"],
)


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table("payment_types")
    create_named_table("purchase_item_types", leading=[sa.Column("earns_points", sa.Boolean(), nullable=False)])
    create_named_table("purchase_types")
    create_table_with_id(
        "earning_rules",
        ref("point_type_id"),
        ref("purchase_type_id", nullable=True),
        sa.Column("points_per_unit", sa.BigInteger(), nullable=False),
        tenant_fk("earning_rules", "point_type_id", "point_types"),
        tenant_fk("earning_rules", "purchase_type_id", "purchase_types"),
    )
    create_indexes("earning_rules", ["business_id", "point_type_id"])

    create_table_with_id(
        "purchases",
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("bill_number", sa.String(length=100), nullable=True),
        ref("client_id", nullable=True),
        sa.Column("card_number", sa.String(length=100), nullable=True),
        ref("branch_id"),
        sa.Column("cashdesk_number", sa.Integer(), nullable=False),
        ref("purchase_type_id"),
        sa.Column("checkout_mode", sa.String(length=1), nullable=False),
        sa.Column("canceled", sa.Boolean(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_price", sa.BigInteger(), nullable=False),
        sa.Column("items_count", sa.Integer(), nullable=False),
        sa.Column("points_paid", sa.BigInteger(), nullable=False),
        sa.Column("points_earned", sa.Boolean(), nullable=False),
        json_column("extra"),
        tenant_fk("purchases", "branch_id", "branches"),
        tenant_fk("purchases", "client_id", "clients"),
        tenant_fk("purchases", "purchase_type_id", "purchase_types"),
        unique("purchases", "business_id", "external_id"),
    )
    create_indexes("purchases", *PURCHASES_INDEXES)

    create_table_with_id(
        "purchase_items",
        ref("purchase_id"),
        sa.Column("position", sa.Integer(), nullable=False),
        *strings(bill_item_id=100, name=200, product_code=100, nullable=False),
        ref("item_type_id"),
        *bigints("quantity", "price", "paid_amount", nullable=False),
        sa.Column("vat_rate", sa.Integer(), nullable=False),
        sa.Column("loyalty_off", sa.Boolean(), nullable=False),
        json_column("extra"),
        tenant_fk("purchase_items", "item_type_id", "purchase_item_types"),
        tenant_fk("purchase_items", "purchase_id", "purchases"),
        stamped=False,
    )
    create_indexes("purchase_items", ["business_id", "purchase_id", "position"])

    with op.batch_alter_table("point_records", schema=None) as batch_op:
        batch_op.add_column(ref("purchase_id", nullable=True))
        batch_op.create_index(
            batch_op.f("ix_point_records_business_id_purchase_id"), ["business_id", "purchase_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("point_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_records_business_id_purchase_id"))
        batch_op.drop_column("purchase_id")

    drop_indexes("purchase_items", ["business_id", "purchase_id", "position"])

    op.drop_table("purchase_items")
    drop_indexes("purchases", *PURCHASES_INDEXES)

    op.drop_table("purchases")
    drop_indexes("earning_rules", ["business_id", "point_type_id"])

    op.drop_table("earning_rules")
    op.drop_table("purchase_types")
    op.drop_table("purchase_item_types")
    op.drop_table("payment_types")
    drop_id_sequences(*SEQUENCED)
