"""`python -m bench.imports [ROWS]`: the rate of `clientbook import clients` on SQLite and PostgreSQL.

Builds a CSV of ROWS (default 100,000) realistic clients (names, e-mail, mobile number, birth date), imports it into
a new business of a fresh database per backend through the core use case the CLI calls, and prints rows per second:
wall-clock, and per CPU second of this process (the machine may be shared; the database's own work is in the wall
figure only). PostgreSQL runs when CLIENTBOOK_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import asyncio
import csv
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url

from clientbook.core import client_import, tenants
from clientbook.core.types import Tenant
from clientbook.store import migrate
from clientbook.store.engine import Database

COLUMNS = ["first_name", "last_name", "email", "mobile_phone", "birth_date", "city"]


def write_rows(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i in range(count):
            mobile = f"+1 415 {200 + i // 10000:03d} {i % 10000:04d}"
            birth = f"19{50 + i % 50:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            writer.writerow([f"First{i}", f"Last{i}", f"person{i}@example{i % 50}.com", mobile, birth, "Springfield"])


class WriteClock:
    """Wall and CPU time spent in the import's bulk write (ids, COPY/executemany, search documents, events), apart
    from reading and checking the rows."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0
        self.original = client_import._create

    async def __call__(self, run: Any, rows: Any) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        await self.original(run, rows)
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu


async def measure(url: str, path: Path, rows: int, label: str) -> None:
    await asyncio.to_thread(migrate.upgrade, url)
    database = Database(url, pool_size=1)
    try:
        async with database.transaction() as session:
            business, _ = await tenants.create(session, tenants.NewBusiness(name="Bench"))
        tenant = Tenant(business.id, actor="bench")
        with path.open(newline="", encoding="utf-8") as handle:
            records = ((reader.line_num, row) for reader in [csv.DictReader(handle)] for row in reader)
            clock = WriteClock()
            client_import._create = clock
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                async with database.transaction() as session:
                    report = await client_import.import_clients(session, tenant, records)
            finally:
                client_import._create = clock.original
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert report.created == rows, report
        print(f"{label}: {rows} rows in {wall:.1f} s = {rows / wall:,.0f} rows/s ({rows / cpu:,.0f} per CPU second)")
        print(
            f"  of which the bulk write: {clock.wall:.1f} s = {rows / clock.wall:,.0f} rows/s "
            f"({rows / max(clock.cpu, 1e-9):,.0f} per CPU second of this process)"
        )
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
