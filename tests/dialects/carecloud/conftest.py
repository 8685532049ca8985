from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from . import openapi

ENTERPRISE = "/carecloud/enterprise-interface/v1.0"
CUSTOMER = "/carecloud/customer-interface/v1.0"
_phones = itertools.count(601_000_001)
SEEN: set[tuple[str, str, int]] = set()  # (method, spec path, status) of every answer the tests saw


@dataclass
class Api:
    """An HTTP client bound to one interface and one Authorization header."""

    http: httpx.AsyncClient
    base: str
    headers: dict[str, str]
    tenant: dict[str, Any]

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send, and check the answer against carecloud-openapi.yaml (every test validates what it sees)."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = await self.http.request(method, self.base + path, headers=headers, **kwargs)
        found = openapi.problems(method, path.split("?")[0], response.status_code, response.content)
        assert not found, "\n".join(found)
        SEEN.add((method, openapi.template_of(path.split("?")[0]) or path, response.status_code))
        return response

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, json=body, **kwargs)

    async def put(self, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, json=body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)


def creds(tenant: dict[str, Any]) -> dict[str, str]:
    result: dict[str, str] = tenant["credentials"]["carecloud"]
    return result


async def login(http: httpx.AsyncClient, tenant: dict[str, Any]) -> str:
    c = creds(tenant)
    response = await http.post(
        f"{ENTERPRISE}/users/actions/login",
        json={
            "user_external_application_id": c["external_application_id"],
            "login": c["login"],
            "password": c["password"],
        },
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["data"]["bearer_token"]
    return token


@pytest.fixture
async def api(http: httpx.AsyncClient, tenant: dict[str, Any]) -> Api:
    """The enterprise interface, logged in with a bearer token."""
    return Api(http, ENTERPRISE, {"Authorization": f"Bearer {await login(http, tenant)}"}, tenant)


MakeApi = Callable[[dict[str, Any]], Awaitable[Api]]


@pytest.fixture
def api_for(http: httpx.AsyncClient) -> MakeApi:
    async def make(tenant: dict[str, Any]) -> Api:
        return Api(http, ENTERPRISE, {"Authorization": f"Bearer {await login(http, tenant)}"}, tenant)

    return make


async def open_token(http: httpx.AsyncClient, tenant: dict[str, Any], device_id: str = "device-1") -> str:
    response = await http.post(
        f"{CUSTOMER}/tokens",
        json={
            "device": {
                "device_id": device_id,
                "device_system": "iOS 17",
                "device_name": "Phone",
                "device_type": "phone",
            },
            "setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": True},
            "external_application_id": creds(tenant)["external_application_id"],
        },
    )
    assert response.status_code == 201, response.text
    token: str = response.json()["data"]["token_id"]
    return token


@pytest.fixture
async def customer_api(http: httpx.AsyncClient, tenant: dict[str, Any]) -> Api:
    """The customer interface with a fresh device token (nobody logged in yet)."""
    return Api(http, CUSTOMER, {"Authorization": f"Bearer {await open_token(http, tenant)}"}, tenant)


def next_phone() -> str:
    return f"420{next(_phones)}"


def customer_body(source_id: str, **info: Any) -> dict[str, Any]:
    personal = {
        "first_name": "Jana",
        "last_name": "Nováková",
        "email": f"jana{next(_phones)}@example.com",
        "phone": next_phone(),
        "language_id": "cs",
        **info,
    }
    return {
        "customer": {"personal_information": personal},
        "customer_source": {"customer_source_id": source_id, "external_id": "ext-1"},
        "autologin": False,
    }


async def source_id(api: Api) -> str:
    response = await api.get("/customer-sources")
    assert response.status_code == 200, response.text
    found: str = response.json()["data"]["customer_sources"][0]["customer_source_id"]
    return found


async def create_customer(api: Api, **info: Any) -> str:
    body = customer_body(await source_id(api), **info)
    response = await api.post("/customers", body)
    assert response.status_code == 201, response.text
    customer_id: str = response.json()["data"]["customer_id"]
    return customer_id


async def own_partner(api: Api) -> str:
    """The business's own partner (`tenant create` gives every business one): what a store, points or credits name
    as their `partner_id`."""
    partner_id: str = (await api.get("/partners")).json()["data"]["partners"][0]["partner_id"]
    return partner_id
