"""contact list indexes (issue 4): unread inbound messages per client and per staff member

Partial indexes holding only unread inbound messages, so the web app's unread counts and `filter=unread` touch
unread rows only, however long the history. They live in the migration only: the models do not model partial
indexes (tests/store/test_schema.py ignores indexes added on purpose outside the models). The queries spell the
predicate with literals, as SQLite uses a partial index only when the query's WHERE implies it literally.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003b"
down_revision = "0003"

UNREAD = sa.text("direction = 'inbound' AND read_at IS NULL")


def upgrade() -> None:
    for contact in ("client_id", "staff_id"):
        op.create_index(
            f"ix_messages_unread_{contact}",
            "messages",
            ["business_id", contact],
            sqlite_where=UNREAD,
            postgresql_where=UNREAD,
        )


def downgrade() -> None:
    for contact in ("client_id", "staff_id"):
        op.drop_index(f"ix_messages_unread_{contact}", table_name="messages")
