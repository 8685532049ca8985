"""CareCloud partners and a customer's partner records (add, list, delete, set-partners), each answer validated
against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import partners, reference
from clientbook.core.types import Tenant
from clientbook.store.models import Event
from clientbook.store.models.partners import PartnerRecord
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    """(partner records, events) of the business: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, int]:
        found = []
        for model in (PartnerRecord, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            found.append(int(await session.scalar(query) or 0))
        return found[0], found[1]

    result: tuple[int, int] = await read(count)
    return result


async def _add_partner(api: Api, context: Any, name: str) -> str:
    """A partner an operator adds (`clientbook loyalty partners add`): the API only reads them."""
    async with context.db.transaction() as session:
        made = await reference.add(session, Tenant(business(api), actor="test"), partners.KIND, name)
    return str(made.id)


async def _own_partner(api: Api) -> str:
    listed = (await api.get("/partners")).json()["data"]
    assert listed["total_items"] == 1
    partner_id: str = listed["partners"][0]["partner_id"]
    return partner_id


def _refused(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(p["name"], p["reason"]) for p in response.json()["error"]["error_data"]["invalid_params"]]


async def _records(api: Api, customer: str) -> list[str]:
    listed = (await api.get(f"/customers/{customer}/partner-records?sort_field=partner_id")).json()["data"]
    assert listed["total_items"] == len(listed["partner_records"])
    return [r["partner_id"] for r in listed["partner_records"]]


async def test_a_new_business_has_its_own_partner(api: Api) -> None:
    partner = await _own_partner(api)
    one = (await api.get(f"/partners/{partner}")).json()["data"]
    assert (one["name"], one["state"]) == ("Own programme", 1)
    assert (await api.get(f"/partners/{partner}/property-records")).json()["data"]["total_items"] == 0
    assert (await api.get("/partners/999999")).status_code == 404
    assert (await api.get("/partner-properties")).json()["data"] == {"partner_properties": [], "total_items": 0}
    assert (await api.get("/partner-properties/1")).status_code == 404


async def test_a_customer_gets_partner_records_and_loses_them(api: Api, read: Read) -> None:
    customer, partner = await create_customer(api), await _own_partner(api)
    added = await api.post(f"/customers/{customer}/partner-records", {"partner_record": {"partner_id": partner}})
    assert added.status_code == 201, added.text
    assert await _records(api, customer) == [partner]
    before = await _written(read, business(api))
    again = await api.post(f"/customers/{customer}/partner-records", {"partner_record": {"partner_id": partner}})
    assert _refused(again) == [("partner_id", "already_exists")]
    unknown = await api.post(f"/customers/{customer}/partner-records", {"partner_record": {"partner_id": "999999"}})
    assert _refused(unknown) == [("partner_id", "not_found")]
    assert await _written(read, business(api)) == before
    record = added.json()["data"]["partner_record_id"]
    assert (await api.delete(f"/customers/{customer}/partner-records/{record}")).status_code == 204
    assert await _records(api, customer) == []
    assert (await api.delete(f"/customers/{customer}/partner-records/{record}")).status_code == 404


async def test_set_partners_makes_the_customer_s_partners_exactly_those_given(
    api: Api, context: Any, read: Read
) -> None:
    customer = await create_customer(api)
    own, shop, cafe = (
        await _own_partner(api),
        await _add_partner(api, context, "Shop"),
        await _add_partner(api, context, "Café"),
    )
    body: dict[str, Any] = {"customer_id": customer, "partner_records": [{"partner_id": own}, {"partner_id": shop}]}
    assert (await api.post("/customers/actions/set-partners", body)).status_code == 204
    assert await _records(api, customer) == sorted([own, shop], key=int)
    before = await _written(read, business(api))
    bad = {"customer_id": customer, "partner_records": [{"partner_id": cafe}, {"partner_id": "999999"}]}
    assert _refused(await api.post("/customers/actions/set-partners", bad)) == [
        ("partner_records.1.partner_id", "not_found")
    ]
    assert await _written(read, business(api)) == before
    body = {"customer_id": customer, "partner_records": [{"partner_id": cafe}, {"partner_id": shop}]}
    assert (await api.post("/customers/actions/set-partners", body)).status_code == 204
    assert await _records(api, customer) == sorted([shop, cafe], key=int)
    assert (await api.post("/customers/actions/set-partners", {**body, "partner_records": []})).status_code == 204
    assert await _records(api, customer) == []


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer, partner = await create_customer(api), await _own_partner(api)
    added = await api.post(f"/customers/{customer}/partner-records", {"partner_record": {"partner_id": partner}})
    record = added.json()["data"]["partner_record_id"]
    other = await api_for(await make_tenant(name="Elsewhere"))
    theirs = await create_customer(other)
    before = await _written(read, business(api))
    assert (await other.get(f"/partners/{partner}")).status_code == 404
    assert (await other.get(f"/partners/{partner}/property-records")).status_code == 404
    assert (await other.get(f"/customers/{customer}/partner-records")).status_code == 404
    response = await other.post(f"/customers/{customer}/partner-records", {"partner_record": {"partner_id": partner}})
    assert response.status_code == 404
    response = await other.post(f"/customers/{theirs}/partner-records", {"partner_record": {"partner_id": partner}})
    assert _refused(response) == [("partner_id", "not_found")]
    assert (await other.delete(f"/customers/{customer}/partner-records/{record}")).status_code == 404
    body = {"customer_id": customer, "partner_records": []}
    assert _refused(await other.post("/customers/actions/set-partners", body)) == [("customer_id", "not_found")]
    assert await _written(read, business(api)) == before
    assert await _records(api, customer) == [partner]


async def test_partner_records_are_enterprise_only(customer_api: Api, read: Read) -> None:
    before = await _written(read, business(customer_api))
    assert (await customer_api.get("/customers/1/partner-records")).status_code == 403
    body = {"customer_id": "1", "partner_records": []}
    assert (await customer_api.post("/customers/actions/set-partners", body)).status_code == 403
    assert await _written(read, business(customer_api)) == before


async def test_points_and_credits_name_a_partner_of_the_business(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer, partner = await create_customer(api), await _own_partner(api)
    theirs = await _own_partner(await api_for(await make_tenant(name="Elsewhere")))
    before = await _written(read, business(api))
    for action in ("/points/actions/assign-points", "/credits/actions/deposit-credits"):
        for given, reason in ((theirs, "not_found"), ("999999", "not_found"), ("p1", "invalid_value_format")):
            response = await api.post(action, {"amount": 5, "customer_id": customer, "partner_id": given})
            assert _refused(response) == [("partner_id", reason)], (action, given)
    assert await _written(read, business(api)) == before
    assigned = await api.post(
        "/points/actions/assign-points", {"amount": 5, "customer_id": customer, "partner_id": partner}
    )
    point = (await api.get(f"/points/{assigned.json()['data']['point_id']}")).json()["data"]
    assert point["partner_id"] == partner
    history = (await api.get(f"/point-history?customer_id={customer}&partner_id={partner}")).json()["data"]
    assert history["total_items"] == 1
    unnamed = await api.post("/credits/actions/deposit-credits", {"amount": 5, "customer_id": customer})
    assert (await api.get(f"/credits/{unnamed.json()['data']['credit_id']}")).json()["data"]["partner_id"] == ""


async def test_a_store_names_a_partner_of_the_business(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    theirs = await _own_partner(await api_for(await make_tenant(name="Elsewhere")))
    store = {"store_code": "S2", "name": "Second", "system_id": "pos-2"}
    before = await _written(read, business(api))
    for given, reason in ((theirs, "not_found"), ("999999", "not_found"), ("p1", "invalid_value_format")):
        response = await api.post("/stores", {"store": {**store, "partner_id": given}})
        assert _refused(response) == [("store.partner_id", reason)], given
    assert await _written(read, business(api)) == before
    made = await api.post("/stores", {"store": {**store, "partner_id": await _own_partner(api)}})
    assert made.status_code == 201, made.text
    store_id = made.json()["data"]["store_id"]
    replaced = await api.put(f"/stores/{store_id}", {"store": {**store, "partner_id": theirs}})
    assert _refused(replaced) == [("store.partner_id", "not_found")]
    assert (await api.get(f"/stores/{store_id}")).json()["data"]["partner_id"] == await _own_partner(api)
