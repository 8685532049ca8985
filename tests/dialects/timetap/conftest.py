from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

BASES = ("/timetap/live", "/timetap/test")


def signature(api_key: str, private_key: str) -> str:
    return hashlib.md5((api_key + private_key).encode()).hexdigest()


@dataclass
class TimeTap:
    """A business seen through the TimeTap API: its tenant JSON, a session token and call helpers."""

    http: httpx.AsyncClient
    tenant: dict[str, Any]
    token: str
    base: str = "/timetap/live"
    counter: int = 0

    @property
    def business_id(self) -> int:
        return int(self.tenant["business"]["id"])

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, f"{self.base}{path}", headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.call("POST", path, **kwargs)

    async def create(self, **fields: Any) -> dict[str, Any]:
        """A client created through POST /clients (200 asserted)."""
        self.counter += 1
        body = {
            "firstName": "Jane",
            "lastName": f"Doe{self.counter}",
            "emailAddress": f"jane{self.counter}@example.com",
            **fields,
        }
        response = await self.post("/clients", json=body)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data


async def open_session(http: httpx.AsyncClient, tenant: dict[str, Any], base: str = "/timetap/live") -> str:
    keys = tenant["credentials"]["timetap"]
    response = await http.get(
        f"{base}/sessionToken",
        params={
            "apiKey": keys["api_key"],
            "timestamp": "1700000000",
            "signature": signature(keys["api_key"], keys["private_key"]),
        },
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["sessionToken"]
    return token


MakeTimeTap = Callable[..., Awaitable[TimeTap]]


@pytest.fixture
def make_tt(http: httpx.AsyncClient, make_tenant: Any) -> MakeTimeTap:
    async def make(**kwargs: Any) -> TimeTap:
        tenant = await make_tenant(**kwargs)
        return TimeTap(http, tenant, await open_session(http, tenant))

    return make


@pytest.fixture
async def tt(make_tt: MakeTimeTap) -> TimeTap:
    return await make_tt(branches=("North", "South"))
