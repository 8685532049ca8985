"""messages.channel, to_address, subject: e-mail goes through the SMS outbox and its worker (issue 13)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every message before this one is an SMS: the server default says so without rewriting the table's rows.
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=8), server_default="sms", nullable=False))
        batch.add_column(sa.Column("to_address", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("subject", sa.String(length=200), nullable=True))
    op.create_index(
        op.f("ix_messages_business_id_channel_id"), "messages", ["business_id", "channel", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_messages_business_id_channel_id"), table_name="messages")
    with op.batch_alter_table("messages") as batch:
        for column in ("subject", "to_address", "channel"):
            batch.drop_column(column)
