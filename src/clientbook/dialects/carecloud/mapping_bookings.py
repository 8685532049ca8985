"""CareCloud wire ↔ core for what bookings are made of: booking statuses, reservable products and their time slots.
Pure functions, no I/O.

A time slot's id names its product and its start in UTC, `<product_id>@YYYY-MM-DDTHH:MM:SSZ`: it is the slot
itself, so it needs no table, reads the same whatever the business's time zone, and never means two times when
clocks go back."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from clientbook.core.booking_statuses import BookingStatus
from clientbook.core.time_slots import SlotKey, TimeSlot
from clientbook.store.models.reservable_products import ReservableProduct

from .conventions import compact, render_datetime, render_id
from .mapping import state_of

_SLOT_ID = re.compile(r"^(\d{1,18})@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})Z$")


def booking_status(status: BookingStatus) -> dict[str, Any]:
    return {"booking_status_id": status.id, "name": status.name, "state": 1}


def slot_id(key: SlotKey) -> str:
    return f"{key.product_id}@{key.starts_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S')}Z"


def slot_key(raw: str) -> SlotKey | None:
    """The slot a reservable product's time slot id names, or None when `raw` is not one."""
    match = _SLOT_ID.match(raw.strip())
    if not match:
        return None
    try:
        start = datetime.fromisoformat(match.group(2)).replace(tzinfo=UTC)
    except ValueError:
        return None
    return SlotKey(int(match.group(1)), start)


def _hours(product: ReservableProduct) -> str:
    return ", ".join(f"{h['day']} {h['from']}-{h['to']}" for h in product.opening_hours or [])


def _property(property_id: str, name: str, value: object) -> dict[str, Any]:
    # Text, always: the spec's `property_value` is oneOf string/number/integer/…, so a whole number matches two of
    # them and is invalid there.
    return {"property_id": property_id, "property_name": name, "property_value": str(value)}


def reservable_product(product: ReservableProduct, time_zone: str) -> dict[str, Any]:
    """The product as the spec's Product; what makes it bookable (length, capacity, hours, store, practitioner)
    has no field there, so it is listed in `additional_properties`."""
    properties = [
        _property("duration_minutes", "Duration (minutes)", product.duration_minutes),
        _property("capacity", "Bookings per time slot", product.capacity),
        _property("opening_hours", "Opening hours", _hours(product)),
    ]
    if product.branch_id is not None:
        properties.append(_property("store_id", "Store", render_id(product.branch_id)))
    if product.staff_id is not None:
        properties.append(_property("staff_id", "Practitioner", render_id(product.staff_id)))
    return compact(
        {
            "product_id": str(product.id),
            "name": product.name,
            "code": product.code,
            "plu_ids": [],
            "prices": [],
            "additional_properties": properties,
            "image_urls": [],
            "tags": [],
            "last_change": render_datetime(product.updated_at, time_zone),
            "state": state_of(product.deleted_at),
        }
    )


def search_result(slot: TimeSlot, time_zone: str) -> dict[str, Any]:
    """A free time slot found by search-reservable-products: `resource_id` is the id POST /bookings takes."""
    starts = render_datetime(slot.starts_at, time_zone) or ""
    ends = (render_datetime(slot.ends_at, time_zone) or "")[11:16]
    return {
        "search_result_string": f"{slot.product.name} {starts[:16]}-{ends}",
        "resource_id": slot_id(slot.key),
        "flags": [{"name": f"{slot.free} of {slot.product.capacity} free", "text_id": "free_capacity"}],
    }


def booking_ticket(product: ReservableProduct, time_zone: str) -> dict[str, Any]:
    """A reservable product as the booking ticket its time slots belong to (the ticket id is the product id)."""
    return compact(
        {
            "ticket_id": str(product.id),
            "name": product.name,
            "created_at": render_datetime(product.created_at, time_zone),
            "state": 1,
            "last_change": render_datetime(product.updated_at, time_zone),
        }
    )


def time_slot(slot: TimeSlot, time_zone: str) -> dict[str, Any]:
    return {
        "time_slot_id": slot_id(slot.key),
        "ticket_id": str(slot.product.id),
        "valid_from": render_datetime(slot.starts_at, time_zone),
        "valid_to": render_datetime(slot.ends_at, time_zone),
        "total_capacity": slot.product.capacity,
        "free_capacity": slot.free,
        "state": 1,
    }
