"""`python -m bench.imports [ROWS]`: the rate of `clientbook import clients` on SQLite and PostgreSQL.

Builds a CSV of ROWS (default 100,000) realistic clients (names, e-mail, mobile number, birth date), imports it into
a new business of a fresh database per backend through the core use case the CLI calls, and prints the CPU each row
cost: this process's (the checks, and on SQLite the database too: it runs in this process's thread) and, on
PostgreSQL, the server backend's that ran the import (read from /proc: the server must be on this machine). The
machine may be shared, so CPU per row is the figure to compare; the wall-clock rate and the load average beside it
say how busy the machine was. Checking and writing overlap (core.client_import), so on an idle machine with a core
for each the rate approaches 1 / the larger of the two costs. PostgreSQL runs when CLIENTBOOK_TEST_POSTGRES_URL is
set.
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

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import text
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


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
