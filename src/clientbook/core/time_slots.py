"""Time slots: when a reservable product can be booked, derived, never stored.

A product's slots are its opening hours cut into pieces of its length (09:00–12:00 at 45 minutes: 09:00, 09:45,
10:30, 11:15), in the business's time zone. How full a slot is comes from the live appointments overlapping it: the
product's own bookings take one place each out of its capacity, and when the product books a practitioner, any other
appointment of theirs at that time fills it. Cancelling, deleting or moving an appointment, or changing the opening
hours, changes the slots at once: there is nothing to keep in step.

A slot is named by its product and start (`SlotKey`); booking it (`claim`) checks that the product still offers that
start and has a place left, with the product's row locked so two bookings of the last place take turns."""

from __future__ import annotations

import builtins
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Appointment, utcnow
from clientbook.store.models.reservable_products import ReservableProduct
from clientbook.store.repositories.reservable_products import ReservableProductRepository

from . import booking_statuses, reservable_products
from .appointment_lists import zone_of
from .errors import Reason, ReservableProductNotFound, ValidationFailed
from .reservable_products import opening_of
from .types import Tenant

# An appointment is looked for this far before a slot: one that started earlier still running then is not seen.
LONGEST_APPOINTMENT = timedelta(hours=24)
SEARCH_DAYS = 14  # how far ahead a search offers free slots, and a product's slots are listed by default
MAX_WINDOW = timedelta(days=366)  # the longest time a list of one product's slots covers


@dataclass(frozen=True, slots=True)
class SlotKey:
    product_id: int
    starts_at: datetime  # UTC


@dataclass(frozen=True, slots=True)
class TimeSlot:
    product: ReservableProduct
    starts_at: datetime
    ends_at: datetime
    taken: int  # places taken: the whole capacity when the practitioner is busy elsewhere

    @property
    def key(self) -> SlotKey:
        return SlotKey(self.product.id, self.starts_at)

    @property
    def free(self) -> int:
        return max(self.product.capacity - self.taken, 0)


def _starts(product: ReservableProduct, zone: ZoneInfo, first: date, last: date) -> Iterator[datetime]:
    """The UTC starts of the product's slots on the local days first..last."""
    step = timedelta(minutes=product.duration_minutes)
    opening = opening_of(product)
    day = first
    while day <= last:
        for interval in (o for o in opening if o.day == day.weekday()):
            start, end = datetime.combine(day, interval.opens), datetime.combine(day, interval.closes)
            while start + step <= end:
                utc = start.replace(tzinfo=zone).astimezone(UTC)
                if utc.astimezone(zone).replace(tzinfo=None) == start:  # a wall time the clock skips (DST) has no slot
                    yield utc
                start += step
        day += timedelta(days=1)


def _ends(appointment: Appointment) -> datetime:
    # An appointment without a length takes the slot it starts in.
    length = timedelta(minutes=appointment.duration_minutes) if appointment.duration_minutes else timedelta(seconds=1)
    return appointment.starts_at + length


def _fill(
    product: ReservableProduct,
    start: datetime,
    appointments: builtins.list[Appointment],
    starts: builtins.list[datetime],
) -> TimeSlot:
    end = start + timedelta(minutes=product.duration_minutes)
    taken, busy_elsewhere = 0, False
    for appointment in appointments[bisect_left(starts, start - LONGEST_APPOINTMENT) : bisect_left(starts, end)]:
        if _ends(appointment) <= start:
            continue
        if appointment.reservable_product_id == product.id:
            taken += appointment.places
        else:
            busy_elsewhere = True
    return TimeSlot(product, start, end, product.capacity if busy_elsewhere else taken)


async def offered(
    session: AsyncSession, tenant: Tenant, product: ReservableProduct, *, starts_from: datetime, starts_before: datetime
) -> builtins.list[TimeSlot]:
    """The product's slots starting in [starts_from, starts_before), in time order, with how full each is."""
    zone = zone_of(tenant)
    first, last = starts_from.astimezone(zone).date(), starts_before.astimezone(zone).date()
    wanted = sorted({s for s in _starts(product, zone, first, last) if starts_from <= s < starts_before})
    if not wanted:
        return []
    appointments = await ReservableProductRepository(session).occupying(
        tenant.business_id,
        product.id,
        product.staff_id,
        starts_from=wanted[0] - LONGEST_APPOINTMENT,
        starts_before=wanted[-1] + timedelta(minutes=product.duration_minutes),
        released_states=booking_statuses.RELEASES_SLOT,
    )
    starts = [a.starts_at for a in appointments]
    return [_fill(product, start, appointments, starts) for start in wanted]


async def free_matching(
    session: AsyncSession, tenant: Tenant, text: str, *, now: datetime | None = None
) -> builtins.list[TimeSlot]:
    """The free slots of the next SEARCH_DAYS days of every product whose name or code holds `text`
    (case-insensitive; empty: every product), earliest first."""
    now = now or utcnow()
    products = await ReservableProductRepository(session).matching(tenant.business_id, text=text.strip() or None)
    found: builtins.list[TimeSlot] = []
    for product in products:
        slots = await offered(
            session, tenant, product, starts_from=now, starts_before=now + timedelta(days=SEARCH_DAYS)
        )
        found += [s for s in slots if s.free > 0]
    return sorted(found, key=lambda s: (s.starts_at, s.product.id))


def _refuse_unless_room(slot: TimeSlot, places: int, field: str) -> None:
    if slot.free < places:
        left = f"only {slot.free} place(s) are left" if slot.free else "the time slot is fully booked"
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, left, places)


async def of_product(
    session: AsyncSession,
    tenant: Tenant,
    product_id: int,
    *,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    free: bool | None = None,
    product_field: str = "product_id",
) -> builtins.list[TimeSlot]:
    """One product's slots starting in the window (default: from now, SEARCH_DAYS days; at most MAX_WINDOW), in
    time order: only those with a place left (`free`), only full ones (`free=False`), or all."""
    product = await reservable_products.get(session, tenant, product_id, field=product_field)
    starts_from = starts_from or utcnow()
    starts_before = starts_before or starts_from + timedelta(days=SEARCH_DAYS)
    if starts_before - starts_from > MAX_WINDOW:
        raise ValidationFailed.single("time_to", Reason.NOT_ALLOWED, "time_to is at most 366 days after time_from")
    slots = await offered(session, tenant, product, starts_from=starts_from, starts_before=starts_before)
    return [s for s in slots if free is None or (s.free > 0) == free]


async def claim(session: AsyncSession, tenant: Tenant, key: SlotKey, *, places: int = 1, field: str) -> dict[str, Any]:
    """The appointment values of a booking taking `places` of the slot `key` (refused, naming `field`, when the
    product is not the tenant's, does not offer that start, the slot has begun, or has not that many places left)."""
    product = await ReservableProductRepository(session).lock(tenant.business_id, key.product_id)
    if product is None or product.deleted_at is not None:
        raise ReservableProductNotFound(field=field, id=key.product_id)
    if key.starts_at <= utcnow():
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, "the time slot has already begun")
    slots = await offered(
        session, tenant, product, starts_from=key.starts_at, starts_before=key.starts_at + timedelta(seconds=1)
    )
    if not slots:
        raise ValidationFailed.single(field, Reason.NOT_ALLOWED, f"{product.name} offers no time slot then")
    _refuse_unless_room(slots[0], places, field)
    return {
        "reservable_product_id": product.id,
        "places": places,
        "starts_at": key.starts_at,
        "duration_minutes": product.duration_minutes,
        "staff_id": product.staff_id,
        "branch_id": product.branch_id,
    }


async def retake(session: AsyncSession, tenant: Tenant, appointment: Appointment, *, field: str) -> None:
    """Refuse (naming `field`) to make a released booking live again when its slot has no room for it any more. A
    slot the product no longer offers (its hours changed) is not checked: the booking was made when it was."""
    assert appointment.reservable_product_id is not None
    product = await ReservableProductRepository(session).lock(tenant.business_id, appointment.reservable_product_id)
    if product is None:
        return
    at = appointment.starts_at
    slots = await offered(session, tenant, product, starts_from=at, starts_before=at + timedelta(seconds=1))
    if slots:
        _refuse_unless_room(slots[0], appointment.places, field)
