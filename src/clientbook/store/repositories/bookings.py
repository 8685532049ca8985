"""Appointment lists with the filters, order and paging CareCloud's bookings need (true totals)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from clientbook.store.models import Appointment, Branch, Client, Staff

from ._base import Repository, sort_keys

ORDER_COLUMNS = sort_keys(Appointment, "id client_id state starts_at created_at updated_at")


@dataclass(frozen=True)
class AppointmentRow:
    """An appointment with the names a page shows beside it (one query, no lookup per row)."""

    appointment: Appointment
    client_name: str
    staff_name: str | None
    branch_name: str | None


def _named() -> Any:
    """Appointments joined to their client, staff member and branch names (all of the same business)."""
    return (
        select(Appointment, Client.full_name, Staff.first_name, Staff.last_name, Branch.name)
        .join(Client, and_(Client.business_id == Appointment.business_id, Client.id == Appointment.client_id))
        .outerjoin(Staff, and_(Staff.business_id == Appointment.business_id, Staff.id == Appointment.staff_id))
        .outerjoin(Branch, and_(Branch.business_id == Appointment.business_id, Branch.id == Appointment.branch_id))
    )


def _rows(result: Any) -> list[AppointmentRow]:
    found = []
    for appointment, client_name, first, last, branch in result:
        staff = " ".join(p for p in (first, last) if p) or None
        found.append(AppointmentRow(appointment, client_name or f"client {appointment.client_id}", staff, branch))
    return found


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

    async def of_contact(
        self,
        business_id: int,
        *,
        client_id: int | None = None,
        staff_id: int | None = None,
        now: datetime,
        upcoming: bool,
        limit: int,
    ) -> list[AppointmentRow]:
        """One client's or staff member's live appointments from `now` on (soonest first) or before it (latest
        first), on the live (business, client or staff, start) index of migration 0010."""
        where: list[ColumnElement[bool]] = [Appointment.business_id == business_id, Appointment.deleted_at.is_(None)]
        if client_id is not None:
            where.append(Appointment.client_id == client_id)
        if staff_id is not None:
            where.append(Appointment.staff_id == staff_id)
        if upcoming:
            where.append(Appointment.starts_at >= now)
            order = [Appointment.starts_at.asc(), Appointment.id.asc()]
        else:
            where.append(Appointment.starts_at < now)
            order = [Appointment.starts_at.desc(), Appointment.id.desc()]
        return _rows(await self.session.execute(_named().where(*where).order_by(*order).limit(limit)))

    async def window(
        self,
        business_id: int,
        *,
        starts_from: datetime,
        starts_before: datetime,
        branch_id: int | None,
        staff_id: int | None,
        offset: int,
        limit: int,
    ) -> tuple[list[AppointmentRow], int]:
        """Live appointments starting in [starts_from, starts_before), optionally of one branch and/or staff member,
        earliest first, with the true total."""
        where: list[ColumnElement[bool]] = [
            Appointment.business_id == business_id,
            Appointment.deleted_at.is_(None),
            Appointment.starts_at >= starts_from,
            Appointment.starts_at < starts_before,
        ]
        if branch_id is not None:
            where.append(Appointment.branch_id == branch_id)
        if staff_id is not None:
            where.append(Appointment.staff_id == staff_id)
        total = await self.session.scalar(select(func.count()).select_from(Appointment).where(*where))
        query = _named().where(*where).order_by(Appointment.starts_at, Appointment.id).offset(offset).limit(limit)
        return _rows(await self.session.execute(query)), int(total or 0)
