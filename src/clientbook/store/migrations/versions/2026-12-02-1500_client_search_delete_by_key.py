"""client search (PostgreSQL): a deleted client's document is deleted by key, so the delete branch joins nothing too

Migration 0033 made the insert and update branches of `client_search_sync_clients` read everything by key but kept
0005's delete, `DELETE FROM client_search USING old_rows`: a join of the transition table (no statistics) with
`client_search`, planned from whatever the planner believes about `client_search`. With its statistics wrong or
missing that can be a nested loop or a hash join reading the whole table for one deleted client.

Now each deleted client's document is deleted by its primary key, one statement per row of `old_rows` in a loop:
an equality on the whole primary key is planned as an index lookup whatever the statistics say, and the loop reads
`old_rows` once, joining it with nothing. Clients are hard-deleted rarely (merges and erasure; a delete through the
APIs is a soft delete, an update), so a statement per row costs nothing that matters.
"""

import importlib

from alembic import op

revision = "0034"
down_revision = "0033"

# Migration 0033: its insert/update branch (kept as it is) and, for the downgrade, its function.
_BY_KEY = importlib.import_module("clientbook.store.migrations.versions.2026-12-02-0420_client_search_by_key")

_PG_SYNC_CLIENTS = f"""
CREATE OR REPLACE FUNCTION client_search_sync_clients() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    gone record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        FOR gone IN SELECT business_id, id FROM old_rows LOOP
            DELETE FROM client_search WHERE business_id = gone.business_id AND client_id = gone.id;
        END LOOP;
    ELSE
        INSERT INTO client_search (business_id, client_id, document)
        SELECT w.business_id, w.id, {_BY_KEY._document("w", "id")} FROM new_rows w
        {_BY_KEY._UPSERT};
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_SYNC_CLIENTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_BY_KEY._PG_SYNC_CLIENTS)
