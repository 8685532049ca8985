"""How a business reaches people beyond SMS and e-mail: a customer's devices registered for push notifications, and
the contacts signed up for its newsletter (who need not be customers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, JSONType, Timestamped, business_id_column, id_column


class PushRegistration(Timestamped, Base):
    """One device of one external application, registered for a customer's push notifications. A device holds one
    registration per application: registering it again (for the same customer or another) replaces the token.
    A cancelled registration keeps its row (`cancelled_at`), and registering the device again revives it."""

    __tablename__ = "push_registrations"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("push_registrations_id_seq")
    client_id: Mapped[int] = mapped_column(BigInteger)
    application_id: Mapped[str] = mapped_column(String(128))
    device_id: Mapped[str] = mapped_column(String(200))
    device: Mapped[dict[str, Any]] = mapped_column(default=dict)  # system, name, type as the app described it
    push_token: Mapped[str] = mapped_column(String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column()

    __table_args__ = (
        ForeignKeyConstraint(["business_id", "client_id"], ["clients.business_id", "clients.id"]),
        UniqueConstraint("business_id", "application_id", "device_id"),
        Index(None, "business_id", "client_id", "application_id"),
    )


class NewsletterSignup(Timestamped, Base):
    """A contact (an e-mail address or a phone, normalized) signed up for the business's newsletter, with the
    consents and the source it came with; signing up again updates it."""

    __tablename__ = "newsletter_signups"

    business_id: Mapped[int] = business_id_column()
    id: Mapped[int] = id_column("newsletter_signups_id_seq")
    contact_kind: Mapped[str] = mapped_column(String(8))  # email | phone
    contact_key: Mapped[str] = mapped_column(String(254))  # lower-case address or E.164: what is unique
    contact: Mapped[str] = mapped_column(String(254))  # as given (trimmed)
    customer_source_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(8))
    consents: Mapped[dict[str, Any]] = mapped_column(default=dict)
    partner_ids: Mapped[list[int] | None] = mapped_column(JSONType, default=None)  # None: every partner of the business

    __table_args__ = (
        ForeignKeyConstraint(
            ["business_id", "customer_source_id"], ["customer_sources.business_id", "customer_sources.id"]
        ),
        UniqueConstraint("business_id", "contact_key"),
    )
