"""CareCloud customer source records: the source a customer registered through is their first record, more can be
added, and every customer's records are listed with filters and exact totals, each answer validated against the
vendor's spec by `Api.request`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import CustomerSourceRecord, Event
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


async def _sources(api: Api) -> dict[str, str]:
    listed = (await api.get("/customer-sources")).json()["data"]["customer_sources"]
    return {s["customer_source_text_id"]: s["customer_source_id"] for s in listed}


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        rows = select(func.count()).select_from(CustomerSourceRecord)
        records = rows.where(CustomerSourceRecord.business_id == business_id)
        changes = select(func.count()).select_from(Event).where(Event.business_id == business_id)
        return int(await session.scalar(records) or 0), int(await session.scalar(changes) or 0)

    result: tuple[int, int] = await read(count)
    return result


def _business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


def _records(customer: str) -> str:
    return f"/customers/{customer}/customer-source-records"


def _body(source_id: str, external_id: str | None = None) -> dict[str, object]:
    return {"customer_source_record": {"customer_source_id": source_id, "external_id": external_id}}


async def test_the_registration_source_is_the_first_record_and_more_are_added(api: Api) -> None:
    sources = await _sources(api)
    customer = await create_customer(api)
    first = (await api.get(_records(customer))).json()["data"]
    assert first["total_items"] == 1
    registered = first["customer_source_records"][0]
    assert (registered["customer_id"], registered["external_id"]) == (customer, "ext-1")
    added = await api.post(_records(customer), _body(sources["pos"], "POS-77"))
    assert added.status_code == 201, added.text
    record_id = added.json()["data"]["customer_source_record_id"]
    held = (await api.get(f"{_records(customer)}?sort_field=customer_source_record_id&sort_direction=DESC")).json()
    newest = held["data"]["customer_source_records"][0]
    assert (newest["customer_source_record_id"], newest["external_id"]) == (record_id, "POS-77")
    assert held["data"]["total_items"] == 2
    again = await api.post(_records(customer), _body(sources["pos"], "POS-77"))
    assert again.status_code == 400
    refused = again.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in refused] == [
        ("customer_source_record.customer_source_id", "already_exists")
    ]


async def test_a_registration_records_the_customer_then_its_first_source_record(api: Api, read: Read) -> None:
    """Both events of one registration, in the order written (they are written together in one statement)."""
    customer = await create_customer(api)
    record_id = (await api.get(_records(customer))).json()["data"]["customer_source_records"][0][
        "customer_source_record_id"
    ]

    async def events(session: AsyncSession) -> list[tuple[str, int, str]]:
        rows = await session.execute(
            select(Event.entity, Event.entity_id, Event.action)
            .where(Event.business_id == _business(api))
            .order_by(Event.id)
        )
        return [(row[0], row[1], row[2]) for row in rows]

    assert (await read(events))[-2:] == [
        ("client", int(customer), "created"),
        ("customer_source_record", int(record_id), "created"),
    ]


async def test_every_customers_records_are_filtered_by_customer_source_and_external_ids(api: Api) -> None:
    sources = await _sources(api)
    ada, bob = await create_customer(api), await create_customer(api)
    await api.post(_records(ada), _body(sources["pos"], "A-1"))
    await api.post(_records(bob), _body(sources["pos"], "B-1"))
    await api.post(_records(bob), _body(sources["web"], "B-2"))
    pos = (await api.get(f"/customer-source-records?customer_source_id={sources['pos']}")).json()["data"]
    assert sorted(r["external_id"] for r in pos["customer_source_records"]) == ["A-1", "B-1"]
    by_ids = await api.get("/customer-source-records?external_ids[]=B-1&external_ids[]=B-2&external_id=A-1")
    assert sorted(r["external_id"] for r in by_ids.json()["data"]["customer_source_records"]) == ["B-1", "B-2"]
    old_style = (await api.get("/customer-source-records?external_id=A-1")).json()["data"]
    assert [r["customer_id"] for r in old_style["customer_source_records"]] == [ada]
    bobs = (await api.get(f"/customer-source-records?customer_id={bob}&count=1&sort_field=external_id")).json()
    assert bobs["data"]["total_items"] == 3
    assert [r["external_id"] for r in bobs["data"]["customer_source_records"]] == ["B-1"]
    assert (await api.get("/customer-source-records?sort_field=nope")).status_code == 400


async def test_bad_source_records_are_refused_naming_the_field_and_write_nothing(api: Api, read: Read) -> None:
    sources = await _sources(api)
    customer = await create_customer(api)
    before = await _written(read, _business(api))
    cases = [
        (_body("999999"), "customer_source_record.customer_source_id", "not_found"),
        (_body(sources["pos"], "x" * 201), "customer_source_record.external_id", "invalid_value_format"),
        ({"customer_source_record": {}}, "customer_source_record.customer_source_id", "required"),
    ]
    for body, field, reason in cases:
        response = await api.post(_records(customer), body)
        assert response.status_code == 400, response.text
        found = response.json()["error"]["error_data"]["invalid_params"]
        assert [(p["name"], p["reason"]) for p in found] == [(field, reason)]
    assert await _written(read, _business(api)) == before


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    sources = await _sources(api)
    customer = await create_customer(api)
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, _business(api))
    assert (await other.get(_records(customer))).status_code == 404
    assert (await other.post(_records(customer), _body((await _sources(other))["pos"]))).status_code == 404
    assert (await other.get(f"/customer-source-records?customer_id={customer}")).status_code == 400
    listed = (await other.get(f"/customer-source-records?customer_source_id={sources['pos']}")).json()["data"]
    assert listed["total_items"] == 0
    own = await create_customer(other)
    theirs = await other.post(_records(own), _body(sources["pos"]))
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["name"] == (
        "customer_source_record.customer_source_id"
    )
    assert await _written(read, _business(api)) == before
