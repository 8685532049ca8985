"""What the two outbox workers share (SMS and e-mail: worker.py; webhooks: webhooks.py): their batch, concurrency,
poll and lease settings, rounds until nothing is due, the periodic recovery of expired leases, and running beside
the server until it stops."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar


@dataclass(frozen=True)
class RoundsConfig:
    batch_size: int = 50
    concurrency: int = 16
    poll_interval: float = 0.2
    lease_seconds: float = 60.0  # longer than any one send: a live worker's message is never sent again under it


C = TypeVar("C", bound=RoundsConfig)


class Rounds(Generic[C]):
    """A worker that works in rounds (recover, claim, send, record): a subclass supplies `run_once`."""

    def __init__(self, config: C) -> None:
        self.config = config
        self._slots = asyncio.Semaphore(config.concurrency)
        self._last_recovery = float("-inf")

    async def run_once(self) -> int:
        raise NotImplementedError

    def recovery_due(self) -> bool:
        """Whether to requeue what stopped workers left sending (four times a lease, not every round); if so, the
        clock restarts now."""
        if time.monotonic() - self._last_recovery <= self.config.lease_seconds / 4:
            return False
        self._last_recovery = time.monotonic()
        return True

    async def drain(self) -> int:
        """Rounds until nothing is due; how many attempts were made."""
        total = 0
        while attempted := await self.run_once():
            total += attempted
        return total


@asynccontextmanager
async def in_background(
    name: str, run: Callable[[asyncio.Event], Coroutine[Any, Any, None]], grace: float
) -> AsyncIterator[None]:
    """Run `run(stop)` as a task for as long as the block lasts. Leaving sets `stop` and lets the round in flight
    finish and record its outcomes for `grace` seconds; past that the task is cancelled (its lease covers it)."""
    stop = asyncio.Event()
    task = asyncio.create_task(run(stop), name=name)
    try:
        yield
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, grace)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
