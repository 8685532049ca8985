"""messaging (issue 3): unmatched inbound SMS, and global mobile-number indexes for cross-business matching"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import create_indexes, primary_key, strings
from clientbook.store.migrations.helpers import create_id_sequences, drop_id_sequences

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    create_id_sequences("unmatched_inbound_messages")
    # No business_id: these belong to no business until an operator decides (never shown to one).
    op.create_table(
        "unmatched_inbound_messages",
        sa.Column("id", sa.BigInteger(), nullable=False),
        *strings(from_number=40, to_number=40, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=64), nullable=True),
        sa.Column("candidate_businesses", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        primary_key("unmatched_inbound_messages", "id"),
    )
    create_indexes("unmatched_inbound_messages", ["provider_message_id"])
    # An inbound SMS to a number no business owns is matched by the sender's number across businesses.
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index("ix_clients_mobile_phone", ["mobile_phone"], unique=False)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index("ix_staff_mobile_phone", ["mobile_phone"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_mobile_phone")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index("ix_clients_mobile_phone")
    op.drop_table("unmatched_inbound_messages")
    drop_id_sequences("unmatched_inbound_messages")
