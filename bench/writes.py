"""The two ways a record can be written, in-process: the ORM unit of work (attributes set, then `session.flush()`) and
`store.writes` (one cached Core statement, what `Repository.add` and `Repository.save` use). Run:
`python -m bench.writes [WRITES]`.

CPU time of this process per write (SQLAlchemy, the driver, aiosqlite's thread and SQLite itself; PostgreSQL's own
work is in its server), median of alternating rounds so that a busy patch of the shared machine weighs on both alike.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bench._server import fresh_database, postgres_available
from clientbook.core import tenants
from clientbook.store import ids, migrate, writes
from clientbook.store.engine import Database
from clientbook.store.models import Client, utcnow

WRITES = int(sys.argv[1]) if len(sys.argv) > 1 else 300  # per round and way
ROUNDS = 5

Way = Callable[[Database, int, list[Client], int], Awaitable[None]]


async def _orm_insert(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for i in range(n):
            client = Client(business_id=business_id, last_name="Bench", first_name=f"O{i}", full_name=f"O{i} Bench")
            await ids.add(session, client)
            await session.flush()
            made.append(client)


async def _core_insert(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for i in range(n):
            client = Client(business_id=business_id, last_name="Bench", first_name=f"C{i}", full_name=f"C{i} Bench")
            await writes.insert_record(session, client)
            made.append(client)


async def _orm_update(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for client in await _load(session, business_id, made, n):
            client.city, client.updated_by = f"City {time.perf_counter_ns()}", "bench"
            await session.flush()


async def _core_update(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for client in await _load(session, business_id, made, n):
            await writes.update_record(session, client, {"city": f"City {time.perf_counter_ns()}", "updated_by": "b"})


async def _orm_delete(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for client in await _load(session, business_id, made, n):
            client.deleted_at, client.updated_by = utcnow(), "bench"
            await session.flush()


async def _core_delete(db: Database, business_id: int, made: list[Client], n: int) -> None:
    async with db.transaction() as session:
        for client in await _load(session, business_id, made, n):
            await writes.update_record(session, client, {"deleted_at": utcnow(), "updated_by": "bench"})


async def _load(session: AsyncSession, business_id: int, made: list[Client], n: int) -> list[Client]:
    """The last `n` clients made, read into this session in one query (both ways pay it alike)."""
    chosen = [c.id for c in made[-n:]]
    return list(await session.scalars(select(Client).where(Client.business_id == business_id, Client.id.in_(chosen))))


async def _timed(way: Way, db: Database, business_id: int, made: list[Client]) -> float:
    started = time.process_time()
    await way(db, business_id, made, WRITES)
    return (time.process_time() - started) / WRITES * 1e6


async def measure(backend: str, url: str) -> list[str]:
    lines = []
    db = Database(url)
    try:
        async with db.transaction() as session:
            business, _ = await tenants.create(session, tenants.NewBusiness(name="Writes bench", branches=["Main"]))
        made: list[Client] = []
        await _core_insert(db, business.id, made, WRITES)  # warm-up: statement caches, connection, pages
        pairs = [("insert", _orm_insert, _core_insert), ("update", _orm_update, _core_update)]
        pairs.append(("soft delete", _orm_delete, _core_delete))
        for name, orm, core in pairs:
            times: dict[str, list[float]] = {"orm": [], "core": []}
            for _ in range(ROUNDS):
                times["orm"].append(await _timed(orm, db, business.id, made))
                times["core"].append(await _timed(core, db, business.id, made))
            orm_us, core_us = statistics.median(times["orm"]), statistics.median(times["core"])
            lines.append(
                f"  {backend:10} {name:12} ORM setattr + flush {orm_us:6.0f} µs   store.writes {core_us:6.0f} µs"
                f"   ({core_us / orm_us:.0%})"
            )
    finally:
        await db.dispose()
    return lines


def main() -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    backends = os.environ.get("CLIENTBOOK_BENCH_BACKENDS", ",".join(backends)).split(",")
    print(f"One client write, CPU of this process per write (median of {ROUNDS} alternating rounds of {WRITES})")
    for backend in backends:
        with fresh_database(backend) as url:
            migrate.upgrade(url)  # runs its own event loop
            for line in asyncio.run(measure(backend, url)):
                print(line, flush=True)


if __name__ == "__main__":
    main()
