"""Customer source records: a page of them with the exact total, filtered by customer, source and external ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from clientbook.store.models import Client, CustomerSourceRecord

from ._base import RecordRepository

SORT: dict[str, Any] = {
    "id": CustomerSourceRecord.id,
    "client_id": CustomerSourceRecord.client_id,
    "customer_source_id": CustomerSourceRecord.customer_source_id,
    "external_id": CustomerSourceRecord.external_id,
    "updated_at": CustomerSourceRecord.updated_at,
}


@dataclass(frozen=True)
class SourceRecordQuery:
    client_id: int | None = None
    customer_source_id: int | None = None
    external_ids: Sequence[str] | None = None
    sort: str = "id"  # a key of SORT
    descending: bool = False
    offset: int = 0
    count: int = 100


class CustomerSourceRecordRepository(RecordRepository[CustomerSourceRecord]):
    model = CustomerSourceRecord

    async def lock_customer(self, business_id: int, client_id: int) -> None:
        """Hold the customer's row until the transaction ends (PostgreSQL), so two adds of one record take turns."""
        query = select(Client.id).where(Client.business_id == business_id, Client.id == client_id)
        await self.session.execute(query.with_for_update())

    async def of_client(self, business_id: int, client_id: int) -> list[CustomerSourceRecord]:
        query = select(CustomerSourceRecord).where(
            CustomerSourceRecord.business_id == business_id, CustomerSourceRecord.client_id == client_id
        )
        return list(await self.session.scalars(query.order_by(CustomerSourceRecord.id)))

    def _where(self, business_id: int, q: SourceRecordQuery) -> list[ColumnElement[bool]]:
        where = [CustomerSourceRecord.business_id == business_id]
        if q.client_id is not None:
            where.append(CustomerSourceRecord.client_id == q.client_id)
        if q.customer_source_id is not None:
            where.append(CustomerSourceRecord.customer_source_id == q.customer_source_id)
        if q.external_ids is not None:
            where.append(CustomerSourceRecord.external_id.in_(q.external_ids))
        return where

    async def page(self, business_id: int, q: SourceRecordQuery) -> tuple[list[CustomerSourceRecord], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching records."""
        where = self._where(business_id, q)
        column = SORT[q.sort]
        tie = CustomerSourceRecord.id
        order = [column.desc(), tie.desc()] if q.descending else [column.asc(), tie.asc()]
        query = select(CustomerSourceRecord).where(*where).order_by(*order).offset(q.offset).limit(q.count)
        total = await self.session.scalar(select(func.count()).select_from(CustomerSourceRecord).where(*where))
        return list(await self.session.scalars(query)), int(total or 0)
