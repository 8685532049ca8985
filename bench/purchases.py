"""CareCloud send-purchase (a bill of five items paying with one voucher, concurrency 32) against a real server, as a
ratio of a customer create (POST /customers) in the same run: both are one enterprise request writing one record and
its event, so the ratio shows what a purchase's items, voucher redemption, points and status add. Run:
`python -m bench.purchases [SECONDS]`.

The two are measured in alternating rounds (customers, purchases, customers, …), so a slow patch of the machine weighs
on both alike, and the ratio is that of the medians. Each purchase redeems a voucher of its own, issued before the
clock starts with `vouchers/batch` (a voucher is applied once), and earns points for the same few customers, so the
points ledger and the status rule run on customers with a history, as at a till.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bench._load import LoadResult, drive
from bench._server import Server, fresh_database, postgres_available, running_server

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 12.0  # per endpoint, split over the rounds
ROUNDS = 3
ITEMS = 5
CUSTOMERS = 100  # the purchases' customers, taken in turn
VOUCHERS = 6000  # one per purchase: more than a run sends
BATCH = 500
BASE = "/carecloud/enterprise-interface/v1.0"
SEND_PATH = f"{BASE}/purchases/actions/send-purchase"
CUSTOMERS_PATH = f"{BASE}/customers"


@dataclass(frozen=True)
class Till:
    """What the bills name: the bearer token, the store, the vocabularies, the customers and their vouchers."""

    headers: dict[str, str]
    store_id: str
    purchase_type_id: str
    item_type_id: str
    source_id: str
    customers: list[str]
    vouchers: list[str]  # codes, the n-th purchase redeems the n-th


def _check(answer: httpx.Response) -> Any:
    if answer.status_code >= 300:
        raise RuntimeError(f"{answer.request.method} {answer.request.url.path}: {answer.status_code} {answer.text}")
    return answer.json() if answer.content else None


def _customer(source_id: str, n: int) -> dict[str, Any]:
    personal = {"first_name": f"Client{n}", "last_name": "Bench", "email": f"c{n}@bench.example", "language_id": "cs"}
    return {
        "customer": {"personal_information": personal},
        "customer_source": {"customer_source_id": source_id, "external_id": f"bench-{n}"},
        "autologin": False,
    }


def _set_up(server: Server) -> Till:
    """Log in as the tenant's webservice user and create the customers, a reward and its vouchers."""
    login = server.tenant["credentials"]["carecloud"]
    with httpx.Client(base_url=server.url + BASE, timeout=60) as http:
        body = {
            "user_external_application_id": login["external_application_id"],
            "login": login["login"],
            "password": login["password"],
        }
        token = _check(http.post("/users/actions/login", json=body))["data"]["bearer_token"]
        http.headers["Authorization"] = f"Bearer {token}"
        source = _check(http.get("/customer-sources"))["data"]["customer_sources"][0]["customer_source_id"]
        customers = [
            _check(http.post("/customers", json=_customer(source, -n - 1)))["data"]["customer_id"]
            for n in range(CUSTOMERS)
        ]
        reward_types = _check(http.get("/reward-types"))["data"]["reward_types"]
        fixed = next(t["reward_type_id"] for t in reward_types if t["name"] == "Product with fixed discount")
        reward = {
            "code": "BENCH",
            "names": [{"language_code": "en", "text": "Bench discount"}],
            "reward_type_id": fixed,
            "reward_type_value": 10,
            "global_reward": True,
            "voucher_validity": "interval",
            "voucher_validity_value": "30 days",
            "voucher_code_generation_preference": "A",
            "state": 1,
        }
        reward_id = _check(http.post("/rewards/actions/create-simple-reward", json={"simple_reward": reward}))
        codes = [f"BENCH{n}" for n in range(VOUCHERS)]
        for start in range(0, VOUCHERS, BATCH):
            batch = [
                {"reward_id": reward_id["data"]["reward_id"], "customer_id": customers[n % CUSTOMERS], "code": codes[n]}
                for n in range(start, start + BATCH)
            ]
            _check(http.post("/vouchers/batch", json={"vouchers": batch}))
        item_types = _check(http.get("/purchase-item-types?text_id=store"))["data"]["purchase_item_types"]
        return Till(
            headers={"Authorization": f"Bearer {token}"},
            store_id=_check(http.get("/stores"))["data"]["stores"][0]["store_id"],
            purchase_type_id=_check(http.get("/purchase-types?text_id=store"))["data"]["purchase_types"][0]["type_id"],
            item_type_id=item_types[0]["type_id"],
            source_id=source,
            customers=customers,
            vouchers=codes,
        )


def _bill(till: Till) -> Callable[[int], bytes]:
    def body(n: int) -> bytes:
        items = [
            {
                "plu_ids": [{"list_code": "GLOBAL", "code": f"SKU-{i}"}],
                "plu_name": f"Product {i}",
                "vat_rate": 21,
                "quantity": 1,
                "paid_amount": 100,
                "price": 100,
                "bill_item_id": f"{n}-{i}",
                "loyalty_off": False,
                "purchase_item_type_id": till.item_type_id,
            }
            for i in range(ITEMS)
        ]
        bill = {
            "bill_id": f"B{n}",
            "payment_time": "2026-12-01 12:00:00",
            "currency_id": "CZK",
            "total_price": 100 * ITEMS,
            "bill_items": items,
            "purchase_type_id": till.purchase_type_id,
            "canceled": False,
            "payment_type": "A",
            "payment_recap": {"vouchers": [{"code": till.vouchers[n], "discount_value": 10}]},
        }
        customer = till.customers[n % CUSTOMERS]
        return json.dumps(
            {"store_id": till.store_id, "cashdesk_number": 1, "customer_id": customer, "bill": bill}
        ).encode()

    return body


def _created(_n: int, status: int, _answer: bytes) -> bool:
    return status == 201


@dataclass
class Measured:
    customers: list[LoadResult]
    purchases: list[LoadResult]

    def line(self, backend: str) -> str:
        customers = statistics.median(r.rate for r in self.customers)
        purchases = statistics.median(r.rate for r in self.purchases)
        latencies = sorted(x for r in self.purchases for x in r.latencies)
        p50 = latencies[len(latencies) // 2] * 1000 if latencies else 0.0
        p95 = latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0.0
        errors = sum(r.errors for r in self.customers + self.purchases)
        spread = ", ".join(f"{p.rate / c.rate:.0%}" for c, p in zip(self.customers, self.purchases, strict=True))
        return (
            f"  {backend:10} send-purchase {purchases:6.0f}/s   customer create {customers:6.0f}/s   "
            f"ratio {purchases / customers:.0%} (rounds {spread})\n"
            f"  {'':10} purchase p50 {p50:.1f} ms  p95 {p95:.1f} ms   errors {errors}"
        )


async def measure(backend: str) -> Measured:
    with fresh_database(backend) as url, running_server(url, {"CLIENTBOOK_RUN_WORKER": "false"}) as server:
        till = _set_up(server)
        bills, seconds = _bill(till), SECONDS / ROUNDS
        measured = Measured([], [])
        sent = 0
        for round_ in range(ROUNDS):
            measured.customers.append(
                await drive(
                    server.url,
                    CUSTOMERS_PATH,
                    lambda n: json.dumps(_customer(till.source_id, n)).encode(),
                    first=round_ * 1_000_000,
                    seconds=seconds,
                    ok=_created,
                    headers=till.headers,
                )
            )
            result = await drive(
                server.url,
                SEND_PATH,
                bills,
                first=sent,
                seconds=seconds,
                max_requests=VOUCHERS - sent,
                ok=_created,
                headers=till.headers,
            )
            measured.purchases.append(result)
            sent += result.requests
    return measured


def main() -> None:
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    backends = os.environ.get("CLIENTBOOK_BENCH_BACKENDS", ",".join(backends)).split(",")
    print(f"CareCloud POST send-purchase ({ITEMS} items, one voucher, concurrency 32) against POST /customers")
    for backend in backends:
        print(asyncio.run(measure(backend)).line(backend), flush=True)


if __name__ == "__main__":
    main()
