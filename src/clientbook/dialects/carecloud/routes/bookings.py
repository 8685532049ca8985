"""Bookings (appointments): list, read, create, change, delete. A booking is one appointment; its one booking item
is a time slot: one a reservable product offers (`<product_id>@…Z`, as search-reservable-products hands it out), or
a free-form start `YYYY-MM-DDTHH:MM:SS[/minutes]` for an appointment that books no product."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import appointment_lists, appointments, time_slots
from clientbook.core.appointments import AppointmentChanges
from clientbook.core.errors import AppointmentNotFound, Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep
from clientbook.store.models import Appointment

from .. import mapping, mapping_bookings, mapping_records, wire
from ..auth import Caller, CallerDep, own_customer
from ..conventions import (
    Interface,
    ResourceNotFound,
    array_param,
    body_id,
    created,
    is_vendor_id,
    listing,
    no_content,
    page,
    parse_datetime,
    sort,
    text_param,
)
from ._common import body, one, own_filter, wire_names

router = APIRouter(route_class=wire_names(mapping.BOOKING_WIRE_NAMES))

SORT_FIELDS = {
    "booking_id": "id",
    "customer_id": "client_id",
    "booking_status": "state",
    "created_at": "created_at",
    "last_change": "updated_at",
}
_SLOT = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:/(\d{1,4}))?$")
ITEMS = ("none", "items-only", "full")
SLOT_FIELD = "booking.booking_items.0.time_slot_id"


def _slot(raw: str, time_zone: str) -> tuple[datetime, int | None]:
    field = SLOT_FIELD
    match = _SLOT.match(raw.strip())
    if not match and is_vendor_id(raw):
        raise ResourceNotFound("time-slots", raw.strip())
    if not match:
        raise ValidationFailed.single(
            field, Reason.INVALID_FORMAT, f"{field} must be a slot as YYYY-MM-DDTHH:MM:SS[/minutes]", raw
        )
    start = parse_datetime(match.group(1), field, time_zone)
    assert start is not None
    minutes = int(match.group(2)) if match.group(2) else None
    return start, minutes


async def _booking(session: AsyncSession, caller: Caller, raw: str) -> Appointment:
    appointment = await one(session, caller.tenant, appointments.get, AppointmentNotFound, "bookings", raw)
    own_customer(caller, appointment.client_id)
    return appointment


@router.get("/bookings", summary="getBookings")
async def list_bookings(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    paging = page(request)
    order = sort(request, SORT_FIELDS)
    items = text_param(request, "add_booking_items") or "none"
    if items not in ITEMS:
        raise ValidationFailed.single(
            "add_booking_items", Reason.NOT_ALLOWED, "add_booking_items is full, items-only or none"
        )
    client_id = own_filter(request, caller)
    statuses = array_param(request, "booking_statuses")
    single = text_param(request, "booking_status")
    if single is not None:
        statuses = [single] if statuses is None or single in statuses else []
    rows, total = await appointment_lists.page(
        session,
        caller.tenant,
        client_id=client_id,
        states=statuses,
        order=SORT_FIELDS[order.field] if order.field else "id",
        descending=order.descending,
        offset=paging.offset,
        limit=paging.count,
    )
    tz = caller.tenant.time_zone
    return listing("bookings", [mapping_records.booking(a, tz, with_items=items != "none") for a in rows], total)


@router.post("/bookings", summary="postBooking", status_code=201)
async def create_booking(request: Request, caller: CallerDep, context: ContextDep, session: SessionDep) -> JSONResponse:
    given = (await body(request, context, wire.BookingBody)).booking
    if len(given.booking_items) != 1:
        raise ValidationFailed.single(
            "booking.booking_items", Reason.NOT_ALLOWED, "booking.booking_items must hold exactly one time slot"
        )
    item = given.booking_items[0]
    client_id = body_id(given.customer_id or item.customer_id, "booking.customer_id")
    if caller.interface is Interface.CUSTOMER:
        if client_id is not None:
            own_customer(caller, client_id)
        client_id = caller.customer_id
    if client_id is None:
        raise ValidationFailed.single("booking.customer_id", Reason.REQUIRED, "booking.customer_id is required")
    extra = {
        "utm": given.utm.model_dump(exclude_none=True) if given.utm else None,
        "data": given.data,
        "capacity_taken": item.capacity_taken,
    }
    values: dict[str, Any] = {"client_id": client_id, "extra": {mapping.EXTRA: extra}}
    key = mapping_bookings.slot_key(item.time_slot_id)
    if key is not None:
        places = item.capacity_taken or 1  # the spec's default
        values |= await time_slots.claim(session, caller.tenant, key, places=places, field=SLOT_FIELD)
    else:
        values["starts_at"], values["duration_minutes"] = _slot(item.time_slot_id, caller.tenant.time_zone)
    if given.booking_status:
        values["state"] = given.booking_status
    appointment = await appointments.create(session, caller.tenant, AppointmentChanges(**values))
    return created("booking_id", appointment.id)


@router.get("/bookings/{booking_id}", summary="getBooking")
async def get_booking(booking_id: str, caller: CallerDep, session: SessionDep) -> Any:
    appointment = await _booking(session, caller, booking_id)
    return {"data": mapping_records.booking(appointment, caller.tenant.time_zone, with_items=True)}


@router.put("/bookings/{booking_id}", summary="putBooking", status_code=204)
async def put_booking(
    booking_id: str, request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Response:
    appointment = await _booking(session, caller, booking_id)
    given = (await body(request, context, wire.BookingUpdateBody)).booking
    values: dict[str, Any] = {}
    if given.customer_id is not None:
        client_id = body_id(given.customer_id, "booking.customer_id")
        assert client_id is not None
        own_customer(caller, client_id)
        values["client_id"] = client_id
    if given.booking_status is not None:
        values["state"] = given.booking_status
    if "data" in given.model_fields_set:
        extra = dict((appointment.extra or {}).get(mapping.EXTRA) or {})
        values["extra"] = {mapping.EXTRA: {**extra, "data": given.data}}
    await appointments.update(session, caller.tenant, appointment.id, AppointmentChanges(**values))
    return no_content()


@router.delete("/bookings/{booking_id}", summary="deleteBooking", status_code=204)
async def delete_booking(booking_id: str, caller: CallerDep, session: SessionDep) -> Response:
    appointment = await _booking(session, caller, booking_id)
    await appointments.delete(session, caller.tenant, appointment.id)
    return no_content()
