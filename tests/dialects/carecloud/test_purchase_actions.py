"""CareCloud purchases beyond send-purchase: reads and lists, assign-customer and PUT, accept-payment,
synchronize-points, the vocabularies a bill names, and tenant isolation on every endpoint; each answer validated
against the vendor's spec by `Api.request`."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from clientbook.context import Context
from tests.conftest import TenantFactory
from tests.helpers import Read

from .conftest import Api, MakeApi, create_customer
from .purchasing import available, bill_body, business, give_points, issue_card, send, store_id, written
from .reward_fixtures import logged_in


async def test_an_anonymous_purchase_earns_when_its_customer_is_assigned(api: Api) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "ANON", None)
    purchase_id = await send(api, body)
    assert (await api.get(f"/purchases/{purchase_id}")).json()["data"]["customer_id"] == ""
    assigned = await api.post(
        "/purchases/actions/assign-customer",
        {"store_id": body["store_id"], "external_purchase_id": "ANON", "customer_id": customer},
    )
    assert assigned.status_code == 204, assigned.text
    assert await available(api, customer) == 200
    again = await api.post(
        "/purchases/actions/assign-customer",
        {"store_id": body["store_id"], "external_purchase_id": "ANON", "customer_id": customer},
    )
    assert again.status_code == 204
    assert await available(api, customer) == 200
    other = await create_customer(api)
    moved = await api.put(f"/purchases/{purchase_id}", {"purchase": {"customer_id": other}})
    assert moved.status_code == 400
    assert moved.json()["error"]["error_data"]["invalid_params"][0]["name"] == "customer_id"


async def test_concurrent_assignments_of_one_purchase_give_it_one_customer_who_earns_once(api: Api) -> None:
    """On PostgreSQL the assignments run in separate transactions at once: without the guarded UPDATE each would read
    the purchase anonymous, and its points would be earned once per assignment."""
    first, second = await create_customer(api), await create_customer(api)
    body = await bill_body(api, "CONTESTED", None)
    await send(api, body)

    def assign(customer: str) -> Any:
        claim = {"store_id": body["store_id"], "external_purchase_id": "CONTESTED", "customer_id": customer}
        return api.post("/purchases/actions/assign-customer", claim)

    answers = await asyncio.gather(*(assign(c) for c in (first, second, first, second, first)))
    winner = (await api.get("/purchases?external_purchase_id=CONTESTED")).json()["data"]["purchases"][0]["customer_id"]
    expected = [204 if c == winner else 400 for c in (first, second, first, second, first)]
    assert [a.status_code for a in answers] == expected, [a.text for a in answers]
    assert await available(api, first) + await available(api, second) == 200


async def test_a_card_names_the_customer_an_anonymous_purchase_is_assigned_to(api: Api, context: Context) -> None:
    customer = await create_customer(api)
    await issue_card(context, api, customer, "3000000000001")
    body = await bill_body(api, "BYCARD", None)
    purchase_id = await send(api, body)
    claim = {"store_id": body["store_id"], "external_purchase_id": "BYCARD", "card_number": "3000000000001"}
    assert (await api.post("/purchases/actions/assign-customer", claim)).status_code == 204
    purchase = (await api.get(f"/purchases/{purchase_id}")).json()["data"]
    assert (purchase["customer_id"], purchase["card_number"]) == (customer, "3000000000001")
    assert await available(api, customer) == 200


async def test_an_unknown_bill_cannot_be_assigned(api: Api) -> None:
    customer = await create_customer(api)
    refused = await api.post(
        "/purchases/actions/assign-customer",
        {"store_id": await store_id(api), "external_purchase_id": "NOPE", "customer_id": customer},
    )
    assert refused.status_code == 400
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in params] == [("external_purchase_id", "not_found")]


async def test_purchases_list_with_exact_totals_filters_and_any_first_level_sort(api: Api) -> None:
    customer = await create_customer(api)
    other = await create_customer(api)
    for n in range(3):
        await send(api, await bill_body(api, f"L-{n}", customer, items=n + 1))
    await send(api, await bill_body(api, "L-other", other))
    mine = await api.get(f"/purchases?customer_id={customer}&count=2&sort_field=total_price&sort_direction=DESC")
    data = mine.json()["data"]
    assert data["total_items"] == 3
    assert [p["external_purchase_id"] for p in data["purchases"]] == ["L-2", "L-1"]
    assert "purchase_items" not in data["purchases"][0]
    one = (await api.get("/purchases?external_purchase_id=L-other&purchase_items_extension=true")).json()["data"]
    assert one["total_items"] == 1
    assert len(one["purchases"][0]["purchase_items"]) == 2
    sub = (await api.get(f"/customers/{customer}/purchases?sort_field=items_count")).json()["data"]
    assert [p["items_count"] for p in sub["purchases"]] == [1, 2, 3]
    items = await api.get(f"/purchases/{sub['purchases'][2]['purchase_id']}/purchase-items?count=1&offset=2")
    assert items.json()["data"]["total_items"] == 3
    assert [i["external_id"] for i in items.json()["data"]["purchase_items"]] == ["L-2-2"]


async def test_accept_payment_quotes_the_bill_by_the_same_rule_and_writes_nothing(api: Api, read: Read) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 40)
    body = await bill_body(api, "QUOTE", customer, items=2)
    before = await written(read, business(api))
    quoted = await api.post(
        "/purchases/actions/accept-payment",
        {**body, "payment_type": "S", "max_points": 30},
    )
    assert quoted.status_code == 200, quoted.text
    data = quoted.json()["data"]
    assert (data["credit_points_of_this_transaction"], data["credit_points"], data["total_credit_points"]) == (
        200,
        30,
        40,
    )
    assert await written(read, business(api)) == before
    body["bill"]["bill_items"][1]["purchase_item_type_id"] = "999999"
    refused = await api.post("/purchases/actions/accept-payment", {**body, "payment_type": "S"})
    assert refused.status_code == 400
    params = refused.json()["error"]["error_data"]["invalid_params"]
    assert [(p["name"], p["reason"]) for p in params] == [("bill.bill_items.1.purchase_item_type_id", "not_found")]


async def test_synchronize_points_sets_the_balance_with_one_entry(api: Api) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 100)
    down = await api.post("/points/actions/synchronize-points", {"customer_id": customer, "amount": 30})
    assert down.status_code == 204, down.text
    assert await available(api, customer) == 30
    up = await api.post("/points/actions/synchronize-points", {"customer_id": customer, "amount": 45.5})
    assert up.status_code == 204
    assert await available(api, customer) == 45.5
    history = (await api.get(f"/point-history?customer_id={customer}")).json()["data"]["point_history"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history] == [
        ("assign", 100),
        ("reduce", -70),
        ("assign", 15.5),
    ]
    refused = await api.post("/points/actions/synchronize-points", {"customer_id": customer, "amount": -1})
    assert refused.status_code == 400


async def test_a_new_business_has_purchase_vocabularies(api: Api) -> None:
    types = (await api.get("/purchase-types?text_id=eshop")).json()["data"]
    assert types["total_items"] == 1
    items = (await api.get("/purchase-item-types")).json()["data"]
    assert items["total_items"] == 6
    payments = (await api.get("/payment-types?sort_field=name")).json()["data"]
    assert payments["payment_types"][0]["name"] == "Cash"
    one = await api.get(f"/payment-types/{payments['payment_types'][0]['payment_type_id']}")
    assert one.json()["data"]["name"] == "Cash"
    assert (await api.get("/payment-types/999999")).status_code == 404
    assert (await api.get("/purchase-properties")).json()["data"]["total_items"] == 0
    assert (await api.get("/purchase-item-properties/p1")).status_code == 404
    assert (await api.get("/purchase-properties/p1")).status_code == 404


async def test_another_business_ids_find_nothing(api: Api, make_tenant: TenantFactory, api_for: MakeApi) -> None:
    customer = await create_customer(api)
    purchase_id = await send(api, await bill_body(api, "MINE", customer))
    point_id = (await api.get(f"/purchases/{purchase_id}/points")).json()["data"]["points"][0]["point_id"]
    payment_type = (await api.get("/payment-types")).json()["data"]["payment_types"][0]["payment_type_id"]
    other = await api_for(await make_tenant("Other"))
    for path in (
        f"/purchases/{purchase_id}",
        f"/purchases/{purchase_id}/purchase-items",
        f"/purchases/{purchase_id}/points",
        f"/purchases/{purchase_id}/vouchers",
        f"/purchases/{purchase_id}/actions/payment-summary",
        f"/customers/{customer}/purchases",
        f"/points/{point_id}/purchases",
        f"/payment-types/{payment_type}",
    ):
        assert (await other.get(path)).status_code == 404, path
    assert (await other.get("/purchases")).json()["data"]["total_items"] == 0
    assert (await other.put(f"/purchases/{purchase_id}", {"purchase": {"customer_id": customer}})).status_code == 404
    theirs = await bill_body(other, "THEIRS", customer)
    refused = await other.post("/purchases/actions/send-purchase", theirs)
    assert refused.status_code == 400
    assert [p["name"] for p in refused.json()["error"]["error_data"]["invalid_params"]] == ["customer_id"]
    mine = await bill_body(api, "MINE2", customer)
    foreign = await other.post("/purchases/actions/send-purchase", mine)
    assert {p["name"] for p in foreign.json()["error"]["error_data"]["invalid_params"]} >= {
        "store_id",
        "bill.purchase_type_id",
    }
    assigned = await other.post(
        "/purchases/actions/assign-customer",
        {"store_id": mine["store_id"], "external_purchase_id": "MINE", "customer_id": customer},
    )
    assert assigned.status_code == 400
    synced = await other.post("/points/actions/synchronize-points", {"customer_id": customer, "amount": 1})
    assert synced.status_code == 400


async def test_a_customer_reads_their_own_purchases_only_and_sends_none(api: Api, customer_api: Api) -> None:
    mine = await logged_in(api, customer_api)
    theirs = await create_customer(api)
    own = await send(api, await bill_body(api, "OWN", mine))
    other = await send(api, await bill_body(api, "OTHER", theirs))
    listed = (await customer_api.get("/purchases")).json()["data"]
    assert [p["purchase_id"] for p in listed["purchases"]] == [own]
    assert (await customer_api.get(f"/purchases/{own}/purchase-items")).status_code == 200
    for path in (f"/purchases/{other}", f"/purchases/{other}/points", f"/customers/{theirs}/purchases"):
        assert (await customer_api.get(path)).status_code == 403, path
    sent = await customer_api.post("/purchases/actions/send-purchase", await bill_body(api, "SELF", mine))
    assert sent.status_code == 403
    assert sent.json()["error"]["type"] == "interface_not_allowed_exception"


async def test_point_history_filters_by_the_store_of_the_purchase(api: Api) -> None:
    customer = await create_customer(api)
    await give_points(api, customer, 10)
    body = await bill_body(api, "IN-STORE", customer)
    await send(api, body)
    history = (await api.get(f"/point-history?customer_id={customer}&store_id={body['store_id']}")).json()["data"]
    assert [(h["point_operation_type"], h["point_amount"]) for h in history["point_history"]] == [("purchase", 200)]
    purchase_id = (await api.get("/purchases?external_purchase_id=IN-STORE")).json()["data"]["purchases"][0]
    assert json.loads(history["point_history"][0]["extended_data"]) == {"purchase_id": purchase_id["purchase_id"]}
    assert (await api.get("/point-history?store_id=999999")).json()["data"]["total_items"] == 0


async def test_an_item_names_the_catalogue_product_of_its_plu_code(api: Api) -> None:
    customer = await create_customer(api)
    body = await bill_body(api, "CATALOGUE", customer)
    body["bill"]["bill_items"][1]["plu_ids"] = [{"list_code": "EAN", "code": "8590000000017"}]
    purchase_id = await send(api, body)  # sold before its product is in the catalogue
    tea = {"name": "Green tea", "plu_ids": [{"list_code": "EAN", "code": "8590000000017"}]}
    assert (await api.post("/products/batch", {"products": [tea]})).status_code == 204
    product_id = (await api.get("/products")).json()["data"]["products"][0]["product_id"]
    items = (await api.get(f"/purchases/{purchase_id}/purchase-items")).json()["data"]["purchase_items"]
    assert [(i["product_id"], i["product_name"]) for i in items] == [("SKU-0", "Product 0"), (product_id, "Green tea")]
    listed = (await api.get("/purchases?external_purchase_id=CATALOGUE&purchase_items_extension=true")).json()
    assert listed["data"]["purchases"][0]["purchase_items"][1]["product_id"] == product_id
