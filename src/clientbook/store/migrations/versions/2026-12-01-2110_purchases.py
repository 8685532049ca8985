"""purchases (issue 12): closed bills and their items, the vocabularies a bill names, earning rules, and the
purchase a point record was earned or paid by

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01 21:10:00

A business created before this revision gets its purchase vocabularies and default earning rule from the core on
its first purchases call (core/purchase_types.ensure_defaults), with their events, as a new business does at
`tenant create`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("purchase_types", "purchase_item_types", "payment_types", "earning_rules", "purchases", "purchase_items")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    op.create_table(
        "payment_types",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_payment_types_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_payment_types")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_payment_types_business_id_text_id")),
    )
    op.create_table(
        "purchase_item_types",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("earns_points", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_purchase_item_types_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_purchase_item_types")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_purchase_item_types_business_id_text_id")),
    )
    op.create_table(
        "purchase_types",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_purchase_types_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_purchase_types")),
        sa.UniqueConstraint("business_id", "text_id", name=op.f("uq_purchase_types_business_id_text_id")),
    )
    op.create_table(
        "earning_rules",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("point_type_id", sa.BigInteger(), nullable=False),
        sa.Column("purchase_type_id", sa.BigInteger(), nullable=True),
        sa.Column("points_per_unit", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "point_type_id"],
            ["point_types.business_id", "point_types.id"],
            name=op.f("fk_earning_rules_business_id_point_type_id_point_types"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "purchase_type_id"],
            ["purchase_types.business_id", "purchase_types.id"],
            name=op.f("fk_earning_rules_business_id_purchase_type_id_purchase_types"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_earning_rules")),
    )
    with op.batch_alter_table("earning_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_earning_rules_business_id_point_type_id"), ["business_id", "point_type_id"], unique=False
        )

    op.create_table(
        "purchases",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("bill_number", sa.String(length=100), nullable=True),
        sa.Column("client_id", sa.BigInteger(), nullable=True),
        sa.Column("card_number", sa.String(length=100), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("cashdesk_number", sa.Integer(), nullable=False),
        sa.Column("purchase_type_id", sa.BigInteger(), nullable=False),
        sa.Column("checkout_mode", sa.String(length=1), nullable=False),
        sa.Column("canceled", sa.Boolean(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_price", sa.BigInteger(), nullable=False),
        sa.Column("items_count", sa.Integer(), nullable=False),
        sa.Column("points_paid", sa.BigInteger(), nullable=False),
        sa.Column("points_earned", sa.Boolean(), nullable=False),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_purchases_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_purchases_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "purchase_type_id"],
            ["purchase_types.business_id", "purchase_types.id"],
            name=op.f("fk_purchases_business_id_purchase_type_id_purchase_types"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_purchases")),
        sa.UniqueConstraint("business_id", "external_id", name=op.f("uq_purchases_business_id_external_id")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchases_business_id_branch_id_paid_at"),
            ["business_id", "branch_id", "paid_at"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_purchases_business_id_client_id_paid_at"),
            ["business_id", "client_id", "paid_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_purchases_business_id_paid_at"), ["business_id", "paid_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_purchases_business_id_purchase_type_id_paid_at"),
            ["business_id", "purchase_type_id", "paid_at"],
            unique=False,
        )

    op.create_table(
        "purchase_items",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("purchase_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bill_item_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("product_code", sa.String(length=100), nullable=False),
        sa.Column("item_type_id", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("paid_amount", sa.BigInteger(), nullable=False),
        sa.Column("vat_rate", sa.Integer(), nullable=False),
        sa.Column("loyalty_off", sa.Boolean(), nullable=False),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "item_type_id"],
            ["purchase_item_types.business_id", "purchase_item_types.id"],
            name=op.f("fk_purchase_items_business_id_item_type_id_purchase_item_types"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "purchase_id"],
            ["purchases.business_id", "purchases.id"],
            name=op.f("fk_purchase_items_business_id_purchase_id_purchases"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_purchase_items")),
    )
    with op.batch_alter_table("purchase_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_items_business_id_purchase_id_position"),
            ["business_id", "purchase_id", "position"],
            unique=False,
        )

    with op.batch_alter_table("point_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purchase_id", sa.BigInteger(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_point_records_business_id_purchase_id"), ["business_id", "purchase_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("point_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_point_records_business_id_purchase_id"))
        batch_op.drop_column("purchase_id")

    with op.batch_alter_table("purchase_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchase_items_business_id_purchase_id_position"))

    op.drop_table("purchase_items")
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchases_business_id_purchase_type_id_paid_at"))
        batch_op.drop_index(batch_op.f("ix_purchases_business_id_paid_at"))
        batch_op.drop_index(batch_op.f("ix_purchases_business_id_client_id_paid_at"))
        batch_op.drop_index(batch_op.f("ix_purchases_business_id_branch_id_paid_at"))

    op.drop_table("purchases")
    with op.batch_alter_table("earning_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_earning_rules_business_id_point_type_id"))

    op.drop_table("earning_rules")
    op.drop_table("purchase_types")
    op.drop_table("purchase_item_types")
    op.drop_table("payment_types")
    drop_id_sequences(*SEQUENCED)
