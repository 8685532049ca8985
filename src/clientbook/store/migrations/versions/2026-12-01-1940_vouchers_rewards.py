"""vouchers and rewards (issue 12): reward types, rewards with their stores, tags and products, vouchers and
their redemptions"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    bigints,
    business_fk,
    business_id,
    create_indexes,
    create_link_table,
    create_table_with_id,
    created,
    dates,
    datetimes,
    drop_indexes,
    flags,
    json_column,
    note,
    primary_key,
    ref,
    strings,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0016"
down_revision = "0015"

SEQUENCED = ("reward_types", "rewards", "vouchers", "voucher_redemptions")


VOUCHERS_INDEXES = (
    ["business_id", "client_id"],
    ["business_id", "purchase_id"],
    ["business_id", "reward_id"],
)


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "reward_types",
        *strings(behaviour=40, name=200, nullable=False),
        business_fk("reward_types"),
        unique("reward_types", "business_id", "behaviour"),
    )
    create_table_with_id(
        "rewards",
        *strings(code=100, name=200, nullable=False),
        note(),
        sa.Column("subtitle", sa.String(length=500), nullable=True),
        ref("reward_type_id"),
        *bigints("type_value", "points_cost", nullable=False),
        *bigints("maximum_discount", "minimum_purchase"),
        *dates("valid_from", "valid_to"),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("is_global", sa.Boolean(), nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("voucher_validity", sa.String(length=40), nullable=False),
        sa.Column("voucher_validity_value", sa.String(length=40), nullable=True),
        *flags("generates_codes", "is_portable", nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        json_column("extra"),
        tenant_fk("rewards", "reward_type_id", "reward_types"),
        business_fk("rewards"),
        unique("rewards", "business_id", "code"),
        soft_delete=True,
    )
    create_indexes("rewards", ["business_id", "valid_to"])

    op.create_table(
        "reward_products",
        business_id(),
        ref("reward_id"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        *strings(product_ref=100, list_code=100, list_item_code=100),
        tenant_fk("reward_products", "reward_id", "rewards"),
        primary_key("reward_products", "business_id", "reward_id", "position"),
    )
    create_link_table("reward_stores", ("reward_id", "rewards"), ("branch_id", "branches"))
    create_indexes("reward_stores", ["business_id", "branch_id"])

    create_link_table("reward_tags", ("reward_id", "rewards"), ("tag_id", "tags"))
    create_indexes("reward_tags", ["business_id", "tag_id"])

    create_table_with_id(
        "vouchers",
        ref("reward_id"),
        ref("client_id"),
        sa.Column("code", sa.String(length=100), nullable=False),
        *bigints("value", "balance"),
        note(),
        *datetimes("valid_from", "valid_to", "applied_at"),
        ref("applied_branch_id", nullable=True),
        ref("purchase_id", nullable=True),
        sa.Column("points_spent", sa.BigInteger(), nullable=False),
        ref("point_type_id", nullable=True),
        tenant_fk("vouchers", "client_id", "clients"),
        tenant_fk("vouchers", "reward_id", "rewards"),
        unique("vouchers", "business_id", "code"),
        soft_delete=True,
    )
    create_indexes("vouchers", *VOUCHERS_INDEXES)

    create_table_with_id(
        "voucher_redemptions",
        ref("voucher_id"),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        ref("purchase_id", nullable=True),
        ref("branch_id", nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        *created(),
        tenant_fk("voucher_redemptions", "voucher_id", "vouchers"),
        stamped=False,
    )
    create_indexes("voucher_redemptions", ["business_id", "purchase_id"], ["business_id", "voucher_id"])


def downgrade() -> None:
    drop_indexes("voucher_redemptions", ["business_id", "purchase_id"], ["business_id", "voucher_id"])

    op.drop_table("voucher_redemptions")
    drop_indexes("vouchers", *VOUCHERS_INDEXES)

    op.drop_table("vouchers")
    drop_indexes("reward_tags", ["business_id", "tag_id"])

    op.drop_table("reward_tags")
    drop_indexes("reward_stores", ["business_id", "branch_id"])

    op.drop_table("reward_stores")
    op.drop_table("reward_products")
    drop_indexes("rewards", ["business_id", "valid_to"])

    op.drop_table("rewards")
    op.drop_table("reward_types")
    drop_id_sequences(*SEQUENCED)
