"""CareCloud interests: the business's client tags as `interests`, and a customer's `interest-records` (add,
replace, remove), each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import clients, interests, tags, tenants
from clientbook.core.clients import ClientChanges
from clientbook.store.models import Business, ClientTag, Event
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


async def _interests(context: Any, api: Api, *names: str) -> dict[str, str]:
    """Tags the business uses elsewhere (given to another client), by name → interest id."""
    async with context.db.transaction() as session:
        business = await session.get(Business, api.tenant["business"]["id"])
        who = tenants.tenant_of(business, actor="test")
        someone = await clients.create(session, who, ClientChanges(first_name="Tag", last_name="Holder"))
        await tags.set_for_client(session, who, someone.id, list(names))
        return {t.name: str(t.id) for t in await interests.list_interests(session, who)}


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        held = select(func.count()).select_from(ClientTag).where(ClientTag.business_id == business_id)
        changes = select(func.count()).select_from(Event).where(Event.business_id == business_id)
        return int(await session.scalar(held) or 0), int(await session.scalar(changes) or 0)

    result: tuple[int, int] = await read(count)
    return result


def _business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def _records(customer: str) -> str:
    return f"/customers/{customer}/interest-records"


def _body(interest_id: str, customer: str) -> dict[str, Any]:
    return {"interest_record": {"interest_id": interest_id, "customer_id": customer}}


async def test_the_business_tags_are_its_interests(api: Api, context: Any) -> None:
    ids = await _interests(context, api, "Running", "Yoga")
    listed = (await api.get("/interests?sort_field=name&sort_direction=DESC")).json()["data"]
    assert [(i["name"], i["interest_id"]) for i in listed["interests"]] == [
        ("Yoga", ids["Yoga"]),
        ("Running", ids["Running"]),
    ]
    assert (await api.get(f"/interests/{ids['Yoga']}")).json()["data"] == {"interest_id": ids["Yoga"], "name": "Yoga"}
    assert (await api.get("/interests?name=run")).json()["data"]["total_items"] == 1
    assert (await api.get("/interests/999999")).status_code == 404


async def test_a_customer_interest_is_added_replaced_and_removed(api: Api, context: Any) -> None:
    ids = await _interests(context, api, "Running", "Yoga", "Cycling")
    customer = await create_customer(api)
    added = await api.post(_records(customer), _body(ids["Running"], customer))
    assert added.status_code == 201, added.text
    record_id = added.json()["data"]["interest_record_id"]
    assert (await api.post(_records(customer), _body(ids["Yoga"], customer))).status_code == 201
    again = await api.post(_records(customer), _body(ids["Yoga"], customer))
    assert again.status_code == 400
    assert again.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "already_exists"
    assert (await api.put(f"{_records(customer)}/{record_id}", _body(ids["Cycling"], customer))).status_code == 204
    held = (await api.get(_records(customer))).json()["data"]
    assert held["total_items"] == 2
    assert sorted(r["interest_id"] for r in held["interest_records"]) == sorted([ids["Cycling"], ids["Yoga"]])
    assert (await api.delete(f"{_records(customer)}/{ids['Yoga']}:{customer}")).status_code == 204
    assert (await api.delete(f"{_records(customer)}/{ids['Yoga']}:{customer}")).status_code == 404
    assert (await api.put(f"{_records(customer)}/{record_id}", _body(ids["Yoga"], customer))).status_code == 404
    left = (await api.get(_records(customer))).json()["data"]["interest_records"]
    assert [r["interest_id"] for r in left] == [ids["Cycling"]]


async def test_bad_interest_records_are_refused_naming_the_field_and_write_nothing(
    api: Api, context: Any, read: Read
) -> None:
    ids = await _interests(context, api, "Running")
    customer, someone_else = await create_customer(api), await create_customer(api)
    before = await _written(read, _business(api))
    cases = [
        (_body("999999", customer), "interest_record.interest_id", "not_found"),
        (_body(ids["Running"], someone_else), "interest_record.customer_id", "not_allowed_value"),
        ({"interest_record": {"customer_id": customer}}, "interest_record.interest_id", "required"),
    ]
    for body, field, reason in cases:
        response = await api.post(_records(customer), body)
        assert response.status_code == 400, response.text
        found = response.json()["error"]["error_data"]["invalid_params"]
        assert [(p["name"], p["reason"]) for p in found] == [(field, reason)]
    assert await _written(read, _business(api)) == before


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, context: Any, read: Read
) -> None:
    ids = await _interests(context, api, "Running")
    customer = await create_customer(api)
    assert (await api.post(_records(customer), _body(ids["Running"], customer))).status_code == 201
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, _business(api))
    record = f"{_records(customer)}/{ids['Running']}:{customer}"
    assert (await other.get(f"/interests/{ids['Running']}")).status_code == 404
    assert (await other.get(_records(customer))).status_code == 404
    assert (await other.post(_records(customer), _body(ids["Running"], customer))).status_code == 404
    assert (await other.put(record, _body(ids["Running"], customer))).status_code == 404
    assert (await other.delete(record)).status_code == 404
    own = await create_customer(other)
    theirs = await other.post(_records(own), _body(ids["Running"], own))
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["name"] == "interest_record.interest_id"
    assert await _written(read, _business(api)) == before


async def test_customers_are_marked_with_interests_on_the_enterprise_interface_only(customer_api: Api) -> None:
    response = await customer_api.post(_records("1"), _body("1", "1"))
    assert response.status_code == 403
    assert response.json()["error"]["exception"] == "interface_not_allowed_exception"
