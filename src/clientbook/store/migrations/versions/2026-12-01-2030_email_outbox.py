"""messages.channel, to_address, subject: e-mail goes through the SMS outbox and its worker (issue 13)"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"


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
