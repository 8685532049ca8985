"""Real `clientbook` processes on a fresh database of the test's backend, for crash and end-to-end tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clientbook.cli.tenant import _create as create_tenant_with_credentials
from clientbook.context import Context
from clientbook.core import tenants
from clientbook.store import migrate
from clientbook.store.engine import Database
from tests.conftest import POSTGRES_URL, _create_postgres_database
from tests.servers import free_port, start, stop

__all__ = ["FreshDatabase", "free_port", "fresh_database", "start", "stop"]


@dataclass
class FreshDatabase:
    url: str
    db: Database

    async def make_tenant(self, context: Context, **kwargs: Any) -> dict[str, Any]:
        async with self.db.transaction() as session:
            new = tenants.NewBusiness(name="Crash Practice", branches=["Main"], **kwargs)
            return await create_tenant_with_credentials(context, session, new)


@asynccontextmanager
async def fresh_database(backend: str, tmp_path: Path) -> AsyncIterator[FreshDatabase]:
    """A database of its own, migrated, so a worker process there meets no other test's messages."""
    if backend == "sqlite":
        url, drop = f"sqlite:///{tmp_path / 'fresh.db'}", None
    else:
        assert POSTGRES_URL
        url, drop = await _create_postgres_database(POSTGRES_URL)
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url, pool_size=4)
    try:
        yield FreshDatabase(url, db)
    finally:
        await db.dispose()
        if drop is not None:
            await drop()
