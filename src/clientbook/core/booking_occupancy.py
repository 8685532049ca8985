"""How busy bookings are (CareCloud `average-booking-busy-times`): over a day, week, month or year, the share of the
reservable products' time slot places that are taken, per hour, day or month, in the business's time zone."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.repositories.reservable_products import ReservableProductRepository

from . import time_slots
from .appointment_lists import zone_of
from .errors import ReservableProductNotFound
from .types import Tenant

Period = Literal["day", "week", "month", "year"]
Unit = Literal["hour", "day", "month"]
UNIT: dict[Period, Unit] = {"day": "hour", "week": "day", "month": "day", "year": "month"}


@dataclass(frozen=True, slots=True)
class Busy:
    label: str  # `HH:00`, `YYYY-MM-DD` or `YYYY-MM`, local
    percent: int  # of the places the slots starting then offer, how many are taken (0 without slots)


def _days(day: date, period: Period) -> tuple[date, date]:
    """The first and last local day of the period holding `day` (weeks begin on Monday)."""
    if period == "day":
        return day, day
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return date(day.year, 1, 1), date(day.year, 12, 31)


def _labels(first: date, last: date, unit: Unit) -> list[str]:
    if unit == "hour":
        return [f"{hour:02d}:00" for hour in range(24)]
    if unit == "month":
        return [f"{first.year}-{month:02d}" for month in range(1, 13)]
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def _label(local: datetime, unit: Unit) -> str:
    if unit == "hour":
        return f"{local.hour:02d}:00"
    return local.strftime("%Y-%m") if unit == "month" else local.date().isoformat()


async def busy_times(
    session: AsyncSession,
    tenant: Tenant,
    day: date,
    period: Period,
    *,
    product_id: int | None = None,
    product_field: str = "product_id",
    property_filter: tuple[str, str] | None = None,
) -> tuple[Unit, list[Busy]]:
    """Every hour, day or month of the period, in order, with how full its slots are (one product's, or all)."""
    unit = UNIT[period]
    first, last = _days(day, period)
    zone = zone_of(tenant)
    starts_from = datetime.combine(first, time(), zone).astimezone(UTC)
    starts_before = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    repository = ReservableProductRepository(session)
    ids = None if product_id is None else [product_id]
    products = await repository.matching(tenant.business_id, ids=ids)
    if product_id is not None and not products:
        raise ReservableProductNotFound(field=product_field, id=product_id)
    if property_filter is not None:
        products = []  # products carry no properties yet: a property filter matches none
    offered: defaultdict[str, int] = defaultdict(int)
    taken: defaultdict[str, int] = defaultdict(int)
    for product in products:
        slots = await time_slots.offered(session, tenant, product, starts_from=starts_from, starts_before=starts_before)
        for slot in slots:
            label = _label(slot.starts_at.astimezone(zone), unit)
            offered[label] += product.capacity
            taken[label] += min(slot.taken, product.capacity)
    return unit, [
        Busy(label, round(100 * taken[label] / offered[label]) if offered[label] else 0)
        for label in _labels(first, last, unit)
    ]
