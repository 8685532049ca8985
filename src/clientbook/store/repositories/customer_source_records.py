"""Customer source records: a page of them with the exact total, filtered by customer, source and external ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from clientbook.store.models import Client, CustomerSourceRecord

from ._base import PageQuery, RecordRepository, matching, sort_keys

SORT = sort_keys(CustomerSourceRecord, "id client_id customer_source_id external_id updated_at")


@dataclass(frozen=True)
class SourceRecordQuery(PageQuery):
    """Sorted by a key of SORT."""

    client_id: int | None = None
    customer_source_id: int | None = None
    external_ids: Sequence[str] | None = None


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
        where.extend(matching(CustomerSourceRecord, q, "client_id customer_source_id"))
        if q.external_ids is not None:
            where.append(CustomerSourceRecord.external_id.in_(q.external_ids))
        return where

    async def page(self, business_id: int, q: SourceRecordQuery) -> tuple[list[CustomerSourceRecord], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching records."""
        return await self.page_where(self._where(business_id, q), SORT[q.sort], q)
