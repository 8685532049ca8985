"""carecloud (issue 7): segments, segment groups and members, customer sources, client addresses, booking status index

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-23 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    business_id,
    create_table_with_id,
    created,
    primary_key,
    tenant_fk,
    timestamps,
    unique,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES_WITH_IDS = ("segment_groups", "segments", "customer_sources", "client_addresses")


def upgrade() -> None:
    create_id_sequences(*TABLES_WITH_IDS)
    create_table_with_id(
        "segment_groups",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("parent_group_id", sa.BigInteger(), nullable=True),
        business_fk("segment_groups"),
        unique("segment_groups", "business_id", "text_id"),
    )
    create_table_with_id(
        "segments",
        sa.Column("segment_group_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=True),
        business_fk("segments"),
        tenant_fk("segments", "segment_group_id", "segment_groups"),
        soft_delete=True,
    )
    op.create_index(op.f("ix_segments_business_id_segment_group_id"), "segments", ["business_id", "segment_group_id"])
    op.create_table(
        "segment_members",
        business_id(),
        sa.Column("segment_id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        *created(),
        tenant_fk("segment_members", "segment_id", "segments"),
        tenant_fk("segment_members", "client_id", "clients"),
        primary_key("segment_members", "business_id", "segment_id", "client_id"),
    )
    op.create_index(op.f("ix_segment_members_business_id_client_id"), "segment_members", ["business_id", "client_id"])
    create_table_with_id(
        "customer_sources",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text_id", sa.String(length=100), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        business_fk("customer_sources"),
        unique("customer_sources", "business_id", "text_id"),
    )
    op.create_table(
        "client_addresses",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("address_type", sa.String(length=100), nullable=False),
        *[sa.Column(f"address{i}", sa.String(length=200), nullable=True) for i in range(1, 8)],
        sa.Column("zip", sa.String(length=20), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        *timestamps(),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["business_id", "client_id"],
            ["clients.business_id", "clients.id"],
            name=op.f("fk_client_addresses_business_id_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("business_id", "id", name=op.f("pk_client_addresses")),
    )
    op.create_index(
        op.f("ix_client_addresses_business_id_client_id_address_type"),
        "client_addresses",
        ["business_id", "client_id", "address_type"],
    )
    # CareCloud filters bookings by status (`booking_status`, `booking_statuses[]`).
    op.create_index(
        "ix_appointments_business_id_state_starts_at", "appointments", ["business_id", "state", "starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_appointments_business_id_state_starts_at", table_name="appointments")
    op.drop_table("client_addresses")
    op.drop_table("customer_sources")
    op.drop_table("segment_members")
    op.drop_table("segments")
    op.drop_table("segment_groups")
    drop_id_sequences(*TABLES_WITH_IDS)
