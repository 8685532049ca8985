"""CareCloud reservable products and their time slots: products as the operator set them up, the free slots
search-reservable-products hands out, and bookings taking them (issue 13: bookings accept those ids), each answer
validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import reservable_products
from clientbook.core.reservable_products import ProductChanges
from clientbook.core.types import Tenant
from clientbook.store.models import Appointment, Event
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer

EVERY_DAY = [{"day": d, "from": "09:00", "to": "12:00"} for d in ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")]
SLOT = "booking.booking_items.0.time_slot_id"


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def make_product(context: Context, api: Api, **changes: Any) -> str:
    """A product as the operator creates it (the vendor's API only reads them)."""
    values: dict[str, Any] = {"name": "Physiotherapy", "duration_minutes": 60, "opening_hours": EVERY_DAY, **changes}
    async with context.db.transaction() as session:
        product = await reservable_products.create(session, Tenant(business(api)), ProductChanges(**values))
    return str(product.id)


async def search(api: Api, text: str, query: str = "") -> dict[str, Any]:
    response = await api.post(
        f"/reservable-products/actions/search-reservable-products{query}", {"search_string": text}
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["data"]
    return found


def booking_body(customer: str, slot: str) -> dict[str, Any]:
    item = {"time_slot_id": slot, "created_at": "2026-01-01 10:00:00"}
    return {"booking": {"customer_id": customer, "booking_items": [item], "created_at": "2026-01-01 10:00:00"}}


async def written(read: Read, business_id: int) -> tuple[int, int]:
    """(appointments, events) of the business: what a refused booking must leave as it was."""

    async def count(session: Any) -> tuple[int, int]:
        counts = []
        for model in (Appointment, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            counts.append(int(await session.scalar(query) or 0))
        return counts[0], counts[1]

    result: tuple[int, int] = await read(count)
    return result


async def test_products_list_filter_and_read_with_what_makes_them_bookable(api: Api, context: Context) -> None:
    physio = await make_product(context, api, code="PT60", capacity=3)
    await make_product(context, api, name="Massage", duration_minutes=30)
    listed = (await api.get("/reservable-products?name=PHYSIO")).json()["data"]
    assert [p["product_id"] for p in listed["reservable_products"]] == [physio]
    assert listed["total_items"] == 1
    assert (await api.get("/reservable-products?code=PT60")).json()["data"]["total_items"] == 1
    assert (await api.get("/reservable-products?tag_ids[]=1")).json()["data"]["total_items"] == 0
    by_name = (await api.get("/reservable-products?sort_field=name&sort_direction=DESC")).json()["data"]
    assert [p["name"] for p in by_name["reservable_products"]] == ["Physiotherapy", "Massage"]
    one = (await api.get(f"/reservable-products/{physio}")).json()["data"]
    properties = {p["property_id"]: p["property_value"] for p in one["additional_properties"]}
    assert properties["duration_minutes"] == "60"
    assert properties["capacity"] == "3"
    assert properties["opening_hours"].startswith("MON 09:00-12:00")
    assert (await api.get("/reservable-products/999999")).status_code == 404


async def test_search_offers_the_free_slots_of_the_next_two_weeks_cut_from_the_opening_hours(
    api: Api, context: Context
) -> None:
    await make_product(context, api, name="Physiotherapy")
    await make_product(context, api, name="Massage")
    found = await search(api, "physio")
    # 09:00, 10:00 and 11:00 on each of 14 days (today's only those still to come, and one more day's instead).
    assert 14 * 3 <= found["total_items"] <= 15 * 3
    first = found["search_results"][0]
    assert first["search_result_string"].startswith("Physiotherapy ")
    assert first["search_result_string"].endswith(":00")
    assert first["flags"] == [{"name": "1 of 1 free", "text_id": "free_capacity"}]
    everything = await search(api, "")
    assert everything["total_items"] == 2 * found["total_items"]
    paged = await search(api, "physio", "?count=5&offset=3")
    assert paged["search_results"] == found["search_results"][3:8]
    assert paged["total_items"] == found["total_items"]


async def test_a_booking_takes_the_slot_search_handed_out_and_reads_it_back(api: Api, context: Context) -> None:
    await make_product(context, api)
    customer = await create_customer(api)
    before = await search(api, "physio")
    slot = before["search_results"][0]["resource_id"]
    response = await api.post("/bookings", booking_body(customer, slot))
    assert response.status_code == 201, response.text
    booking_id = response.json()["data"]["booking_id"]
    booking = (await api.get(f"/bookings/{booking_id}")).json()["data"]
    item = booking["booking_items"][0]
    assert item["time_slot_id"] == slot
    assert item["valid_from"][11:] in ("09:00:00", "10:00:00", "11:00:00")
    after = await search(api, "physio")
    assert after["total_items"] == before["total_items"] - 1
    assert slot not in {r["resource_id"] for r in after["search_results"]}


async def test_a_full_slot_is_refused_naming_it_and_a_cancellation_gives_it_back(
    api: Api, context: Context, read: Read
) -> None:
    await make_product(context, api)
    customer = await create_customer(api)
    slot = (await search(api, "physio"))["search_results"][0]["resource_id"]
    booked = await api.post("/bookings", booking_body(customer, slot))
    assert booked.status_code == 201
    before = await written(read, business(api))
    again = await api.post("/bookings", booking_body(customer, slot))
    assert again.status_code == 400
    [problem] = again.json()["error"]["error_data"]["invalid_params"]
    assert (problem["name"], problem["reason"]) == (SLOT, "not_allowed_value")
    assert await written(read, business(api)) == before
    booking_id = booked.json()["data"]["booking_id"]
    cancelled = await api.put(f"/bookings/{booking_id}", {"booking": {"booking_status": "cancelled"}})
    assert cancelled.status_code == 204
    assert (await api.post("/bookings", booking_body(customer, slot))).status_code == 201


async def test_a_capacity_of_two_takes_two_bookings_of_one_slot(api: Api, context: Context) -> None:
    await make_product(context, api, capacity=2)
    customer = await create_customer(api)
    first = (await search(api, "physio"))["search_results"][0]
    assert first["flags"][0]["name"] == "2 of 2 free"
    assert (await api.post("/bookings", booking_body(customer, first["resource_id"]))).status_code == 201
    still = (await search(api, "physio"))["search_results"][0]
    assert (still["resource_id"], still["flags"][0]["name"]) == (first["resource_id"], "1 of 2 free")
    assert (await api.post("/bookings", booking_body(customer, first["resource_id"]))).status_code == 201
    assert (await api.post("/bookings", booking_body(customer, first["resource_id"]))).status_code == 400


async def test_slots_a_product_does_not_offer_are_refused_and_write_nothing(
    api: Api, context: Context, read: Read
) -> None:
    product = await make_product(context, api)
    customer = await create_customer(api)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    before = await written(read, business(api))
    for slot, reason in [
        (f"{product}@{tomorrow}T09:30:00Z", "not_allowed_value"),  # between two slots
        (f"{product}@{tomorrow}T13:00:00Z", "not_allowed_value"),  # after closing
        (f"{product}@{yesterday}T09:00:00Z", "not_allowed_value"),  # over
        (f"987654@{tomorrow}T09:00:00Z", "not_found"),  # no such product
    ]:
        response = await api.post("/bookings", booking_body(customer, slot))
        assert response.status_code == 400, slot
        [problem] = response.json()["error"]["error_data"]["invalid_params"]
        assert (problem["name"], problem["reason"]) == (SLOT, reason), slot
    vendor = await api.post("/bookings", booking_body(customer, "88bb88399cc74d81edbe19d684"))
    assert vendor.status_code == 404
    assert vendor.json()["error"]["error_data"]["resource_name"] == "time-slots"
    assert await written(read, business(api)) == before


async def test_another_business_sees_none_of_the_products_and_books_none_of_their_slots(
    api: Api, context: Context, make_tenant: Any, api_for: MakeApi, read: Read
) -> None:
    product = await make_product(context, api)
    slot = (await search(api, "physio"))["search_results"][0]["resource_id"]
    other = await api_for(await make_tenant())
    assert (await other.get(f"/reservable-products/{product}")).status_code == 404
    assert (await other.get("/reservable-products")).json()["data"]["total_items"] == 0
    assert (await search(other, ""))["total_items"] == 0
    customer = await create_customer(other)
    before = await written(read, business(other))
    response = await other.post("/bookings", booking_body(customer, slot))
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "not_found"
    assert await written(read, business(other)) == before


async def test_clients_booking_the_last_place_at_once_get_one_booking(api: Api, context: Context) -> None:
    await make_product(context, api)
    customers = [await create_customer(api) for _ in range(4)]
    slot = (await search(api, "physio"))["search_results"][0]["resource_id"]
    answers = await asyncio.gather(*(api.post("/bookings", booking_body(c, slot)) for c in customers))
    assert sorted(a.status_code for a in answers) == [201, 400, 400, 400]


async def test_a_search_without_its_search_string_is_refused_naming_it(api: Api) -> None:
    response = await api.post("/reservable-products/actions/search-reservable-products", {})
    assert response.status_code == 400
    assert response.json()["error"]["error_data"]["invalid_params"][0]["name"] == "search_string"


async def test_capacity_taken_counts_that_many_places_and_more_than_are_left_is_refused(
    api: Api, context: Context, read: Read
) -> None:
    await make_product(context, api, capacity=3)
    customer = await create_customer(api)
    slot = (await search(api, "physio"))["search_results"][0]["resource_id"]
    family = booking_body(customer, slot)
    family["booking"]["booking_items"][0]["capacity_taken"] = 2
    assert (await api.post("/bookings", family)).status_code == 201
    left = next(r for r in (await search(api, "physio"))["search_results"] if r["resource_id"] == slot)
    assert left["flags"][0]["name"] == "1 of 3 free"
    before = await written(read, business(api))
    too_many = await api.post("/bookings", family)
    assert too_many.status_code == 400
    [problem] = too_many.json()["error"]["error_data"]["invalid_params"]
    assert (problem["name"], problem["reason"]) == (SLOT, "not_allowed_value")
    assert "only 1 place" in problem["message"]
    assert await written(read, business(api)) == before


async def test_a_cancelled_booking_cannot_come_back_once_its_place_is_taken(api: Api, context: Context) -> None:
    await make_product(context, api)
    first, second = await create_customer(api), await create_customer(api)
    slot = (await search(api, "physio"))["search_results"][0]["resource_id"]
    booking_id = (await api.post("/bookings", booking_body(first, slot))).json()["data"]["booking_id"]
    assert (await api.put(f"/bookings/{booking_id}", {"booking": {"booking_status": "cancelled"}})).status_code == 204
    assert (await api.post("/bookings", booking_body(second, slot))).status_code == 201
    back = await api.put(f"/bookings/{booking_id}", {"booking": {"booking_status": "confirmed"}})
    assert back.status_code == 400
    [problem] = back.json()["error"]["error_data"]["invalid_params"]
    assert (problem["name"], problem["reason"]) == ("booking.booking_status", "not_allowed_value")
    assert (await api.get(f"/bookings/{booking_id}")).json()["data"]["booking_status"] == "cancelled"


async def test_a_customer_finds_a_free_slot_and_books_it_for_themselves(
    api: Api, customer_api: Api, context: Context
) -> None:
    await make_product(context, api)
    source = (await api.get("/customer-sources")).json()["data"]["customer_sources"][0]["customer_source_id"]
    body = {
        "customer": {"personal_information": {"email": "booker@example.com", "language_id": "en"}},
        "customer_source": {"customer_source_id": source},
        "autologin": True,
        "password": "Booker1234x",
    }
    mine = (await customer_api.post("/customers", body)).json()["data"]["customer_id"]
    slot = (await search(customer_api, "physio"))["search_results"][0]["resource_id"]
    item = {"time_slot_id": slot, "created_at": "2026-01-01 10:00:00"}
    booked = await customer_api.post("/bookings", {"booking": {"created_at": "x", "booking_items": [item]}})
    assert booked.status_code == 201, booked.text
    booking = (await api.get(f"/bookings/{booked.json()['data']['booking_id']}")).json()["data"]
    assert (booking["customer_id"], booking["booking_items"][0]["time_slot_id"]) == (mine, slot)
