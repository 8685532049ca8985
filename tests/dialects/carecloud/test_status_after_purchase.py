"""A purchase moves its customer up the status tiers in its own transaction (send-purchase runs
core/status_records.recalculate): the status records show the way up, each answer validated against the vendor's
spec by `Api.request`."""

from __future__ import annotations

from tests.conftest import TenantFactory

from .conftest import Api, MakeApi, create_customer
from .purchasing import bill_body, send


async def _czech_business(api_for: MakeApi, make_tenant: TenantFactory) -> Api:
    """A business in the Czech Republic: its tiers are in CZK, the currency of the purchase tests' bills."""
    return await api_for(await make_tenant(name="Prague Physio", default_region="CZ", time_zone="Europe/Prague"))


async def _held(api: Api, customer: str) -> list[tuple[str, int]]:
    tiers = {s["status_id"]: s["text_id"] for s in (await api.get("/statuses")).json()["data"]["statuses"]}
    path = f"/customers/{customer}/status-records?sort_field=status_record_id"
    records = (await api.get(path)).json()["data"]["status_records"]
    return [(tiers[r["status_id"]], r["state"]) for r in records]


async def test_purchases_earn_the_base_status_then_the_tier_their_total_reaches(
    api_for: MakeApi, make_tenant: TenantFactory
) -> None:
    api = await _czech_business(api_for, make_tenant)
    silver = (await api.get("/statuses?text_id=silver")).json()["data"]["statuses"][0]
    assert silver["qualification_turnover"] == [{"currency_id": "CZK", "value": 500}]
    customer = await create_customer(api)
    await send(api, await bill_body(api, "FIRST", customer, items=3))  # 300 CZK
    assert await _held(api, customer) == [("basic", 1)]
    await send(api, await bill_body(api, "SECOND", customer, items=2))  # 500 CZK in all
    assert await _held(api, customer) == [("basic", 2), ("silver", 1)]
    await send(api, await bill_body(api, "SECOND", customer, items=2))  # the same bill again counts once
    assert await _held(api, customer) == [("basic", 2), ("silver", 1)]


async def test_a_purchase_in_another_currency_than_the_tiers_earns_only_the_base_status(api: Api) -> None:
    customer = await create_customer(api)  # the suite's business is in the US: its tiers are in USD
    await send(api, await bill_body(api, "CZK-BILL", customer, items=30))  # 3000 CZK
    assert await _held(api, customer) == [("basic", 1)]
