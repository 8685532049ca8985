"""The staff web app's contact list: clients (or staff) with unread counts and their latest message time.

One query per contact kind, whatever the number of contacts (the counts are a grouped subquery, not a query each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Message
from clientbook.store.repositories.conversations import ContactRow, ConversationRepository

from . import messages
from .messages import Sent
from .sso import Contact, ContactType
from .types import Tenant

PAGE = 200


@dataclass(frozen=True)
class ContactSummary:
    type: ContactType
    id: int
    name: str
    mobile_phone: str | None
    unread: int
    last_message_at: datetime | None


def _summary(kind: ContactType, rows: list[ContactRow]) -> list[ContactSummary]:
    return [ContactSummary(kind, r.id, r.name, r.mobile_phone, r.unread, r.last_message_at) for r in rows]


async def contacts(
    session: AsyncSession,
    tenant: Tenant,
    *,
    contact: Contact | None = None,
    unread_only: bool = False,
    kind: ContactType = "client",
    offset: int = 0,
    limit: int = PAGE,
) -> list[ContactSummary]:
    """Clients by default (staff with `kind="staff"`); only `contact` when given; clients and staff with unread
    inbound messages when `unread_only` (seed 000 §5–6). Newest conversation first, paged by offset/limit (a caller
    asks for one more than it shows to know whether a next page exists)."""
    repository = ConversationRepository(session)
    offset, limit = max(offset, 0), max(1, min(limit, PAGE + 1))
    if contact is not None and contact.type == "staff":
        return _summary(
            "staff", await repository.staff(tenant.business_id, staff_id=contact.id, unread_only=unread_only)
        )
    if contact is not None:
        rows = await repository.clients(tenant.business_id, client_id=contact.id, unread_only=unread_only)
        return _summary("client", rows)
    if kind == "staff" and not unread_only:
        return _summary("staff", await repository.staff(tenant.business_id, offset=offset, limit=limit))
    if not unread_only:
        return _summary("client", await repository.clients(tenant.business_id, offset=offset, limit=limit))
    # Unread clients and staff are one list: the first offset+limit of each kind hold the merged page.
    window = offset + limit
    found = _summary("client", await repository.clients(tenant.business_id, unread_only=True, limit=window))
    found += _summary("staff", await repository.staff(tenant.business_id, unread_only=True, limit=window))
    oldest = datetime.min.replace(tzinfo=UTC)
    found.sort(key=lambda c: c.last_message_at or oldest, reverse=True)
    return found[offset:window]


async def unread_total(session: AsyncSession, tenant: Tenant) -> int:
    return await ConversationRepository(session).unread_total(tenant.business_id)


@dataclass(frozen=True)
class Conversation:
    messages: list[Message]
    newly_read: set[int]  # inbound messages this opening marked read (the page highlights them)


async def open_conversation(
    session: AsyncSession, tenant: Tenant, contact: Contact, *, mark_read: bool = True
) -> Conversation:
    """The contact's messages, oldest first; opening the conversation marks its inbound messages read (unless
    `mark_read` is False)."""
    ids = {"client_id": contact.id} if contact.type == "client" else {"staff_id": contact.id}
    found = await messages.conversation(session, tenant, **ids)
    unread = {m.id for m in found if m.direction == "inbound" and m.read_at is None}
    if unread and mark_read:
        await messages.mark_read(session, tenant, **ids)
    return Conversation(found, unread)


async def reply(session: AsyncSession, tenant: Tenant, contact: Contact, body: str) -> Sent:
    """Queue a reply to the contact through the outbox, recording which staff member sent it."""
    if contact.type == "client":
        return await messages.send_to_client(session, tenant, contact.id, body, sent_by_staff_id=tenant.staff_id)
    return await messages.send_to_staff(session, tenant, contact.id, body, sent_by_staff_id=tenant.staff_id)
