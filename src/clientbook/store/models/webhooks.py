"""Webhook subscriptions, their durable delivery outbox and the log of every attempt (issue 18)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, JSONType, Stamp, TenantRecord, Timestamped, utcnow
from ._keys import business_fk, tenant_index


class WebhookSubscription(TenantRecord, Timestamped, Base):
    """Where to send which changes. The signing secret is sealed with the server key (it must be read back to sign,
    so it cannot be a hash); `cursor_*` is the change-feed position enqueued so far."""

    __tablename__ = "webhook_subscriptions"

    url: Mapped[str] = mapped_column(String(2000))
    types: Mapped[list[str]] = mapped_column(JSONType)
    secret_sealed: Mapped[str] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    cursor_txid: Mapped[BigInt] = mapped_column(default=0)
    cursor_id: Mapped[BigInt] = mapped_column(default=0)

    __table_args__ = (business_fk(),)


class WebhookDelivery(TenantRecord, Base):
    """One message to one subscription: pending → sending (leased) → delivered, or back to pending with backoff,
    or failed once its attempts are spent. The body is fixed when enqueued, so every attempt and replay sends the
    same bytes under the same `webhook-id`."""

    __tablename__ = "webhook_deliveries"

    subscription_id: Mapped[BigInt]
    event_id: Mapped[BigInt]  # 0 for a test message
    message_id: Mapped[str] = mapped_column(String(64))  # the `webhook-id`
    resource: Mapped[str] = mapped_column(String(80))  # `client:42`: deliveries of one resource go out in order
    type: Mapped[str] = mapped_column(String(80))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sending_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[Stamp]

    __table_args__ = (
        business_fk(),
        Index("ix_webhook_deliveries_resource_order", "business_id", "subscription_id", "resource", "event_id"),
        tenant_index("subscription_id", "created_at"),
        # The workers claim across tenants, as the SMS outbox does.
        Index(None, "status", "next_attempt_at"),
    )


class WebhookAttempt(TenantRecord, Base):
    """The delivery log: every attempt, when, the answer's status, how long it took and what it said."""

    __tablename__ = "webhook_attempts"

    delivery_id: Mapped[BigInt]
    attempted_at: Mapped[datetime] = mapped_column()
    status_code: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    response_excerpt: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (business_fk(), tenant_index("delivery_id"))
