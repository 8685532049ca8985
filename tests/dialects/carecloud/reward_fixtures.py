"""What the rewards and vouchers tests share: a simple reward as the wire creates it, points to pay with, a logged-in
customer, and the counts a refusal must leave as they were."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.store.models import Event
from clientbook.store.models.loyalty import PointRecord
from clientbook.store.models.rewards import Reward
from clientbook.store.models.vouchers import Voucher, VoucherRedemption
from tests.helpers import Read

from .conftest import Api, customer_body, source_id

_codes = itertools.count(1)


async def reward_type_id(api: Api, name: str) -> str:
    types = (await api.get("/reward-types")).json()["data"]["reward_types"]
    found: str = next(t["reward_type_id"] for t in types if t["name"] == name)
    return found


def simple_reward(type_id: str, **given: Any) -> dict[str, Any]:
    reward = {
        "code": f"COFFEE{next(_codes)}",
        "names": [{"language_code": "en", "text": "Free coffee"}, {"language_code": "cs", "text": "Káva zdarma"}],
        "reward_type_id": type_id,
        "reward_type_value": 50,
        "global_reward": True,
        "voucher_validity": "interval",
        "voucher_validity_value": "30 days",
        "voucher_code_generation_preference": "A",
        "state": 1,
        **given,
    }
    return {"simple_reward": reward}


async def create_reward(api: Api, type_name: str = "Product with fixed discount", **given: Any) -> str:
    body = simple_reward(await reward_type_id(api, type_name), **given)
    response = await api.post("/rewards/actions/create-simple-reward", body)
    assert response.status_code == 201, response.text
    reward_id: str = response.json()["data"]["reward_id"]
    return reward_id


async def give_points(api: Api, customer_id: str, amount: float) -> None:
    body = {"amount": amount, "customer_id": customer_id}  # the business's own partner
    assert (await api.post("/points/actions/assign-points", body)).status_code == 201


async def available_points(api: Api, customer_id: str) -> float:
    records = (await api.get(f"/customers/{customer_id}/points")).json()["data"]["points"]
    return float(sum(r["available_points"] for r in records))


async def logged_in(api: Api, customer_api: Api) -> str:
    """A registered customer, logged in to `customer_api`'s token; their id."""
    body = customer_body(await source_id(api))
    body["password"] = "Secret123x"
    response = await api.post("/customers", body)
    assert response.status_code == 201, response.text
    token = customer_api.headers["Authorization"].removeprefix("Bearer ")
    email = body["customer"]["personal_information"]["email"]
    login = {"login_type": "email", "login_value": email, "password": "Secret123x"}
    assert (await customer_api.post(f"/tokens/{token}/actions/login", login)).status_code == 200
    customer_id: str = response.json()["data"]["customer_id"]
    return customer_id


def business(api: Api) -> int:
    business_id: int = api.tenant["business"]["id"]
    return business_id


async def counts(read: Read, business_id: int) -> tuple[int, ...]:
    """(rewards, vouchers, redemptions, point records, events) of the business."""

    async def count(session: AsyncSession) -> tuple[int, ...]:
        found = []
        for model in (Reward, Voucher, VoucherRedemption, PointRecord, Event):
            query = select(func.count()).select_from(model).where(model.business_id == business_id)
            found.append(int(await session.scalar(query) or 0))
        return tuple(found)

    result: tuple[int, ...] = await read(count)
    return result


def refused_fields(response: Any) -> list[str]:
    assert response.status_code == 400, (response.status_code, response.request.content[:300])
    return [p["name"] for p in response.json()["error"]["error_data"]["invalid_params"]]
