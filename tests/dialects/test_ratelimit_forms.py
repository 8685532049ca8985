"""Every dialect answers a rate-limited request with 429, Retry-After and its own body form (issue 7 §6)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.conftest import TenantFactory
from tests.helpers import Read, row_counts


@pytest.fixture
async def limited(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app with a limit of 2 requests a day per credential (a day-long window: no test straddles its edge)."""
    app = create_app(settings.model_copy(update={"rate_limit": "2/day"}), database)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        yield client


def _wired_body(tenant: dict[str, Any], n: int) -> dict[str, Any]:
    return {
        **tenant["credentials"]["wiredclient"],
        "account_number": tenant["branches"][0]["account_number"],
        "id": 0,
        "first_name": "Rate",
        "last_name": f"Limited{n}",
        "mobile_phone1": f"+1 415 555 {n:04d}",
    }


async def test_wired_client_says_429_with_its_status_body_and_writes_nothing(
    limited: httpx.AsyncClient, make_tenant: TenantFactory, read: Read
) -> None:
    tenant = await make_tenant()
    for n in range(2):
        response = await limited.post("/wiredclient/api/v1/client", json=_wired_body(tenant, n))
        assert (response.status_code, response.json()["status"]) == (200, 0)
    before = await row_counts(read, tenant["business"]["id"])
    refused = await limited.post("/wiredclient/api/v1/client", json=_wired_body(tenant, 3))
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 86400
    body = refused.json()
    assert (body["id"], body["status"]) == (0, 2000)
    assert body["message"].startswith("Too many requests")
    assert await row_counts(read, tenant["business"]["id"]) == before
    other = await make_tenant("Another")
    served = await limited.post("/wiredclient/api/v1/client", json=_wired_body(other, 4))
    assert served.json()["status"] == 0  # another credential has its own count


async def test_timetap_says_429_with_its_error_body(limited: httpx.AsyncClient, make_tenant: TenantFactory) -> None:
    import hashlib
    import time

    keys = (await make_tenant())["credentials"]["timetap"]
    signature = hashlib.md5((keys["api_key"] + keys["private_key"]).encode()).hexdigest()
    params = {"apiKey": keys["api_key"], "timestamp": str(int(time.time())), "signature": signature}
    session = await limited.get("/timetap/live/sessionToken", params=params)
    assert session.status_code == 200
    headers = {"Authorization": f"Bearer {session.json()['sessionToken']}"}
    statuses = [(await limited.get("/timetap/live/clients", headers=headers)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = await limited.get("/timetap/live/clients", headers=headers)
    assert refused.json()["status"] == 429
    assert int(refused.headers["Retry-After"]) >= 1


async def test_webcamconsult_says_429_in_its_own_form(limited: httpx.AsyncClient, make_tenant: TenantFactory) -> None:
    token = (await make_tenant())["credentials"]["webcamconsult"]["token"]
    headers = {"Authorization": f"Token token={token}"}
    statuses = [(await limited.get("/webcamconsult/users.json", headers=headers)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = await limited.get("/webcamconsult/users.json", headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert list(refused.json()["errors"]) == ["base"]  # its Rails-style errors object


async def test_requests_are_served_when_redis_is_unreachable(
    settings: Settings, database: Database, make_tenant: TenantFactory
) -> None:
    app = create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"}), database)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    tenant = await make_tenant()
    async with httpx.AsyncClient(transport=transport, base_url="http://clientbook.test") as client:
        response = await client.post("/wiredclient/api/v1/client", json=_wired_body(tenant, 9))
    assert (response.status_code, response.json()["status"]) == (200, 0)
