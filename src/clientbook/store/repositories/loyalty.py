"""Loyalty points: the ledger, the guarded balance rows and reservations (point types are reference records:
repositories/reference.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from clientbook.store.models.loyalty import PointBalance, PointRecord, PointReservation
from clientbook.store.models.purchases import Purchase

from ._base import PageQuery, RecordRepository, in_range, matching, sort_keys
from ._ledger import BalanceRepository


@dataclass(frozen=True)
class RecordQuery(PageQuery):
    """Sorted by a key of RECORD_SORT."""

    client_id: int | None = None
    point_type_id: int | None = None
    operations: Sequence[str] | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    note_contains: str | None = None
    operation_contains: str | None = None
    partner_id: str | None = None
    branch_id: int | None = None  # entries written by purchases in this store


RECORD_SORT = sort_keys(PointRecord, "id client_id point_type_id amount created_at valid_to operation note partner_id")


class PointRecordRepository(RecordRepository[PointRecord]):
    model = PointRecord

    def _where(self, business_id: int, q: RecordQuery) -> list[ColumnElement[bool]]:
        where = [PointRecord.business_id == business_id]
        where.extend(matching(PointRecord, q, "client_id point_type_id"))
        if q.operations is not None:
            where.append(PointRecord.operation.in_(q.operations))
        where.extend(in_range(PointRecord.created_at, q.created_from, q.created_to))
        if q.partner_id is not None:
            where.append(PointRecord.partner_id == q.partner_id)
        if q.note_contains is not None:
            where.append(func.lower(PointRecord.note).contains(q.note_contains.lower(), autoescape=True))
        if q.operation_contains is not None:
            where.append(PointRecord.operation.contains(q.operation_contains.lower(), autoescape=True))
        if q.branch_id is not None:
            in_store = select(Purchase.id).where(Purchase.business_id == business_id, Purchase.branch_id == q.branch_id)
            where.append(PointRecord.purchase_id.in_(in_store))
        return where

    async def page(self, business_id: int, q: RecordQuery) -> tuple[list[PointRecord], int]:
        """One page in the order asked (ties broken by id) and the exact number of matching records."""
        return await self.page_where(self._where(business_id, q), RECORD_SORT[q.sort], q)

    async def lots(self, business_id: int, client_id: int, point_type_id: int) -> list[PointRecord]:
        """The unspent lots, the ones that lapse first first (never-lapsing ones last)."""
        query = select(PointRecord).where(
            PointRecord.business_id == business_id,
            PointRecord.client_id == client_id,
            PointRecord.point_type_id == point_type_id,
            PointRecord.remaining > 0,
        )
        lapse_last = PointRecord.valid_to.is_(None)
        return list(await self.session.scalars(query.order_by(lapse_last, PointRecord.valid_to, PointRecord.id)))


class PointBalanceRepository(BalanceRepository[PointBalance]):
    """Points also hold a `reserved` part: a reservation moves points from `available` to it until freed."""

    model, type_column, zero = PointBalance, "point_type_id", {"available": 0, "reserved": 0}

    async def take(self, business_id: int, client_id: int, type_id: int, amount: int, *, hold: bool = False) -> bool:
        """Take `amount` off the available balance (into `reserved` when `hold`) if it covers it: one guarded
        UPDATE, whose row count says whether it did."""
        values = {"available": PointBalance.available - amount}
        if hold:
            values["reserved"] = PointBalance.reserved + amount
        return await self._move(business_id, client_id, type_id, values, PointBalance.available >= amount)

    async def give(self, business_id: int, client_id: int, type_id: int, amount: int, *, release: bool = False) -> None:
        """Add `amount` to the available balance (out of `reserved` when `release`)."""
        values = {"available": PointBalance.available + amount}
        if release:
            values["reserved"] = PointBalance.reserved - amount
        await self._move(business_id, client_id, type_id, values)


class PointReservationRepository(RecordRepository[PointReservation]):
    model = PointReservation

    async def by_external_id(
        self, business_id: int, external_id: str, *, lock: bool = False
    ) -> PointReservation | None:
        query = select(PointReservation).where(
            PointReservation.business_id == business_id, PointReservation.external_id == external_id
        )
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(query)

    async def lapsed(
        self, business_id: int, client_id: int, point_type_id: int, now: datetime
    ) -> list[PointReservation]:
        query = select(PointReservation).where(
            PointReservation.business_id == business_id,
            PointReservation.client_id == client_id,
            PointReservation.point_type_id == point_type_id,
            PointReservation.state == 1,
            PointReservation.expires_at <= now,
        )
        return list(await self.session.scalars(query.with_for_update()))

    async def page(
        self,
        business_id: int,
        *,
        client_id: int | None,
        external_id: str | None,
        sort: str,
        descending: bool,
        offset: int,
        count: int,
    ) -> tuple[list[PointReservation], int]:
        where = [PointReservation.business_id == business_id]
        if client_id is not None:
            where.append(PointReservation.client_id == client_id)
        if external_id is not None:
            where.append(PointReservation.external_id == external_id)
        q = PageQuery(sort=sort, descending=descending, offset=offset, count=count)
        return await self.page_where(where, RESERVATION_SORT[sort], q)


RESERVATION_SORT = sort_keys(PointReservation, "id client_id external_id amount state expires_at")
