"""CareCloud send-purchase: the bill stored whole, earning points by the business's rule, once per bill (also when
retried or raced), paying with points and settling reservations, cancellations, refusals naming the field; each
answer validated against the vendor's spec by `Api.request`."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from clientbook.context import Context
from clientbook.core import credits, earning_rules
from clientbook.store.models.purchases import Purchase
from tests.helpers import Read

from .conftest import Api, create_customer
from .purchasing import (
    as_tenant,
    available,
    bill_body,
    business,
    claim_voucher,
    give_points,
    issue_card,
    send,
    vocabulary,
    written,
)


async def test_a_purchase_is_stored_whole_and_earns_a_point_per_unit_of_currency(api: Api) -> None:
    customer = await create_customer(api)
    purchase_id = await send(api, await bill_body(api, "B-1", customer, items=3))
    purchase = (await api.get(f"/purchases/{purchase_id}")).json()["data"]
    assert purchase["external_purchase_id"] == "B-1"
    assert (purchase["customer_id"], purchase["items_count"], purchase["total_price"]) == (customer, 3, 300)
    assert [i["product_id"] for i in purchase["purchase_items"]] == ["SKU-0", "SKU-1", "SKU-2"]
    assert purchase["payment_time"] == "2026-12-01 15:05:49"
    assert await available(api, customer) == 300
    earned = (await api.get(f"/purchases/{purchase_id}/points")).json()["data"]
    assert earned["total_items"] == 1
    assert earned["points"][0]["assigned_points"] == 300
    point_id = earned["points"][0]["point_id"]
    back = (await api.get(f"/points/{point_id}/purchases")).json()["data"]
    assert [p["purchase_id"] for p in back["purchases"]] == [purchase_id]
    history = (await api.get(f"/point-history?customer_id={customer}")).json()["data"]["point_history"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history] == [("purchase", 300)]
    summary = (await api.get(f"/purchases/{purchase_id}/actions/payment-summary")).json()["data"]
    assert summary["earned_points"] == 300


async def test_sending_a_bill_twice_records_it_once_and_answers_the_same(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "TWICE", customer)
    first = await send(api, body)
    before = await written(read, business(api))
    assert await send(api, body) == first
    assert await written(read, business(api)) == before
    assert await available(api, customer) == 200


async def test_an_idempotency_key_retry_is_replayed_and_earns_nothing_more(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "KEYED", customer)
    headers = {"Idempotency-Key": "pos-7-bill-KEYED"}
    first = await api.post("/purchases/actions/send-purchase", body, headers=headers)
    assert first.status_code == 201, first.text
    before = await written(read, business(api))
    again = await api.post("/purchases/actions/send-purchase", body, headers=headers)
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers.get("idempotent-replayed") == "true"
    assert await written(read, business(api)) == before
    assert await available(api, customer) == 200


async def test_concurrent_sends_of_one_bill_store_it_once(api: Api, read: Read, backend: str) -> None:
    """On PostgreSQL the sends run in separate transactions at once: without the unique index on the bill id each
    would find no purchase and store its own, earning the points six times."""
    customer = await create_customer(api)
    body = await bill_body(api, "RACE", customer)
    answers = await asyncio.gather(*(api.post("/purchases/actions/send-purchase", body) for _ in range(6)))
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    assert len({a.json()["data"]["purchase_id"] for a in answers}) == 1
    stored = await read(
        lambda s: s.scalar(
            select(func.count())
            .select_from(Purchase)
            .where(Purchase.business_id == business(api), Purchase.external_id == "RACE")
        )
    )
    assert stored == 1
    assert await available(api, customer) == 200


async def test_concurrent_bills_of_one_customer_all_earn(api: Api) -> None:
    """Two tills closing bills of one customer at once: every bill is stored and earns (no deadlock between the
    points ledger and the status recalculation, which both hold the customer)."""
    customer = await create_customer(api)
    bodies = [await bill_body(api, f"TILL-{n}", customer) for n in range(4)]
    answers = await asyncio.gather(*(api.post("/purchases/actions/send-purchase", b) for b in bodies))
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    assert await available(api, customer) == 800


async def test_items_that_earn_no_points_are_left_out_of_the_eligible_amount(api: Api) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "MIXED", customer, items=3)
    item_types = await vocabulary(api, "/purchase-item-types", "purchase_item_types")
    body["bill"]["bill_items"][1]["purchase_item_type_id"] = item_types["otc_without_loyalty"]
    body["bill"]["bill_items"][2]["loyalty_off"] = True
    await send(api, body)
    assert await available(api, customer) == 100


async def test_the_business_rule_per_purchase_type_decides_what_a_purchase_earns(api: Api, context: Context) -> None:
    customer = await create_customer(api)
    purchase_types = await vocabulary(api, "/purchase-types", "purchase_types")
    who = await as_tenant(context, api)
    async with context.db.transaction() as session:
        await earning_rules.set_rule(session, who, "2.5", purchase_type_id=int(purchase_types["eshop"]))
    await send(api, await bill_body(api, "ESHOP", customer, purchase_type_id=purchase_types["eshop"]))
    assert await available(api, customer) == 500  # 200 CZK at 2.5 points
    await send(api, await bill_body(api, "STORE", customer))
    assert await available(api, customer) == 700  # the business-wide rule: 1 point per crown


async def test_a_bill_closed_without_collecting_points_earns_none(api: Api) -> None:
    customer = await create_customer(api)
    purchase_id = await send(api, await bill_body(api, "NOPOINTS", customer, payment_type="D"))
    assert (await api.get(f"/purchases/{purchase_id}/points")).json()["data"]["total_items"] == 0


async def test_points_paid_are_spent_and_a_cancellation_takes_back_what_was_earned(api: Api) -> None:
    customer = await create_customer(api)
    await send(api, await bill_body(api, "FIRST", customer))
    paid = await send(api, await bill_body(api, "PAID", customer, payment_recap={"credit_points": 50}))
    assert await available(api, customer) == 200 - 50 + 200
    summary = (await api.get(f"/purchases/{paid}/actions/payment-summary")).json()["data"]
    assert (summary["earned_points"], summary["used_points"]) == (200, 50)
    await send(api, await bill_body(api, "CFIRST", customer, canceled=True))
    assert await available(api, customer) == 150
    # The cancellation repeats the original's figures, its points paid too: they are given back, not spent again.
    await send(api, await bill_body(api, "CPAID", customer, canceled=True, payment_recap={"credit_points": 50}))
    assert await available(api, customer) == 150 - 200 + 50
    history = (await api.get(f"/point-history?customer_id={customer}")).json()["data"]["point_history"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history] == [
        ("purchase", 200),
        ("purchase_payment", -50),
        ("purchase", 200),
        ("purchase_cancel", -200),
        ("purchase_cancel", 50),
        ("purchase_cancel", -200),
    ]


async def test_paying_with_more_points_than_held_is_refused_writing_nothing(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    before = await written(read, business(api))
    body = await bill_body(api, "BROKE", customer, payment_recap={"credit_points": 10})
    refused = await api.post("/purchases/actions/send-purchase", body)
    assert refused.status_code == 400
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in params] == [("bill.payment_recap.credit_points", "not_allowed_value")]
    assert await written(read, business(api)) == before


async def test_credits_pay_in_their_own_currency_and_a_cancellation_gives_them_back(api: Api, context: Context) -> None:
    customer = await create_customer(api)
    partner = (await api.get("/partners")).json()["data"]["partners"][0]["partner_id"]
    deposit = {"amount": 50, "customer_id": customer, "partner_id": partner}
    assert (await api.post("/credits/actions/deposit-credits", deposit)).status_code == 201
    who = await as_tenant(context, api)

    async def credits_left() -> float:
        async with context.db.transaction() as session:
            return sum((await credits.balances(session, who, int(customer))).values())

    recap = {"amount_for_credit": 30}
    mixed = await api.post(
        "/purchases/actions/send-purchase", await bill_body(api, "CZK", customer, payment_recap=recap)
    )
    assert mixed.status_code == 400  # the business's credits are dollars (its region is US)
    params = mixed.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in params] == [("bill.payment_recap.amount_for_credit", "not_allowed_value")]
    paid = await send(api, await bill_body(api, "USD", customer, currency_id="USD", payment_recap=recap))
    assert await credits_left() == 20
    summary = (await api.get(f"/purchases/{paid}/actions/payment-summary")).json()["data"]
    assert summary["used_credits"] == 30
    await send(api, await bill_body(api, "CUSD", customer, currency_id="USD", canceled=True, payment_recap=recap))
    assert await credits_left() == 50


async def test_a_reservation_under_the_bill_id_is_settled_by_the_purchase(api: Api) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 100)
    reserved = await api.post(
        "/point-reservations/actions/reserve-points", {"external_id": "POS-9", "customer_id": customer, "amount": 80}
    )
    assert reserved.status_code == 204
    await send(api, await bill_body(api, "POS-9", customer, payment_recap={"credit_points": 80}))
    reservation = (await api.get("/point-reservations?external_id=POS-9")).json()["data"]["point_reservations"][0]
    assert reservation["state"] == 0
    assert await available(api, customer) == 100 - 80 + 200


@pytest.mark.parametrize(
    ("change", "name", "reason"),
    [
        ({"currency_id": "XXX"}, "bill.currency_id", "not_allowed_value"),
        ({"payment_type": "Z"}, "bill.payment_type", "not_allowed_value"),
        ({"payment_time": "yesterday"}, "bill.payment_time", "invalid_value_format"),
        ({"total_price": -1}, "bill.total_price", "not_allowed_value"),
        ({"purchase_type_id": "999999"}, "bill.purchase_type_id", "not_found"),
        ({"bill_items": []}, "bill.bill_items", "empty"),
        ({"payment_recap": {"vouchers": [{"code": "NOSUCH"}]}}, "bill.payment_recap.vouchers.0.code", "not_found"),
        ({"payment_recap": {"amount_for_credit": 5}}, "bill.payment_recap.amount_for_credit", "not_allowed_value"),
        ({"property_records": [{"property_id": "p1"}]}, "bill.property_records.0.property_id", "not_found"),
    ],
)
async def test_a_bad_bill_is_refused_naming_the_field_and_writes_nothing(
    api: Api, read: Read, change: dict[str, Any], name: str, reason: str
) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "BAD", customer, **change)
    before = await written(read, business(api))
    refused = await api.post("/purchases/actions/send-purchase", body)
    assert refused.status_code == 400, refused.text
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert (name, reason) in [(p["name"], p["reason"]) for p in params], params
    assert await written(read, business(api)) == before


async def test_a_customer_identified_by_card_earns(api: Api, context: Context) -> None:
    customer = await create_customer(api)
    await issue_card(context, api, customer, "1000000000016")
    body = await bill_body(api, "CARD-1", None)
    purchase_id = await send(api, {**body, "card_number": "1000000000016"})
    purchase = (await api.get(f"/purchases/{purchase_id}")).json()["data"]
    assert (purchase["customer_id"], purchase["card_number"]) == (customer, "1000000000016")
    assert await available(api, customer) == 200


async def test_a_card_of_nobody_or_of_another_customer_is_refused(api: Api, context: Context, read: Read) -> None:
    customer = await create_customer(api)
    other = await create_customer(api)
    await issue_card(context, api, other, "2000000000001")
    before = await written(read, business(api))
    for card, expected in (("9999", "not_found"), ("2000000000001", "not_allowed_value")):
        body = {**await bill_body(api, "CARD-BAD", customer), "card_number": card}
        refused = await api.post("/purchases/actions/send-purchase", body)
        assert refused.status_code == 400
        params = refused.json()["error"]["error_data"]["invalid_params"]
        assert [(p["name"], p["reason"]) for p in params] == [("card_number", expected)]
    assert await written(read, business(api)) == before


async def test_a_purchase_redeems_its_vouchers_once(api: Api, context: Context, read: Read) -> None:
    customer = await create_customer(api)
    code = await claim_voucher(context, api, customer)
    gift = await claim_voucher(context, api, customer, gift_card_value=300)
    recap = {"vouchers": [{"code": code, "discount_value": 50}, {"code": gift, "discount_value": 120}]}
    purchase_id = await send(api, await bill_body(api, "VOUCHERS", customer, payment_recap=recap))
    used = (await api.get(f"/purchases/{purchase_id}/vouchers")).json()["data"]
    assert sorted(v["code"] for v in used["vouchers"]) == sorted([code, gift])
    summary = (await api.get(f"/purchases/{purchase_id}/actions/payment-summary")).json()["data"]
    assert len(summary["used_vouchers"]) == 2
    before = await written(read, business(api))
    again = await api.post(
        "/purchases/actions/send-purchase",
        await bill_body(api, "VOUCHERS-2", customer, payment_recap={"vouchers": [{"code": code}]}),
    )
    assert again.status_code == 400
    params = again.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in params] == [("bill.payment_recap.vouchers.0.code", "not_allowed_value")]
    assert await written(read, business(api)) == before


async def test_a_bad_item_is_refused_naming_its_position(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "BADITEM", customer, items=3)
    body["bill"]["bill_items"][2]["paid_amount"] = 1.005
    body["bill"]["bill_items"][1]["purchase_item_type_id"] = "999999"
    before = await written(read, business(api))
    refused = await api.post("/purchases/actions/send-purchase", body)
    assert refused.status_code == 400
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert {(p["name"], p["reason"]) for p in params} == {
        ("bill.bill_items.2.paid_amount", "invalid_value_format"),
        ("bill.bill_items.1.purchase_item_type_id", "not_found"),
    }
    assert await written(read, business(api)) == before
