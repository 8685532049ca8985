"""Customer statuses and status records: the business's tiers in rank order, a customer's record in force, and the
pages of a customer's status history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_, select

from clientbook.store.models import Client
from clientbook.store.models.statuses import Status, StatusRecord

from ._base import PageQuery, RecordRepository


class StatusRepository(RecordRepository[Status]):
    model = Status
    order = ("rank", "id")

    async def by_text_id(self, business_id: int, text_id: str) -> Status | None:
        query = select(Status).where(Status.business_id == business_id, Status.text_id == text_id)
        return await self.session.scalar(query)


def _in_force(now: datetime) -> ColumnElement[bool]:
    return and_(
        StatusRecord.state == 1,
        StatusRecord.valid_from <= now,
        or_(StatusRecord.valid_to.is_(None), StatusRecord.valid_to > now),
    )


def shown_state(now: datetime) -> ColumnElement[int]:
    """The state a reader sees: a record past its `valid_to` reads 2 (not active), as a replaced one does."""
    lapsed = and_(StatusRecord.state == 1, StatusRecord.valid_to.is_not(None), StatusRecord.valid_to <= now)
    return case((lapsed, 2), else_=StatusRecord.state)


@dataclass(frozen=True)
class HistoryQuery(PageQuery):
    """Sorted by a key of `sort_columns`."""

    client_id: int
    now: datetime
    valid_now: bool | None = None


def sort_columns(now: datetime) -> dict[str, Any]:
    return {
        "id": StatusRecord.id,
        "status_id": StatusRecord.status_id,
        "client_id": StatusRecord.client_id,
        "valid_from": StatusRecord.valid_from,
        "valid_to": StatusRecord.valid_to,
        "updated_at": StatusRecord.updated_at,
        "state": shown_state(now),
    }


class StatusRecordRepository(RecordRepository[StatusRecord]):
    model = StatusRecord

    async def lock_customer(self, business_id: int, client_id: int) -> None:
        """Hold the customer's row until the transaction ends (PostgreSQL), so two status changes of one customer
        run one after the other and never leave two records in force. FOR NO KEY UPDATE: rows that refer to the
        customer (a concurrent purchase's ledger entries) take a key-share lock, which FOR UPDATE would wait for
        while they wait for this transaction's own rows: two purchases of one customer would deadlock."""
        query = select(Client.id).where(Client.business_id == business_id, Client.id == client_id)
        await self.session.execute(query.with_for_update(key_share=True))

    async def in_force(self, business_id: int, client_id: int, now: datetime) -> list[StatusRecord]:
        """The customer's records with state 1 whose validity has not ended (set ahead of time ones included)."""
        query = select(StatusRecord).where(
            StatusRecord.business_id == business_id,
            StatusRecord.client_id == client_id,
            StatusRecord.state == 1,
            or_(StatusRecord.valid_to.is_(None), StatusRecord.valid_to > now),
        )
        return list(await self.session.scalars(query.order_by(StatusRecord.valid_from, StatusRecord.id)))

    async def page(self, business_id: int, q: HistoryQuery) -> tuple[list[StatusRecord], int]:
        """One page of the customer's history in the order asked (ties broken by id), and the exact total."""
        where = [StatusRecord.business_id == business_id, StatusRecord.client_id == q.client_id]
        if q.valid_now is not None:
            where.append(_in_force(q.now) if q.valid_now else ~_in_force(q.now))
        return await self.page_where(where, sort_columns(q.now)[q.sort], q)
