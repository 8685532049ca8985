"""credential rotation: the previous secret's keyed hash, valid until an expiry (`clientbook credentials rotate`)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 15:40:00

A rotated key keeps its key id; the new secret's hash replaces `secret_hash` and the old one moves to
`previous_secret_hash`, which authentication accepts until `previous_expires_at` (the grace period).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credentials") as batch:
        batch.add_column(sa.Column("previous_secret_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("previous_expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credentials") as batch:
        batch.drop_column("previous_expires_at")
        batch.drop_column("previous_secret_hash")
