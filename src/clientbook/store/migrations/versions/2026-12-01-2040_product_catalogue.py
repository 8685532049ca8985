"""product catalogue (issue 12): product brands, product groups, products and their codes in the POS's lists

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_table_with_id,
    json_column,
    primary_key,
    tenant_fk,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("product_brands", "product_groups", "products")


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    create_table_with_id(
        "product_brands",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        business_fk("product_brands"),
        unique("product_brands", "business_id", "external_id"),
    )
    create_table_with_id(
        "product_groups",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        business_fk("product_groups"),
        tenant_fk("product_groups", "parent_id", "product_groups"),
        tenant_fk("product_groups", "branch_id", "branches"),
        tenant_fk("product_groups", "partner_id", "partners"),
        unique("product_groups", "business_id", "external_id"),
    )
    for column in ("code", "branch_id", "partner_id"):
        _index("product_groups", "business_id", column)
    create_table_with_id(
        "products",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("product_group_id", sa.BigInteger(), nullable=True),
        sa.Column("product_brand_id", sa.BigInteger(), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        json_column("prices"),
        sa.Column("state", sa.Integer(), nullable=False),
        business_fk("products"),
        tenant_fk("products", "product_group_id", "product_groups"),
        tenant_fk("products", "product_brand_id", "product_brands"),
        tenant_fk("products", "branch_id", "branches"),
        tenant_fk("products", "partner_id", "partners"),
    )
    for column in ("code", "partner_id", "product_group_id"):
        _index("products", "business_id", column)
    op.create_table(
        "product_codes",
        business_id(),
        sa.Column("list_code", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        tenant_fk("product_codes", "product_id", "products"),
        primary_key("product_codes", "business_id", "list_code", "code"),
    )
    _index("product_codes", "business_id", "product_id")
    _index("product_codes", "business_id", "code")


def downgrade() -> None:
    for table in ("product_codes", "products", "product_groups", "product_brands"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
