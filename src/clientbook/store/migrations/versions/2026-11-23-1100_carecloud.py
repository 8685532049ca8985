"""carecloud (issue 7): segments, segment groups and members, customer sources, client addresses, booking status index"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    business_fk,
    create_indexes,
    create_link_table,
    create_named_table,
    create_table_with_id,
    created,
    note,
    ref,
    strings,
    tenant_fk,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0006"
down_revision = "0001"

TABLES_WITH_IDS = ("segment_groups", "segments", "customer_sources", "client_addresses")


def upgrade() -> None:
    create_id_sequences(*TABLES_WITH_IDS)
    create_named_table("segment_groups", note(), ref("parent_group_id", nullable=True), key_nullable=True)
    create_table_with_id(
        "segments",
        ref("segment_group_id", nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        note(),
        sa.Column("priority", sa.Integer(), nullable=True),
        business_fk("segments"),
        tenant_fk("segments", "segment_group_id", "segment_groups"),
        soft_delete=True,
    )
    op.create_index(op.f("ix_segments_business_id_segment_group_id"), "segments", ["business_id", "segment_group_id"])
    create_link_table(
        "segment_members",
        ("segment_id", "segments"),
        ("client_id", "clients"),
        columns=created(),
        foreign_keys=("segment_id", "client_id"),
    )
    create_indexes("segment_members", ("business_id", "client_id"))
    create_named_table("customer_sources", sa.Column("state", sa.Integer(), nullable=False))
    create_table_with_id(
        "client_addresses",
        ref("client_id"),
        sa.Column("address_type", sa.String(length=100), nullable=False),
        *[sa.Column(f"address{i}", sa.String(length=200), nullable=True) for i in range(1, 8)],
        *strings(zip=20, city=100, country_code=2),
        tenant_fk("client_addresses", "client_id", "clients"),
        soft_delete=True,
    )
    create_indexes("client_addresses", ("business_id", "client_id", "address_type"))
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
