"""SMS in both directions, and e-mail out. Outbound rows are the outbox the delivery worker drains (DESIGN rule 8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ._base import Base, BigInt, Identified, TenantRecord, Timestamped, utcnow
from ._keys import tenant_fk, tenant_index
from .people import Client, Staff

SMS = "sms"
EMAIL = "email"


class Message(TenantRecord, Timestamped, Base):
    __tablename__ = "messages"

    direction: Mapped[str] = mapped_column(String(8))  # outbound | inbound
    # sms | email: one outbox, one state machine, one worker; the worker hands each row to its channel's provider.
    channel: Mapped[str] = mapped_column(String(8), default=SMS, server_default=SMS)
    client_id: Mapped[BigInt | None]
    staff_id: Mapped[BigInt | None]
    sent_by_staff_id: Mapped[BigInt | None]
    to_number: Mapped[str] = mapped_column(String(20))  # E.164; "" for an e-mail, which goes to `to_address`
    to_address: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    from_number: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    trimmed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16))  # queued sending sent delivered failed | received
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    provider: Mapped[str | None] = mapped_column(String(32))
    provider_message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(String(500))
    queued_at: Mapped[datetime | None] = mapped_column()
    sending_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    failed_at: Mapped[datetime | None] = mapped_column()
    received_at: Mapped[datetime | None] = mapped_column()
    read_at: Mapped[datetime | None] = mapped_column()
    # The sender's template id (CareCloud `message_template_id`), kept as written so it reads back unchanged.
    template_id: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        tenant_fk("client_id", "clients"),
        tenant_fk("staff_id", "staff"),
        # The outbox is drained across tenants: the worker's claim query needs this global index.
        Index(None, "status", "next_attempt_at"),
        Index(None, "provider_message_id"),
        tenant_index("client_id", "id"),
        tenant_index("staff_id", "id"),
        tenant_index("channel", "id"),
    )


class UnmatchedInboundMessage(Identified, Base):
    """An inbound SMS no business can claim: sent to a number no business owns, from a number that is the contact of
    no business or of several. Kept for the operator, never shown to a business (issue 3); hence no business_id."""

    __tablename__ = "unmatched_inbound_messages"

    from_number: Mapped[str] = mapped_column(String(40))
    to_number: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(64))
    candidate_businesses: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index(None, "provider_message_id"),)


# Inbound SMS to a number no business owns is matched across businesses by the sender's number (issue 3): these
# global indexes serve that one lookup; every other query leads with business_id.
Index("ix_clients_mobile_phone", Client.mobile_phone)
Index("ix_staff_mobile_phone", Staff.mobile_phone)
