"""Appointment lists with the filters, order and paging CareCloud's bookings need (true totals)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from clientbook.store.models import Appointment

from ._base import Repository

ORDER_COLUMNS: dict[str, Any] = {
    "id": Appointment.id,
    "client_id": Appointment.client_id,
    "state": Appointment.state,
    "starts_at": Appointment.starts_at,
    "created_at": Appointment.created_at,
    "updated_at": Appointment.updated_at,
}


class AppointmentListRepository(Repository):
    def _where(self, business_id: int, client_id: int | None, states: Sequence[str] | None) -> Any:
        query = select(Appointment).where(Appointment.business_id == business_id, Appointment.deleted_at.is_(None))
        if client_id is not None:
            query = query.where(Appointment.client_id == client_id)
        if states is not None:
            query = query.where(Appointment.state.in_(states))
        return query

    async def page(
        self,
        business_id: int,
        *,
        client_id: int | None,
        states: Sequence[str] | None,
        order: str,
        descending: bool,
        offset: int,
        limit: int,
    ) -> tuple[list[Appointment], int]:
        query = self._where(business_id, client_id, states)
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        key = ORDER_COLUMNS[order]
        ordering = [key.desc(), Appointment.id.desc()] if descending else [key.asc(), Appointment.id.asc()]
        rows = await self.session.scalars(query.order_by(*ordering).offset(offset).limit(limit))
        return list(rows), int(total or 0)
