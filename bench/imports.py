"""`python -m bench.imports [ROWS]`: the rate of `clientbook import clients` on SQLite and PostgreSQL.

Builds a CSV of ROWS (default 100,000) realistic clients (names, e-mail, mobile number, birth date), imports it into
a new business of a fresh database per backend through the core use case the CLI calls, and prints the CPU each row
cost: this process's (the checks, and on SQLite the database too: it runs in this process's thread) and, on
PostgreSQL, the server backend's that ran the import (read from /proc: the server must be on this machine). The
machine may be shared, so CPU per row is the figure to compare; the wall-clock rate and the load average beside it
say how busy the machine was. Checking and writing overlap (core.client_import), so on an idle machine with a core
for each the rate approaches 1 / the larger of the two costs. PostgreSQL runs when CLIENTBOOK_TEST_POSTGRES_URL is
set.

Beside each rate it prints the ceilings measured in the same run, on the same database, with the rows the import
just stored (read back, given fresh ids, written in a transaction rolled back afterwards): on PostgreSQL one COPY into
`clients` with every index and trigger (the search documents and counts included), with the indexes but no trigger
of ours (foreign keys still checked), with no trigger at all, and into a bare copy of the table; on SQLite one
executemany into `clients` with its triggers (search, counts), without them, and into a bare copy. The import can
approach the first ceiling, never pass it.
"""

from __future__ import annotations

import asyncio
import csv
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import text
from sqlalchemy.engine import make_url

from clientbook.core import client_import, tenants
from clientbook.core.types import Tenant
from clientbook.store import migrate
from clientbook.store.engine import Database
from clientbook.store.repositories import client_bulk

COLUMNS = ["first_name", "last_name", "email", "mobile_phone", "birth_date", "city"]


def write_rows(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in range(count):
            mobile = f"+1 415 {200 + i // 10000:03d} {i % 10000:04d}"
            birth = f"19{50 + i % 50:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            writer.writerow([f"First{i}", f"Last{i}", f"person{i}@example{i % 50}.com", mobile, birth, "Springfield"])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rate(rows: int, cpu: float, server: float) -> str:
    both = f"{server / rows * 1e6:.1f} µs server + " if server else ""
    return f"{both}{cpu / rows * 1e6:.1f} µs client per row = {rows / (cpu + server):,.0f} rows per CPU second"


async def _pg_again(connection: Any, table: str, business_id: int) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows of `table` the business has, each row given a fresh id (past every stored one)."""
    stored = await connection.fetch(f"SELECT * FROM {table} WHERE business_id = $1 ORDER BY id", business_id)
    columns = list(stored[0].keys())
    at = columns.index("id")
    first = await connection.fetchval(f"SELECT max(id) FROM {table}") + 1
    return columns, [(*row[:at], first + i, *row[at + 1 :]) for i, row in enumerate(stored)]


async def _pg_ceilings(url: str, business_id: int) -> None:
    """COPY the business's stored clients (and events) again, fresh ids, rolled back, under each variant."""
    connection = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(False))
    try:
        backend = await connection.fetchval("SELECT pg_backend_pid()")
        columns, records = await _pg_again(connection, "clients", business_id)
        event_columns, events = await _pg_again(connection, "events", business_id)
        await connection.execute("CREATE TABLE IF NOT EXISTS bench_bare_clients (LIKE clients INCLUDING DEFAULTS)")
        variants: list[tuple[str, str, str | None]] = [
            ("clients, every index and trigger", "clients", None),
            ("clients, indexes and foreign keys, none of our triggers", "clients", "DISABLE TRIGGER USER"),
            ("clients, indexes, no trigger at all", "clients", "DISABLE TRIGGER ALL"),
            ("a bare copy of clients", "bench_bare_clients", None),
            ("events (one a client)", "events", None),
        ]
        for label, table, disable in variants:
            transaction = connection.transaction()
            await transaction.start()
            if disable:
                await connection.execute(f"ALTER TABLE {table} {disable}")
            rows, names = (events, event_columns) if table == "events" else (records, columns)
            server, cpu = cpu_seconds(backend), time.process_time()
            await connection.copy_records_to_table(table, records=rows, columns=names)
            cpu, server = time.process_time() - cpu, cpu_seconds(backend) - server
            await transaction.rollback()
            print(f"  ceiling, COPY into {label}: {_rate(len(rows), cpu, server)}")
    finally:
        await connection.close()


def _sqlite_again(connection: sqlite3.Connection, table: str, business_id: int) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT of `table`'s columns and the rows the business has, each given a fresh id."""
    cursor = connection.execute(f"SELECT * FROM {table} WHERE business_id = ? ORDER BY id", (business_id,))
    columns = [d[0] for d in cursor.description]
    stored = cursor.fetchall()
    at = columns.index("id")
    first = connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0] + 1
    statement = f"INSERT INTO {{table}} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    return statement, [(*row[:at], first + i, *row[at + 1 :]) for i, row in enumerate(stored)]


def _sqlite_ceilings(path: str, business_id: int) -> None:
    """executemany the business's stored clients (and events) again, fresh ids, rolled back, under each variant."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys=ON")
        insert, records = _sqlite_again(connection, "clients", business_id)
        insert_events, events = _sqlite_again(connection, "events", business_id)
        block = {"b": business_id, "lo": records[0][1], "hi": records[-1][1]}
        after = [str(statement) for statement in (client_bulk.SQLITE_DOCUMENTS, client_bulk.SQLITE_COUNTS)]
        variants = [
            ("clients, its triggers (search, counts)", "clients", None, None),
            ("clients, no trigger, the documents and counts after (the import's way)", "clients", "client_%_ai", after),
            ("clients, no trigger", "clients", "client_%_ai", None),
            ("a bare copy of clients", "bench_bare_clients", None, None),
            ("events (one a client)", "events", None, None),
        ]
        for label, table, dropped, later in variants:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("CREATE TABLE IF NOT EXISTS bench_bare_clients AS SELECT * FROM clients WHERE 0")
            if dropped:
                query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'clients' AND name LIKE ?"
                for (name,) in connection.execute(query, (dropped,)).fetchall():
                    connection.execute(f"DROP TRIGGER {name}")
            rows, statement = (events, insert_events) if table == "events" else (records, insert)
            cpu = time.process_time()
            connection.executemany(statement.format(table=table), rows)
            for statement in later or []:
                connection.execute(statement, block)
            cpu = time.process_time() - cpu
            connection.execute("ROLLBACK")
            print(f"  ceiling, executemany into {label}: {_rate(len(rows), cpu, 0.0)} (the database included)")
    finally:
        connection.close()


async def measure(url: str, path: Path, rows: int, label: str) -> None:
    await asyncio.to_thread(migrate.upgrade, url)
    database = Database(url, pool_size=1)
    try:
        async with database.transaction() as session:
            business, _ = await tenants.create(session, tenants.NewBusiness(name="Bench"))
            # The one pooled connection's server process, which runs the import's statements too.
            backend = None if database.backend == "sqlite" else await session.scalar(text("SELECT pg_backend_pid()"))
        tenant = Tenant(business.id, actor="bench")
        with path.open(newline="", encoding="utf-8") as handle:
            records = ((reader.line_num, row) for reader in [csv.DictReader(handle)] for row in reader)
            server = cpu_seconds(backend) if backend else 0.0
            wall, cpu = time.perf_counter(), time.process_time()
            async with database.transaction() as session:
                report = await client_import.import_clients(session, tenant, records)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            server = cpu_seconds(backend) - server if backend else 0.0
        assert report.created == rows, report
        load = ", ".join(f"{figure:.1f}" for figure in os.getloadavg())
        print(f"{label}: {rows} rows, CPU per row: {cpu / rows * 1e6:.1f} µs this process", end="")
        print(f" + {server / rows * 1e6:.1f} µs the database server" if backend else " (the database included)")
        print(
            f"  {rows / (cpu + server):,.0f} rows per CPU second of both; wall {wall:.1f} s = {rows / wall:,.0f} "
            f"rows/s with the load average at {load} on {os.cpu_count()} cores"
        )
        if backend:
            await _pg_ceilings(url, business.id)
        else:
            await asyncio.to_thread(_sqlite_ceilings, str(make_url(url).database), business.id)
    finally:
        await database.dispose()


async def postgres_database(base: str) -> tuple[str, str]:
    url = make_url(base)
    name = f"clientbook_bench_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return url.set(drivername="postgresql", database=name).render_as_string(hide_password=False), admin


async def main_async(rows: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "clients.csv"
        write_rows(path, rows)
        await measure(f"sqlite:///{directory}/bench.db", path, rows, "SQLite")
        base = os.environ.get("CLIENTBOOK_TEST_POSTGRES_URL")
        if not base:
            return
        url, admin = await postgres_database(base)
        try:
            await measure(url, path, rows, "PostgreSQL")
        finally:
            connection = await asyncpg.connect(admin)
            await connection.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
            await connection.close()


def main() -> None:
    asyncio.run(main_async(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))


if __name__ == "__main__":
    main()
