"""Assertions shared across test packages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import func, select
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
