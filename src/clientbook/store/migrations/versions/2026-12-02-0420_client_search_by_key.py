"""client search (PostgreSQL): the statement triggers build each document from the transition table and read the
rest by key, so their plans no longer depend on statistics

Migration 0005's triggers joined the transition table back to the `client_search_documents` view (clients with their
field values and notes). That join was planned from whatever the planner believed about `clients`, and PL/pgSQL
keeps the plan for the connection's life: on a table never ANALYZEd (autovacuum off, a deployment's first import,
the test suite's database) a COPY of 100,000 clients planned `clients` at one row and ran a join the size of the
table twice over; a nested loop over it is quadratic, and one ran for over ten minutes.

Now no statement of the triggers joins anything:

- a written client's document is computed from its row in `new_rows` itself; its field values and notes are two
  correlated subqueries by (business_id, client_id), each the leading columns of an index;
- a written field value or note refreshes the document of each distinct client of the statement, its client row read
  by primary key in a correlated subquery (one row, or none when the client is gone).

A correlated subquery is run once per outer row whatever the statistics say, and an equality on a unique key is
always planned as an index lookup, so each new client costs a few index probes at any table size. The documents are
the view's, character for character (the same columns in the same order; the view stays for the bulk paths).
SQLite's row triggers look up the view by rowid and are unchanged.
"""

import importlib

from alembic import op

revision = "0033"
down_revision = "0032"

# Migration 0005: its column list (so the documents stay the view's) and, for the downgrade, its trigger functions.
_SEARCH = importlib.import_module("clientbook.store.migrations.versions.2026-11-23-1040_client_search")


def _document(row: str, id_column: str) -> str:
    """The search document of the clients row `row` (an alias), as the view `client_search_documents` builds it."""
    columns = " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in _SEARCH._CLIENT_TEXT)
    key = f"business_id = {row}.business_id AND {{child}}.client_id = {row}.{id_column}"
    values = (
        f"coalesce((SELECT string_agg(v.value, ' ') FROM client_field_values v WHERE v.{key.format(child='v')}), '')"
    )
    notes = (
        f"coalesce((SELECT string_agg(n.body, ' ') FROM notes n WHERE n.{key.format(child='n')} "
        "AND n.deleted_at IS NULL), '')"
    )
    return f"{columns} || ' ' || {values} || ' ' || {notes}"


_UPSERT = "ON CONFLICT (business_id, client_id) DO UPDATE SET document = EXCLUDED.document"

_PG_SYNC_CLIENTS = f"""
CREATE OR REPLACE FUNCTION client_search_sync_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM client_search s USING old_rows o WHERE s.business_id = o.business_id AND s.client_id = o.id;
    ELSE
        INSERT INTO client_search (business_id, client_id, document)
        SELECT w.business_id, w.id, {_document("w", "id")} FROM new_rows w
        {_UPSERT};
    END IF;
    RETURN NULL;
END $$
"""


def _refresh(keys: str) -> str:
    """Refresh the documents of the distinct clients `keys` (a query of business_id, client_id) names. MATERIALIZED
    computes each document once (the filter would otherwise evaluate the subquery again)."""
    return f"""
        WITH d AS MATERIALIZED (
            SELECT k.business_id, k.client_id, (
                SELECT {_document("c", "id")} FROM clients c WHERE c.business_id = k.business_id AND c.id = k.client_id
            ) AS document
            FROM ({keys}) k
        )
        INSERT INTO client_search (business_id, client_id, document)
        SELECT business_id, client_id, document FROM d WHERE document IS NOT NULL
        {_UPSERT};"""


_NEW_KEYS = "SELECT business_id, client_id FROM new_rows"
_OLD_KEYS = "SELECT business_id, client_id FROM old_rows"

_PG_SYNC_CHILDREN = f"""
CREATE OR REPLACE FUNCTION client_search_sync_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_refresh(f"{_NEW_KEYS} GROUP BY 1, 2")}
    ELSIF TG_OP = 'UPDATE' THEN {_refresh(f"{_NEW_KEYS} UNION {_OLD_KEYS}")}
    ELSE {_refresh(f"{_OLD_KEYS} GROUP BY 1, 2")}
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_SYNC_CLIENTS)
        op.execute(_PG_SYNC_CHILDREN)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function in (_SEARCH._PG_SYNC_CLIENTS, _SEARCH._PG_SYNC_CHILDREN):
            op.execute(function.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
