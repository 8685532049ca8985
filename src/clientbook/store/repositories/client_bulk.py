"""Bulk loads of clients and what hangs off them (large imports, the 100,000-client test and `make bench`).

Ids are reserved as one block from the table's sequence; rows go in as multi-row INSERT statements in the caller's
transaction, so PostgreSQL's statement-level search triggers run once per chunk, not once per row.

`load_clients` and `load_events` (`clientbook import clients`) use PostgreSQL's COPY through the asyncpg connection
under the session, in the session's transaction; the statement-level search trigger stays enabled (COPY fires it
once, with the whole batch as its transition table), so no DDL lock is taken on a table other tenants are using.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Table, insert, text

from clientbook.store.models import Appointment, Client, ClientFieldValue, ClientTag, Event, Note

from ._base import Repository

# The tables an import of clients fills: analyzed in its transaction, vacuumed after it (Database.vacuum_analyze).
IMPORTED_TABLES = ("clients", "client_search", "events")
_SQLITE = "client_search_clients_ai"
_SQLITE_COUNTED = "client_counts_ai"
_POSTGRESQL = "client_search_clients_insert"
# The search documents of a block of new clients (ids reserved together are consecutive; a client id is never
# reused, so the range holds only the new ones).
SQLITE_DOCUMENTS = text(
    "INSERT INTO client_search_fts (rowid, document) SELECT client_id, document FROM client_search_documents "
    "WHERE business_id = :b AND client_id BETWEEN :lo AND :hi"
)
# What SQLite's per-row trigger `client_counts_ai` (migration 0032) adds for each new client, added for the block at
# once: that trigger's upsert cost ~60 µs a row in a bulk load, as much as the INSERT itself and its indexes.
SQLITE_COUNTS = text(
    "INSERT INTO client_counts (business_id, status, deleted, slot, n) "
    "SELECT business_id, status, deleted_at IS NOT NULL, 0, count(*) FROM clients "
    "WHERE business_id = :b AND id BETWEEN :lo AND :hi GROUP BY 1, 2, 3 "
    "ON CONFLICT (business_id, status, deleted, slot) DO UPDATE SET n = n + excluded.n"
)
_POSTGRESQL_DOCUMENTS = text(
    "INSERT INTO client_search (business_id, client_id, document) SELECT business_id, client_id, document "
    "FROM client_search_documents WHERE business_id = :b AND client_id BETWEEN :lo AND :hi"
)


Converter = Callable[[Any], Any]
_EMPTY = "{}"


def _json_text(document: Any) -> str:
    # Most loaded rows hold an empty document (a client's `extra`): its text is known.
    return _EMPTY if type(document) is dict and not document else json.dumps(document)


def _json_or(process: Converter, document: Any) -> Any:
    return _EMPTY if type(document) is dict and not document else process(document)


def _reusing(process: Converter) -> Converter:
    """`process`, giving the same value as the row before its stored form again unconverted: the rows of a load
    share their timestamps (one `now`), whose conversion to SQLite's text costs ~4 µs each."""
    last: list[Any] = [_reusing, None]  # (value, stored form); no row holds this function as a value

    def convert(value: Any) -> Any:
        if value is not last[0]:
            last[:] = value, process(value)
        return last[1]

    return convert


class BulkRepository(Repository):
    async def reserve_ids(self, table: str, count: int) -> int:
        """The first of `count` consecutive fresh ids of `table` (`table_id_seq`)."""
        sequence = f"{table}_id_seq"
        if self.session.get_bind().dialect.name == "sqlite":
            result = await self.session.execute(
                text("UPDATE id_sequences SET next_value = next_value + :n WHERE name = :s RETURNING next_value - :n"),
                {"n": count, "s": sequence},
            )
            return int(result.scalar_one())
        # Take the whole block at once: setval jumps past it, so concurrent writers never receive its ids.
        result = await self.session.execute(
            text(f"SELECT setval('{sequence}', nextval('{sequence}') + :n - 1)"), {"n": count}
        )
        return int(result.scalar_one()) - count + 1

    async def _insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        # executemany with RETURNING: SQLAlchemy's "insertmanyvalues" sends multi-row INSERTs compiled once.
        await self.session.execute(insert(table).returning(*table.primary_key.columns), list(rows))

    async def insert_clients(self, business_id: int, rows: Sequence[dict[str, Any]]) -> None:
        """Rows of `clients` columns of one business, each with its reserved `id` and every non-null column set.

        The per-row (SQLite) or per-statement (PostgreSQL) search trigger of migration 0005 is set aside for the
        load and the block's search documents are written in one statement instead. DDL is transactional on both
        backends, so no other connection ever sees the table without its trigger.
        """
        if not rows:
            return
        rows = [{**row, "business_id": business_id} for row in rows]
        ids = [row["id"] for row in rows]
        block = {"b": business_id, "lo": min(ids), "hi": max(ids)}
        if self.session.get_bind().dialect.name == "sqlite":
            trigger = await self.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": _SQLITE})
            await self.session.execute(text(f"DROP TRIGGER {_SQLITE}"))
            await self._insert(Client.__table__, rows)  # type: ignore[arg-type]
            await self.session.execute(SQLITE_DOCUMENTS, block)
            await self.session.execute(text(str(trigger)))
            return
        await self.session.execute(text(f"ALTER TABLE clients DISABLE TRIGGER {_POSTGRESQL}"))
        await self._insert(Client.__table__, rows)  # type: ignore[arg-type]
        await self.session.execute(_POSTGRESQL_DOCUMENTS, block)
        await self.session.execute(text(f"ALTER TABLE clients ENABLE TRIGGER {_POSTGRESQL}"))
        # Statistics now: the foreign-key checks of the rows that follow (appointments, tags) plan against them.
        await self.session.execute(text("ANALYZE clients"))

    async def insert_appointments(self, rows: Sequence[dict[str, Any]]) -> None:
        await self._insert(Appointment.__table__, rows)  # type: ignore[arg-type]

    async def insert_client_tags(self, rows: Iterable[dict[str, Any]]) -> None:
        await self._insert(ClientTag.__table__, list(rows))  # type: ignore[arg-type]

    async def insert_field_values(self, rows: Sequence[dict[str, Any]]) -> None:
        await self._insert(ClientFieldValue.__table__, rows)  # type: ignore[arg-type]

    async def insert_notes(self, rows: Sequence[dict[str, Any]]) -> None:
        await self._insert(Note.__table__, rows)  # type: ignore[arg-type]

    async def analyze(self) -> None:
        """Refresh the planner's statistics after a bulk load."""
        await self.session.execute(text("ANALYZE"))

    async def analyze_clients(self) -> None:
        """Refresh PostgreSQL's statistics of the tables an import of clients fills, in the import's transaction:
        ANALYZE samples the transaction's own new rows and its statistics commit with them, so the first queries
        after a large import plan for the tables as they are, not as the empty tables of a new deployment. SQLite
        plans without statistics (none are ever gathered), and keeps doing so."""
        if self.session.get_bind().dialect.name != "sqlite":
            await self.session.execute(text(f"ANALYZE {', '.join(IMPORTED_TABLES)}"))

    def _records(
        self, rows: Sequence[dict[str, Any]], fixed: dict[str, Any], convert: Callable[[str], Converter | None]
    ) -> tuple[list[str], list[Sequence[Any]]]:
        """The column names and one record a row: the `fixed` values (the same for every row, converted once), then
        the row's own (dicts with the same keys), each converted by `convert(column)` when it gives a function. A
        bulk load's rows are many: nothing here copies a row's dict, and a record is built once."""
        names = list(rows[0])
        head = tuple(process(value) if (process := convert(name)) else value for name, value in fixed.items())
        processors = [(len(head) + i, _reusing(process)) for i, name in enumerate(names) if (process := convert(name))]
        values = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
        if not processors:
            return [*fixed, *names], [head + values(row) for row in rows]
        records: list[Sequence[Any]] = []
        for row in rows:
            record = [*head, *values(row)]
            for index, process in processors:
                record[index] = process(record[index])
            records.append(record)
        return [*fixed, *names], records

    async def _copy(self, table: Table, rows: Sequence[dict[str, Any]], fixed: dict[str, Any]) -> None:
        """COPY `rows` (dicts with the same keys), each with the `fixed` columns, into `table` on PostgreSQL, in the
        session's transaction."""

        def convert(name: str) -> Converter | None:
            # SQLAlchemy's asyncpg codec for json/jsonb takes the document as text.
            return _json_text if isinstance(table.c[name].type, JSON) else None

        columns, records = self._records(rows, fixed, convert)
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        await cast(Any, raw.driver_connection).copy_records_to_table(table.name, records=records, columns=columns)

    async def _executemany(self, table: Table, rows: Sequence[dict[str, Any]], fixed: dict[str, Any]) -> None:
        """INSERT `rows` (dicts with the same keys), each with the `fixed` columns, into `table` on SQLite through
        the driver's own executemany, in the session's transaction, each value put in its stored form by its column
        type's bind processor, looked up once per column (a Core executemany prepares each value of each row on its
        own)."""
        dialect = self.session.get_bind().dialect

        def convert(name: str) -> Converter | None:
            process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None and isinstance(table.c[name].type, JSON):
                return partial(_json_or, process)
            return process

        columns, records = self._records(rows, fixed, convert)
        quote = dialect.identifier_preparer.quote
        statement = (
            f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        await cast(Any, raw.driver_connection).executemany(statement, records)

    async def load_clients(self, business_id: int, rows: Sequence[dict[str, Any]]) -> None:
        """Rows of every `clients` column but `business_id`, each with its reserved `id`, and their search
        documents and counts: COPY on PostgreSQL (its statement triggers write both); on SQLite one executemany with
        the per-row search and count triggers set aside and the block's documents and counts written by one statement
        each (the transaction holds SQLite's one write lock anyway, so no one sees the table without them)."""
        if not rows:
            return
        table = cast(Table, Client.__table__)
        fixed = {"business_id": business_id}
        if self.session.get_bind().dialect.name != "sqlite":
            await self._copy(table, rows, fixed)
            return
        ids = [row["id"] for row in rows]
        block = {"b": business_id, "lo": min(ids), "hi": max(ids)}
        triggers = [
            await self.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name})
            for name in (_SQLITE, _SQLITE_COUNTED)
        ]
        for name in (_SQLITE, _SQLITE_COUNTED):
            await self.session.execute(text(f"DROP TRIGGER {name}"))
        await self._executemany(table, rows, fixed)
        await self.session.execute(SQLITE_DOCUMENTS, block)
        await self.session.execute(SQLITE_COUNTS, block)
        for trigger in triggers:
            await self.session.execute(text(str(trigger)))

    async def load_events(self, rows: Sequence[dict[str, Any]], fixed: dict[str, Any]) -> None:
        """Event rows, each with its reserved `id`, and the `fixed` columns they share (PostgreSQL fills `txid` by
        its default)."""
        if not rows:
            return
        table = cast(Table, Event.__table__)
        if self.session.get_bind().dialect.name != "sqlite":
            await self._copy(table, rows, fixed)
            return
        await self._executemany(table, rows, fixed)
