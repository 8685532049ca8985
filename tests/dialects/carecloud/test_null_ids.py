"""`null` where CareCloud takes an id (issue 14 item 6): a required id is a 400 naming the field, an optional one
means "none"; never a 500, and a refusal writes nothing."""

from __future__ import annotations

from sqlalchemy import select

from clientbook.store.models import Client
from tests.helpers import Read, row_counts

from .conftest import Api, create_customer, customer_body, source_id

SLOT = {"time_slot_id": "2026-12-01 09:00:00/30", "created_at": "2026-01-01 10:00:00"}
CREATED = "2026-01-01 10:00:00"


def _business(api: Api) -> int:
    return int(api.tenant["business"]["id"])


async def test_a_booking_whose_customer_id_is_null_is_refused_naming_it(api: Api, read: Read) -> None:
    before = await row_counts(read, _business(api))
    response = await api.post(
        "/bookings", {"booking": {"customer_id": None, "created_at": CREATED, "booking_items": [SLOT]}}
    )
    assert response.status_code == 400, response.text
    names = [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]]
    assert names == ["booking.customer_id"]
    assert await row_counts(read, _business(api)) == before


async def test_a_null_customer_id_on_the_booking_item_defers_to_the_booking_s(api: Api) -> None:
    customer_id = await create_customer(api)
    item = {**SLOT, "customer_id": None}
    body = {"booking": {"customer_id": customer_id, "created_at": CREATED, "booking_items": [item]}}
    response = await api.post("/bookings", body)
    assert response.status_code == 201, response.text


async def test_a_customer_whose_store_id_is_null_has_no_store(api: Api, read: Read) -> None:
    response = await api.post("/customers", customer_body(await source_id(api), store_id=None))
    assert response.status_code == 201, response.text
    customer_id = int(response.json()["data"]["customer_id"])
    branch = await read(lambda s: s.scalar(select(Client.branch_id).where(Client.id == customer_id)))
    assert branch is None
    changed = {"customer": {"personal_information": {"last_name": "B", "language_id": "cs", "store_id": None}}}
    assert (await api.put(f"/customers/{customer_id}", changed)).status_code == 204
