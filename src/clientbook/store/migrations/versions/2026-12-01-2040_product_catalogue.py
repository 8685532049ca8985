"""product catalogue (issue 12): product brands, product groups, products and their codes in the POS's lists

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQUENCED = ("product_brands", "product_groups", "products")


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["business_id", column],
        [f"{target}.business_id", f"{target}.id"],
        name=op.f(f"fk_{table}_business_id_{column}_{target}"),
    )


def _business_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["business_id"], ["businesses.id"], name=op.f(f"fk_{table}_business_id_businesses"))


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    create_id_sequences(*SEQUENCED)
    op.create_table(
        "product_brands",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        *_stamps(),
        _business_fk("product_brands"),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_product_brands")),
        sa.UniqueConstraint("business_id", "external_id", name=op.f("uq_product_brands_business_id_external_id")),
    )
    op.create_table(
        "product_groups",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.Integer(), nullable=False),
        *_stamps(),
        _business_fk("product_groups"),
        _fk("product_groups", "parent_id", "product_groups"),
        _fk("product_groups", "branch_id", "branches"),
        _fk("product_groups", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_product_groups")),
        sa.UniqueConstraint("business_id", "external_id", name=op.f("uq_product_groups_business_id_external_id")),
    )
    for column in ("code", "branch_id", "partner_id"):
        _index("product_groups", "business_id", column)
    op.create_table(
        "products",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("product_group_id", sa.BigInteger(), nullable=True),
        sa.Column("product_brand_id", sa.BigInteger(), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("partner_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "prices", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("state", sa.Integer(), nullable=False),
        *_stamps(),
        _business_fk("products"),
        _fk("products", "product_group_id", "product_groups"),
        _fk("products", "product_brand_id", "product_brands"),
        _fk("products", "branch_id", "branches"),
        _fk("products", "partner_id", "partners"),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_products")),
    )
    for column in ("code", "partner_id", "product_group_id"):
        _index("products", "business_id", column)
    op.create_table(
        "product_codes",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("list_code", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("product_id", sa.BigInteger(), nullable=False),
        _fk("product_codes", "product_id", "products"),
        sa.PrimaryKeyConstraint("business_id", "list_code", "code", name=op.f("pk_product_codes")),
    )
    _index("product_codes", "business_id", "product_id")
    _index("product_codes", "business_id", "code")


def downgrade() -> None:
    for table in ("product_codes", "products", "product_groups", "product_brands"):
        op.drop_table(table)
    drop_id_sequences(*SEQUENCED)
