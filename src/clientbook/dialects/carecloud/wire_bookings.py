"""CareCloud request bodies around bookings: the reservable-product search and the busy-times action."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

from .wire import IdText, Text, _Wire


class ReservableProductSearch(_Wire):
    search_string: Annotated[StrictStr, Field(max_length=200)]


class BusyTimesQuery(_Wire):
    booking_date: StrictStr
    time_period: Literal["day", "week", "month", "year"]
    booking_ticket_id: IdText = None
    booking_property_id: Text = None
    booking_property_value: Text = None
