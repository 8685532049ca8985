"""The contact list: clients or staff with their unread and latest message, one query per kind (no N+1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, select

from clientbook.store.models import Client, Message, Staff

from ._base import Repository

ContactRow = tuple[Any, int, datetime | None]  # (Client | Staff, unread inbound messages, latest message time)


def _stats(business_id: int, column: Any) -> Any:
    """Per contact: inbound messages not yet read, and the newest message's time (index business_id, <contact>, id)."""
    unread = func.coalesce(
        func.sum(case((and_(Message.direction == "inbound", Message.read_at.is_(None)), 1), else_=0)), 0
    )
    return (
        select(column.label("contact_id"), unread.label("unread"), func.max(Message.created_at).label("last_at"))
        .where(Message.business_id == business_id, column.is_not(None))
        .group_by(column)
        .subquery()
    )


class ConversationRepository(Repository):
    async def _run(self, query: Select[Any]) -> list[ContactRow]:
        rows = await self.session.execute(query)
        return [(row[0], int(row[1] or 0), row[2]) for row in rows]

    async def clients(
        self, business_id: int, *, client_id: int | None = None, unread_only: bool = False, limit: int = 200
    ) -> list[ContactRow]:
        """Live clients, newest conversation first, then by name."""
        stats = _stats(business_id, Message.client_id)
        query = (
            select(Client, stats.c.unread, stats.c.last_at)
            .outerjoin(stats, stats.c.contact_id == Client.id)
            .where(Client.business_id == business_id, Client.deleted_at.is_(None))
        )
        if client_id is not None:
            query = query.where(Client.id == client_id)
        if unread_only:
            query = query.where(stats.c.unread > 0)
        order = (stats.c.last_at.is_(None), stats.c.last_at.desc(), Client.full_name, Client.id)
        return await self._run(query.order_by(*order).limit(limit))

    async def staff(
        self, business_id: int, *, staff_id: int | None = None, unread_only: bool = False, limit: int = 200
    ) -> list[ContactRow]:
        stats = _stats(business_id, Message.staff_id)
        query = (
            select(Staff, stats.c.unread, stats.c.last_at)
            .outerjoin(stats, stats.c.contact_id == Staff.id)
            .where(Staff.business_id == business_id, Staff.deleted_at.is_(None))
        )
        if staff_id is not None:
            query = query.where(Staff.id == staff_id)
        if unread_only:
            query = query.where(stats.c.unread > 0)
        order = (stats.c.last_at.is_(None), stats.c.last_at.desc(), Staff.last_name, Staff.first_name, Staff.id)
        return await self._run(query.order_by(*order).limit(limit))

    async def unread_total(self, business_id: int) -> int:
        """Unread inbound messages of the business (the badge in the page header)."""
        total = await self.session.scalar(
            select(func.count())
            .select_from(Message)
            .where(Message.business_id == business_id, Message.direction == "inbound", Message.read_at.is_(None))
        )
        return int(total or 0)
