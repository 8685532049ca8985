"""What the purchase tests share: a closed bill as a POS sends it, and what a refusal must leave unwritten."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import card_types, cards, reward_types, rewards, tenants, voucher_claims
from clientbook.core.cards import CardFields
from clientbook.core.rewards import NewReward
from clientbook.core.types import Tenant
from clientbook.core.voucher_claims import Claim
from clientbook.store.models import Business, Event
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.purchases import Purchase, PurchaseItem
from tests.helpers import Read

from .conftest import Api

_codes = itertools.count(1)


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def written(read: Read, business_id: int) -> tuple[int, int, int, int]:
    """(purchases, purchase items, point records, events) of the business: what a refusal must leave as it was."""

    async def count(session: AsyncSession) -> tuple[int, ...]:
        counts = []
        for model in (Purchase, PurchaseItem, PointRecord, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            counts.append(int(await session.scalar(query) or 0))
        return tuple(counts)

    found: tuple[int, int, int, int] = await read(count)
    return found


async def vocabulary(api: Api, path: str, key: str) -> dict[str, str]:
    """text_id → id of a purchase vocabulary."""
    listed = (await api.get(path)).json()["data"][key]
    return {t["text_id"]: t["type_id"] for t in listed}


async def store_id(api: Api) -> str:
    found: str = (await api.get("/stores")).json()["data"]["stores"][0]["store_id"]
    return found


async def bill_body(api: Api, bill_id: str, customer: str | None, *, items: int = 2, **bill: Any) -> dict[str, Any]:
    """A closed bill of `items` items of 100.00 each (CZK), in a store, of the default types."""
    purchase_types = await vocabulary(api, "/purchase-types", "purchase_types")
    item_types = await vocabulary(api, "/purchase-item-types", "purchase_item_types")
    bill_items = [
        {
            "plu_ids": [{"list_code": "GLOBAL", "code": f"SKU-{n}"}],
            "plu_name": f"Product {n}",
            "vat_rate": 21,
            "quantity": 1,
            "paid_amount": 100,
            "price": 100,
            "bill_item_id": f"{bill_id}-{n}",
            "loyalty_off": False,
            "purchase_item_type_id": item_types["store"],
        }
        for n in range(items)
    ]
    body: dict[str, Any] = {
        "store_id": await store_id(api),
        "cashdesk_number": 1,
        "bill": {
            "bill_id": bill_id,
            "payment_time": "2026-12-01 15:05:49",
            "currency_id": "CZK",
            "total_price": 100 * items,
            "bill_items": bill_items,
            "purchase_type_id": purchase_types["store"],
            "canceled": False,
            "payment_type": "S",
            **bill,
        },
    }
    if customer is not None:
        body["customer_id"] = customer
    return body


async def send(api: Api, body: dict[str, Any]) -> str:
    response = await api.post("/purchases/actions/send-purchase", body)
    assert response.status_code == 201, response.text
    purchase_id: str = response.json()["data"]["purchase_id"]
    return purchase_id


async def give_points(api: Api, customer: str, amount: float) -> None:
    answer = await api.post("/points/actions/assign-points", {"amount": amount, "customer_id": customer})
    assert answer.status_code == 201, answer.text


async def available(api: Api, customer: str) -> float:
    """What the customer's point records have left (reserved points included: they stay in their lots)."""
    rows = (await api.get(f"/customers/{customer}/points")).json()["data"]["points"]
    return float(sum(r["available_points"] for r in rows))


async def as_tenant(context: Context, api: Api) -> Tenant:
    async with context.db.transaction() as session:
        found = await session.get(Business, business(api))
        assert found is not None
        return tenants.tenant_of(found, actor="test")


async def issue_card(context: Context, api: Api, customer: str, number: str) -> None:
    """A loyalty card of the default type for the customer (CareCloud's cards routes are not served yet)."""
    who = await as_tenant(context, api)
    async with context.db.transaction() as session:
        card_type = await card_types.ensure_defaults(session, who)
        await cards.create(session, who, CardFields(card_type_id=card_type.id, number=number, client_id=int(customer)))


async def claim_voucher(context: Context, api: Api, customer: str, *, gift_card_value: int | None = None) -> str:
    """A voucher of a simple reward (a 50 CZK discount, or a gift card worth `gift_card_value`) for the customer; its
    code."""
    who = await as_tenant(context, api)
    behaviour = reward_types.FIXED_DISCOUNT if gift_card_value is None else reward_types.GIFT_CARD
    async with context.db.transaction() as session:
        types = {t.behaviour: t.id for t in await reward_types.list_all(session, who)}
        reward = await rewards.create_simple(
            session,
            who,
            NewReward(
                code=f"R{next(_codes)}",
                names={"en": "Coffee"},
                reward_type_id=types[behaviour],
                type_value=gift_card_value or 50,
                voucher_validity="interval",
                voucher_validity_value="7 days",
            ),
        )
        voucher = await voucher_claims.claim(session, who, Claim(reward_id=reward.id, client_id=int(customer)))
    return voucher.code
