"""`clientbook credentials rotate`: a new secret per dialect, the old one accepted during the grace and not after.

The clock is injected into the rotation (its `now`), never slept on: a rotation dated 25 hours ago with a 24-hour
grace is one whose grace has ended.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from clientbook.context import Context
from clientbook.dialects.registry import DIALECTS
from clientbook.store.models import utcnow

from .conftest import Clientbook

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"


_numbers = iter(range(1000, 10_000))


def next_mobile() -> int:
    """A fresh mobile number per client (Wired Client refuses a duplicate)."""
    return next(_numbers)


async def _wiredclient(http: httpx.AsyncClient, tenant: dict[str, Any], secrets: dict[str, str]) -> bool:
    body = {
        "api_key": secrets["api_key"],
        "api_password": secrets["api_password"],
        "account_number": tenant["branches"][0]["account_number"],
        "id": 0,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "mobile_phone1": f"+1 415 555 {next_mobile():04d}",
    }
    answer = (await http.post("/wiredclient/api/v1/client", json=body)).json()
    assert answer["status"] == 0 or answer["message"] == "Invalid API credentials", answer
    return bool(answer["status"] == 0)


async def _timetap(http: httpx.AsyncClient, _tenant: dict[str, Any], secrets: dict[str, str]) -> bool:
    signature = hashlib.md5((secrets["api_key"] + secrets["private_key"]).encode()).hexdigest()
    params = {"apiKey": secrets["api_key"], "timestamp": "1700000000", "signature": signature}
    response = await http.get("/timetap/live/sessionToken", params=params)
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def _webcamconsult(http: httpx.AsyncClient, _tenant: dict[str, Any], secrets: dict[str, str]) -> bool:
    response = await http.get("/webcamconsult/users.json", headers={"Authorization": f"Token token={secrets['token']}"})
    assert response.status_code in (200, 401), response.text
    return response.status_code == 200


async def _carecloud(http: httpx.AsyncClient, _tenant: dict[str, Any], secrets: dict[str, str]) -> bool:
    """Both forms: the login, and the deprecated Basic digest of the password's md5 and the hour."""
    login = await http.post(
        f"{ENTERPRISE}/users/actions/login",
        json={
            "user_external_application_id": secrets["external_application_id"],
            "login": secrets["login"],
            "password": secrets["password"],
        },
    )
    md5 = hashlib.md5(secrets["password"].encode()).hexdigest()
    digest = hashlib.sha256((md5 + datetime.now(UTC).strftime("%Y%m%d%H")).encode()).hexdigest()
    basic = base64.b64encode(f"{secrets['login']}:{digest}".encode()).decode()
    customers = await http.get(f"{ENTERPRISE}/customers", headers={"Authorization": f"Basic {basic}"})
    assert login.status_code in (200, 401), login.text
    assert (login.status_code == 200) == (customers.status_code == 200), customers.text
    return login.status_code == 200


Check = Callable[[httpx.AsyncClient, dict[str, Any], dict[str, str]], Awaitable[bool]]
CHECKS: dict[str, Check] = {
    "wiredclient": _wiredclient,
    "timetap": _timetap,
    "webcamconsult": _webcamconsult,
    "carecloud": _carecloud,
}


def test_every_dialect_can_rotate_and_is_checked_here() -> None:
    assert {d.name for d in DIALECTS if d.rotate_credentials is not None} == set(CHECKS)


@pytest.mark.parametrize("dialect", sorted(CHECKS))
async def test_rotate_prints_a_new_secret_and_both_work_during_the_grace(
    dialect: str, clientbook: Clientbook, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    check, old = CHECKS[dialect], tenant["credentials"][dialect]
    assert await check(http, tenant, old)
    done = await clientbook(
        "credentials", "rotate", tenant["business"]["account_number"], "--dialect", dialect, "--json"
    )
    assert done.exit_code == 0, done.stderr
    new = json.loads(done.stdout)[dialect]
    assert set(new) == set(old)
    assert new != old
    for name in ("api_key", "login", "external_application_id"):  # the ids integrations are configured with stay
        assert new.get(name) == old.get(name)
    assert await check(http, tenant, new)
    assert await check(http, tenant, old)


@pytest.mark.parametrize("dialect", sorted(CHECKS))
async def test_after_the_grace_only_the_new_secret_works(
    dialect: str, http: httpx.AsyncClient, tenant: dict[str, Any], context: Context
) -> None:
    rotate = next(d.rotate_credentials for d in DIALECTS if d.name == dialect)
    assert rotate is not None
    async with context.db.transaction() as session:
        rotated_at = utcnow() - timedelta(hours=25)
        new = await rotate(session, context, tenant["business"]["id"], timedelta(hours=24), rotated_at)
    check = CHECKS[dialect]
    assert await check(http, tenant, new)
    assert not await check(http, tenant, tenant["credentials"][dialect])


async def test_grace_zero_ends_the_old_secret_at_once(
    clientbook: Clientbook, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    number = tenant["business"]["account_number"]
    done = await clientbook("credentials", "rotate", number, "--dialect", "wiredclient", "--grace", "0", "--json")
    assert done.exit_code == 0, done.stderr
    assert await _wiredclient(http, tenant, json.loads(done.stdout)["wiredclient"])
    assert not await _wiredclient(http, tenant, tenant["credentials"]["wiredclient"])


async def test_a_second_rotation_ends_the_first_old_secret(
    clientbook: Clientbook, http: httpx.AsyncClient, tenant: dict[str, Any]
) -> None:
    number = tenant["business"]["account_number"]
    first = await clientbook("credentials", "rotate", number, "--dialect", "timetap", "--json")
    second = await clientbook("credentials", "rotate", number, "--dialect", "timetap", "--json")
    assert await _timetap(http, tenant, json.loads(second.stdout)["timetap"])
    assert await _timetap(http, tenant, json.loads(first.stdout)["timetap"])
    assert not await _timetap(http, tenant, tenant["credentials"]["timetap"])


async def test_rotate_refuses_an_unknown_business_or_dialect_or_grace(
    clientbook: Clientbook, tenant: dict[str, Any]
) -> None:
    number = tenant["business"]["account_number"]
    unknown = await clientbook("credentials", "rotate", "no-such-business", "--dialect", "timetap")
    assert unknown.exit_code == 2
    assert "Invalid business account number" in unknown.stderr
    assert (await clientbook("credentials", "rotate", number, "--dialect", "nope")).exit_code == 2
    assert (await clientbook("credentials", "rotate", number, "--dialect", "timetap", "--grace", "soon")).exit_code == 2
