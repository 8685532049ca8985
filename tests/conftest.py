"""Shared fixtures: a migrated database per backend (SQLite always; PostgreSQL when CLIENTBOOK_TEST_POSTGRES_URL is
set), the app on it, an HTTP client, and tenants. Tests isolate themselves by creating their own tenants, so the
database is migrated once per run and never truncated.

SQLite runs on one pooled connection: never hold a `transaction()` open across an HTTP request in a test.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.app import create_app
from clientbook.cli.tenant import _create as create_tenant_with_credentials
from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import tenants
from clientbook.store import migrate
from clientbook.store.engine import Database
from tests.servers import SECRET_KEY as SECRET_KEY

POSTGRES_URL = os.environ.get("CLIENTBOOK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


async def _create_postgres_database(base_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """A fresh database beside `base_url`'s, so parallel runs and the developer's data never meet."""
    url = make_url(base_url)
    name = f"clientbook_test_{uuid.uuid4().hex[:12]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin_dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()

    async def drop() -> None:
        connection = await asyncpg.connect(admin_dsn)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()

    return url.set(drivername="postgresql", database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """The URL of a database migrated to the newest schema by the real migrations."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'clientbook.db'}"
        await asyncio.to_thread(migrate.upgrade, url)
        yield url
        return
    assert POSTGRES_URL
    url, drop = await _create_postgres_database(POSTGRES_URL)
    await asyncio.to_thread(migrate.upgrade, url)
    yield url
    await drop()


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        run_worker=False,
        public_url="http://clientbook.test",
        rate_limit="1000000/minute",
        token_rate_limit="1000000/minute",
    )


@pytest.fixture(scope="session")
async def database(settings: Settings) -> AsyncIterator[Database]:
    db = Database(settings.database_url)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
def context(settings: Settings, database: Database) -> Context:
    return Context(settings=settings, db=database)


@pytest.fixture(scope="session")
def app(settings: Settings, database: Database) -> FastAPI:
    return create_app(settings, database)


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app (ASGI transport: real requests, no socket)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


@pytest.fixture
def backend(database: Database) -> str:
    return database.backend


TenantFactory = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def make_tenant(context: Context) -> TenantFactory:
    """Create a business the way `clientbook tenant create --json` does and return that JSON."""

    async def make(name: str = "Test Practice", branches: tuple[str, ...] = ("Main",), **kwargs: Any) -> dict[str, Any]:
        new = tenants.NewBusiness(name=name, branches=list(branches), **kwargs)
        async with context.db.transaction() as session:
            return await create_tenant_with_credentials(context, session, new)

    return make


@pytest.fixture
async def tenant(make_tenant: TenantFactory) -> dict[str, Any]:
    return await make_tenant()


@pytest.fixture(scope="session")
async def timetap_100k(context: Context) -> dict[str, Any]:
    """bench.timetap's 100,000 clients in a business of three branches, then VACUUM ANALYZE on PostgreSQL (what
    autovacuum does after a bulk load): built once per backend for the 100k files (test_scale and
    test_front_desk_scale), which only read it. {"tenant": the business's JSON, "data": the Dataset, "load_seconds"}"""
    from bench.timetap import load

    async with context.db.transaction() as session:
        new = tenants.NewBusiness(name="Big Practice", branches=["North", "South", "East"])
        made = await create_tenant_with_credentials(context, session, new)
    started = time.perf_counter()
    data = await load(context.db, made["business"]["id"])
    if context.db.backend == "postgresql":
        # Without a visibility map PostgreSQL prefers heap scans to index-only ones.
        async with context.db.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    return {"tenant": made, "data": data, "load_seconds": time.perf_counter() - started}


@pytest.fixture
def read(context: Context) -> Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]:
    """Run a read in its own short transaction (for asserting what is stored)."""

    async def run(query: Callable[[AsyncSession], Awaitable[Any]]) -> Any:
        async with context.db.transaction() as session:
            return await query(session)

    return run


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(os.environ.get("CLIENTBOOK_TEST_ARTIFACTS", "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
