"""The worker as a background service of `clientbook serve` (app.BACKGROUND_SERVICES) and as its own process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from clientbook.context import Context

from ._rounds import in_background
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
    try:
        # Let the round in flight finish and record its outcomes; past that, its lease covers it.
        async with in_background("sms-delivery-worker", worker.run, config.send_timeout + 5):
            yield
    finally:
        await provider.aclose()
        await mailer.aclose()
