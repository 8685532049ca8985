"""reservable products (issue 13): what clients book, and appointments naming the product whose slot they take

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 19:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    create_id_sequences("reservable_products")
    op.create_table(
        "reservable_products",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        sa.Column("branch_id", sa.BigInteger(), nullable=True),
        sa.Column("staff_id", sa.BigInteger(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("opening_hours", JSON, nullable=False),
        sa.Column("extra", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id"], ["businesses.id"], name=op.f("fk_reservable_products_business_id_businesses")
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "branch_id"],
            ["branches.business_id", "branches.id"],
            name=op.f("fk_reservable_products_business_id_branch_id_branches"),
        ),
        sa.ForeignKeyConstraint(
            ["business_id", "staff_id"],
            ["staff.business_id", "staff.id"],
            name=op.f("fk_reservable_products_business_id_staff_id_staff"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_reservable_products")),
    )
    op.create_index(
        op.f("ix_reservable_products_business_id_code"), "reservable_products", ["business_id", "code"], unique=False
    )
    op.create_index(
        op.f("ix_reservable_products_business_id_branch_id"),
        "reservable_products",
        ["business_id", "branch_id"],
        unique=False,
    )
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("reservable_product_id", sa.BigInteger(), nullable=True))
        batch.create_index(
            batch.f("ix_appointments_business_id_reservable_product_id_starts_at"),
            ["business_id", "reservable_product_id", "starts_at"],
            unique=False,
        )
        batch.create_index(
            batch.f("ix_appointments_business_id_staff_id_starts_at"),
            ["business_id", "staff_id", "starts_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.drop_index(batch.f("ix_appointments_business_id_staff_id_starts_at"))
        batch.drop_index(batch.f("ix_appointments_business_id_reservable_product_id_starts_at"))
        batch.drop_column("reservable_product_id")
    op.drop_table("reservable_products")
    drop_id_sequences("reservable_products")
