"""Rate limits count the resolved credential, not the raw Authorization header (issue 14 item 9): a random header on
a Wired Client call, the scheme's case on CareCloud or a fresh TimeTap session token each is no fresh budget; minting
tokens is limited per key and login; requests without a valid credential are counted per client address."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from clientbook.app import create_app
from clientbook.config import Settings
from clientbook.store.engine import Database
from tests.conftest import TenantFactory
from tests.dialects.carecloud.conftest import CUSTOMER, ENTERPRISE, creds, login
from tests.dialects.timetap.conftest import open_session, signature


def _client(settings: Settings, database: Database, **limits: str) -> httpx.AsyncClient:
    app = create_app(settings.model_copy(update=limits), database)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://clientbook.test")


@pytest.fixture
async def limited(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Two requests a day per credential (a day-long window: no test straddles its edge); minting unlimited."""
    async with _client(settings, database, rate_limit="2/day") as client:
        yield client


@pytest.fixture
async def mint_limited(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    """Two tokens a day per key or login; requests unlimited."""
    async with _client(settings, database, token_rate_limit="2/day") as client:
        yield client


async def test_wired_client_counts_the_key_pair_whatever_authorization_header_comes_beside_it(
    limited: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    body = {**tenant["credentials"]["wiredclient"], "account_number": tenant["business"]["account_number"]}
    body |= {"id": 0, "first_name": "Kim", "last_name": "Lee", "email": "kim@example.com"}
    statuses = []
    for _ in range(3):
        headers = {"Authorization": f"Bearer {secrets.token_hex(8)}"}
        response = await limited.post("/wiredclient/api/v1/staff", json=body, headers=headers)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429]


async def test_carecloud_counts_the_login_whatever_the_scheme_s_case_or_token(
    limited: httpx.AsyncClient, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    token = await login(http, tenant)
    fresh = await login(http, tenant)
    sent = [f"Bearer {token}", f"bearer {token}", f"BEARER {fresh}"]
    statuses = [
        (await limited.get(f"{ENTERPRISE}/stores", headers={"Authorization": header})).status_code for header in sent
    ]
    assert statuses == [200, 200, 429]


async def test_timetap_counts_the_business_not_the_session_token(
    limited: httpx.AsyncClient, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    statuses = []
    for _ in range(3):
        headers = {"Authorization": f"Bearer {await open_session(http, tenant)}"}
        statuses.append((await limited.get("/timetap/live/clients", headers=headers)).status_code)
    assert statuses == [200, 200, 429]


async def test_another_business_keeps_its_own_budget(
    limited: httpx.AsyncClient, http: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    one, other = await make_tenant(), await make_tenant()
    for _ in range(3):
        await limited.get("/timetap/live/clients", headers={"Authorization": f"Bearer {await open_session(http, one)}"})
    served = await limited.get(
        "/timetap/live/clients", headers={"Authorization": f"Bearer {await open_session(http, other)}"}
    )
    assert served.status_code == 200


async def test_timetap_session_tokens_are_minted_within_the_token_limit_per_api_key(
    mint_limited: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    keys = tenant["credentials"]["timetap"]
    params = {"apiKey": keys["api_key"], "timestamp": "1", "signature": signature(keys["api_key"], keys["private_key"])}
    statuses = [(await mint_limited.get("/timetap/live/sessionToken", params=params)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = await mint_limited.get("/timetap/live/sessionToken", params=params)
    assert refused.json()["status"] == 429
    assert int(refused.headers["Retry-After"]) >= 1


async def test_carecloud_logins_are_minted_within_the_token_limit_per_login(
    mint_limited: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    c = creds(tenant)
    body = {"user_external_application_id": c["external_application_id"], "login": c["login"], "password": "wrong"}
    statuses = [(await mint_limited.post(f"{ENTERPRISE}/users/actions/login", json=body)).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]  # wrong passwords count too: the limit is what stops guessing
    right = {**body, "password": c["password"]}
    refused = await mint_limited.post(f"{ENTERPRISE}/users/actions/login", json=right)
    assert refused.status_code == 429
    assert refused.json()["error"]["exception"] == "too_many_requests_exception"
    assert int(refused.headers["Retry-After"]) >= 1


async def test_carecloud_device_tokens_are_minted_within_the_token_limit_per_application(
    mint_limited: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    body: dict[str, Any] = {
        "device": {"device_id": "d", "device_system": "iOS", "device_name": "Phone", "device_type": "phone"},
        "setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": True},
        "external_application_id": creds(tenant)["external_application_id"],
    }
    statuses = []
    for n in range(3):
        body["device"]["device_id"] = f"device-{n}"
        statuses.append((await mint_limited.post(f"{CUSTOMER}/tokens", json=body)).status_code)
    assert statuses == [201, 201, 429]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/timetap/live/clients", {"headers": {"Authorization": "Bearer nope"}}),
        ("GET", "/webcamconsult/users.json", {"headers": {"Authorization": "Token token=nope"}}),
        ("GET", f"{ENTERPRISE}/stores", {"headers": {"Authorization": "Bearer nope"}}),
        ("POST", "/wiredclient/api/v1/staff", {"json": {"api_key": "a", "api_password": "b", "account_number": "1"}}),
    ],
)
async def test_requests_without_a_valid_credential_are_counted_per_client_address(
    limited: httpx.AsyncClient, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    """Each guess a new random header or key: the address still runs out of budget."""
    statuses = []
    for _ in range(3):
        sent = {**kwargs}
        if "headers" in sent:
            scheme = sent["headers"]["Authorization"].split(" ")[0]
            sent["headers"] = {"Authorization": f"{scheme} {secrets.token_hex(8)}"}
        else:
            sent["json"] = {**sent["json"], "api_key": secrets.token_hex(8)}
        statuses.append((await limited.request(method, path, **sent)).status_code)
    assert statuses[2] == 429
    assert statuses[:2] != [429, 429]
