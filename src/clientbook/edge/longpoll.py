"""Long polling: read in a short transaction of its own, again and again until there is something or time is up.

No transaction stays open while waiting (SQLite has one writer: a waiting reader holding BEGIN IMMEDIATE would stall
every write), and each read is one indexed query, so a waiting client costs a few queries a second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context

T = TypeVar("T")

INTERVAL = 0.25  # seconds between reads while waiting


async def poll(
    context: Context,
    read: Callable[[AsyncSession], Awaitable[T]],
    *,
    ready: Callable[[T], bool],
    wait: float,
    interval: float = INTERVAL,
) -> T:
    """`read`'s result once `ready` holds for it, or its last result after `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        async with context.db.transaction() as session:
            result = await read(session)
        left = deadline - time.monotonic()
        if ready(result) or left <= 0:
            return result
        await asyncio.sleep(min(interval, left))
