"""CareCloud vouchers: claimed from rewards for points (the ledger pays), applied once, gift cards down to their
value, changed, deleted with the points given back, added in batches all or nothing, on both interfaces and never
across businesses; every answer checked against the spec."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer, own_partner
from .reward_fixtures import (
    available_points,
    business,
    counts,
    create_reward,
    give_points,
    logged_in,
    refused_fields,
)

_SECOND_STORE = {"store_code": "S2", "name": "Second", "system_id": "pos-2"}


def _now() -> str:
    """The till's clock, in the business's time zone (UTC, the tenant default)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def applied() -> dict[str, str]:
    return {"date_applied": _now()}


async def _claim(api: Api, reward_id: str, customer_id: str, **given: Any) -> str:
    body = {"customer_id": customer_id, **given}
    response = await api.post(f"/rewards/{reward_id}/actions/create-voucher", body)
    assert response.status_code == 201, response.text
    voucher_id: str = response.json()["data"]["voucher_id"]
    return voucher_id


async def test_a_points_reward_issues_a_voucher_paid_from_the_ledger(api: Api) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 100)
    reward_id = await create_reward(api, points_cost=40)
    voucher_id = await _claim(api, reward_id, customer, note="birthday")
    assert await available_points(api, customer) == 60
    voucher = (await api.get(f"/vouchers/{voucher_id}")).json()["data"]
    assert (voucher["customer_id"], voucher["note"], voucher["reward"]["reward_id"]) == (
        customer,
        "birthday",
        reward_id,
    )
    assert voucher["valid_to"] > voucher["valid_from"]
    assert "applied_date" not in voucher
    history = (await api.get(f"/point-history?customer_id={customer}")).json()["data"]["point_history"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history] == [("assign", 100), ("reduce", -40)]
    for path in ("/vouchers", f"/customers/{customer}/vouchers", f"/rewards/{reward_id}/vouchers"):
        listed = (await api.get(path + f"?code={voucher['code']}")).json()["data"]
        assert [v["voucher_id"] for v in listed["vouchers"]] == [voucher_id], path


async def test_without_the_points_no_voucher_and_nothing_written(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 39.99)
    reward_id = await create_reward(api, points_cost=40)
    before = await counts(read, business(api))
    response = await api.post(f"/rewards/{reward_id}/actions/create-voucher", {"customer_id": customer})
    assert refused_fields(response) == ["customer_id"]
    assert await counts(read, business(api)) == before
    assert await available_points(api, customer) == 39.99


async def test_a_voucher_is_applied_once(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    store = str(api.tenant["branches"][0]["id"])
    voucher_id = await _claim(api, await create_reward(api), customer)
    when = applied()
    assert (
        await api.post(f"/vouchers/{voucher_id}/actions/apply-voucher", {**when, "store_id": store})
    ).status_code == 204
    voucher = (await api.get(f"/vouchers/{voucher_id}")).json()["data"]
    assert (voucher["applied_date"], voucher["store_id"]) == (when["date_applied"], store)
    before = await counts(read, business(api))
    again = await api.post(f"/vouchers/{voucher_id}/actions/apply-voucher", applied())
    assert refused_fields(again) == ["voucher_id"]
    assert await counts(read, business(api)) == before
    applied_list = (await api.get(f"/vouchers?customer_id={customer}&is_applied=true")).json()["data"]
    unused_list = (await api.get(f"/vouchers?customer_id={customer}&is_applied=false")).json()["data"]
    assert (applied_list["total_items"], unused_list["total_items"]) == (1, 0)


async def test_a_voucher_applies_only_in_its_rewards_stores(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    store = (await api.post("/stores", {"store": {**_SECOND_STORE, "partner_id": await own_partner(api)}})).json()[
        "data"
    ]["store_id"]
    reward_id = await create_reward(api, stores=[{"store_id": str(api.tenant["branches"][0]["id"])}])
    voucher_id = await _claim(api, reward_id, customer)
    before = await counts(read, business(api))
    refused = await api.post(f"/vouchers/{voucher_id}/actions/apply-voucher", {**applied(), "store_id": store})
    assert refused_fields(refused) == ["store_id"]
    assert await counts(read, business(api)) == before
    bad_date = await api.post(f"/vouchers/{voucher_id}/actions/apply-voucher", {"date_applied": "yesterday"})
    assert refused_fields(bad_date) == ["date_applied"]


async def test_a_gift_card_has_a_balance_and_apply_uses_what_is_left(api: Api) -> None:
    customer = await create_customer(api)
    reward_id = await create_reward(api, "Gift card", reward_type_value=500)
    card = await _claim(api, reward_id, customer)
    custom = await api.post(
        f"/rewards/{reward_id}/actions/create-custom-voucher", {"customer_id": customer, "value": 80}
    )
    assert custom.status_code == 201
    balance = await api.post("/vouchers/actions/gift-card-balance", {"voucher_id": card})
    assert balance.json()["data"] == {"voucher_id": card, "current_balance": 500, "original_balance": 500}
    code = (await api.get(f"/vouchers/{custom.json()['data']['voucher_id']}")).json()["data"]["code"]
    by_code = (await api.post("/vouchers/actions/gift-card-balance", {"code": code})).json()["data"]
    assert (by_code["current_balance"], by_code["original_balance"]) == (80, 80)
    assert (await api.post(f"/vouchers/{card}/actions/apply-voucher", applied())).status_code == 204
    after = (await api.post("/vouchers/actions/gift-card-balance", {"voucher_id": card})).json()["data"]
    assert after["current_balance"] == 0
    plain = await _claim(api, await create_reward(api), customer)
    assert refused_fields(await api.post("/vouchers/actions/gift-card-balance", {"voucher_id": plain})) == [
        "voucher_id"
    ]
    assert refused_fields(await api.post("/vouchers/actions/gift-card-balance", {})) == ["voucher_id"]


async def test_put_changes_a_voucher_and_refuses_what_only_an_application_sets(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    reward_id = await create_reward(api)
    voucher_id, other = await _claim(api, reward_id, customer), await _claim(api, reward_id, customer)
    voucher = (await api.get(f"/vouchers/{voucher_id}")).json()["data"]
    changed = {**voucher, "note": "for Jana", "valid_to": "2099-12-31 23:59:59"}
    assert (await api.put(f"/vouchers/{voucher_id}", {"voucher": changed})).status_code == 204
    after = (await api.get(f"/vouchers/{voucher_id}")).json()["data"]
    assert (after["note"], after["valid_to"]) == ("for Jana", "2099-12-31 23:59:59")
    taken = (await api.get(f"/vouchers/{other}")).json()["data"]["code"]
    before = await counts(read, business(api))
    for given, field in (
        ({"code": taken}, "voucher.code"),
        ({"value": 999}, "voucher.value"),
        ({"applied_date": "2026-12-01 10:00:00"}, "voucher.applied_date"),
        ({"customer_id": await create_customer(api)}, "voucher.customer_id"),  # the reward is not portable
    ):
        before = await counts(read, business(api))
        response = await api.put(f"/vouchers/{voucher_id}", {"voucher": {**after, **given}})
        assert refused_fields(response) == [field], (given, response.text)
        assert await counts(read, business(api)) == before


async def test_deleting_an_unused_voucher_gives_the_points_back(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 50)
    reward_id = await create_reward(api, points_cost=20)
    unused, used = await _claim(api, reward_id, customer), await _claim(api, reward_id, customer)
    assert await available_points(api, customer) == 10
    assert (await api.delete(f"/vouchers/{unused}")).status_code == 204
    assert await available_points(api, customer) == 30
    assert (await api.get(f"/vouchers/{unused}")).status_code == 404
    assert (await api.post(f"/vouchers/{used}/actions/apply-voucher", applied())).status_code == 204
    before = await counts(read, business(api))
    assert refused_fields(await api.delete(f"/vouchers/{used}")) == ["voucher_id"]
    assert await counts(read, business(api)) == before


async def test_a_batch_adds_every_voucher_or_none(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    reward_id = await create_reward(api)
    good = {"reward_id": reward_id, "customer_id": customer, "code": "BATCH1", "valid_to": "2099-01-01 00:00:00"}
    used = {"reward_id": reward_id, "customer_id": customer, "applied_date": "2026-11-30 12:00:00"}
    added = await api.post("/vouchers/batch", {"vouchers": [good, used]})
    assert added.status_code == 204, added.text
    listed = (await api.get(f"/vouchers?customer_id={customer}&sort_field=code")).json()["data"]
    assert listed["total_items"] == 2
    assert [v.get("applied_date") for v in listed["vouchers"]].count("2026-11-30 12:00:00") == 1
    before = await counts(read, business(api))
    fresh = {"reward_id": reward_id, "customer_id": customer, "code": "BATCH2"}
    twice = {"reward_id": reward_id, "customer_id": customer, "code": "BATCH1"}
    nobody = {"reward_id": reward_id, "customer_id": "999999"}
    first_only = await api.post("/vouchers/batch", {"vouchers": [fresh, twice, nobody]})
    assert refused_fields(first_only) == ["vouchers.1.code"]
    every = await api.post("/vouchers/batch", {"vouchers": [fresh, twice, nobody], "error_processing": 2})
    assert refused_fields(every) == ["vouchers.1.code", "vouchers.2.customer_id"]
    assert await counts(read, business(api)) == before


async def test_a_customer_sees_and_claims_only_their_own_vouchers(api: Api, customer_api: Api, read: Read) -> None:
    mine = await logged_in(api, customer_api)
    theirs = await create_customer(api)
    reward_id = await create_reward(api)
    own = await _claim(customer_api, reward_id, mine)
    other = await _claim(api, reward_id, theirs)
    listed = (await customer_api.get("/vouchers")).json()["data"]
    assert [v["voucher_id"] for v in listed["vouchers"]] == [own]
    assert (await customer_api.get(f"/vouchers/{other}")).status_code == 403
    assert (await customer_api.get(f"/customers/{theirs}/vouchers")).status_code == 403
    before = await counts(read, business(api))
    for_other = await customer_api.post(f"/rewards/{reward_id}/actions/create-voucher", {"customer_id": theirs})
    assert for_other.status_code == 403
    assert (await customer_api.post(f"/vouchers/{own}/actions/apply-voucher", applied())).status_code == 403
    assert (await customer_api.delete(f"/vouchers/{own}")).status_code == 403
    assert await counts(read, business(api)) == before


async def test_another_business_vouchers_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer = await create_customer(api)
    reward_id = await create_reward(api)
    voucher_id = await _claim(api, reward_id, customer)
    other = await api_for(await make_tenant(name="Elsewhere"))
    before = await counts(read, business(api))
    assert (await other.get(f"/vouchers/{voucher_id}")).status_code == 404
    assert (await other.get(f"/vouchers/{voucher_id}/property-records")).status_code == 404
    assert (await other.get(f"/customers/{customer}/vouchers")).status_code == 404
    assert (await other.post(f"/vouchers/{voucher_id}/actions/apply-voucher", applied())).status_code == 404
    assert (await other.delete(f"/vouchers/{voucher_id}")).status_code == 404
    assert (await other.put(f"/vouchers/{voucher_id}", {"voucher": {"customer_id": customer}})).status_code == 404
    claimed = await other.post(f"/rewards/{reward_id}/actions/create-voucher", {"customer_id": customer})
    assert claimed.status_code == 404
    balance = await other.post("/vouchers/actions/gift-card-balance", {"voucher_id": voucher_id})
    assert refused_fields(balance) == ["voucher_id"]
    own_reward = await create_reward(other)
    foreign_customer = await other.post(f"/rewards/{own_reward}/actions/create-voucher", {"customer_id": customer})
    assert refused_fields(foreign_customer) == ["customer_id"]
    batch = await other.post("/vouchers/batch", {"vouchers": [{"reward_id": reward_id, "customer_id": customer}]})
    assert refused_fields(batch) == ["vouchers.0.reward_id"]
    assert await counts(read, business(api)) == before
    assert (await other.get("/vouchers")).json()["data"]["total_items"] == 0


async def test_voucher_properties_are_an_empty_vocabulary(api: Api) -> None:
    assert (await api.get("/voucher-properties")).json()["data"] == {"voucher_properties": [], "total_items": 0}
    assert (await api.get("/voucher-properties/colour")).status_code == 404
    assert (await api.get("/reward-properties")).json()["data"] == {"rewards_properties": [], "total_items": 0}
    assert (await api.get("/reward-properties/colour")).status_code == 404
    voucher_id = await _claim(api, await create_reward(api), await create_customer(api))
    records = (await api.get(f"/vouchers/{voucher_id}/property-records")).json()["data"]
    assert records == {"property_records": [], "total_items": 0}
