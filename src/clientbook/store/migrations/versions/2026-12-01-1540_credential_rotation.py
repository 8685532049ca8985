"""credential rotation: the previous secret's keyed hash, valid until an expiry (`clientbook credentials rotate`)

A rotated key keeps its key id; the new secret's hash replaces `secret_hash` and the old one moves to
`previous_secret_hash`, which authentication accepts until `previous_expires_at` (the grace period).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    with op.batch_alter_table("credentials") as batch:
        batch.add_column(sa.Column("previous_secret_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("previous_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("previous_expires_at")
        batch.drop_column("previous_secret_hash")
