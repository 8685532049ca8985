"""Time slots in the core: cut from a product's opening hours in the business's time zone (also on the days clocks
change), filled by the product's appointments and its practitioner's others; opening hours are checked when set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from clientbook.context import Context
from clientbook.core import appointments, clients, reservable_products, staff, time_slots
from clientbook.core.appointments import AppointmentChanges
from clientbook.core.clients import ClientChanges
from clientbook.core.errors import ValidationFailed
from clientbook.core.reservable_products import ProductChanges
from clientbook.core.staff import StaffChanges
from clientbook.core.types import Tenant
from tests.conftest import TenantFactory

PRAGUE = "Europe/Prague"


def _tenant(made: dict[str, Any], time_zone: str = "UTC") -> Tenant:
    return Tenant(made["business"]["id"], time_zone=time_zone, actor="test")


async def test_slots_follow_the_wall_clock_across_the_spring_change(
    context: Context, make_tenant: TenantFactory
) -> None:
    tenant = _tenant(await make_tenant(), PRAGUE)
    night = [{"day": "SUN", "from": "01:00", "to": "04:00"}]
    async with context.db.transaction() as session:
        product = await reservable_products.create(
            session, tenant, ProductChanges(name="Night shift", duration_minutes=60, opening_hours=night)
        )
        # 2027-03-28: Prague's clocks jump from 02:00 to 03:00, so 02:00 is no time of that day.
        day_start = datetime(2027, 3, 27, 23, 0, tzinfo=UTC)
        slots = await time_slots.offered(
            session, tenant, product, starts_from=day_start, starts_before=day_start + timedelta(days=1)
        )
    assert [s.starts_at.strftime("%H:%M") for s in slots] == ["00:00", "01:00"]  # 01:00 CET, 03:00 CEST


async def test_the_practitioners_other_appointment_fills_the_products_slot(
    context: Context, make_tenant: TenantFactory
) -> None:
    tenant = _tenant(await make_tenant())
    hours = [{"day": d, "from": "09:00", "to": "11:00"} for d in ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")]
    day = (datetime.now(UTC) + timedelta(days=2)).replace(hour=0, minute=0, second=0, microsecond=0)
    async with context.db.transaction() as session:
        member = await staff.create(session, tenant, StaffChanges(first_name="Eva", last_name="Dvořák"))
        client = await clients.create(session, tenant, ClientChanges(first_name="Ada", last_name="King"))
        product = await reservable_products.create(
            session,
            tenant,
            ProductChanges(name="Consultation", duration_minutes=60, staff_id=member.id, opening_hours=hours),
        )
        # Booked elsewhere (another dialect, no product) from 09:30: both slots it overlaps are full.
        at = day + timedelta(hours=9, minutes=30)
        await appointments.create(
            session,
            tenant,
            AppointmentChanges(client_id=client.id, staff_id=member.id, starts_at=at, duration_minutes=45),
        )
        slots = await time_slots.offered(
            session, tenant, product, starts_from=day, starts_before=day + timedelta(days=1)
        )
    assert [(s.starts_at.hour, s.free) for s in slots] == [(9, 0), (10, 0)]


@pytest.mark.parametrize(
    ("hours", "field"),
    [
        ([{"day": "MONDAY", "from": "09:00", "to": "10:00"}], "opening_hours.0.day"),
        ([{"day": "MON", "from": "10:00", "to": "09:00"}], "opening_hours.0.to"),
        ([{"day": "MON", "from": "9", "to": "10:00"}], "opening_hours.0"),
    ],
)
async def test_opening_hours_that_are_no_time_are_refused_naming_the_interval(
    context: Context, make_tenant: TenantFactory, hours: list[dict[str, str]], field: str
) -> None:
    tenant = _tenant(await make_tenant())
    with pytest.raises(ValidationFailed) as refused:
        async with context.db.transaction() as session:
            await reservable_products.create(
                session, tenant, ProductChanges(name="X", duration_minutes=30, opening_hours=hours)
            )
    assert [e.field for e in refused.value.errors] == [field]
