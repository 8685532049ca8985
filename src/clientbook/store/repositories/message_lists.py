"""Message lists with filters, order and paging (CareCloud `GET /messages`); true totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from clientbook.store.models import Message

from ._base import Repository, sort_keys

ORDER_COLUMNS = sort_keys(Message, "id client_id queued_at updated_at status")


@dataclass(frozen=True, kw_only=True)
class MessageQuery:
    client_id: int | None = None
    number: str | None = None  # E.164: to (outbound) or from (inbound)
    from_time: datetime | None = None
    to_time: datetime | None = None
    clients_only: bool = True
    channel: str | None = None  # sms | email
    address: str | None = None  # an e-mail's recipient, compared case-insensitively


class MessageListRepository(Repository):
    async def page(
        self, business_id: int, query: MessageQuery, *, order: str, descending: bool, offset: int, limit: int
    ) -> tuple[list[Message], int]:
        stmt = select(Message).where(Message.business_id == business_id)
        if query.clients_only:
            stmt = stmt.where(Message.client_id.is_not(None))
        if query.client_id is not None:
            stmt = stmt.where(Message.client_id == query.client_id)
        if query.number is not None:
            stmt = stmt.where(or_(Message.to_number == query.number, Message.from_number == query.number))
        if query.channel is not None:
            stmt = stmt.where(Message.channel == query.channel)
        if query.address is not None:
            stmt = stmt.where(func.lower(Message.to_address) == query.address.lower())
        moment = func.coalesce(Message.queued_at, Message.received_at, Message.created_at)
        if query.from_time is not None:
            stmt = stmt.where(moment >= query.from_time)
        if query.to_time is not None:
            stmt = stmt.where(moment <= query.to_time)
        total = await self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        key = ORDER_COLUMNS[order]
        ordering = [key.desc(), Message.id.desc()] if descending else [key.asc(), Message.id.asc()]
        rows = await self.session.scalars(stmt.order_by(*ordering).offset(offset).limit(limit))
        return list(rows), int(total or 0)
