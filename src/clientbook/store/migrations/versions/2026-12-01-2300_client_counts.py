"""client counts (issue 15.2): how many clients each business has by status, live or deleted, kept by triggers;
and the live clients' ids in order, for deep pages by id on PostgreSQL

A count of a business's clients with no filter but their status (TimeTap's `/clients/count`, `reportCount
statusList=…`, CareCloud's `total_items` of an unfiltered list) read an index entry per client: ~80 ms at 1,000,000
clients. `client_counts` holds the totals instead, kept in the writing transaction by triggers on `clients` (every
writer is covered: the ORM, bulk loads, COPY, merges), so such a count reads a few rows.

Race safety: every change is one `INSERT … ON CONFLICT DO UPDATE SET n = n + delta` (the row is locked and re-read
at its latest committed value, never a value read earlier). A transaction adds to the row of its slot (its xid mod
16), so concurrent writers of one business seldom wait on the same row; a count sums the slots. SQLite has one
writer and uses slot 0.

`ix_clients_live_id` (PostgreSQL only): a page at offset 500,000 of the clients by id (CareCloud's and Webcamconsult's
default order) walked the primary key and read every client row before the page to skip the deleted ones, since
PostgreSQL does not take `deleted_at IS NULL` as an equality that orders (business_id, deleted_at, id) by id. The
partial index lets it walk 500,000 index entries alone. SQLite takes IS NULL as an equality and already walks
(business_id, deleted_at, id).
"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"

LIVE_ID = "ix_clients_live_id"
_KEY = "business_id, status, deleted, slot"
_PG_ADD = f"ON CONFLICT ({_KEY}) DO UPDATE SET n = client_counts.n + excluded.n"
_SQLITE_ADD = f"ON CONFLICT ({_KEY}) DO UPDATE SET n = n + excluded.n"


def _postgresql_upgrade() -> None:
    # The rows of one statement are added in key order, so two statements never take two counter rows in opposite
    # orders (no deadlock between them).
    for name, rows, sign in (("insert", "new_rows", ""), ("delete", "old_rows", "-")):
        op.execute(
            f"CREATE FUNCTION client_counts_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"INSERT INTO client_counts ({_KEY}, n) "
            f"SELECT business_id, status, deleted_at IS NOT NULL, txid_current() % 16, {sign}count(*) FROM {rows} "
            f"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 {_PG_ADD}; RETURN NULL; END $$"
        )
        referencing = "NEW TABLE AS new_rows" if name == "insert" else "OLD TABLE AS old_rows"
        op.execute(
            f"CREATE TRIGGER client_counts_{name} AFTER {name.upper()} ON clients REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION client_counts_{name}()"
        )
    # An update moves a client between counts only when its status or its being deleted changes: a row trigger whose
    # WHEN skips every other update without calling the function.
    op.execute(
        "CREATE FUNCTION client_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO client_counts ({_KEY}, n) "
        "SELECT b, s, d, txid_current() % 16, n FROM (VALUES "
        "(OLD.business_id, OLD.status, OLD.deleted_at IS NOT NULL, -1), "
        "(NEW.business_id, NEW.status, NEW.deleted_at IS NOT NULL, 1)) AS moved (b, s, d, n) "
        f"ORDER BY 1, 2, 3 {_PG_ADD}; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER client_counts_update AFTER UPDATE OF status, deleted_at ON clients FOR EACH ROW "
        "WHEN (OLD.status IS DISTINCT FROM NEW.status OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) "
        "EXECUTE FUNCTION client_counts_update()"
    )


def _sqlite_upgrade() -> None:
    def add(row: str, n: int) -> str:
        return (
            f"INSERT INTO client_counts ({_KEY}, n) "
            f"VALUES ({row}.business_id, {row}.status, {row}.deleted_at IS NOT NULL, 0, {n}) {_SQLITE_ADD};"
        )

    op.execute(f"CREATE TRIGGER client_counts_ai AFTER INSERT ON clients BEGIN {add('new', 1)} END")
    op.execute(f"CREATE TRIGGER client_counts_ad AFTER DELETE ON clients BEGIN {add('old', -1)} END")
    op.execute(
        "CREATE TRIGGER client_counts_au AFTER UPDATE OF status, deleted_at ON clients "
        "WHEN old.status IS NOT new.status OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) "
        f"BEGIN {add('old', -1)} {add('new', 1)} END"
    )


def upgrade() -> None:
    op.create_table(
        "client_counts",
        sa.Column("business_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("business_id", "status", "deleted", "slot", name=op.f("pk_client_counts")),
    )
    # The triggers first: on PostgreSQL creating them locks out writers of clients until this transaction commits,
    # so the totals below count exactly the rows the triggers will not have seen.
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()
    op.execute(
        f"INSERT INTO client_counts ({_KEY}, n) "
        "SELECT business_id, status, deleted_at IS NOT NULL, 0, count(*) FROM clients GROUP BY 1, 2, 3"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(LIVE_ID, "clients", ["business_id", "id"], postgresql_where=sa.text("deleted_at IS NULL"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(LIVE_ID, "clients")
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS client_counts_{name} ON clients")
            op.execute(f"DROP FUNCTION IF EXISTS client_counts_{name}()")
    else:
        for name in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS client_counts_{name}")
    op.drop_table("client_counts")
