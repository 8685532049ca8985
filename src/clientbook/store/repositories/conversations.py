"""The contact list: clients or staff with their unread count and latest message, one query per kind (no N+1).

Two grouped subqueries, each answered from an index alone: the newest message id per contact from
(business_id, <contact>, id), and the unread count per contact from the partial index of unread inbound messages
(migration 0003b). Ids grow with time, so the newest id is the newest message; its time is read for that row only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Executable, and_, func, literal_column, select
from sqlalchemy.orm import aliased

from clientbook.store.models import Client, Message, Staff
from clientbook.store.models.messaging import SMS

from ._base import Repository

# Literals, not bound parameters: SQLite uses the partial index only when the query's WHERE implies it verbatim.
UNREAD = and_(Message.direction == literal_column("'inbound'"), Message.read_at.is_(None))


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    mobile_phone: str | None
    unread: int  # inbound messages not read yet
    last_message_at: datetime | None


def _latest(business_id: int, column: Any) -> Any:
    return (
        select(column.label("contact_id"), func.max(Message.id).label("last_id"))
        .where(Message.business_id == business_id, column.is_not(None), Message.channel == SMS)
        .group_by(column)
        .subquery()
    )


def _unread(business_id: int, column: Any) -> Any:
    return (
        select(column.label("contact_id"), func.count().label("unread"))
        .where(Message.business_id == business_id, column.is_not(None), UNREAD)
        .group_by(column)
        .subquery()
    )


def _with_stats(query: Any, business_id: int, key: Any, column: Any, *, unread_only: bool) -> tuple[Any, Any]:
    """`query` joined to its contacts' unread count and newest message id; returns it and the newest-id column."""
    latest, unread = _latest(business_id, column), _unread(business_id, column)
    query = query.add_columns(func.coalesce(unread.c.unread, 0).label("unread"), latest.c.last_id)
    query = query.outerjoin(latest, latest.c.contact_id == key)
    if unread_only:
        return query.join(unread, unread.c.contact_id == key), latest.c.last_id
    return query.outerjoin(unread, unread.c.contact_id == key), latest.c.last_id


def _page(query: Any, business_id: int, last_id: Any, names: tuple[Any, ...], offset: int, limit: int) -> Any:
    """`limit` contacts from `offset`, newest conversation first, then by `names`; then the newest message's time,
    read for those rows only (not for every contact)."""
    ordered = query.order_by(last_id.is_(None), last_id.desc(), *names, "id")
    page = ordered.offset(offset or None).limit(limit).subquery()
    newest = aliased(Message)
    return (
        select(page, newest.created_at.label("last_at"))
        .outerjoin(newest, and_(newest.business_id == business_id, newest.id == page.c.last_id))
        .order_by(page.c.last_id.is_(None), page.c.last_id.desc(), *(page.c[n.key] for n in names), page.c.id)
    )


class ConversationRepository(Repository):
    """Only the columns the list shows are loaded (a page of full client rows costs several times more)."""

    async def _run(self, query: Executable, name: Any) -> list[ContactRow]:
        rows = await self.session.execute(query)
        return [ContactRow(r.id, name(r), r.mobile_phone, int(r.unread or 0), r.last_at) for r in rows]

    async def clients(
        self,
        business_id: int,
        *,
        client_id: int | None = None,
        unread_only: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ContactRow]:
        """Live clients, newest conversation first, then by name."""
        query = select(Client.id, Client.full_name, Client.mobile_phone).where(
            Client.business_id == business_id, Client.deleted_at.is_(None)
        )
        if client_id is not None:
            query = query.where(Client.id == client_id)
        query, last_id = _with_stats(query, business_id, Client.id, Message.client_id, unread_only=unread_only)
        page = _page(query, business_id, last_id, (Client.full_name,), offset, limit)
        return await self._run(page, lambda r: r.full_name or f"client {r.id}")

    async def staff(
        self,
        business_id: int,
        *,
        staff_id: int | None = None,
        unread_only: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ContactRow]:
        """Live staff members, newest conversation first, then by name."""
        query = select(Staff.id, Staff.last_name, Staff.first_name, Staff.mobile_phone).where(
            Staff.business_id == business_id, Staff.deleted_at.is_(None)
        )
        if staff_id is not None:
            query = query.where(Staff.id == staff_id)
        query, last_id = _with_stats(query, business_id, Staff.id, Message.staff_id, unread_only=unread_only)
        page = _page(query, business_id, last_id, (Staff.last_name, Staff.first_name), offset, limit)
        return await self._run(page, _staff_name)

    async def unread_total(self, business_id: int) -> int:
        """Unread inbound messages of the business's live clients and staff (the header's badge: the sum of the
        unread list's counts, which leaves deleted contacts out), from the partial indexes."""
        total = 0
        for model, column in ((Client, Message.client_id), (Staff, Message.staff_id)):
            query = (
                select(func.count())
                .select_from(Message)
                .join(model, and_(model.business_id == Message.business_id, model.id == column))
                .where(Message.business_id == business_id, column.is_not(None), UNREAD, model.deleted_at.is_(None))
            )
            total += int(await self.session.scalar(query) or 0)
        return total


def _staff_name(row: Any) -> str:
    return " ".join(p for p in (row.first_name, row.last_name) if p) or f"staff {row.id}"
