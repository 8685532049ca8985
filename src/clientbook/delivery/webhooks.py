"""The webhook worker: moves changes from the feed into each subscription's outbox and delivers them, signed per
the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`).

Each round dispatches new changes in one short transaction, claims a batch of due deliveries in another (they
become `sending`, leased), POSTs each outside any transaction (at most `concurrency` at once, each bounded by a
timeout), then logs every attempt and outcome in a last one. A worker killed mid-round leaves its deliveries
`sending`; when their lease runs out any worker sends them again with the same `webhook-id`. Any number of workers
may run against one database (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx

from clientbook.config import Settings
from clientbook.context import Context
from clientbook.core import webhook_outbox as outbox
from clientbook.core import webhooks
from clientbook.core.webhook_outbox import Claimed, Outcome, Policy
from clientbook.store.engine import Database
from clientbook.store.models import utcnow

from ._rounds import Rounds, RoundsConfig, in_background

log = logging.getLogger("clientbook.webhooks")


@dataclass(frozen=True)
class WebhookConfig(RoundsConfig):
    poll_interval: float = 0.5
    timeout: float = 10.0  # shorter than `lease_seconds`
    policy: Policy = field(default_factory=Policy)

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookConfig:
        if settings.webhook_lease_seconds <= settings.webhook_timeout:
            raise ValueError("CLIENTBOOK_WEBHOOK_LEASE_SECONDS must exceed CLIENTBOOK_WEBHOOK_TIMEOUT")
        policy = Policy(
            max_attempts=settings.webhook_max_attempts,
            base_seconds=settings.webhook_retry_base_seconds,
            disable_after=settings.webhook_disable_after,
        )
        return cls(
            batch_size=settings.webhook_batch_size,
            concurrency=settings.webhook_concurrency,
            poll_interval=settings.webhook_poll_interval,
            timeout=settings.webhook_timeout,
            lease_seconds=settings.webhook_lease_seconds,
            policy=policy,
        )


class WebhookWorker(Rounds[WebhookConfig]):
    def __init__(self, db: Database, server_key: str, config: WebhookConfig = WebhookConfig()) -> None:
        super().__init__(config)
        self.db = db
        self.server_key = server_key
        self._http = httpx.AsyncClient(timeout=config.timeout, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def run_once(self) -> int:
        """One round: recover, dispatch, claim, send, record. How many deliveries it attempted."""
        if self.recovery_due():
            async with self.db.transaction() as session:
                if requeued := await outbox.recover(session, lease_seconds=self.config.lease_seconds):
                    log.warning("requeued %d webhook deliveries left sending by a stopped worker", requeued)
        async with self.db.transaction() as session:
            await outbox.dispatch(session)
        async with self.db.transaction() as session:
            claimed = await outbox.claim(session, limit=self.config.batch_size, server_key=self.server_key)
        if not claimed:
            return 0
        outcomes = await asyncio.gather(*(self._attempt(delivery) for delivery in claimed))
        async with self.db.transaction() as session:
            await outbox.record(session, list(outcomes), self.config.policy)
        return len(claimed)

    async def run(self, stop: asyncio.Event) -> None:
        log.info("webhook worker started")
        while not stop.is_set():
            try:
                attempted = await self.run_once()
            except Exception:  # the database may be restarting: keep the worker alive and try again
                log.exception("webhook round failed; retrying")
                attempted = 0
            if not attempted:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll_interval)
        log.info("webhook worker stopped")

    async def _attempt(self, delivery: Claimed) -> Outcome:
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": "Clientbook-Webhooks/1",
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": webhooks.sign(delivery.secret, delivery.message_id, timestamp, delivery.body),
        }
        async with self._slots:
            at, started = utcnow(), time.perf_counter()
            try:
                response = await self._http.post(delivery.url, content=delivery.body, headers=headers)
            except httpx.HTTPError as error:
                latency = int((time.perf_counter() - started) * 1000)
                reason = f"{type(error).__name__}: {error}"[:500] or type(error).__name__
                return Outcome(delivery, at, latency, None, reason, None)
            latency = int((time.perf_counter() - started) * 1000)
        excerpt = response.text[: self.config.policy.excerpt]
        refused = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
        return Outcome(delivery, at, latency, response.status_code, refused, excerpt)


@asynccontextmanager
async def webhook_worker(context: Context) -> AsyncIterator[None]:
    """Run the webhook worker beside the server for as long as the block lasts (app.BACKGROUND_SERVICES)."""
    worker = WebhookWorker(context.db, context.secret_key, WebhookConfig.from_settings(context.settings))
    try:
        async with in_background("webhook-worker", worker.run, worker.config.timeout + 5):
            yield
    finally:
        await worker.aclose()
