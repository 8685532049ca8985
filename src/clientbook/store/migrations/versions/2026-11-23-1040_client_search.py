"""client search: indexes for every client-list filter, and a text index over names, contact, fields and notes

The search document of a client (names, e-mail, phones, company, external user name, custom field values and notes)
is kept in sync by triggers, so clients written by any dialect or the CLI are searchable without the writer knowing:

- SQLite: an FTS5 table with the trigram tokenizer (`client_search_fts`, rowid = client id); `document LIKE '%term%'`
  uses it for terms of three characters or more.
- PostgreSQL: a `client_search` table with a pg_trgm GIN index; `document ILIKE '%term%'` uses it.
"""

import sqlalchemy as sa
from alembic import op

from clientbook.store.migrations._columns import business_id

revision = "0005"
down_revision = "0001"

LIVE = "deleted_at IS NULL"

# (name, columns, live-only) — partial indexes serve the default lists, which leave deleted clients out.
INDEXES: list[tuple[str, list[str], bool]] = [
    ("ix_clients_live_full_name", ["business_id", "full_name", "id"], True),
    ("ix_clients_live_email", ["business_id", "email_normalized", "id"], True),
    ("ix_clients_business_id_deleted_at_id", ["business_id", "deleted_at", "id"], False),  # covers counts
    ("ix_clients_business_id_status_deleted_at", ["business_id", "status", "deleted_at"], False),  # covers counts
    ("ix_clients_live_created_at", ["business_id", "created_at", "id"], True),
    ("ix_clients_business_id_merged_into_id", ["business_id", "merged_into_id"], False),
    ("ix_clients_business_id_birth_date", ["business_id", "birth_date"], False),
    ("ix_clients_business_id_updated_at", ["business_id", "updated_at"], False),
]
# The filters through appointments read only these columns: covering and live-only, so they never touch the table.
APPOINTMENT_INDEXES: list[tuple[str, list[str]]] = [
    ("ix_appointments_live_staff_id", ["business_id", "staff_id", "client_id"]),
    ("ix_appointments_live_branch_id", ["business_id", "branch_id", "client_id"]),
    ("ix_appointments_live_reason_id", ["business_id", "reason_id", "client_id"]),
]
# Case-insensitive equality on names (CareCloud's first_name/last_name filters).
EXPRESSION_INDEXES: list[tuple[str, list[str]]] = [
    ("ix_clients_lower_last_first", ["business_id", "lower(last_name)", "lower(first_name)"]),
    ("ix_clients_lower_first", ["business_id", "lower(first_name)"]),
]

_CLIENT_TEXT = [
    "full_name",
    "first_name",
    "last_name",
    "email",
    "mobile_phone",
    "mobile_phone_raw",
    "home_phone",
    "business_phone",
    "company_name",
    "external_user_name",
]


def _document_view(aggregate: str) -> str:
    """One row per client: its search document. `aggregate` is group_concat (SQLite) or string_agg (PostgreSQL)."""
    columns = " || ' ' || ".join(f"coalesce(c.{name}, '')" for name in _CLIENT_TEXT)
    values = (
        f"coalesce((SELECT {aggregate}(v.value, ' ') FROM client_field_values v "
        "WHERE v.business_id = c.business_id AND v.client_id = c.id), '')"
    )
    notes = (
        f"coalesce((SELECT {aggregate}(n.body, ' ') FROM notes n "
        "WHERE n.business_id = c.business_id AND n.client_id = c.id AND n.deleted_at IS NULL), '')"
    )
    return (
        "CREATE VIEW client_search_documents AS SELECT c.business_id AS business_id, c.id AS client_id, "
        f"{columns} || ' ' || {values} || ' ' || {notes} AS document FROM clients c"
    )


_SQLITE_REFRESH = """
    DELETE FROM client_search_fts WHERE rowid = {row}.{id};
    INSERT INTO client_search_fts (rowid, document)
        SELECT client_id, document FROM client_search_documents
        WHERE business_id = {row}.business_id AND client_id = {row}.{id};
"""


def _sqlite_upgrade() -> None:
    op.execute("CREATE VIRTUAL TABLE client_search_fts USING fts5(document, tokenize = 'trigram')")
    op.execute(_document_view("group_concat"))
    refresh_new = _SQLITE_REFRESH.format(row="new", id="id")
    op.execute(f"CREATE TRIGGER client_search_clients_ai AFTER INSERT ON clients BEGIN {refresh_new} END")
    columns = ", ".join(_CLIENT_TEXT)
    op.execute(f"CREATE TRIGGER client_search_clients_au AFTER UPDATE OF {columns} ON clients BEGIN {refresh_new} END")
    op.execute(
        "CREATE TRIGGER client_search_clients_ad AFTER DELETE ON clients BEGIN "
        "DELETE FROM client_search_fts WHERE rowid = old.id; END"
    )
    for table in ("notes", "client_field_values"):
        new = _SQLITE_REFRESH.format(row="new", id="client_id")
        old = _SQLITE_REFRESH.format(row="old", id="client_id")
        op.execute(f"CREATE TRIGGER client_search_{table}_ai AFTER INSERT ON {table} BEGIN {new} END")
        op.execute(f"CREATE TRIGGER client_search_{table}_au AFTER UPDATE ON {table} BEGIN {old} {new} END")
        op.execute(f"CREATE TRIGGER client_search_{table}_ad AFTER DELETE ON {table} BEGIN {old} END")
    # Clients that exist already (a database upgraded with data in it).
    op.execute(
        "INSERT INTO client_search_fts (rowid, document) SELECT client_id, document FROM client_search_documents"
    )


# LATERAL keeps each document an index lookup: a transition table has no statistics, and a plain join could make
# the planner compute the documents of every client of the table for each statement.
_PG_SYNC_CLIENTS = """
CREATE FUNCTION client_search_sync_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM client_search s USING old_rows o WHERE s.business_id = o.business_id AND s.client_id = o.id;
    ELSE
        INSERT INTO client_search (business_id, client_id, document)
        SELECT d.business_id, d.client_id, d.document
        FROM new_rows n, LATERAL (
            SELECT * FROM client_search_documents d WHERE d.business_id = n.business_id AND d.client_id = n.id
        ) d
        ON CONFLICT (business_id, client_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END $$
"""

_PG_SYNC_CHILDREN = """
CREATE FUNCTION client_search_sync_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO client_search (business_id, client_id, document)
        SELECT d.business_id, d.client_id, d.document
        FROM (SELECT DISTINCT business_id, client_id FROM new_rows) n, LATERAL (
            SELECT * FROM client_search_documents d WHERE d.business_id = n.business_id AND d.client_id = n.client_id
        ) d
        ON CONFLICT (business_id, client_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO client_search (business_id, client_id, document)
        SELECT d.business_id, d.client_id, d.document
        FROM (SELECT DISTINCT business_id, client_id FROM old_rows) o, LATERAL (
            SELECT * FROM client_search_documents d WHERE d.business_id = o.business_id AND d.client_id = o.client_id
        ) d
        ON CONFLICT (business_id, client_id) DO UPDATE SET document = EXCLUDED.document;
    END IF;
    RETURN NULL;
END $$
"""


def _postgresql_upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "client_search",
        business_id(),
        sa.Column("client_id", sa.BigInteger(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("business_id", "client_id", name="pk_client_search"),
    )
    op.execute("CREATE INDEX ix_client_search_document ON client_search USING gin (document gin_trgm_ops)")
    op.execute(_document_view("string_agg"))
    op.execute(_PG_SYNC_CLIENTS)
    op.execute(_PG_SYNC_CHILDREN)
    # Statement-level triggers with transition tables: a bulk insert refreshes its documents in one statement.
    for event, referencing in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER client_search_clients_{event.lower()} AFTER {event} ON clients "
            f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION client_search_sync_clients()"
        )
    for table in ("notes", "client_field_values"):
        for event, referencing in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER client_search_{table}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION client_search_sync_children()"
            )
    op.execute(
        "INSERT INTO client_search (business_id, client_id, document) "
        "SELECT business_id, client_id, document FROM client_search_documents"
    )


def upgrade() -> None:
    for name, columns, live in INDEXES:
        where = sa.text(LIVE) if live else None
        op.create_index(name, "clients", columns, sqlite_where=where, postgresql_where=where)
    for name, expressions in EXPRESSION_INDEXES:
        op.create_index(name, "clients", [sa.text(e) for e in expressions])
    for name, columns in APPOINTMENT_INDEXES:
        where = sa.text(LIVE)
        op.create_index(name, "appointments", columns, sqlite_where=where, postgresql_where=where)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("clients", "notes", "client_field_values"):
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS client_search_{table}_{event} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS client_search_sync_clients()")
        op.execute("DROP FUNCTION IF EXISTS client_search_sync_children()")
        op.execute("DROP VIEW IF EXISTS client_search_documents")
        op.drop_table("client_search")
    else:
        for table in ("clients", "notes", "client_field_values"):
            for event in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS client_search_{table}_{event}")
        op.execute("DROP VIEW IF EXISTS client_search_documents")
        op.execute("DROP TABLE IF EXISTS client_search_fts")
    for name, _columns in APPOINTMENT_INDEXES:
        op.drop_index(name, "appointments")
    for name, _columns in EXPRESSION_INDEXES:
        op.drop_index(name, "clients")
    for name, _columns, _live in INDEXES:
        op.drop_index(name, "clients")
