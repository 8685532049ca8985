"""Inbound SMS a business received from a number none of its contacts has (issue 17's admin page): an admin assigns
one to a client (it joins the client's conversation, unread) or discards it (kept, marked `discarded` and read).

These are the business's own: sent to its number. Messages no business can claim stay in the operator's
`unmatched_inbound_messages` (issue 3) and are never shown to a business."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Message, utcnow
from clientbook.store.repositories.messaging import UnmatchedMessageRepository

from . import clients, events
from .errors import MessageNotFound
from .types import Tenant

DISCARDED = "discarded"


async def page(session: AsyncSession, tenant: Tenant, *, offset: int = 0, limit: int = 50) -> tuple[list[Message], int]:
    """The business's unmatched inbound messages, newest first, and how many there are."""
    return await UnmatchedMessageRepository(session).page(tenant.business_id, max(offset, 0), max(1, min(limit, 200)))


async def get(session: AsyncSession, tenant: Tenant, message_id: int) -> Message:
    """One unmatched message of the tenant's; MessageNotFound for another business's, an assigned or a discarded one."""
    message = await UnmatchedMessageRepository(session).get(tenant.business_id, message_id)
    if message is None:
        raise MessageNotFound(field="message_id", id=message_id)
    return message


async def assign(session: AsyncSession, tenant: Tenant, message_id: int, client_id: int) -> Message:
    """Put the message in the tenant's live client's conversation (ClientNotFound for another business's client)."""
    message = await get(session, tenant, message_id)
    client = await clients.get(session, tenant, client_id, field="client_id")
    await UnmatchedMessageRepository(session).save(message, {"client_id": client.id, "updated_by": tenant.actor})
    await events.record(session, tenant, "message", message.id, "assigned", {"client_id": client.id})
    return message


async def discard(session: AsyncSession, tenant: Tenant, message_id: int) -> None:
    message = await get(session, tenant, message_id)
    now = utcnow()
    values = {"status": DISCARDED, "read_at": now, "updated_at": now, "updated_by": tenant.actor}
    await UnmatchedMessageRepository(session).save(message, values)
    await events.record(session, tenant, "message", message.id, "discarded", {})
