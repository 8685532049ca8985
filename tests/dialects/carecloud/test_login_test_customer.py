"""CareCloud `login-test-customer`: every device token of a business logs in as its one test customer, made on the
first such login (with its event) and made afresh once deleted."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select

from clientbook.context import Context
from clientbook.core import clients, test_customers
from clientbook.core.types import Tenant
from clientbook.store.models import Client, Event
from tests.helpers import Read

from .conftest import CUSTOMER, Api, open_token


async def _test_login(http: httpx.AsyncClient, tenant: dict[str, Any], device_id: str) -> tuple[Api, str]:
    token = await open_token(http, tenant, device_id=device_id)
    api = Api(http, CUSTOMER, {"Authorization": f"Bearer {token}"}, tenant)
    response = await api.post(f"/tokens/{token}/actions/login-test-customer")
    assert response.status_code == 200, response.text
    customer_id: str = response.json()["data"]["customer_id"]
    return api, customer_id


async def test_every_device_logs_in_as_the_one_test_customer(
    http: httpx.AsyncClient, tenant: dict[str, Any], read: Read
) -> None:
    first, customer_id = await _test_login(http, tenant, "reviewer-1")
    _, again = await _test_login(http, tenant, "reviewer-2")
    assert again == customer_id
    own = await first.get(f"/customers/{customer_id}")
    assert own.status_code == 200
    assert own.json()["data"]["personal_information"]["first_name"] == "Test"
    business_id = tenant["business"]["id"]
    marked = await read(lambda s: s.scalars(select(Client.extra).where(Client.business_id == business_id)))
    assert [extra.get("test_customer") for extra in marked] == [True]
    created = await read(
        lambda s: s.scalars(
            select(Event.entity_id).where(
                Event.business_id == business_id, Event.entity == "client", Event.action == "created"
            )
        )
    )
    assert list(created) == [int(customer_id)]


async def test_a_deleted_test_customer_is_made_afresh(
    http: httpx.AsyncClient, tenant: dict[str, Any], context: Context
) -> None:
    _, customer_id = await _test_login(http, tenant, "reviewer-1")
    async with context.db.transaction() as session:
        await clients.delete(session, Tenant(tenant["business"]["id"]), int(customer_id))
    _, fresh = await _test_login(http, tenant, "reviewer-2")
    assert fresh != customer_id


async def test_login_test_customer_is_on_the_callers_own_token_only(customer_api: Api, api: Api) -> None:
    assert (await customer_api.post("/tokens/not-mine/actions/login-test-customer")).status_code == 404
    assert (await api.post("/tokens/x/actions/login-test-customer")).status_code == 403


async def test_racing_first_logins_make_one_test_customer(tenant: dict[str, Any], context: Context) -> None:
    business = Tenant(tenant["business"]["id"])

    async def first_login() -> int:
        async with context.db.transaction() as session:
            return (await test_customers.ensure(session, business)).id

    made = await asyncio.gather(first_login(), first_login(), first_login())
    assert len(set(made)) == 1
