"""webhooks (issue 18): subscriptions, the delivery outbox and the attempt log"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import (
    bigints,
    business_fk,
    create_table_with_id,
    datetimes,
    json_column,
    ref,
    strings,
)
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0012"
down_revision = "0011"

TABLES = ("webhook_subscriptions", "webhook_deliveries", "webhook_attempts")


def upgrade() -> None:
    create_id_sequences(*TABLES)
    create_table_with_id(
        "webhook_subscriptions",
        sa.Column("url", sa.String(2000), nullable=False),
        json_column("types"),
        sa.Column("secret_sealed", sa.String(500), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(200), nullable=True),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        *bigints("cursor_txid", "cursor_id", nullable=False),
        business_fk("webhook_subscriptions"),
    )
    create_table_with_id(
        "webhook_deliveries",
        ref("subscription_id"),
        ref("event_id"),
        *strings(message_id=64, resource=80, type=80, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        *datetimes("sending_at", "delivered_at"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        business_fk("webhook_deliveries"),
        stamped=False,
    )
    op.create_index(
        "ix_webhook_deliveries_resource_order",
        "webhook_deliveries",
        ["business_id", "subscription_id", "resource", "event_id"],
    )
    op.create_index(
        "ix_webhook_deliveries_business_id_subscription_id_created_at",
        "webhook_deliveries",
        ["business_id", "subscription_id", "created_at"],
    )
    op.create_index("ix_webhook_deliveries_status_next_attempt_at", "webhook_deliveries", ["status", "next_attempt_at"])
    create_table_with_id(
        "webhook_attempts",
        ref("delivery_id"),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        *strings(error=500, response_excerpt=500),
        business_fk("webhook_attempts"),
        stamped=False,
    )
    op.create_index("ix_webhook_attempts_business_id_delivery_id", "webhook_attempts", ["business_id", "delivery_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    drop_id_sequences(*TABLES)
