"""Webhook queries: subscriptions, the delivery outbox the webhook worker drains, and the attempt log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, and_, exists, select, update
from sqlalchemy.orm import aliased

from clientbook.store import ids
from clientbook.store.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

from ._base import Repository

PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"


class WebhookRepository(Repository):
    async def subscription(self, business_id: int, subscription_id: int) -> WebhookSubscription | None:
        return await self.session.get(WebhookSubscription, (business_id, subscription_id))

    async def subscriptions(self, business_id: int) -> list[WebhookSubscription]:
        rows = await self.session.scalars(
            select(WebhookSubscription)
            .where(WebhookSubscription.business_id == business_id)
            .order_by(WebhookSubscription.id)
        )
        return list(rows)

    async def delivery(self, business_id: int, delivery_id: int) -> WebhookDelivery | None:
        return await self.session.get(WebhookDelivery, (business_id, delivery_id))

    async def deliveries(
        self, business_id: int, subscription_id: int, since: datetime | None, until: datetime | None, limit: int
    ) -> list[WebhookDelivery]:
        """The subscription's deliveries, oldest first, created in [since, until)."""
        query = select(WebhookDelivery).where(
            WebhookDelivery.business_id == business_id, WebhookDelivery.subscription_id == subscription_id
        )
        if since is not None:
            query = query.where(WebhookDelivery.created_at >= since)
        if until is not None:
            query = query.where(WebhookDelivery.created_at < until)
        return list(await self.session.scalars(query.order_by(WebhookDelivery.id).limit(limit)))

    async def attempts(self, business_id: int, delivery_ids: Sequence[int]) -> list[WebhookAttempt]:
        rows = await self.session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.business_id == business_id, WebhookAttempt.delivery_id.in_(delivery_ids))
            .order_by(WebhookAttempt.id)
        )
        return list(rows)

    async def add_deliveries(self, deliveries: Sequence[WebhookDelivery]) -> None:
        for delivery in deliveries:
            await ids.add(self.session, delivery)
        await self.session.flush()

    # The outbox. Across tenants: the worker serves every business.

    async def subscriptions_to_dispatch(self, limit: int) -> list[WebhookSubscription]:
        """Enabled subscriptions, locked for this dispatch (PostgreSQL skips those another worker holds)."""
        query = select(WebhookSubscription).where(WebhookSubscription.enabled.is_(True)).limit(limit)
        if self._postgres:
            query = query.with_for_update(skip_locked=True)
        return list(await self.session.scalars(query.order_by(WebhookSubscription.updated_at)))

    async def claim_due(self, now: datetime, limit: int) -> list[tuple[WebhookDelivery, WebhookSubscription]]:
        """Take up to `limit` due deliveries of enabled subscriptions whose resource has no earlier delivery still
        pending or sending (in order per subscription and resource): `sending`, one more attempt, leased at `now`."""
        earlier = aliased(WebhookDelivery)
        blocked = exists().where(
            earlier.business_id == WebhookDelivery.business_id,
            earlier.subscription_id == WebhookDelivery.subscription_id,
            earlier.resource == WebhookDelivery.resource,
            earlier.event_id < WebhookDelivery.event_id,
            earlier.status.in_((PENDING, SENDING)),
        )
        query = (
            select(WebhookDelivery, WebhookSubscription)
            .join(
                WebhookSubscription,
                and_(
                    WebhookSubscription.business_id == WebhookDelivery.business_id,
                    WebhookSubscription.id == WebhookDelivery.subscription_id,
                ),
            )
            .where(
                WebhookDelivery.status == PENDING,
                WebhookDelivery.next_attempt_at <= now,
                WebhookSubscription.enabled.is_(True),
                ~blocked,
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
        if self._postgres:
            query = query.with_for_update(of=WebhookDelivery, skip_locked=True)
        rows = [(d, s) for d, s in (await self.session.execute(query)).all()]
        for delivery, _ in rows:
            delivery.status, delivery.sending_at, delivery.attempts = SENDING, now, delivery.attempts + 1
        await self.session.flush()
        return rows

    async def finish(self, business_id: int, delivery_id: int, attempts: int, values: dict[str, Any]) -> bool:
        """Record an attempt's outcome unless the delivery was re-claimed since (a lease that ran out)."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(WebhookDelivery)
            .where(
                WebhookDelivery.business_id == business_id,
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.attempts == attempts,
                WebhookDelivery.status == SENDING,
            )
            .values(values)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def add_attempt(self, attempt: WebhookAttempt) -> None:
        await ids.add(self.session, attempt)

    async def requeue_stale(self, leased_before: datetime, now: datetime) -> int:
        """Deliveries left `sending` by a worker that died: due again now (same body, same `webhook-id`)."""
        result: CursorResult[Any] = await self.session.execute(  # type: ignore[assignment]
            update(WebhookDelivery)
            .where(WebhookDelivery.status == SENDING, WebhookDelivery.sending_at < leased_before)
            .values(status=PENDING, next_attempt_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"
