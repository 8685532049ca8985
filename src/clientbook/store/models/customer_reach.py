"""How a business reaches people beyond SMS and e-mail: a customer's devices registered for push notifications, and
the contacts signed up for its newsletter (who need not be customers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, JSONType, TenantRecord, Timestamped
from ._keys import tenant_fk, tenant_index, tenant_unique


class PushRegistration(TenantRecord, Timestamped, Base):
    """One device of one external application, registered for a customer's push notifications. A device holds one
    registration per application: registering it again (for the same customer or another) replaces the token.
    A cancelled registration keeps its row (`cancelled_at`), and registering the device again revives it."""

    __tablename__ = "push_registrations"

    client_id: Mapped[BigInt]
    application_id: Mapped[str] = mapped_column(String(128))
    device_id: Mapped[str] = mapped_column(String(200))
    device: Mapped[dict[str, Any]] = mapped_column(default=dict)  # system, name, type as the app described it
    push_token: Mapped[str] = mapped_column(String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_unique("application_id", "device_id"),
        tenant_index("client_id", "application_id"),
    )


class NewsletterSignup(TenantRecord, Timestamped, Base):
    """A contact (an e-mail address or a phone, normalized) signed up for the business's newsletter, with the
    consents and the source it came with; signing up again updates it."""

    __tablename__ = "newsletter_signups"

    contact_kind: Mapped[str] = mapped_column(String(8))  # email | phone
    contact_key: Mapped[str] = mapped_column(String(254))  # lower-case address or E.164: what is unique
    contact: Mapped[str] = mapped_column(String(254))  # as given (trimmed)
    customer_source_id: Mapped[BigInt]
    language: Mapped[str | None] = mapped_column(String(8))
    consents: Mapped[dict[str, Any]] = mapped_column(default=dict)
    partner_ids: Mapped[list[int] | None] = mapped_column(JSONType, default=None)  # None: every partner of the business

    __table_args__ = (tenant_fk("customer_source_id", "customer_sources"), tenant_unique("contact_key"))
