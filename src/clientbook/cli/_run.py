"""Run one core operation in its own transaction (CLI edge: open, commit, close)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.store.engine import Database

T = TypeVar("T")


def in_transaction(work: Callable[[Context, object], Awaitable[T]], settings: Settings | None = None) -> T:
    settings = settings or Settings()

    async def run() -> T:
        database = Database(settings.database_url, pool_size=1)
        try:
            async with database.transaction() as session:
                return await work(Context(settings=settings, db=database), session)
        finally:
            await database.dispose()

    return asyncio.run(run())
