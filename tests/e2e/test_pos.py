"""A point of sale against a real `clientbook serve` (issue 12): it identifies the customer by card, reserves points
for the bill, sends the purchase paying with those points and a voucher, and reads the new balance and history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from clientbook.context import Context
from tests.delivery.processes import fresh_database
from tests.servers import serving

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"


class Till:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def call(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = await self.http.request(method, ENTERPRISE + path, json=body)
        assert response.status_code == status, response.text
        return response.json()["data"] if response.content else None

    async def log_in(self, tenant: dict[str, Any]) -> None:
        login = tenant["credentials"]["carecloud"]
        body = {
            "user_external_application_id": login["external_application_id"],
            "login": login["login"],
            "password": login["password"],
        }
        token = (await self.call("POST", "/users/actions/login", body))["bearer_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    async def first(self, path: str, key: str) -> dict[str, Any]:
        found: dict[str, Any] = (await self.call("GET", path))[key][0]
        return found


async def _customer_with_card(till: Till, number: str) -> str:
    source = (await till.first("/customer-sources", "customer_sources"))["customer_source_id"]
    personal = {"first_name": "Jana", "last_name": "Nováková", "email": "jana@example.com", "language_id": "cs"}
    body = {
        "customer": {"personal_information": personal},
        "customer_source": {"customer_source_id": source, "external_id": "pos-1"},
        "autologin": False,
    }
    customer: str = (await till.call("POST", "/customers", body, 201))["customer_id"]
    card_type = (await till.first("/card-types", "card_types"))["card_type_id"]
    card = {"customer_id": customer, "card_type_id": card_type, "card_number": number, "state": 1}
    await till.call("POST", "/cards", {"card": card}, 201)
    return customer


async def _voucher(till: Till, customer: str) -> str:
    reward_types = (await till.call("GET", "/reward-types"))["reward_types"]
    fixed = next(t["reward_type_id"] for t in reward_types if t["name"] == "Product with fixed discount")
    reward = {
        "code": "COFFEE",
        "names": [{"language_code": "en", "text": "Coffee discount"}],
        "reward_type_id": fixed,
        "reward_type_value": 30,
        "global_reward": True,
        "voucher_validity": "interval",
        "voucher_validity_value": "30 days",
        "voucher_code_generation_preference": "A",
        "state": 1,
    }
    reward_id = (await till.call("POST", "/rewards/actions/create-simple-reward", {"simple_reward": reward}, 201))[
        "reward_id"
    ]
    voucher_id = (
        await till.call("POST", f"/rewards/{reward_id}/actions/create-voucher", {"customer_id": customer}, 201)
    )["voucher_id"]
    code: str = (await till.call("GET", f"/vouchers/{voucher_id}"))["code"]
    return code


async def _bill(till: Till, bill_id: str, card_number: str, **recap: Any) -> dict[str, Any]:
    purchase_type = (await till.first("/purchase-types?text_id=store", "purchase_types"))["type_id"]
    item_type = (await till.first("/purchase-item-types?text_id=store", "purchase_item_types"))["type_id"]
    items = [
        {
            "plu_ids": [{"list_code": "GLOBAL", "code": f"SKU-{n}"}],
            "plu_name": f"Product {n}",
            "vat_rate": 21,
            "quantity": 1,
            "paid_amount": 150,
            "price": 150,
            "bill_item_id": f"{bill_id}-{n}",
            "loyalty_off": False,
            "purchase_item_type_id": item_type,
        }
        for n in range(2)
    ]
    return {
        "store_id": (await till.first("/stores", "stores"))["store_id"],
        "cashdesk_number": 3,
        "card_number": card_number,
        "bill": {
            "bill_id": bill_id,
            "payment_time": "2026-12-01 15:05:49",
            "currency_id": "CZK",
            "total_price": 300,
            "bill_items": items,
            "purchase_type_id": purchase_type,
            "canceled": False,
            "payment_type": "A",
            "payment_recap": recap,
        },
    }


async def _available(till: Till, customer: str) -> float:
    records = (await till.call("GET", f"/customers/{customer}/points"))["points"]
    return float(sum(r["available_points"] for r in records))


async def test_a_till_identifies_by_card_reserves_points_and_closes_the_bill(
    backend: str, context: Context, tmp_path: Path
) -> None:
    async with fresh_database(backend, tmp_path) as fresh:
        tenant = await fresh.make_tenant(Context(settings=context.settings, db=fresh.db))
        env = {"CLIENTBOOK_DATABASE_URL": fresh.url, "CLIENTBOOK_RUN_WORKER": "false"}
        with serving(env, tmp_path / "server.log") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
                till = Till(http)
                await till.log_in(tenant)
                customer = await _customer_with_card(till, "1000000000016")
                await till.call("POST", "/points/actions/assign-points", {"amount": 100, "customer_id": customer}, 201)
                voucher = await _voucher(till, customer)

                # The customer hands over their card: the till finds whose it is.
                card = await till.first("/cards?card_number=1000000000016", "cards")
                assert card["customer_id"] == customer
                # They pay 60 of their points: the till holds them under the bill's id while it closes the bill.
                reservation = {"external_id": "B-77", "customer_id": customer, "amount": 60}
                await till.call("POST", "/point-reservations/actions/reserve-points", reservation, 204)
                held = await till.first("/point-reservations?external_id=B-77", "point_reservations")
                assert (held["quantity"], held["state"]) == (60, 1)

                bill = await _bill(till, "B-77", "1000000000016", credit_points=60, vouchers=[{"code": voucher}])
                purchase_id = (await till.call("POST", "/purchases/actions/send-purchase", bill, 201))["purchase_id"]
                retried = await till.call("POST", "/purchases/actions/send-purchase", bill, 201)
                assert retried["purchase_id"] == purchase_id  # a till retrying after a timeout records nothing more

                # 100 - 60 paid + 300 earned (one point per crown of the 300 CZK bill).
                assert await _available(till, customer) == 340
                history = (await till.call("GET", f"/point-history?customer_id={customer}"))["point_history"]
                assert [(h["point_operation_type"], h["point_amount"]) for h in history] == [
                    ("assign", 100),
                    ("reserve", 0),
                    ("free", 0),
                    ("purchase_payment", -60),
                    ("purchase", 300),
                ]
                summary = await till.call("GET", f"/purchases/{purchase_id}/actions/payment-summary")
                assert (summary["earned_points"], summary["used_points"]) == (300, 60)
                assert [v["code"] for v in summary["used_vouchers"]] == [voucher]
                purchase = await till.call("GET", f"/purchases/{purchase_id}")
                assert (purchase["customer_id"], purchase["card_number"]) == (customer, "1000000000016")
                held = await till.first("/point-reservations?external_id=B-77", "point_reservations")
                assert held["state"] == 0  # settled by the purchase
