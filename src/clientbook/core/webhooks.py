"""Webhook subscriptions: where a business's changes are sent, signed per the Standard Webhooks spec.

A subscription names a URL, the change types it wants (as the feed's `types`: `client`, `client.deleted`; none:
every change) and a `whsec_` secret shown once. From its creation on, every matching change is enqueued in the
delivery outbox (core/webhook_outbox.py), retried with backoff, and logged attempt by attempt. A subscription whose
deliveries fail `DISABLE_AFTER` attempts in a row, with no success between, is disabled; enabling it again resumes
from where it stopped, so no change is lost.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets as stdlib_secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import WebhookAttempt, WebhookDelivery, WebhookSubscription, utcnow
from clientbook.store.repositories.events import EventRepository
from clientbook.store.repositories.webhooks import PENDING, WebhookRepository

from . import events, feed, secrets
from .errors import DeliveryNotFound, Reason, ValidationFailed, WebhookNotFound
from .text import unstorable
from .types import Tenant

SEAL_PURPOSE = "webhook-secret"
SECRET_PREFIX = "whsec_"
MAX_REPLAY = 1000  # deliveries one replay may enqueue


@dataclass(frozen=True)
class NewSubscription:
    url: str
    types: list[str]


@dataclass(frozen=True)
class Created:
    subscription: WebhookSubscription
    secret: str  # shown once


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(stdlib_secrets.token_bytes(24)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's
    key (the base64 after `whsec_`)."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def _check_url(url: str, field: str = "url") -> str:
    url = url.strip()
    if (problem := unstorable(url)) is not None:  # a CLI argument can hold a lone surrogate, as a body can
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} {problem}")
    if not url.startswith(("http://", "https://")) or len(url) > 2000 or " " in url:
        raise ValidationFailed.single(field, Reason.INVALID_FORMAT, f"{field} must be an http(s) URL", url)
    return url


async def create(session: AsyncSession, tenant: Tenant, new: NewSubscription, server_key: str) -> Created:
    """A subscription receiving the business's matching changes from now on."""
    url, types = _check_url(new.url), feed.check_types(new.types)
    secret = new_secret()
    subscription = WebhookSubscription(
        business_id=tenant.business_id,
        url=url,
        types=types,
        secret_sealed=secrets.seal(server_key, SEAL_PURPOSE, secret),
        enabled=True,
        consecutive_failures=0,
        cursor_txid=0,
        cursor_id=0,
        created_by=tenant.actor,
        updated_by=tenant.actor,
    )
    repository = WebhookRepository(session)
    await repository.add(subscription)
    await events.record(session, tenant, "webhook", subscription.id, "created", {"url": url, "types": types})
    # From now on: past the newest change, this subscription's own creation included.
    txid, event_id = await EventRepository(session).last(tenant.business_id)
    await repository.save(subscription, {"cursor_txid": txid, "cursor_id": event_id})
    return Created(subscription, secret)


async def get(session: AsyncSession, tenant: Tenant, subscription_id: int) -> WebhookSubscription:
    found = await WebhookRepository(session).subscription(tenant.business_id, subscription_id)
    if found is None:
        raise WebhookNotFound(field="id", id=subscription_id)
    return found


async def list_all(session: AsyncSession, tenant: Tenant) -> list[WebhookSubscription]:
    return await WebhookRepository(session).subscriptions(tenant.business_id)


def secret_of(subscription: WebhookSubscription, server_key: str) -> str:
    return secrets.unseal(server_key, SEAL_PURPOSE, subscription.secret_sealed)


async def set_enabled(
    session: AsyncSession, tenant: Tenant, subscription_id: int, enabled: bool
) -> WebhookSubscription:
    """Enable (resuming from where delivery stopped, the failure count reset) or disable a subscription."""
    subscription = await get(session, tenant, subscription_id)
    values: dict[str, Any] = {"enabled": enabled, "updated_by": tenant.actor}
    if enabled:
        values |= {"consecutive_failures": 0, "disabled_reason": None}
    else:
        values["disabled_reason"] = f"disabled by {tenant.actor or 'an operator'}"
    await WebhookRepository(session).save(subscription, values)
    action = "enabled" if enabled else "disabled"
    await events.record(session, tenant, "webhook", subscription.id, action, {"enabled": enabled})
    return subscription


def _payload(type_: str, data: dict[str, Any], at: datetime) -> str:
    return json.dumps({"type": type_, "timestamp": at.isoformat(), "data": data}, separators=(",", ":"))


async def send_test(session: AsyncSession, tenant: Tenant, subscription_id: int) -> WebhookDelivery:
    """Enqueue a `webhook.test` message to the subscription (delivered like any other, and logged)."""
    subscription = await get(session, tenant, subscription_id)
    now = utcnow()
    token = stdlib_secrets.token_hex(8)
    delivery = WebhookDelivery(
        business_id=tenant.business_id,
        subscription_id=subscription.id,
        event_id=0,
        message_id=f"msg_{subscription.id}_test_{token}",
        resource=f"test:{token}",
        type="webhook.test",
        payload=_payload("webhook.test", {"subscription_id": subscription.id}, now),
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    await WebhookRepository(session).add_deliveries([delivery])
    return delivery


def _copy(delivery: WebhookDelivery, now: datetime) -> WebhookDelivery:
    """The same message again: same body, same `webhook-id` (receivers deduplicate on it)."""
    return WebhookDelivery(
        business_id=delivery.business_id,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        message_id=delivery.message_id,
        resource=delivery.resource,
        type=delivery.type,
        payload=delivery.payload,
        status=PENDING,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


async def replay_delivery(
    session: AsyncSession, tenant: Tenant, delivery_id: int, *, subscription_id: int | None = None
) -> WebhookDelivery:
    """Send one delivery again (of `subscription_id`, when given), whatever became of it."""
    delivery = await WebhookRepository(session).delivery(tenant.business_id, delivery_id)
    if delivery is None or subscription_id not in (None, delivery.subscription_id):
        raise DeliveryNotFound(field="delivery_id", id=delivery_id)
    [again] = await _enqueue_copies(session, [delivery])
    return again


async def replay_range(
    session: AsyncSession, tenant: Tenant, subscription_id: int, since: datetime, until: datetime | None
) -> list[WebhookDelivery]:
    """Send again every delivery of the subscription first enqueued in [since, until), in their order."""
    subscription = await get(session, tenant, subscription_id)
    since, until = _utc(since), _utc(until) if until is not None else None
    if until is not None and until <= since:
        raise ValidationFailed.single("until", Reason.NOT_ALLOWED, "until must be after since", until.isoformat())
    found = await WebhookRepository(session).deliveries(tenant.business_id, subscription.id, since, until, MAX_REPLAY)
    return await _enqueue_copies(session, [d for d in found if d.event_id or d.type != "webhook.test"])


def _utc(value: datetime) -> datetime:
    """A time given without an offset is UTC (time is UTC inside)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


async def _enqueue_copies(session: AsyncSession, deliveries: list[WebhookDelivery]) -> list[WebhookDelivery]:
    now = utcnow()
    copies = [_copy(d, now) for d in deliveries]
    await WebhookRepository(session).add_deliveries(copies)
    return copies


@dataclass(frozen=True)
class LoggedDelivery:
    delivery: WebhookDelivery
    attempts: list[WebhookAttempt]


async def log(
    session: AsyncSession, tenant: Tenant, subscription_id: int, *, since: datetime | None = None, limit: int = 100
) -> list[LoggedDelivery]:
    """The subscription's deliveries (oldest first) with every attempt of each."""
    subscription = await get(session, tenant, subscription_id)
    repository = WebhookRepository(session)
    found = await repository.deliveries(tenant.business_id, subscription.id, since, None, feed.check_limit(limit))
    attempts = await repository.attempts(tenant.business_id, [d.id for d in found]) if found else []
    by_delivery: dict[int, list[WebhookAttempt]] = {}
    for attempt in attempts:
        by_delivery.setdefault(attempt.delivery_id, []).append(attempt)
    return [LoggedDelivery(d, by_delivery.get(d.id, [])) for d in found]
