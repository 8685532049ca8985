"""CareCloud booking tickets (reservable products) and their time slots, the vendor's own way to the ids a booking
takes, each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clientbook.context import Context

from .conftest import Api, MakeApi, create_customer
from .test_reservable_products import booking_body, make_product


def _day(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d")


async def test_tickets_are_the_reservable_products(api: Api, context: Context) -> None:
    product = await make_product(context, api)
    listed = (await api.get("/booking-tickets")).json()["data"]
    assert [(t["ticket_id"], t["name"]) for t in listed["booking_tickets"]] == [(product, "Physiotherapy")]
    assert (await api.get(f"/booking-tickets/{product}")).json()["data"]["ticket_id"] == product
    assert (await api.get("/booking-tickets/999999")).status_code == 404
    by_property = "?booking_ticket_property_id=colour&booking_ticket_property_value=blue"
    assert (await api.get(f"/booking-tickets{by_property}")).json()["data"]["total_items"] == 0


async def test_a_tickets_time_slots_in_a_window_free_or_full_and_booked_by_their_id(api: Api, context: Context) -> None:
    product = await make_product(context, api, capacity=2)
    slots = f"/booking-tickets/{product}/time-slots"
    day = _day(2)
    window = f"?time_from={day} 00:00:00&time_to={day} 23:59:59"
    found = (await api.get(slots + window)).json()["data"]
    assert [(s["valid_from"][11:], s["valid_to"][11:]) for s in found["time_slots"]] == [
        ("09:00:00", "10:00:00"),
        ("10:00:00", "11:00:00"),
        ("11:00:00", "12:00:00"),
    ]
    assert {(s["total_capacity"], s["free_capacity"]) for s in found["time_slots"]} == {(2, 2)}
    customer = await create_customer(api)
    first = found["time_slots"][0]["time_slot_id"]
    for _ in range(2):
        assert (await api.post("/bookings", booking_body(customer, first))).status_code == 201
    free = (await api.get(slots + window + "&free_only=true")).json()["data"]
    full = (await api.get(slots + window + "&free_only=false")).json()["data"]
    assert (free["total_items"], full["total_items"]) == (2, 1)
    assert full["time_slots"][0]["time_slot_id"] == first
    assert full["time_slots"][0]["free_capacity"] == 0
    by_default = (await api.get(slots)).json()["data"]
    assert by_default["total_items"] == 42  # 3 a day for the next 14 days
    page = (await api.get(slots + "?count=2&offset=1&sort_field=valid_from&sort_direction=DESC")).json()["data"]
    assert [s["time_slot_id"] for s in page["time_slots"]] == [
        s["time_slot_id"] for s in reversed(by_default["time_slots"])
    ][1:3]


async def test_a_window_over_a_year_is_refused_and_another_business_has_no_such_ticket(
    api: Api, context: Context, make_tenant: Any, api_for: MakeApi
) -> None:
    product = await make_product(context, api)
    slots = f"/booking-tickets/{product}/time-slots"
    too_long = await api.get(f"{slots}?time_from={_day(1)} 00:00:00&time_to={_day(400)} 00:00:00")
    assert too_long.status_code == 400
    assert too_long.json()["error"]["error_data"]["invalid_params"][0]["name"] == "time_to"
    other = await api_for(await make_tenant())
    assert (await other.get(slots)).status_code == 404
    assert (await other.get(f"/booking-tickets/{product}")).status_code == 404
    assert (await other.get("/booking-tickets")).json()["data"]["total_items"] == 0


async def test_tickets_carry_no_properties(api: Api) -> None:
    listed = (await api.get("/booking-ticket-properties")).json()["data"]
    assert listed == {"booking_ticket_properties": [], "total_items": 0}
    assert (await api.get("/booking-ticket-properties/1")).status_code == 404
    assert (await api.get("/booking-ticket-properties?count=0")).status_code == 400
