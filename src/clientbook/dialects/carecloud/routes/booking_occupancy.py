"""bookings/actions/average-booking-busy-times: how full the reservable products' time slots are over a period."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import booking_occupancy
from clientbook.core.errors import Reason, ValidationFailed
from clientbook.edge.deps import ContextDep, SessionDep

from .. import wire_bookings as wire
from ..auth import CallerDep
from ..conventions import body_id, parse_date
from ._common import body

router = APIRouter()


@router.post("/bookings/actions/average-booking-busy-times", summary="postBookingBusyTimes")
async def average_booking_busy_times(
    request: Request, caller: CallerDep, context: ContextDep, session: SessionDep
) -> Any:
    given = await body(request, context, wire.BusyTimesQuery)
    day = parse_date(given.booking_date, "booking_date")
    if day is None:
        raise ValidationFailed.single("booking_date", Reason.REQUIRED, "booking_date is required")
    # Our booking tickets are the reservable products: a ticket id is a product id.
    product_id = body_id(given.booking_ticket_id, "booking_ticket_id")
    # The spec ignores a property id without a value, and a value without an id.
    properties = None
    if given.booking_property_id and given.booking_property_value:
        properties = (given.booking_property_id, given.booking_property_value)
    unit, chart = await booking_occupancy.busy_times(
        session,
        caller.tenant,
        day,
        given.time_period,
        product_id=product_id,
        product_field="booking_ticket_id",
        property_filter=properties,
    )
    points = [{"x_axis_value": b.label, "y_axis_value": str(b.percent)} for b in chart]
    return {"data": {"time_unit": unit, "chart_data": points}}
