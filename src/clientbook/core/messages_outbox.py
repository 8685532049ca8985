"""Delivery rules for queued SMS and e-mail (one outbox; `messages.channel` tells them apart): claiming, the retry
policy, and the states a message moves through.

queued → sending (claimed, leased) → sent (the provider accepted it) → delivered | failed (receipt)
sending → queued again (retryable error, with exponential backoff; or the worker died and the lease ran out)
sending → failed (permanent error, or the last attempt failed)

The delivery worker (`clientbook.delivery`) calls these, each in a transaction of its own; the provider call happens
between them, outside any transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Message, utcnow
from clientbook.store.models.messaging import EMAIL as EMAIL  # the channels, as the worker reads them
from clientbook.store.models.messaging import SMS as SMS
from clientbook.store.models.messaging import UnmatchedInboundMessage
from clientbook.store.repositories.messaging import MessageRepository, UnmatchedInboundRepository
from clientbook.store.repositories.messaging import Outcome as Outcome  # the worker records these

from . import events
from .errors import Conflict, MessageNotFound
from .types import Tenant

FINAL = frozenset({"delivered", "failed"})
# Provider receipt statuses (Twilio's MessageStatus vocabulary; the webhook provider uses the same words).
RECEIPT_DELIVERED = frozenset({"delivered", "read"})
RECEIPT_FAILED = frozenset({"failed", "undelivered", "canceled"})
# Any of these proves the provider holds the message: a row still `sending` (or requeued after a crash) is `sent`, so
# it is not sent again when its lease runs out (Twilio takes no idempotency key; its callback carries our ids).
RECEIPT_SENT = frozenset({"accepted", "queued", "sending", "sent"})
# Who the change feed says moved a message on.
ACTOR = "delivery-worker"
RECEIPT_ACTOR = "sms-provider"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_seconds: float = 2.0
    max_seconds: float = 300.0

    def delay(self, attempts: int) -> timedelta:
        """Exponential backoff after the `attempts`-th failed attempt: base, 2·base, 4·base… capped."""
        return timedelta(seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds))


@dataclass(frozen=True)
class Claimed:
    """A message taken for one delivery attempt (plain values: it outlives the claim's session)."""

    business_id: int
    id: int
    attempts: int
    to_number: str
    from_number: str | None
    body: str
    channel: str = SMS
    to_address: str | None = None  # an e-mail's recipient
    subject: str | None = None

    @classmethod
    def of(cls, message: Message) -> Claimed:
        return cls(
            message.business_id,
            message.id,
            message.attempts,
            message.to_number,
            message.from_number,
            message.body,
            message.channel,
            message.to_address,
            message.subject,
        )


async def claim(session: AsyncSession, *, limit: int) -> list[Claimed]:
    """Up to `limit` due messages, now `sending` with one more attempt counted."""
    claimed = [Claimed.of(m) for m in await MessageRepository(session).claim_due(utcnow(), limit)]
    changes = [_state(m.business_id, m.id, {"status": "sending", "attempts": m.attempts}) for m in claimed]
    await events.record_many(session, changes, actor=ACTOR)
    return claimed


def _state(business_id: int, message_id: int, values: dict[str, Any]) -> events.Pending:
    """The change feed's record of a delivery state change (every one is an `updated` message)."""
    return events.Pending(business_id, "message", message_id, "updated", values)


def sent(message: Claimed, provider: str, provider_message_id: str | None) -> Outcome:
    values = {"status": "sent", "sent_at": utcnow(), "provider": provider, "error": None}
    if provider_message_id:
        values["provider_message_id"] = provider_message_id
    return Outcome(message.business_id, message.id, message.attempts, values)


def failed(message: Claimed, provider: str, reason: str, *, retryable: bool, policy: RetryPolicy) -> Outcome:
    """Back to `queued` after the policy's delay while attempts remain and the error is retryable; else `failed`."""
    now = utcnow()
    reason = reason[:500]
    if retryable and message.attempts < policy.max_attempts:
        values = {"status": "queued", "next_attempt_at": now + policy.delay(message.attempts), "error": reason}
    else:
        values = {"status": "failed", "failed_at": now, "error": reason}
    return Outcome(message.business_id, message.id, message.attempts, values | {"provider": provider})


async def record(session: AsyncSession, outcomes: list[Outcome]) -> None:
    """Store a batch of attempt outcomes (a row re-claimed or answered by a receipt meanwhile is left alone)."""
    if outcomes:
        applied = await MessageRepository(session).record(outcomes, utcnow())
        changes = [_state(o.business_id, o.message_id, _public(o.values)) for o in applied]
        await events.record_many(session, changes, actor=ACTOR)


def _public(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "provider"}


async def recover(session: AsyncSession, *, lease_seconds: float) -> int:
    """Requeue messages whose worker died mid-send (lease expired); how many. The provider's idempotency key
    (our message id) keeps the resend from reaching the recipient twice."""
    now = utcnow()
    requeued = await MessageRepository(session).requeue_stale(now - timedelta(seconds=lease_seconds), now)
    changes = [_state(b, m, {"status": "queued", "next_attempt_at": now}) for b, m in requeued]
    await events.record_many(session, changes, actor=ACTOR)
    return len(requeued)


async def apply_receipt(
    session: AsyncSession,
    *,
    provider_message_id: str,
    status: str,
    error: str | None = None,
    business_id: int | None = None,
    message_id: int | None = None,
) -> Message | None:
    """Move an outbound message on from a provider's delivery receipt; None when no message matches.

    The receipt may name our own ids too (they ride on the status callback URL): it can arrive before the worker
    recorded the provider's id, or after a crash lost it. A final state is never left.
    """
    repository = MessageRepository(session)
    message = await repository.outbound_by_provider_id(provider_message_id)
    if message is None and business_id is not None and message_id is not None:
        message = await repository.get(business_id, message_id)
        if message is not None and message.direction != "outbound":
            message = None
    if message is None:
        return None
    values = _receipt_values(message, status.lower(), error)
    if message.provider_message_id is None:
        values["provider_message_id"] = provider_message_id
    if values:
        await repository.save(message, values)
    if "status" in values:  # after the row is written (and locked): event ids follow the record's changes
        changed = {"status": message.status, "error": message.error}
        await events.record_many(session, [_state(message.business_id, message.id, changed)], actor=RECEIPT_ACTOR)
    return message


def _receipt_values(message: Message, status: str, error: str | None) -> dict[str, Any]:
    """What a receipt with `status` changes on the message (a new `status` only when it moves on)."""
    now = utcnow()
    if message.status in FINAL:
        return {}
    if status in RECEIPT_DELIVERED:
        return {"status": "delivered", "delivered_at": now, "error": None, "sent_at": message.sent_at or now}
    if status in RECEIPT_FAILED:
        reason = (f"provider reported {status}" + (f": {error}" if error else ""))[:500]
        return {"status": "failed", "failed_at": now, "error": reason}
    if status in RECEIPT_SENT and message.status in {"queued", "sending"}:
        return {"status": "sent", "sent_at": message.sent_at or now}
    return {}


async def retry(session: AsyncSession, tenant: Tenant, message_id: int) -> Message:
    """Put the tenant's failed outbound message back in the outbox, due now, with its attempts counted afresh
    (`clientbook sms retry`, once the operator fixed what made it fail). Any other state is a Conflict."""
    repository = MessageRepository(session)
    message = await repository.get(tenant.business_id, message_id)
    if message is None or message.direction != "outbound":
        raise MessageNotFound(field="message_id", id=message_id)
    if message.status != "failed":
        raise Conflict(f"message {message_id} is {message.status}, not failed", field="message_id")
    now = utcnow()
    previous = message.error
    values = {"status": "queued", "attempts": 0, "next_attempt_at": now, "failed_at": None, "error": None}
    await repository.save(message, values)
    await events.record(session, tenant, "message", message.id, "retried", {"previous_error": previous})
    return message


async def unmatched(session: AsyncSession, *, limit: int = 50) -> list[UnmatchedInboundMessage]:
    """The newest inbound messages no business claimed (the operator's to look at; no business ever sees them)."""
    return await UnmatchedInboundRepository(session).newest(limit)


@dataclass(frozen=True)
class Backlog:
    """The outbox as an operator watches it: how many messages wait, are being sent, have failed, and how long the
    oldest queued one has waited (0 when none is queued)."""

    queued: int
    sending: int
    failed: int
    oldest_queued_seconds: float


async def backlog(session: AsyncSession) -> Backlog:
    """Two indexed queries, run when /metrics is scraped (not per request)."""
    repository = MessageRepository(session)
    counts = await repository.outbox_counts(("queued", "sending", "failed"))
    oldest = await repository.oldest_queued_at()
    age = max((utcnow() - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return Backlog(counts.get("queued", 0), counts.get("sending", 0), counts.get("failed", 0), age)
