"""CareCloud credits: credit types, deposit/reduce/transfer, credit records and history, each answer validated
against the vendor's spec by `Api.request`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event
from clientbook.store.models.credits import CreditBalance, CreditRecord
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def _ledger(read: Read, business_id: int) -> tuple[int, int, int]:
    """(credit records, balance total, events) of the business: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, int, int]:
        records = await session.scalar(
            select(func.count()).select_from(CreditRecord).where(CreditRecord.business_id == business_id)
        )
        balance = await session.scalar(
            select(func.coalesce(func.sum(CreditBalance.available), 0)).where(CreditBalance.business_id == business_id)
        )
        events = await session.scalar(select(func.count()).select_from(Event).where(Event.business_id == business_id))
        return int(records or 0), int(balance or 0), int(events or 0)

    result: tuple[int, int, int] = await read(count)
    return result


async def _only(api: Api, path: str, plural: str, key: str) -> str:
    listed = (await api.get(path)).json()["data"]
    assert listed["total_items"] == 1, listed
    found: str = listed[plural][0][key]
    return found


async def _credit_type(api: Api) -> str:
    return await _only(api, "/credit-types", "credit_types", "credit_type_id")


async def _partner(api: Api) -> str:
    return await _only(api, "/partners", "partners", "partner_id")


async def _deposit(api: Api, customer: str, amount: float, **extra: Any) -> str:
    body = {"amount": amount, "customer_id": customer, "partner_id": await _partner(api), **extra}
    response = await api.post("/credits/actions/deposit-credits", body)
    assert response.status_code == 201, response.text
    credit_id: str = response.json()["data"]["credit_id"]
    return credit_id


def _refused(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(p["name"], p["reason"]) for p in response.json()["error"]["error_data"]["invalid_params"]]


async def test_a_new_business_has_a_default_credit_type_in_its_regions_currency(api: Api) -> None:
    credit_type = await _credit_type(api)
    one = (await api.get(f"/credit-types/{credit_type}")).json()["data"]
    assert one["name"] == "Credits"
    assert (await api.get("/credit-types/999999")).status_code == 404
    customer = await create_customer(api)
    credit = (await api.get(f"/credits/{await _deposit(api, customer, 5)}")).json()["data"]
    assert (credit["credit_type_id"], credit["currency_id"]) == (credit_type, "USD")  # the tenant's region is US


async def test_a_deposit_is_a_record_and_a_reduce_spends_it(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    credit_id = await _deposit(api, customer, 100.5, note="refund of order 7")
    record = (await api.get(f"/credits/{credit_id}")).json()["data"]
    assert (record["assigned_credits"], record["available_credits"], record["state"]) == (100.5, 100.5, 1)
    assert (record["note"], record["partner_id"]) == ("refund of order 7", await _partner(api))
    reduced = await api.post(
        "/credits/actions/reduce-credits", {"amount": 40, "customer_id": customer, "partner_id": await _partner(api)}
    )
    assert reduced.status_code == 201, reduced.text
    listed = (await api.get(f"/credits?customer_id={customer}")).json()["data"]
    assert listed["total_items"] == 2
    by_id = {c["credit_id"]: c for c in listed["credits"]}
    assert by_id[credit_id]["available_credits"] == 60.5
    assert by_id[reduced.json()["data"]["credit_id"]]["assigned_credits"] == -40
    assert (
        await read(
            lambda s: s.scalar(select(CreditBalance.available).where(CreditBalance.business_id == business(api)))
        )
        == 6050
    )


async def test_a_reduce_beyond_the_balance_is_refused_naming_amount_and_writes_nothing(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await _deposit(api, customer, 10)
    before = await _ledger(read, business(api))
    response = await api.post("/credits/actions/reduce-credits", {"amount": 10.01, "customer_id": customer})
    assert _refused(response) == [("amount", "not_allowed_value")]
    assert await _ledger(read, business(api)) == before


async def test_partner_type_and_currency_must_be_the_business_own(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    before = await _ledger(read, business(api))
    base = {"amount": 5, "customer_id": customer}
    cases: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"partner_id": "999999"}, ("partner_id", "not_found")),
        ({"partner_id": "p1"}, ("partner_id", "invalid_value_format")),
        ({"credit_type_id": "999999"}, ("credit_type_id", "not_found")),
        ({"currency_id": "EUR"}, ("currency_id", "not_allowed_value")),
        ({"amount": 0}, ("amount", "not_allowed_value")),
        ({"amount": 1.005}, ("amount", "invalid_value_format")),
        ({"note": "x" * 2001}, ("note", "invalid_value_format")),
    ]
    for extra, refusal in cases:
        response = await api.post("/credits/actions/deposit-credits", {**base, **extra})
        assert _refused(response) == [refusal], extra
    assert await _ledger(read, business(api)) == before
    assert (await api.post("/credits/actions/deposit-credits", {**base, "currency_id": "usd"})).status_code == 201


async def test_transfer_moves_credits_and_the_history_derives_from_the_ledger(api: Api, read: Read) -> None:
    giver, taker = await create_customer(api), await create_customer(api)
    credit_type = await _credit_type(api)
    await _deposit(api, giver, 30)
    body = {"original_customer_id": giver, "new_customer_id": taker, "amount": 12, "credit_type_id": credit_type}
    assert (await api.post("/credits/actions/transfer-credits", body)).status_code == 204
    history = (await api.get(f"/credit-history?customer_id={giver}&sort_field=credit_history_record_time")).json()[
        "data"
    ]
    assert [(h["credit_operation_type"], h["amount"]) for h in history["credit_history"]] == [
        ("deposit", 30),
        ("transfer_out", -12),
    ]
    taken = (await api.get(f"/credits?customer_id={taker}")).json()["data"]["credits"]
    assert [(c["assigned_credits"], c["available_credits"], c["partner_id"]) for c in taken] == [(12, 12, "")]
    before = await _ledger(read, business(api))
    assert _refused(await api.post("/credits/actions/transfer-credits", {**body, "amount": 19})) == [
        ("amount", "not_allowed_value")
    ]
    assert _refused(await api.post("/credits/actions/transfer-credits", {**body, "new_customer_id": giver})) == [
        ("new_customer_id", "not_allowed_value")
    ]
    assert await _ledger(read, business(api)) == before


async def test_the_history_needs_a_customer_and_filters_by_operation_and_note(api: Api) -> None:
    customer = await create_customer(api)
    await _deposit(api, customer, 3, note="Birthday gift")
    await _deposit(api, customer, 4, note="refund")
    await api.post("/credits/actions/reduce-credits", {"amount": 1, "customer_id": customer})
    assert _refused(await api.get("/credit-history")) == [("customer_id", "required")]
    gifts = (await api.get(f"/credit-history?customer_id={customer}&credit_operation_note=birthday")).json()["data"]
    assert [h["amount"] for h in gifts["credit_history"]] == [3]
    reduces = (await api.get(f"/credit-history?customer_id={customer}&credit_operation_type=reduce")).json()["data"]
    assert [h["amount"] for h in reduces["credit_history"]] == [-1]
    nowhere = (await api.get(f"/credit-history?customer_id={customer}&store_id=1")).json()["data"]
    assert nowhere["total_items"] == 0


async def test_lists_page_with_exact_totals_and_sort_on_their_fields(api: Api) -> None:
    customer = await create_customer(api)
    for amount in (1, 2, 3):
        await _deposit(api, customer, amount)
    query = f"/credits?customer_id={customer}&count=2&offset=1&sort_field=assigned_credits&sort_direction=DESC"
    page = (await api.get(query)).json()["data"]
    assert page["total_items"] == 3
    assert [c["assigned_credits"] for c in page["credits"]] == [2, 1]
    assert _refused(await api.get("/credits?sort_field=nope")) == [("sort_field", "not_allowed_value")]


async def test_another_business_ids_are_not_found_and_nothing_written(
    api: Api, api_for: MakeApi, make_tenant: TenantFactory, read: Read
) -> None:
    customer = await create_customer(api)
    credit_id = await _deposit(api, customer, 5)
    credit_type, partner = await _credit_type(api), await _partner(api)
    other = await api_for(await make_tenant(name="Elsewhere"))
    other_customer = await create_customer(other)
    before = await _ledger(read, business(api))
    assert (await other.get(f"/credits/{credit_id}")).status_code == 404
    assert (await other.get(f"/credits/{credit_id}/purchases")).status_code == 404
    assert (await other.get(f"/credit-types/{credit_type}")).status_code == 404
    assert _refused(await other.get(f"/credit-history?customer_id={customer}")) == [("customer_id", "not_found")]
    assert _refused(await other.get(f"/credits?credit_type_id={credit_type}")) == [("credit_type_id", "not_found")]
    deposit = {"amount": 5, "customer_id": customer}
    assert _refused(await other.post("/credits/actions/deposit-credits", deposit)) == [("customer_id", "not_found")]
    theirs = {"amount": 5, "customer_id": other_customer}
    for extra, field in (({"partner_id": partner}, "partner_id"), ({"credit_type_id": credit_type}, "credit_type_id")):
        response = await other.post("/credits/actions/deposit-credits", {**theirs, **extra})
        assert _refused(response) == [(field, "not_found")]
    reduce = await other.post("/credits/actions/reduce-credits", {"amount": 1, "customer_id": customer})
    assert _refused(reduce) == [("customer_id", "not_found")]
    transfer = {"original_customer_id": customer, "new_customer_id": other_customer, "amount": 1}
    response = await other.post("/credits/actions/transfer-credits", {**transfer, "credit_type_id": credit_type})
    assert _refused(response) == [("original_customer_id", "not_found")]
    assert await _ledger(read, business(api)) == before
    assert (await other.get("/credits")).json()["data"]["total_items"] == 0


async def test_a_credit_record_has_no_purchases(api: Api) -> None:
    customer = await create_customer(api)
    credit_id = await _deposit(api, customer, 5)
    purchases = (await api.get(f"/credits/{credit_id}/purchases")).json()["data"]
    assert purchases == {"purchases": [], "total_items": 0}


async def test_the_credit_actions_are_refused_on_the_customer_interface(customer_api: Api, read: Read) -> None:
    before = await _ledger(read, business(customer_api))
    body = {"amount": 5, "customer_id": "1"}
    assert (await customer_api.post("/credits/actions/deposit-credits", body)).status_code == 403
    assert (await customer_api.post("/credits/actions/reduce-credits", body)).status_code == 403
    assert await _ledger(read, business(customer_api)) == before


async def test_the_wallet_overview_sums_the_ledger_in_an_interval(api: Api) -> None:
    customer, other = await create_customer(api), await create_customer(api)
    credit_type = await _credit_type(api)
    await _deposit(api, customer, 30)
    await api.post("/credits/actions/reduce-credits", {"amount": 10.5, "customer_id": customer})
    transfer = {"original_customer_id": customer, "new_customer_id": other, "amount": 5, "credit_type_id": credit_type}
    assert (await api.post("/credits/actions/transfer-credits", transfer)).status_code == 204
    wallet = (await api.get(f"/wallet/actions/credits-overview?customer_id={customer}")).json()["data"]
    assert (wallet["earned_credits"], wallet["redeemed_credits"], wallet["available_credits"]) == (30, 15.5, 14.5)
    assert wallet["split_by_currency"] == [
        {"currency_id": "USD", "earned_credits": 30, "redeemed_credits": 15.5, "available_credits": 14.5}
    ]
    before = (await api.get(f"/wallet/actions/credits-overview?customer_id={customer}&date_to=2000-01-01")).json()
    assert (before["data"]["earned_credits"], before["data"]["available_credits"]) == (0, 14.5)
    await _deposit(api, other, 1)
    one_type = f"/wallet/actions/credits-overview?customer_id={other}&credit_type_id={credit_type}"
    assert (await api.get(one_type)).json()["data"]["earned_credits"] == 6
    expiring = (await api.get(f"/wallet/actions/credits-expiration-overview?customer_id={customer}")).json()["data"]
    assert expiring == {"next_amount": 0, "current_month_amount": 0}
    assert _refused(await api.get("/wallet/actions/credits-overview")) == [("customer_id", "required")]
    assert _refused(await api.get(f"/wallet/actions/credits-overview?customer_id={customer}&date_from=yesterday")) == [
        ("date_from", "invalid_value_format")
    ]


async def test_another_business_wallet_is_not_found(api: Api, api_for: MakeApi, make_tenant: TenantFactory) -> None:
    customer = await create_customer(api)
    other = await api_for(await make_tenant(name="Elsewhere"))
    for path in ("credits-overview", "credits-expiration-overview"):
        response = await other.get(f"/wallet/actions/{path}?customer_id={customer}")
        assert _refused(response) == [("customer_id", "not_found")]


async def test_a_body_wrong_in_every_field_is_refused_field_by_field_in_the_spec_order(api: Api, read: Read) -> None:
    before = await _ledger(read, business(api))
    change = {"amount": "5", "customer_id": [], "partner_id": [], "credit_type_id": [], "currency_id": 1, "note": 2}
    response = await api.post("/credits/actions/deposit-credits", change)
    assert [name for name, _ in _refused(response)] == list(change)
    transfer = {"original_customer_id": [], "new_customer_id": [], "amount": "5", "credit_type_id": []}
    response = await api.post("/credits/actions/transfer-credits", {**transfer, "currency_id": 1, "note": 2})
    assert [name for name, _ in _refused(response)] == [*transfer, "currency_id", "note"]
    assert await _ledger(read, business(api)) == before
