"""Booking tickets and their time slots, the vendor's own way to the ids a booking item takes: a booking ticket is a
reservable product (same id), and its time slots are the product's (core/time_slots.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import reservable_products, time_slots
from clientbook.core.errors import ReservableProductNotFound
from clientbook.edge.deps import SessionDep

from .. import mapping_bookings as mapping
from ..auth import CallerDep
from ..conventions import body_id, bool_param, parse_datetime, path_id, text_param
from ._common import empty_resource, not_found_as, one, small

router = APIRouter()


def _property_filter(request: Request) -> bool:
    """A booking-ticket property filter (id and value; either alone is ignored, as the spec says): products carry no
    booking-ticket properties, so it matches none."""
    return bool(
        text_param(request, "booking_ticket_property_id") and text_param(request, "booking_ticket_property_value")
    )


@router.get("/booking-tickets", summary="getBookingTickets")
async def list_booking_tickets(request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    body_id(text_param(request, "customer_id"), "customer_id")  # any customer may book any ticket
    bool_param(request, "valid_only")  # tickets have no validity of their own: every one is valid
    found = [] if _property_filter(request) else await reservable_products.matching(session, caller.tenant)
    records = [mapping.booking_ticket(p, caller.tenant.time_zone) for p in found]
    return listed.answer("booking_tickets", records)


@router.get("/booking-tickets/{booking_ticket_id}", summary="getBookingTicket")
async def get_booking_ticket(booking_ticket_id: str, caller: CallerDep, session: SessionDep) -> Any:
    found = await one(
        session, caller.tenant, reservable_products.get, ReservableProductNotFound, "booking-tickets", booking_ticket_id
    )
    return {"data": mapping.booking_ticket(found, caller.tenant.time_zone)}


@router.get("/booking-tickets/{booking_ticket_id}/time-slots", summary="getSubBookingTicketsTimeSlots")
async def list_time_slots(booking_ticket_id: str, request: Request, caller: CallerDep, session: SessionDep) -> Any:
    listed = small(request)
    tz = caller.tenant.time_zone
    product_id = path_id(booking_ticket_id, "booking-tickets")
    body_id(text_param(request, "customer_id"), "customer_id")
    with not_found_as(ReservableProductNotFound, "booking-tickets", booking_ticket_id):
        slots = await time_slots.of_product(
            session,
            caller.tenant,
            product_id,
            starts_from=parse_datetime(text_param(request, "time_from"), "time_from", tz),
            starts_before=parse_datetime(text_param(request, "time_to"), "time_to", tz),
            free=bool_param(request, "free_only"),
        )
    records = [] if _property_filter(request) else [mapping.time_slot(s, tz) for s in slots]
    return listed.answer("time_slots", records)


empty_resource(
    router,
    "/booking-ticket-properties/{booking_ticket_property_id}",
    "booking_ticket_properties",
    list_summary="getBookingTicketProperties",
    get_summary="getBookingTicketProperty",
)
