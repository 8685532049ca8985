"""The worker as a background service of `clientbook serve` (app.BACKGROUND_SERVICES) and as its own process."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from clientbook.context import Context

from .mail import create_mailer
from .providers import create_provider
from .worker import Worker, WorkerConfig


@asynccontextmanager
async def delivery_worker(context: Context) -> AsyncIterator[None]:
    """Run the SMS and e-mail delivery worker beside the server for as long as the block lasts."""
    config = WorkerConfig.from_settings(context.settings)
    provider = create_provider(context.settings)
    mailer = create_mailer(context.settings)
    worker = Worker(context.db, provider, config, mailer)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="sms-delivery-worker")
    try:
        yield
    finally:
        stop.set()
        try:
            # Let the round in flight finish and record its outcomes; past that, its lease covers it.
            await asyncio.wait_for(task, config.send_timeout + 5)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await provider.aclose()
        await mailer.aclose()
