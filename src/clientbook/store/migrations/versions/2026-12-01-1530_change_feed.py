"""change feed (issue 18): each event carries the id of the transaction that wrote it

PostgreSQL fills `events.txid` with `pg_current_xact_id()` (64 bits, never wraps); the feed hands out only events of
transactions older than every one still running, in (txid, id) order, so a transaction that commits late is never
skipped. SQLite serializes writers, so its ids are already in commit order: txid is 0 there. Rows written before this
migration get 0 as well: they are all committed, and come first.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("txid", sa.BigInteger(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE events ALTER COLUMN txid SET DEFAULT (pg_current_xact_id()::text::bigint)")
    op.create_index("ix_events_business_id_txid_id", "events", ["business_id", "txid", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_business_id_txid_id", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("txid")
