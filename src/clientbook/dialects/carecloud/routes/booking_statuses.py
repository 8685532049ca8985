"""Booking statuses: the fixed vocabulary of appointment states, named in the reader's language."""

from __future__ import annotations

from fastapi import APIRouter

from clientbook.core import booking_statuses

from .. import mapping_bookings as mapping
from ._common import vocabulary

router = APIRouter()


vocabulary(
    router,
    "/booking-statuses/{booking_status_id}",
    "booking_statuses",
    summaries=("getBookingStatuses", "getBookingStatus"),
    listed=booking_statuses.listed,
    find=booking_statuses.find,
    render=mapping.booking_status,
)
