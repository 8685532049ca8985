"""Delivering webhooks: the change feed into each subscription's outbox, and the outbox to its URL.

dispatch: each enabled subscription reads the change feed past its cursor (so no change is skipped, however the
writers' transactions interleave) and enqueues one delivery per matching change, its body fixed once.
pending → sending (claimed, leased) → delivered (any 2xx) | pending again after a backoff | failed (attempts spent).
A delivery waits while an earlier one of the same subscription and resource is pending or sending: per resource, in
order. A worker that dies mid-send leaves `sending` rows; once their lease runs out they are due again, with the
same body and `webhook-id`, so a receiver deduplicating on it sees each change once (at least once, never lost).
The worker (`clientbook.delivery.webhooks`) calls these, each in a short transaction; the HTTP call happens between.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event, WebhookAttempt, WebhookDelivery, WebhookSubscription, utcnow
from clientbook.store.repositories.events import EventRepository
from clientbook.store.repositories.webhooks import DELIVERED, FAILED, PENDING, WebhookRepository

from . import feed, webhooks
from .messages_outbox import RetryPolicy


@dataclass(frozen=True)
class Policy(RetryPolicy):
    """The SMS outbox's backoff (`delay`), with a webhook's own limits: a receiver may be down for longer."""

    max_attempts: int = 8
    base_seconds: float = 5.0
    max_seconds: float = 3600.0
    disable_after: int = 20  # failed attempts in a row, across the subscription's deliveries, before it is disabled
    excerpt: int = 500


@dataclass(frozen=True)
class Claimed:
    """One delivery attempt to make (plain values: it outlives the claim's session)."""

    business_id: int
    id: int
    subscription_id: int
    attempts: int
    url: str
    secret: str
    message_id: str
    body: bytes


@dataclass(frozen=True)
class Outcome:
    claimed: Claimed
    attempted_at: datetime
    latency_ms: int
    status_code: int | None  # None: no answer (refused, timed out)
    error: str | None
    excerpt: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def payload_of(change: feed.Change) -> str:
    data = {
        "id": change.id,
        "cursor": change.cursor,
        "type": change.type,
        "entity": change.entity,
        "entity_id": change.entity_id,
        "action": change.action,
        "changes": change.changes,
        "tombstone": change.tombstone,
        "merged_into": change.merged_into,
        "actor": change.actor,
        "occurred_at": change.occurred_at.isoformat(),
    }
    body = {"type": change.type, "timestamp": change.occurred_at.isoformat(), "data": data}
    return json.dumps(body, separators=(",", ":"), default=str)


def _delivery(subscription: WebhookSubscription, event: Event, now: datetime) -> WebhookDelivery:
    change = feed.Change.of(event)
    return WebhookDelivery(
        business_id=subscription.business_id,
        subscription_id=subscription.id,
        event_id=event.id,
        message_id=f"msg_{subscription.id}_{event.id}",
        resource=f"{event.entity}:{event.entity_id}",
        type=change.type,
        payload=payload_of(change),
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def dispatch(session: AsyncSession, *, subscriptions: int = 100, per_subscription: int = 500) -> int:
    """Enqueue the new matching changes of up to `subscriptions` enabled subscriptions; how many deliveries."""
    repository, feed_events = WebhookRepository(session), EventRepository(session)
    now, total = utcnow(), 0
    for subscription in await repository.subscriptions_to_dispatch(subscriptions):
        found = await feed_events.after(
            subscription.business_id,
            subscription.cursor_txid,
            subscription.cursor_id,
            per_subscription,
            subscription.types,
        )
        if not found:
            continue
        await repository.add_deliveries([_delivery(subscription, event, now) for event in found])
        last = found[-1]
        await repository.save(subscription, {"cursor_txid": last.txid, "cursor_id": last.id})
        total += len(found)
    return total


async def claim(session: AsyncSession, *, limit: int, server_key: str) -> list[Claimed]:
    """Up to `limit` due deliveries, now `sending` with one more attempt counted."""
    rows = await WebhookRepository(session).claim_due(utcnow(), limit)
    return [
        Claimed(
            d.business_id,
            d.id,
            d.subscription_id,
            d.attempts,
            s.url,
            webhooks.secret_of(s, server_key),
            d.message_id,
            d.payload.encode(),
        )
        for d, s in rows
    ]


async def record(session: AsyncSession, outcomes: list[Outcome], policy: Policy) -> None:
    """Log every attempt, move each delivery on, and count each subscription's failures in a row."""
    repository = WebhookRepository(session)
    for outcome in outcomes:
        claimed = outcome.claimed
        if not await repository.finish(claimed.business_id, claimed.id, claimed.attempts, _next(outcome, policy)):
            continue  # re-claimed after its lease ran out: that attempt's outcome is the one that counts
        await repository.add_attempt(
            WebhookAttempt(
                business_id=claimed.business_id,
                delivery_id=claimed.id,
                attempted_at=outcome.attempted_at,
                status_code=outcome.status_code,
                latency_ms=outcome.latency_ms,
                error=(outcome.error or None) and outcome.error[:500],
                response_excerpt=outcome.excerpt,
            )
        )
        await _count(repository, claimed, outcome.ok, policy)


def _next(outcome: Outcome, policy: Policy) -> dict[str, object]:
    now = utcnow()
    if outcome.ok:
        return {"status": DELIVERED, "delivered_at": now}
    if outcome.claimed.attempts < policy.max_attempts:
        return {"status": PENDING, "next_attempt_at": now + policy.delay(outcome.claimed.attempts)}
    return {"status": FAILED}


async def _count(repository: WebhookRepository, claimed: Claimed, ok: bool, policy: Policy) -> None:
    subscription = await repository.subscription(claimed.business_id, claimed.subscription_id)
    if subscription is None:
        return
    if ok:
        if subscription.consecutive_failures:
            await repository.save(subscription, {"consecutive_failures": 0})
        return
    failures = subscription.consecutive_failures + 1
    values: dict[str, object] = {"consecutive_failures": failures}
    if failures >= policy.disable_after and subscription.enabled:
        values |= {"enabled": False, "disabled_reason": f"{failures} failed attempts in a row"}
    await repository.save(subscription, values)


async def recover(session: AsyncSession, *, lease_seconds: float) -> int:
    """Due again: deliveries whose worker died mid-send (lease expired); how many."""
    now = utcnow()
    return await WebhookRepository(session).requeue_stale(now - timedelta(seconds=lease_seconds), now)
