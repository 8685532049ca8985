"""The engine and the one-transaction-per-request discipline (DESIGN rule 2).

SQLite gets WAL, foreign keys and `synchronous=FULL`, and one pooled connection: SQLite has one writer anyway, and
queueing for the connection in asyncio is fair and cheap where busy-waiting on the file lock is neither. Transactions
begin IMMEDIATE so that a read-then-write never fails on a stale snapshot when another process (the CLI, a worker)
wrote in between.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from clientbook.config import to_async_url


def _sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def create_engine(url: str, *, pool_size: int = 20) -> AsyncEngine:
    """An async engine for `url` (sync-style URLs are mapped onto aiosqlite and asyncpg)."""
    url = to_async_url(url)
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            poolclass=AsyncAdaptedQueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            connect_args={"timeout": 30},
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        connect_args={"server_settings": POSTGRESQL_SETTINGS},
    )


# asyncpg prepares every statement, and after five executions PostgreSQL may keep one generic plan for it for the
# connection's life, made from what the tables looked like then. A deployment growing through the API (no ANALYZE
# yet) kept plans made for near-empty tables: bench.growth at 9,000-12,000 clients found a TimeTap search walking
# every client by id and probing its document (430-513 ms) and a CareCloud lookup by e-mail walking every client
# (216 ms), where a plan made for the statement's own values reads the trigram or e-mail index. Custom plans read the
# tables' current size each time; planning these statements costs well under a millisecond.
POSTGRESQL_SETTINGS = {"plan_cache_mode": "force_custom_plan"}


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own transaction handling defers it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL", "busy_timeout=30000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An engine and its session factory; `transaction()` is the only way the app reaches data."""

    def __init__(self, url: str, *, pool_size: int = 20) -> None:
        self.url = to_async_url(url)
        self.engine = create_engine(self.url, pool_size=pool_size)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed when the block ends, rolled back when it raises."""
        async with self.sessions() as session, session.begin():
            yield session

    async def vacuum_analyze(self, *tables: str) -> None:
        """PostgreSQL: VACUUM ANALYZE `tables` after a bulk load has committed (VACUUM runs outside a transaction).
        ANALYZE alone gives the planner statistics; VACUUM also sets the visibility map, without which an index-only
        scan (counts, the ids of a deep page) reads the table row for row to check visibility. Autovacuum would do
        it some time later, or never where it is off (as on the bench machine). SQLite has neither: nothing to do."""
        if self.backend != "postgresql" or not tables:
            return
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text(f"VACUUM (ANALYZE) {', '.join(tables)}"))

    async def dispose(self) -> None:
        await self.engine.dispose()
