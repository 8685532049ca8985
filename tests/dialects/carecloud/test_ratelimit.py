"""Rate limits per credential on the CareCloud API: 429 in the error envelope with Retry-After."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.conftest import TenantFactory

from .conftest import ENTERPRISE, login, open_token


@pytest.fixture
async def limited(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a limit of 3 requests a minute per credential."""
    app = create_app(settings.model_copy(update={"rate_limit": "3/day"}), database)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


async def test_past_the_limit_a_credential_gets_429_with_retry_after_and_others_are_served(
    limited: httpx.AsyncClient, http: httpx.AsyncClient, tenant: dict[str, Any], make_tenant: TenantFactory
) -> None:
    one = {"Authorization": f"Bearer {await login(http, tenant)}"}
    other = {"Authorization": f"Bearer {await login(http, await make_tenant('Other'))}"}  # a second login's budget
    statuses = [(await limited.get(f"{ENTERPRISE}/stores", headers=one)).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = await limited.get(f"{ENTERPRISE}/stores", headers=one)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 86400
    error = refused.json()["error"]
    assert error["exception"] == "too_many_requests_exception"
    assert set(error) >= {"type", "title", "detail"}
    assert (await limited.get(f"{ENTERPRISE}/stores", headers=other)).status_code == 200


async def test_customer_tokens_are_limited_each_on_their_own(
    limited: httpx.AsyncClient, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    token = {"Authorization": f"Bearer {await open_token(http, tenant, 'limited-device')}"}
    path = "/carecloud/customer-interface/v1.0/stores"
    statuses = [(await limited.get(path, headers=token)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
