"""Credits: the ledger of credit records and its balance rows (repositories/_ledger.py, as the points' are)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select

from clientbook.store.models.credits import CreditBalance, CreditRecord

from ._base import PageQuery, RecordRepository, in_range, matching, sort_keys
from ._ledger import BalanceRepository


@dataclass(frozen=True)
class CreditQuery(PageQuery):
    """Sorted by a key of CREDIT_SORT."""

    client_id: int | None = None
    credit_type_id: int | None = None
    partner_id: int | None = None
    operation_contains: str | None = None
    note_contains: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


CREDIT_SORT = sort_keys(
    CreditRecord, "id client_id credit_type_id amount remaining currency partner_id operation note created_at"
)


class CreditRecordRepository(RecordRepository[CreditRecord]):
    model = CreditRecord

    def _where(self, business_id: int, q: CreditQuery) -> list[ColumnElement[bool]]:
        where = [CreditRecord.business_id == business_id]
        where.extend(matching(CreditRecord, q, "client_id credit_type_id partner_id"))
        where.extend(in_range(CreditRecord.created_at, q.created_from, q.created_to))
        if q.note_contains is not None:
            where.append(func.lower(CreditRecord.note).contains(q.note_contains.lower(), autoescape=True))
        if q.operation_contains is not None:
            where.append(CreditRecord.operation.contains(q.operation_contains.lower(), autoescape=True))
        return where

    async def page(self, business_id: int, q: CreditQuery) -> tuple[list[CreditRecord], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching records."""
        return await self.page_where(self._where(business_id, q), CREDIT_SORT[q.sort], q)

    async def totals(
        self,
        business_id: int,
        client_id: int,
        *,
        credit_type_id: int | None,
        since: datetime | None,
        until: datetime | None,
    ) -> list[tuple[str, int, int]]:
        """Per currency: what the customer's records added (deposits, incoming transfers) and took (reduces,
        outgoing transfers) in the interval, in hundredths, both positive."""
        q = CreditQuery(client_id=client_id, credit_type_id=credit_type_id, created_from=since, created_to=until)
        earned = func.sum(case((CreditRecord.amount > 0, CreditRecord.amount), else_=0))
        taken = func.sum(case((CreditRecord.amount < 0, -CreditRecord.amount), else_=0))
        query = select(CreditRecord.currency, earned, taken).where(*self._where(business_id, q))
        rows = await self.session.execute(query.group_by(CreditRecord.currency).order_by(CreditRecord.currency))
        return [(currency, int(plus or 0), int(minus or 0)) for currency, plus, minus in rows]

    async def lots(self, business_id: int, client_id: int, credit_type_id: int) -> Sequence[CreditRecord]:
        """The unspent lots, oldest first (the order spending takes them)."""
        query = select(CreditRecord).where(
            CreditRecord.business_id == business_id,
            CreditRecord.client_id == client_id,
            CreditRecord.credit_type_id == credit_type_id,
            CreditRecord.remaining > 0,
        )
        return list(await self.session.scalars(query.order_by(CreditRecord.id)))


class CreditBalanceRepository(BalanceRepository[CreditBalance]):
    model, type_column, zero = CreditBalance, "credit_type_id", {"available": 0}
