"""CareCloud related customers: two customers related by a kind of `customer-relation-types`, seen from both sides,
ended by DELETE and kept as a past relation; each answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import CustomerRelation, Event
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


def _related(customer: str) -> str:
    return f"/customers/{customer}/related-customers"


def _body(related: str, kind: str = "1", *, leading: bool = True) -> dict[str, Any]:
    return {
        "related_customer": {"related_customer_id": related, "customer_relation_type_id": kind, "is_leading": leading}
    }


async def _written(read: Read, business_id: int) -> tuple[int, int]:
    async def count(session: AsyncSession) -> tuple[int, int]:
        rows = select(func.count()).select_from(CustomerRelation).where(CustomerRelation.business_id == business_id)
        changes = select(func.count()).select_from(Event).where(Event.business_id == business_id)
        return int(await session.scalar(rows) or 0), int(await session.scalar(changes) or 0)

    result: tuple[int, int] = await read(count)
    return result


def _business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def test_relation_types_are_a_fixed_list_in_the_readers_language(api: Api) -> None:
    listed = (await api.get("/customer-relation-types", headers={"Accept-Language": "cs"})).json()["data"]
    assert listed["total_items"] == 4
    assert listed["customer_relation_types"][0] == {
        "customer_relation_type_id": "1",
        "name": "Rodinný účet",
        "state": 1,
    }
    one = (await api.get("/customer-relation-types/3")).json()["data"]
    assert one["name"] == "Legal guardian"


async def test_a_relation_is_seen_from_both_sides_and_ending_it_keeps_it_as_past(api: Api) -> None:
    parent = await create_customer(api, first_name="Eva", last_name="Malá")
    child = await create_customer(api, first_name="Ema", last_name="Malá")
    added = await api.post(_related(child), _body(parent, "3", leading=True))
    assert added.status_code == 201, added.text
    relation = added.json()["data"]["customer_relation_id"]
    from_child = (await api.get(_related(child))).json()["data"]["related_customers"]
    assert [(r["related_customer_id"], r["is_leading"], r["short_name"]) for r in from_child] == [
        (parent, True, "Eva Malá")
    ]
    from_parent = (await api.get(f"{_related(parent)}/{relation}")).json()["data"]
    assert (from_parent["related_customer_id"], from_parent["is_leading"], from_parent["state"]) == (child, False, 1)
    again = await api.post(_related(parent), _body(child, "3", leading=False))
    assert again.status_code == 400
    assert again.json()["error"]["error_data"]["invalid_params"][0]["reason"] == "already_exists"
    assert (await api.post(_related(parent), _body(child, "1"))).status_code == 201  # another kind is another relation
    assert (await api.delete(f"{_related(parent)}/{relation}")).status_code == 204
    assert (await api.delete(f"{_related(parent)}/{relation}")).status_code == 404
    current = (await api.get(_related(child))).json()["data"]
    assert [r["customer_relation_type_id"] for r in current["related_customers"]] == ["1"]
    every = (await api.get(f"{_related(child)}?all_customer_relations=true&sort_field=customer_relation_id")).json()
    assert [r["state"] for r in every["data"]["related_customers"]] == [0, 1]
    ended = every["data"]["related_customers"][0]
    assert (ended["customer_relation_id"], ended["state"]) == (relation, 0)
    assert "valid_to" in ended
    guardians = (await api.get(f"{_related(child)}?all_customer_relations=true&customer_relation_type_id=3")).json()
    assert guardians["data"]["total_items"] == 1
    assert (await api.get(f"{_related(child)}?related_customer_id={child}")).json()["data"]["total_items"] == 0


async def test_bad_relations_are_refused_naming_the_field_and_write_nothing(api: Api, read: Read) -> None:
    one, other = await create_customer(api), await create_customer(api)
    before = await _written(read, _business(api))
    cases = [
        (_body(one), "related_customer.related_customer_id", "not_allowed_value"),
        (_body("999999"), "related_customer.related_customer_id", "not_found"),
        (_body(other, "9"), "related_customer.customer_relation_type_id", "not_found"),
        (
            {"related_customer": {"related_customer_id": other, "customer_relation_type_id": "1"}},
            "related_customer.is_leading",
            "required",
        ),
    ]
    for body, field, reason in cases:
        response = await api.post(_related(one), body)
        assert response.status_code == 400, response.text
        found = response.json()["error"]["error_data"]["invalid_params"]
        assert [(p["name"], p["reason"]) for p in found] == [(field, reason)]
    assert await _written(read, _business(api)) == before


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    one, two = await create_customer(api), await create_customer(api)
    relation = (await api.post(_related(one), _body(two))).json()["data"]["customer_relation_id"]
    elsewhere = await api_for(await make_tenant(name="Elsewhere"))
    before = await _written(read, _business(api))
    assert (await elsewhere.get(_related(one))).status_code == 404
    assert (await elsewhere.get(f"{_related(one)}/{relation}")).status_code == 404
    assert (await elsewhere.delete(f"{_related(one)}/{relation}")).status_code == 404
    assert (await elsewhere.post(_related(one), _body(two))).status_code == 404
    own = await create_customer(elsewhere)
    theirs = await elsewhere.post(_related(own), _body(two))
    assert theirs.status_code == 400
    assert theirs.json()["error"]["error_data"]["invalid_params"][0]["name"] == "related_customer.related_customer_id"
    assert (await elsewhere.get(f"{_related(own)}/{relation}")).status_code == 404
    assert await _written(read, _business(api)) == before
