"""CareCloud customer properties: the business's custom client fields as `customer-properties`, and a customer's
values of them as `property-records` (add, update, delete, and the all-or-nothing batch), each answer validated
against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import fields, tenants
from clientbook.store.models import Business, ClientFieldValue, Event
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


async def _properties(context: Any, api: Api) -> dict[str, str]:
    """Four custom fields of the business (label → property id), as an operator defines them."""
    async with context.db.transaction() as session:
        business = await session.get(Business, api.tenant["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        made = {}
        specs: tuple[tuple[str, str, dict[str, object] | None], ...] = (
            ("Nickname", "TEXT", None),
            ("Visits", "NUMBER", None),
            ("Newsletter", "CHECKBOX", None),
            ("Colour", "LIST", {"choices": ["Blue", "Green"]}),
            ("Anniversary", "DATE", None),
        )
        for label, kind, options in specs:
            new = fields.NewField(label=label, data_type=kind, options=options)
            made[label] = str((await fields.create(session, who, new)).id)
    return made


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        values = select(func.count()).select_from(ClientFieldValue).where(ClientFieldValue.business_id == business_id)
        changes = select(func.count()).select_from(Event).where(Event.business_id == business_id)
        return int(await session.scalar(values) or 0), int(await session.scalar(changes) or 0)

    result: tuple[int, int] = await read(count)
    return result


def _business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def _records(path: str) -> str:
    return f"/customers/{path}/property-records"


async def test_custom_fields_are_listed_as_typed_customer_properties(api: Api, context: Any) -> None:
    ids = await _properties(context, api)
    listed = (await api.get("/customer-properties")).json()["data"]
    assert listed["total_items"] == 5
    by_name = {p["name"]: p for p in listed["customer_properties"]}
    assert {n: p["data_type"] for n, p in by_name.items()} == {
        "Nickname": "string",
        "Visits": "float",
        "Newsletter": "boolean",
        "Colour": "enum",
        "Anniversary": "date",
    }
    assert [i["name"] for i in by_name["Colour"]["items"]] == ["Blue", "Green"]
    one = (await api.get(f"/customer-properties/{ids['Visits']}")).json()["data"]
    assert one == by_name["Visits"]
    named = (await api.get("/customer-properties?name=colo&sort_field=name")).json()["data"]
    assert [p["name"] for p in named["customer_properties"]] == ["Colour"]
    assert (await api.get("/customer-properties/999999")).status_code == 404


async def test_a_customer_property_record_is_added_read_updated_and_deleted(api: Api, context: Any) -> None:
    ids = await _properties(context, api)
    customer = await create_customer(api)
    added = await api.post(
        _records(customer), {"property_record": {"property_id": ids["Visits"], "property_value": 42}}
    )
    assert added.status_code == 201, added.text
    record_id = added.json()["data"]["property_record_id"]
    assert record_id == f"{ids['Visits']}:{customer}"
    colour = {"property_id": ids["Colour"], "property_value": [{"id": "Blue", "name": "Blue"}]}
    assert (await api.post(_records(customer), {"property_record": colour})).status_code == 201
    again = await api.post(_records(customer), {"property_record": {"property_id": ids["Visits"], "property_value": 1}})
    assert again.status_code == 400
    assert again.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "already_exists"
    changed = {"property_record": {"property_id": ids["Visits"], "property_value": 43.5}}
    assert (await api.put(f"{_records(customer)}/{record_id}", changed)).status_code == 204
    listed = (await api.get(f"{_records(customer)}?sort_field=property_name")).json()["data"]
    assert listed["total_items"] == 2
    assert [(r["property_name"], r["property_value"]) for r in listed["property_records"]] == [
        ("Colour", [{"id": "Blue", "name": "Blue", "state": 1}]),
        ("Visits", 43.5),
    ]
    assert (await api.delete(f"{_records(customer)}/{record_id}")).status_code == 204
    assert (await api.delete(f"{_records(customer)}/{record_id}")).status_code == 404
    assert (await api.put(f"{_records(customer)}/{record_id}", changed)).status_code == 404
    left = (await api.get(_records(customer))).json()["data"]
    assert [r["property_name"] for r in left["property_records"]] == ["Colour"]


async def test_a_batch_creates_and_updates_or_writes_nothing(api: Api, context: Any, read: Read) -> None:
    ids = await _properties(context, api)
    customer = await create_customer(api)
    first = {"property_records": [{"property_id": ids["Nickname"], "property_value": "Jay"}]}
    assert (await api.post(f"{_records(customer)}/batch", first)).status_code == 204
    both = {
        "property_records": [
            {"property_id": ids["Nickname"], "property_value": "J."},
            {"property_id": ids["Newsletter"], "property_value": True},
            {"property_id": ids["Anniversary"], "property_value": "2020-02-29"},
        ]
    }
    assert (await api.post(f"{_records(customer)}/batch", both)).status_code == 204
    values = {
        r["property_name"]: r["property_value"]
        for r in (await api.get(_records(customer))).json()["data"]["property_records"]
    }
    assert values == {"Nickname": "J.", "Newsletter": True, "Anniversary": "2020-02-29"}
    before = await _written(read, _business(api))
    one_bad = {
        "property_records": [
            {"property_id": ids["Nickname"], "property_value": "Changed"},
            {"property_id": ids["Visits"], "property_value": "many"},
        ],
        "error_processing": 2,
    }
    refused = await api.post(f"{_records(customer)}/batch", one_bad)
    assert refused.status_code == 400
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert [p["name"] for p in params] == ["property_records.1.property_value"]
    assert await _written(read, _business(api)) == before
    kept = {
        r["property_name"]: r["property_value"]
        for r in (await api.get(_records(customer))).json()["data"]["property_records"]
    }
    assert kept["Nickname"] == "J."


async def test_values_are_checked_against_their_property_type(api: Api, context: Any, read: Read) -> None:
    ids = await _properties(context, api)
    customer = await create_customer(api)
    before = await _written(read, _business(api))
    cases = [
        (ids["Visits"], "lots", "invalid_value_format"),
        (ids["Newsletter"], "yes", "invalid_value_format"),
        (ids["Colour"], [{"id": "Purple"}], "not_allowed_value"),
        (ids["Anniversary"], "2021-02-30", "invalid_value_format"),
        (ids["Nickname"], None, "required"),
        ("999999", "x", "not_found"),
    ]
    for property_id, value, reason in cases:
        body = {"property_record": {"property_id": property_id, "property_value": value}}
        response = await api.post(_records(customer), body)
        assert response.status_code == 400, (value, response.text)
        found = response.json()["error"]["error_data"]["invalid_params"]
        assert [p["reason"] for p in found] == [reason], value
    assert await _written(read, _business(api)) == before


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, context: Any, read: Read
) -> None:
    ids = await _properties(context, api)
    customer = await create_customer(api)
    record = {"property_record": {"property_id": ids["Nickname"], "property_value": "Jay"}}
    assert (await api.post(_records(customer), record)).status_code == 201
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, _business(api))
    assert (await other.get(f"/customer-properties/{ids['Nickname']}")).status_code == 404
    assert (await other.get(_records(customer))).status_code == 404
    assert (await other.post(_records(customer), record)).status_code == 404
    assert (await other.post(f"{_records(customer)}/batch", {"property_records": []})).status_code == 404
    assert (await other.put(f"{_records(customer)}/{ids['Nickname']}:{customer}", record)).status_code == 404
    assert (await other.delete(f"{_records(customer)}/{ids['Nickname']}:{customer}")).status_code == 404
    own = await create_customer(other)
    theirs = await other.post(_records(own), record)
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["name"] == "property_record.property_id"
    assert await _written(read, _business(api)) == before


async def test_a_put_naming_another_property_than_its_record_is_refused_and_writes_nothing(
    api: Api, context: Any, read: Read
) -> None:
    ids = await _properties(context, api)
    customer = await create_customer(api)
    added = await api.post(_records(customer), {"property_record": {"property_id": ids["Visits"], "property_value": 4}})
    record_id = added.json()["data"]["property_record_id"]
    before = await _written(read, _business(api))
    other = {"property_record": {"property_id": ids["Nickname"], "property_value": "Bo"}}
    refused = await api.put(f"{_records(customer)}/{record_id}", other)
    assert refused.status_code == 400, refused.text
    [param] = refused.json()["error"]["error_data"]["invalid_params"]
    assert (param["name"], param["reason"]) == ("property_record.property_id", "not_allowed_value")
    assert await _written(read, _business(api)) == before
