"""CareCloud store properties (the business's custom branch fields) and a store's property records, and the store
list's property filter, each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import store_properties
from clientbook.core.fields import NewField
from clientbook.core.types import Tenant
from clientbook.store.models import BranchFieldValue, Event
from tests.helpers import Read

from .conftest import Api, MakeApi, own_partner

RECORD = "property_record"


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def store(api: Api) -> str:
    return str(api.tenant["branches"][0]["id"])


async def make_property(context: Context, api: Api, label: str, data_type: str, **options: Any) -> str:
    """A store property as the operator defines it (the vendor's API only reads them)."""
    new = NewField(label=label, data_type=data_type, options=options or None)
    async with context.db.transaction() as session:
        definition = await store_properties.create_property(session, Tenant(business(api)), new)
    return str(definition.id)


async def written(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: Any) -> tuple[int, int]:
        counts = []
        for model in (BranchFieldValue, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            counts.append(int(await session.scalar(query) or 0))
        return counts[0], counts[1]

    result: tuple[int, int] = await read(count)
    return result


def record(property_id: str, value: Any) -> dict[str, Any]:
    return {RECORD: {"property_id": property_id, "property_value": value}}


async def test_store_properties_are_listed_typed_and_filtered_by_name(api: Api, context: Context) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    await make_property(context, api, "Region", "LIST", choices=["north", "south"])
    listed = (await api.get("/store-properties")).json()["data"]
    types = {p["name"]: p["data_type"] for p in listed["store_properties"]}
    assert types == {"Parking": "boolean", "Region": "enum"}
    assert listed["total_items"] == 2
    assert (await api.get("/store-properties?name=park")).json()["data"]["total_items"] == 1
    one = (await api.get(f"/store-properties/{parking}")).json()["data"]
    assert (one["property_id"], one["is_required"]) == (parking, False)
    assert (await api.get("/store-properties/999999")).status_code == 404


async def test_a_stores_records_are_added_read_changed_and_removed(api: Api, context: Context) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    region = await make_property(context, api, "Region", "LIST", choices=["north", "south"])
    records = f"/stores/{store(api)}/property-records"
    added = await api.post(records, record(parking, True))
    assert added.status_code == 201, added.text
    record_id = added.json()["data"]["property_record_id"]
    assert record_id == f"{parking}:{store(api)}"
    assert (await api.post(records, record(region, [{"id": "north"}]))).status_code == 201
    listed = (await api.get(records)).json()["data"]
    values = {r["property_name"]: r["property_value"] for r in listed["property_records"]}
    assert values == {"Parking": True, "Region": [{"id": "north", "name": "north", "state": 1}]}
    assert (await api.put(f"{records}/{record_id}", record(parking, False))).status_code == 204
    changed = (await api.get(records)).json()["data"]["property_records"]
    assert [r["property_value"] for r in changed if r["property_id"] == parking] == [False]
    assert (await api.delete(f"{records}/{record_id}")).status_code == 204
    assert (await api.get(records)).json()["data"]["total_items"] == 1
    assert (await api.delete(f"{records}/{record_id}")).status_code == 404
    assert (await api.put(f"{records}/{record_id}", record(parking, True))).status_code == 404


async def test_bad_records_are_refused_naming_the_field_and_write_nothing(
    api: Api, context: Context, read: Read
) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    region = await make_property(context, api, "Region", "LIST", choices=["north", "south"])
    records = f"/stores/{store(api)}/property-records"
    assert (await api.post(records, record(parking, True))).status_code == 201
    before = await written(read, business(api))
    for body, name, reason in [
        (record(parking, False), f"{RECORD}.property_id", "already_exists"),
        (record(region, "west"), f"{RECORD}.property_value", "not_allowed_value"),
        (record(region, 3), f"{RECORD}.property_value", "invalid_value_format"),
        (record("987654", "x"), f"{RECORD}.property_id", "not_found"),
        (record(region, None), f"{RECORD}.property_value", "required"),
    ]:
        response = await api.post(records, body)
        assert response.status_code == 400, body
        [problem] = response.json()["error"]["error_data"]["invalid_params"]
        assert (problem["name"], problem["reason"]) == (name, reason), body
    wrong = await api.put(f"{records}/{parking}:{store(api)}", record(region, "north"))
    assert wrong.status_code == 400
    assert await written(read, business(api)) == before


async def test_the_store_list_filters_by_a_property_value(api: Api, context: Context, make_tenant: Any) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    second = await api.post(
        "/stores",
        {
            "store": {
                "name": "Second",
                "store_code": "S2",
                "partner_id": await own_partner(api),
                "system_id": "s",
                "store_id": "x",
            }
        },
    )
    assert second.status_code == 201, second.text
    await api.post(f"/stores/{store(api)}/property-records", record(parking, True))
    with_parking = (await api.get(f"/stores?property_id={parking}&property_value=true")).json()["data"]
    assert [s["store_id"] for s in with_parking["stores"]] == [store(api)]
    assert with_parking["total_items"] == 1
    assert (await api.get(f"/stores?property_id={parking}&property_value=false")).json()["data"]["total_items"] == 0
    assert (await api.get(f"/stores?property_id={parking}")).json()["data"]["total_items"] == 2  # no value: ignored
    assert (await api.get("/stores?property_id=provided_services&property_value=x")).json()["data"]["total_items"] == 0


async def test_customers_read_store_records_but_only_the_enterprise_writes_them(
    api: Api, customer_api: Api, context: Context
) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    records = f"/stores/{store(api)}/property-records"
    refused = await customer_api.post(records, record(parking, True))
    assert refused.status_code == 403
    assert refused.json()["error"]["exception"] == "interface_not_allowed_exception"
    assert (await api.post(records, record(parking, True))).status_code == 201
    assert (await customer_api.get(records)).json()["data"]["total_items"] == 1


async def test_another_business_reaches_none_of_the_stores_properties_or_records(
    api: Api, context: Context, make_tenant: Any, api_for: MakeApi, read: Read
) -> None:
    parking = await make_property(context, api, "Parking", "CHECKBOX")
    records = f"/stores/{store(api)}/property-records"
    assert (await api.post(records, record(parking, True))).status_code == 201
    other = await api_for(await make_tenant())
    before = await written(read, business(other))
    assert (await other.get(f"/store-properties/{parking}")).status_code == 404
    assert (await other.get(records)).status_code == 404
    assert (await other.post(records, record(parking, False))).status_code == 404
    assert (await other.put(f"{records}/{parking}", record(parking, False))).status_code == 404
    assert (await other.delete(f"{records}/{parking}")).status_code == 404
    theirs = await other.post(f"/stores/{store(other)}/property-records", record(parking, True))
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "not_found"
    assert await written(read, business(other)) == before
