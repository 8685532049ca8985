from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

Post = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def post(http: httpx.AsyncClient) -> Post:
    """POST a Wired Client call; every answer must be HTTP 200 with a JSON body."""

    async def call(path: str, body: dict[str, Any] | bytes | str) -> dict[str, Any]:
        if isinstance(body, dict):
            response = await http.post(f"/wiredclient/api/v1/{path}", json=body)
        else:
            response = await http.post(
                f"/wiredclient/api/v1/{path}", content=body, headers={"Content-Type": "application/json"}
            )
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    return call


def creds(tenant: dict[str, Any], *, branch: bool) -> dict[str, Any]:
    account = tenant["branches"][0]["account_number"] if branch else tenant["business"]["account_number"]
    return {**tenant["credentials"]["wiredclient"], "account_number": account}


@pytest.fixture
def staff_body(tenant: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        return {
            **creds(tenant, branch=False),
            "id": 0,
            "first_name": "Jane",
            "last_name": "Doe",
            "email_address1": "jane@example.com",
            **fields,
        }

    return make


@pytest.fixture
def client_body(tenant: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    counter = iter(range(100, 10_000))

    def make(**fields: Any) -> dict[str, Any]:
        return {
            **creds(tenant, branch=True),
            "id": 0,
            "first_name": "John",
            "last_name": "Smith",
            "mobile_phone1": f"+1 415 555 {next(counter):04d}",
            **fields,
        }

    return make
