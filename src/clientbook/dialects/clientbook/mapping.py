"""Native API ↔ core: pure functions. The native API speaks the core's own field names."""

from __future__ import annotations

from clientbook.core import feed, webhooks
from clientbook.store.models import WebhookSubscription

from . import wire


def to_core_types(types: str | None) -> list[str]:
    """`types=client,staff.deleted` → ["client", "staff.deleted"]."""
    return [t for t in (types or "").split(",") if t.strip()]


def to_wire_change(change: feed.Change) -> wire.Change:
    return wire.Change.model_validate(change, from_attributes=True)


def to_wire_page(page: feed.Page) -> wire.ChangesPage:
    return wire.ChangesPage(
        data=[to_wire_change(c) for c in page.changes], next_cursor=page.next_cursor, has_more=page.has_more
    )


def to_wire_webhook(subscription: WebhookSubscription) -> wire.Webhook:
    return wire.Webhook.model_validate(subscription, from_attributes=True)


def to_wire_created(created: webhooks.Created) -> wire.CreatedWebhook:
    return wire.CreatedWebhook(**to_wire_webhook(created.subscription).model_dump(), secret=created.secret)


def to_wire_deliveries(logged: list[webhooks.LoggedDelivery]) -> wire.Deliveries:
    return wire.Deliveries(
        data=[
            wire.Delivery(
                id=item.delivery.id,
                webhook_id=item.delivery.message_id,
                type=item.delivery.type,
                status=item.delivery.status,
                created_at=item.delivery.created_at,
                delivered_at=item.delivery.delivered_at,
                attempts=[
                    wire.Attempt(
                        attempted_at=a.attempted_at,
                        status_code=a.status_code,
                        latency_ms=a.latency_ms,
                        error=a.error,
                        response_excerpt=a.response_excerpt,
                    )
                    for a in item.attempts
                ],
            )
            for item in logged
        ]
    )
