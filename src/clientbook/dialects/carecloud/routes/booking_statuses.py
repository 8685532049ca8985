"""Booking statuses: the fixed vocabulary of appointment states, named in the reader's language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from clientbook.core import booking_statuses

from .. import mapping_bookings as mapping
from ..auth import CallerDep
from ..conventions import ResourceNotFound, language
from ._common import small

router = APIRouter()


@router.get("/booking-statuses", summary="getBookingStatuses")
async def list_booking_statuses(request: Request, caller: CallerDep) -> Any:
    listed = small(request)
    records = [mapping.booking_status(s) for s in booking_statuses.listed(language(request, caller.tenant.language))]
    return listed.answer("booking_statuses", records)


@router.get("/booking-statuses/{booking_status_id}", summary="getBookingStatus")
async def get_booking_status(booking_status_id: str, request: Request, caller: CallerDep) -> Any:
    found = booking_statuses.find(booking_status_id, language(request, caller.tenant.language))
    if found is None:
        raise ResourceNotFound("booking-statuses", booking_status_id)
    return {"data": mapping.booking_status(found)}
