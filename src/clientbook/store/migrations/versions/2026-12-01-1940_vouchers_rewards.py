"""vouchers and rewards (issue 12): reward types, rewards with their stores, tags and products, vouchers and
their redemptions

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("reward_types", "rewards", "vouchers", "voucher_redemptions")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    op.create_table(
        "reward_types",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("behaviour", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_reward_types_business_id_businesses")
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_reward_types")),
        sa.UniqueConstraint("business_id", "behaviour", name=op.f("uq_reward_types_business_id_behaviour")),
    )
    op.create_table(
        "rewards",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("subtitle", sa.String(length=500), nullable=True),
        sa.Column("reward_type_id", sa.BigInteger(), nullable=False),
        sa.Column("type_value", sa.BigInteger(), nullable=False),
        sa.Column("points_cost", sa.BigInteger(), nullable=False),
        sa.Column("maximum_discount", sa.BigInteger(), nullable=True),
        sa.Column("minimum_purchase", sa.BigInteger(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("is_global", sa.Boolean(), nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("voucher_validity", sa.String(length=40), nullable=False),
        sa.Column("voucher_validity_value", sa.String(length=40), nullable=True),
        sa.Column("generates_codes", sa.Boolean(), nullable=False),
        sa.Column("is_portable", sa.Boolean(), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column(
            "extra", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_type_id"],
            ["reward_types.business_id", "reward_types.id"],
            name=op.f("fk_rewards_business_id_reward_type_id_reward_types"),
        ),
        sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f("fk_rewards_business_id_businesses")),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_rewards")),
        sa.UniqueConstraint("business_id", "code", name=op.f("uq_rewards_business_id_code")),
    )
    with op.batch_alter_table("rewards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rewards_business_id_valid_to"), ["business_id", "valid_to"], unique=False)

    op.create_table(
        "reward_products",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("reward_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("product_ref", sa.String(length=100), nullable=True),
        sa.Column("list_code", sa.String(length=100), nullable=True),
        sa.Column("list_item_code", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_id"],
            ["rewards.business_id", "rewards.id"],
            name=op.f("fk_reward_products_business_id_reward_id_rewards"),
        ),
        sa.PrimaryKeyConstraint("business_id", "reward_id", "position", name=op.f("pk_reward_products")),
    )
    op.create_table(
        "reward_stores",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("reward_id", sa.BigInteger(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_reward_stores_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_id"],
            ["rewards.business_id", "rewards.id"],
            name=op.f("fk_reward_stores_business_id_reward_id_rewards"),
        ),
        sa.PrimaryKeyConstraint("business_id", "reward_id", "branch_id", name=op.f("pk_reward_stores")),
    )
    with op.batch_alter_table("reward_stores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reward_stores_business_id_branch_id"), ["business_id", "branch_id"], unique=False
        )

    op.create_table(
        "reward_tags",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("reward_id", sa.BigInteger(), nullable=False),
        sa.Column("tag_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_id"],
            ["rewards.business_id", "rewards.id"],
            name=op.f("fk_reward_tags_business_id_reward_id_rewards"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "tag_id"],
            ["tags.business_id", "tags.id"],
            name=op.f("fk_reward_tags_business_id_tag_id_tags"),
        ),
        sa.PrimaryKeyConstraint("business_id", "reward_id", "tag_id", name=op.f("pk_reward_tags")),
    )
    with op.batch_alter_table("reward_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reward_tags_business_id_tag_id"), ["business_id", "tag_id"], unique=False)

    op.create_table(
        "vouchers",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("reward_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("balance", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_branch_id", sa.BigInteger(), nullable=True),
        sa.Column("purchase_id", sa.BigInteger(), nullable=True),
        sa.Column("points_spent", sa.BigInteger(), nullable=False),
        sa.Column("point_type_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_vouchers_business_id_client_id_clients"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "reward_id"],
            ["rewards.business_id", "rewards.id"],
            name=op.f("fk_vouchers_business_id_reward_id_rewards"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_vouchers")),
        sa.UniqueConstraint("business_id", "code", name=op.f("uq_vouchers_business_id_code")),
    )
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vouchers_business_id_client_id"), ["business_id", "client_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vouchers_business_id_purchase_id"), ["business_id", "purchase_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_vouchers_business_id_reward_id"), ["business_id", "reward_id"], unique=False
        )

    op.create_table(
        "voucher_redemptions",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("voucher_id", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("purchase_id", sa.BigInteger(), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "voucher_id"],
            ["vouchers.business_id", "vouchers.id"],
            name=op.f("fk_voucher_redemptions_business_id_voucher_id_vouchers"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_voucher_redemptions")),
    )
    with op.batch_alter_table("voucher_redemptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_voucher_redemptions_business_id_purchase_id"), ["business_id", "purchase_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_voucher_redemptions_business_id_voucher_id"), ["business_id", "voucher_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("voucher_redemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voucher_redemptions_business_id_voucher_id"))
        batch_op.drop_index(batch_op.f("ix_voucher_redemptions_business_id_purchase_id"))

    op.drop_table("voucher_redemptions")
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vouchers_business_id_reward_id"))
        batch_op.drop_index(batch_op.f("ix_vouchers_business_id_purchase_id"))
        batch_op.drop_index(batch_op.f("ix_vouchers_business_id_client_id"))

    op.drop_table("vouchers")
    with op.batch_alter_table("reward_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reward_tags_business_id_tag_id"))

    op.drop_table("reward_tags")
    with op.batch_alter_table("reward_stores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reward_stores_business_id_branch_id"))

    op.drop_table("reward_stores")
    op.drop_table("reward_products")
    with op.batch_alter_table("rewards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rewards_business_id_valid_to"))

    op.drop_table("rewards")
    op.drop_table("reward_types")
    drop_id_sequences(*SEQUENCED)
