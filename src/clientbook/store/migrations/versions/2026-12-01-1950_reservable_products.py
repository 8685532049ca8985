"""reservable products (issue 13): what clients book, and appointments naming the product whose slot they take"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    create_table_with_id,
    integers,
    json_column,
    ref,
    tenant_fk,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    create_id_sequences("reservable_products")
    create_table_with_id(
        "reservable_products",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=True),
        ref("branch_id", nullable=True),
        ref("staff_id", nullable=True),
        *integers("duration_minutes", "capacity", nullable=False),
        json_column("opening_hours"),
        json_column("extra"),
        business_fk("reservable_products"),
        tenant_fk("reservable_products", "branch_id", "branches"),
        tenant_fk("reservable_products", "staff_id", "staff"),
        soft_delete=True,
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
        batch.add_column(ref("reservable_product_id", nullable=True))
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
