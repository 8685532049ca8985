"""CareCloud store groups (the business's location groups) and a store's store-group records, each answer validated
against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from clientbook.context import Context
from clientbook.core import store_groups
from clientbook.core.types import Tenant

from .conftest import Api, MakeApi, own_partner


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def make_group(context: Context, api: Api, name: str, *stores: str) -> str:
    """A store group as the operator creates it, with the stores placed in it."""
    tenant = Tenant(business(api), actor="operator")
    async with context.db.transaction() as session:
        group = await store_groups.create(session, tenant, name)
        for store_id in stores:
            await store_groups.place(session, tenant, int(store_id), group.id)
    return str(group.id)


async def test_store_groups_are_listed_filtered_by_name_and_read(api: Api, context: Context) -> None:
    north = await make_group(context, api, "North region")
    await make_group(context, api, "South region")
    listed = (await api.get("/store-groups?sort_field=name&sort_direction=DESC")).json()["data"]
    assert [g["name"] for g in listed["store_groups"]] == ["South region", "North region"]
    assert listed["total_items"] == 2
    assert (await api.get("/store-groups?name=NORTH")).json()["data"]["total_items"] == 1
    one = (await api.get(f"/store-groups/{north}")).json()["data"]
    assert (one["store_group_id"], one["name"]) == (north, "North region")
    assert (await api.get("/store-groups/999999")).status_code == 404


async def test_a_store_in_a_group_has_one_record_and_a_store_in_none_has_none(api: Api, context: Context) -> None:
    store = str(api.tenant["branches"][0]["id"])
    group = await make_group(context, api, "North region", store)
    records = (await api.get(f"/stores/{store}/store-group-records")).json()["data"]
    assert records["store_group_records"] == [
        {
            "store_group_record_id": f"{group}:{store}",
            "store_id": store,
            "store_group_id": group,
            "last_change": records["store_group_records"][0]["last_change"],
        }
    ]
    body = {
        "store": {
            "name": "Second",
            "store_code": "S2",
            "partner_id": await own_partner(api),
            "system_id": "s",
            "store_id": "x",
        }
    }
    second = (await api.post("/stores", body)).json()["data"]["store_id"]
    assert (await api.get(f"/stores/{second}/store-group-records")).json()["data"]["total_items"] == 0
    assert (await api.get("/stores/999999/store-group-records")).status_code == 404


async def test_another_business_reads_none_of_the_groups_or_records(
    api: Api, context: Context, make_tenant: Any, api_for: MakeApi
) -> None:
    store = str(api.tenant["branches"][0]["id"])
    group = await make_group(context, api, "North region", store)
    other = await api_for(await make_tenant())
    assert (await other.get(f"/store-groups/{group}")).status_code == 404
    assert (await other.get("/store-groups")).json()["data"]["total_items"] == 0
    assert (await other.get(f"/stores/{store}/store-group-records")).status_code == 404
