"""Listing a business's client messages with filters (CareCloud `GET /messages`): the one query lives in the store."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Message
from clientbook.store.repositories.message_lists import ORDER_COLUMNS, MessageListRepository, MessageQuery

from .contact import normalize_phone
from .errors import Reason, ValidationFailed
from .types import Tenant


async def page(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None = None,
    number: str | None = None,
    channel: str | None = None,
    from_time: datetime | None = None,
    to_time: datetime | None = None,
    order: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[Message], int]:
    """A page of the messages to and from the business's clients, and the true total. `number` is the contact:
    a phone number, or an e-mail address (which only e-mails went to)."""
    if order not in ORDER_COLUMNS:
        raise ValidationFailed.single("order", Reason.NOT_ALLOWED, f"order must be one of {', '.join(ORDER_COLUMNS)}")
    e164 = address = None
    if number is not None and "@" in number:
        address = number.strip()
    elif number is not None:
        e164, _error = normalize_phone(number, tenant.default_region, "contact")
        if e164 is None:
            return [], 0
    query = MessageQuery(
        client_id=client_id, number=e164, address=address, channel=channel, from_time=from_time, to_time=to_time
    )
    return await MessageListRepository(session).page(
        tenant.business_id, query, order=order, descending=descending, offset=offset, limit=limit
    )
