"""Listing a business's appointments: with filters, order and paging (CareCloud `GET /bookings`), and as the web
app's day and week views (issue 17), in the business's time zone, whichever dialect wrote them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment, utcnow
from clientbook.store.repositories.bookings import ORDER_COLUMNS, AppointmentListRepository, AppointmentRow

from . import staff, tenants
from .errors import Reason, ValidationFailed
from .types import Tenant

View = Literal["day", "week"]
MAX_PAGE = 200


async def page(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None = None,
    states: list[str] | None = None,
    order: str = "id",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> tuple[list[Appointment], int]:
    """A page of the business's live appointments (optionally one client's, in some states), with the true total."""
    if order not in ORDER_COLUMNS:
        raise ValidationFailed.single("order", Reason.NOT_ALLOWED, f"order must be one of {', '.join(ORDER_COLUMNS)}")
    return await AppointmentListRepository(session).page(
        tenant.business_id,
        client_id=client_id,
        states=states,
        order=order,
        descending=descending,
        offset=offset,
        limit=limit,
    )


def zone_of(tenant: Tenant) -> ZoneInfo:
    try:
        return ZoneInfo(tenant.time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class Calendar:
    """A day or a week (Monday first) of appointments, in the business's time zone."""

    view: View
    days: list[date]
    rows: list[AppointmentRow]
    total: int
    offset: int
    limit: int

    def on(self, day: date, zone: ZoneInfo) -> list[AppointmentRow]:
        return [r for r in self.rows if r.appointment.starts_at.astimezone(zone).date() == day]


def days_of(view: View, day: date) -> list[date]:
    first = day - timedelta(days=day.weekday()) if view == "week" else day
    return [first + timedelta(days=n) for n in range(7 if view == "week" else 1)]


def today(tenant: Tenant) -> date:
    return utcnow().astimezone(zone_of(tenant)).date()


async def calendar(
    session: AsyncSession,
    tenant: Tenant,
    *,
    view: View,
    day: date,
    branch_id: int | None = None,
    staff_id: int | None = None,
    offset: int = 0,
    limit: int = MAX_PAGE,
) -> Calendar:
    """The appointments of the day (or the week holding `day`), of one branch and/or staff member of the tenant's
    (another business's branch or staff id is not found), earliest first, paged."""
    if branch_id is not None:
        await tenants.get_branch(session, tenant, branch_id, field="branch")
    if staff_id is not None:
        await staff.get(session, tenant, staff_id, field="staff")
    days = days_of(view, day)
    zone = zone_of(tenant)
    starts_from = datetime.combine(days[0], time(), zone).astimezone(UTC)
    starts_before = datetime.combine(days[-1] + timedelta(days=1), time(), zone).astimezone(UTC)
    limit = max(1, min(limit, MAX_PAGE))
    rows, total = await AppointmentListRepository(session).window(
        tenant.business_id,
        starts_from=starts_from,
        starts_before=starts_before,
        branch_id=branch_id,
        staff_id=staff_id,
        offset=max(offset, 0),
        limit=limit,
    )
    return Calendar(view, days, rows, total, max(offset, 0), limit)


async def of_contact(
    session: AsyncSession,
    tenant: Tenant,
    *,
    client_id: int | None = None,
    staff_id: int | None = None,
    limit: int = 20,
) -> tuple[list[AppointmentRow], list[AppointmentRow]]:
    """A client's or staff member's next appointments (soonest first) and latest past ones (latest first)."""
    repository = AppointmentListRepository(session)
    now = utcnow()
    ids = {"client_id": client_id, "staff_id": staff_id}
    upcoming = await repository.of_contact(tenant.business_id, **ids, now=now, upcoming=True, limit=limit)
    past = await repository.of_contact(tenant.business_id, **ids, now=now, upcoming=False, limit=limit)
    return upcoming, past
