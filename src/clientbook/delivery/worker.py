"""The delivery worker: drains the outbox through a provider per channel, SMS and e-mail (DESIGN rule 8).

Each round claims a batch of due messages in one short transaction (they become `sending`, leased), calls the
provider for each outside any transaction (at most `concurrency` at once, each bounded by a timeout), then records
every outcome in one more transaction. A worker that dies mid-round leaves its messages `sending`; once their lease
runs out any worker requeues them, and the resend carries the same idempotency key (our message id), so a provider
that honours it delivers each message once. Any number of workers may run against one database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from clientbook.config import Settings
from clientbook.core import messages_outbox as outbox
from clientbook.core.messages_outbox import EMAIL, Claimed, RetryPolicy
from clientbook.observability.metrics import SMS_ATTEMPTS, SMS_REQUEUED
from clientbook.store.engine import Database

from ._rounds import Rounds, RoundsConfig
from .mail import Mailer, OutboundEmail
from .mail.log import LogMailer
from .providers import Accepted, OutboundSms, Provider, ProviderError

log = logging.getLogger("clientbook.delivery")


@dataclass(frozen=True)
class WorkerConfig(RoundsConfig):
    send_timeout: float = 10.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    email_sender: str = "Clientbook <noreply@localhost>"

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerConfig:
        if settings.sms_lease_seconds <= settings.sms_send_timeout:
            # A live worker's message must never be requeued under it: the lease outlasts any provider call.
            raise ValueError("CLIENTBOOK_SMS_LEASE_SECONDS must exceed CLIENTBOOK_SMS_SEND_TIMEOUT")
        return cls(
            batch_size=settings.sms_batch_size,
            concurrency=settings.sms_concurrency,
            poll_interval=settings.sms_poll_interval,
            send_timeout=settings.sms_send_timeout,
            lease_seconds=settings.sms_lease_seconds,
            policy=RetryPolicy(max_attempts=settings.sms_max_attempts, base_seconds=settings.sms_retry_base_seconds),
            email_sender=settings.email_from,
        )


class Worker(Rounds[WorkerConfig]):
    def __init__(
        self, db: Database, provider: Provider, config: WorkerConfig = WorkerConfig(), mailer: Mailer | None = None
    ) -> None:
        super().__init__(config)
        self.db = db
        self.provider = provider
        self.mailer: Mailer = mailer or LogMailer()

    async def run_once(self) -> int:
        """One round: claim, send, record. How many messages it attempted."""
        if self.recovery_due():
            await self.recover()
        async with self.db.transaction() as session:
            claimed = await outbox.claim(session, limit=self.config.batch_size)
        if not claimed:
            return 0
        outcomes = await asyncio.gather(*(self._attempt(message) for message in claimed))
        async with self.db.transaction() as session:
            await outbox.record(session, list(outcomes))
        for outcome in outcomes:
            self._report(outcome)
        return len(claimed)

    def _report(self, outcome: outbox.Outcome) -> None:
        """Each message's new state at INFO (a retry or a failure at WARNING), and counted for /metrics."""
        status, provider = outcome.values["status"], str(outcome.values.get("provider") or self.provider.name)
        if status == "sent":
            SMS_ATTEMPTS.labels(provider, "sent").inc()
            log.info("SMS %s sent (attempt %d, provider %s)", outcome.message_id, outcome.attempts, provider)
        elif status == "queued":
            SMS_ATTEMPTS.labels(provider, "retry").inc()
            when = outcome.values["next_attempt_at"].isoformat(timespec="seconds")
            log.warning(
                "SMS %s attempt %d failed, retry at %s: %s",
                outcome.message_id,
                outcome.attempts,
                when,
                outcome.values["error"],
            )
        else:
            SMS_ATTEMPTS.labels(provider, "failed").inc()
            log.warning(
                "SMS %s failed after %d attempts: %s", outcome.message_id, outcome.attempts, outcome.values["error"]
            )

    async def recover(self) -> int:
        self._last_recovery = time.monotonic()
        async with self.db.transaction() as session:
            requeued = await outbox.recover(session, lease_seconds=self.config.lease_seconds)
        if requeued:
            SMS_REQUEUED.inc(requeued)
            log.warning("requeued %d SMS left sending by a worker that stopped mid-delivery", requeued)
        return requeued

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; a failing round (database away) is logged and retried after a pause."""
        log.info("SMS delivery worker started (provider %s)", self.provider.name)
        failing = False
        while not stop.is_set():
            try:
                attempted = await self.run_once()
            except Exception:  # the database may be restarting: keep the worker alive and try again
                if not failing:  # once per outage, not once per poll
                    log.exception("SMS delivery round failed; retrying every %gs", self.config.poll_interval)
                failing, attempted = True, 0
            else:
                if failing:
                    log.info("SMS delivery resumed")
                failing = False
            if not attempted:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll_interval)
        log.info("SMS delivery worker stopped")

    def _sending(self, message: Claimed) -> tuple[str, Coroutine[Any, Any, Accepted]]:
        """The provider's name and its call delivering `message`, by the message's channel."""
        if message.channel == EMAIL:
            email = OutboundEmail(
                message.id,
                message.business_id,
                message.to_address or "",
                self.config.email_sender,
                message.subject or "",
                message.body,
            )
            return self.mailer.name, self.mailer.send(email)
        sms = OutboundSms(message.id, message.business_id, message.to_number, message.from_number, message.body)
        return self.provider.name, self.provider.send(sms)

    async def _attempt(self, message: Claimed) -> outbox.Outcome:
        policy = self.config.policy
        async with self._slots:
            name, sending = self._sending(message)
            try:
                accepted = await asyncio.wait_for(sending, self.config.send_timeout)
            except ProviderError as error:
                return outbox.failed(message, name, error.reason, retryable=error.retryable, policy=policy)
            except TimeoutError:
                reason = f"provider timed out after {self.config.send_timeout:g}s"
                return outbox.failed(message, name, reason, retryable=True, policy=policy)
            except Exception as error:  # a provider bug must not kill the round: retried, then failed
                log.exception("SMS %s: provider %s raised", message.id, name)
                reason = f"{type(error).__name__}: {error}"
                return outbox.failed(message, name, reason, retryable=True, policy=policy)
        return outbox.sent(message, name, accepted.provider_message_id)
