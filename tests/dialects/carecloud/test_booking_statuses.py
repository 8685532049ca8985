"""CareCloud booking statuses (the appointment states, named in the reader's language) and the busy-times action
(how full the reservable products' slots are), each answer validated against the vendor's spec."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from clientbook.context import Context
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer
from .test_reservable_products import booking_body, business, make_product, written

BUSY = "/bookings/actions/average-booking-busy-times"


async def test_booking_statuses_are_named_in_the_readers_language(api: Api) -> None:
    listed = (await api.get("/booking-statuses", headers={"Accept-Language": "cs"})).json()["data"]
    names = {s["booking_status_id"]: s["name"] for s in listed["booking_statuses"]}
    assert names["idle"] == "Rezervováno"
    assert names["cancelled"] == "Zrušeno"
    assert listed["total_items"] == len(names) == 5
    one = (await api.get("/booking-statuses/confirmed", headers={"Accept-Language": "en"})).json()["data"]
    assert one == {"booking_status_id": "confirmed", "name": "Confirmed", "state": 1}
    assert (await api.get("/booking-statuses/unheard-of")).status_code == 404
    page = (await api.get("/booking-statuses?sort_field=name&count=2&offset=1")).json()["data"]
    assert len(page["booking_statuses"]) == 2
    assert page["total_items"] == 5


async def test_a_booking_status_no_one_listed_is_refused_naming_it(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    item = {"time_slot_id": "2026-12-24T10:00:00", "created_at": "2026-01-01 00:00:00"}
    body = {"booking": {"customer_id": customer, "booking_status": "maybe", "booking_items": [item], "created_at": "x"}}
    before = await written(read, business(api))
    response = await api.post("/bookings", body)
    assert response.status_code == 400
    [problem] = response.json()["error"]["error_data"]["invalid_params"]
    assert (problem["name"], problem["reason"]) == ("booking.booking_status", "not_found")
    assert await written(read, business(api)) == before


def _tomorrow() -> datetime:
    return datetime.now(UTC) + timedelta(days=1)


async def test_busy_times_are_the_share_of_places_taken_per_hour_and_per_day(api: Api, context: Context) -> None:
    product = await make_product(context, api, capacity=2)
    customer = await create_customer(api)
    day = _tomorrow().strftime("%Y-%m-%d")
    assert (await api.post("/bookings", booking_body(customer, f"{product}@{day}T10:00:00Z"))).status_code == 201
    hours = (await api.post(BUSY, {"booking_date": day, "time_period": "day"})).json()["data"]
    assert hours["time_unit"] == "hour"
    chart = {p["x_axis_value"]: p["y_axis_value"] for p in hours["chart_data"]}
    assert len(chart) == 24
    assert (chart["09:00"], chart["10:00"], chart["11:00"], chart["15:00"]) == ("0", "50", "0", "0")
    week = (await api.post(BUSY, {"booking_date": day, "time_period": "week"})).json()["data"]
    days = {p["x_axis_value"]: p["y_axis_value"] for p in week["chart_data"]}
    assert (week["time_unit"], len(days), days[day]) == ("day", 7, "17")  # 1 of 6 places that day
    year = (await api.post(BUSY, {"booking_date": day, "time_period": "year"})).json()["data"]
    assert [p["x_axis_value"][5:] for p in year["chart_data"]] == [f"{m:02d}" for m in range(1, 13)]
    one = await api.post(BUSY, {"booking_date": day, "time_period": "day", "booking_ticket_id": product})
    assert one.json()["data"]["chart_data"] == hours["chart_data"]
    by_property = {"booking_property_id": "colour", "booking_property_value": "blue"}
    filtered = (await api.post(BUSY, {"booking_date": day, "time_period": "day", **by_property})).json()["data"]
    assert {p["y_axis_value"] for p in filtered["chart_data"]} == {"0"}


async def test_busy_times_refuse_a_bad_period_or_date_and_another_business_product(
    api: Api, context: Context, make_tenant: Any, api_for: MakeApi
) -> None:
    product = await make_product(context, api)
    for body, field in [
        ({"booking_date": "2026-12-01", "time_period": "decade"}, "time_period"),
        ({"booking_date": "01.12.2026", "time_period": "day"}, "booking_date"),
        ({"time_period": "day"}, "booking_date"),
    ]:
        response = await api.post(BUSY, body)
        assert response.status_code == 400, body
        assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] == field
    other = await api_for(await make_tenant())
    theirs = await other.post(BUSY, {"booking_date": "2026-12-01", "time_period": "day", "booking_ticket_id": product})
    assert theirs.status_code == 400
    [problem] = theirs.json()["error"]["error_data"]["invalid_params"]
    assert (problem["name"], problem["reason"]) == ("booking_ticket_id", "not_found")
