"""product catalogue (issue 12): product brands, product groups, products and their codes in the POS's lists"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_indexes,
    create_named_table,
    create_table_with_id,
    json_column,
    primary_key,
    ref,
    strings,
    tenant_fk,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0022"
down_revision = "0021"

SEQUENCED = ("product_brands", "product_groups", "products")


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_named_table("product_brands", key="external_id")
    create_named_table(
        "product_groups",
        ref("parent_id", nullable=True),
        sa.Column("code", sa.String(length=100), nullable=True),
        ref("branch_id", nullable=True),
        ref("partner_id", nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        key="external_id",
        references=[("parent_id", "product_groups"), ("branch_id", "branches"), ("partner_id", "partners")],
    )
    create_indexes(
        "product_groups", ("business_id", "code"), ("business_id", "branch_id"), ("business_id", "partner_id")
    )
    create_table_with_id(
        "products",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        ref("product_group_id", nullable=True),
        ref("product_brand_id", nullable=True),
        ref("branch_id", nullable=True),
        ref("partner_id", nullable=True),
        json_column("prices"),
        sa.Column("state", sa.Integer(), nullable=False),
        business_fk("products"),
        tenant_fk("products", "product_group_id", "product_groups"),
        tenant_fk("products", "product_brand_id", "product_brands"),
        tenant_fk("products", "branch_id", "branches"),
        tenant_fk("products", "partner_id", "partners"),
    )
    create_indexes(
        "products", ("business_id", "code"), ("business_id", "partner_id"), ("business_id", "product_group_id")
    )
    op.create_table(
        "product_codes",
        business_id(),
        *strings(list_code=100, code=100, nullable=False),
        ref("product_id"),
        tenant_fk("product_codes", "product_id", "products"),
        primary_key("product_codes", "business_id", "list_code", "code"),
    )
    create_indexes("product_codes", ("business_id", "product_id"), ("business_id", "code"))


def downgrade() -> None:
    for table in ("product_codes", "products", "product_groups", "product_brands"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
