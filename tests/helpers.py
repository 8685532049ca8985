"""Assertions and waits shared across test packages."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment, Client, Event, Message, Staff

Read = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]
COUNTED = {"staff": Staff, "clients": Client, "appointments": Appointment, "messages": Message, "events": Event}


async def row_counts(read: Read, business_id: int) -> dict[str, int]:
    """How many rows each business-owned table holds for `business_id` (to assert a refusal wrote nothing)."""

    async def count(session: AsyncSession) -> dict[str, int]:
        result = {}
        for name, model in COUNTED.items():
            query = select(func.count()).select_from(model).where(model.__table__.c.business_id == business_id)
            result[name] = int(await session.scalar(query) or 0)
        return result

    result: dict[str, int] = await read(count)
    return result


async def until_waiting_on_locks(context: Any, count: int) -> None:
    """Until `count` sessions of the PostgreSQL test database wait on a lock (to hold a race at its write)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(400):
        async with context.db.transaction() as session:
            if int(await session.scalar(query) or 0) >= count:
                return
        await asyncio.sleep(0.025)
    raise AssertionError(f"fewer than {count} sessions ever waited on a lock")
