from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.conftest import TenantFactory

MOUNT = "/webcamconsult"
Call = Callable[..., Awaitable[httpx.Response]]


class Api:
    """One business's Webcamconsult client: the token in the documented header, paths under the mount."""

    def __init__(self, http: httpx.AsyncClient, tenant: dict[str, Any]) -> None:
        self.http = http
        self.tenant = tenant
        self.token: str = tenant["credentials"]["webcamconsult"]["token"]
        self.business_id: int = tenant["business"]["id"]

    async def __call__(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        lang: str | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        sent = {**({"Authorization": f"Token token={self.token}"} if auth else {}), **(headers or {})}
        if lang:
            sent["Accept-Language"] = lang
        if body is not None and not isinstance(body, str | bytes):
            kwargs["json"] = body
        elif body is not None:
            kwargs["content"] = body
            sent["Content-Type"] = "application/json"
        return await self.http.request(method, MOUNT + path, headers=sent, **kwargs)

    async def ok(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        response = await self(method, path, body, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    async def user(self, **fields: Any) -> dict[str, Any]:
        body = {
            "titles": "Dokter",
            "initials": "J",
            "last_name": "Akkermans",
            "email": "jakkermans@example.com",
            "address": "Vlietlaan 1",
            "postal_code": "3011AA",
            "city": "Ergens",
            **fields,
        }
        user: dict[str, Any] = (await self.ok("POST", "/users.json", {"user": body}))["user"]
        return user

    async def client(self, **fields: Any) -> dict[str, Any]:
        body = {
            "email": "urias@sensestudios.com",
            "titles": "Dr.",
            "initials": "T",
            "surname_prefix": "de",
            "last_name": "Ester",
            "gender": "male",
            "date_of_birth": "2014-12-18T00:00:00.000+01:00",
            "reference_code": "12345",
            **fields,
        }
        client: dict[str, Any] = (await self.ok("POST", "/clients.json", {"client": body}))["client"]
        return client

    async def appointment(self, **fields: Any) -> dict[str, Any]:
        body = {"date": "2015-07-01T15:41:24.306+02:00", "duration": 100, **fields}
        if "client_id" not in body:
            body["client_id"] = (await self.client())["id"]
        appointment: dict[str, Any] = (await self.ok("POST", "/appointments.json", {"appointment": body}))[
            "appointment"
        ]
        return appointment


@pytest.fixture
async def api(http: httpx.AsyncClient, make_tenant: TenantFactory) -> Api:
    """A business in Amsterdam time, as a Webcamconsult organisation would be."""
    return Api(http, await make_tenant("Praktijk Oost", time_zone="Europe/Amsterdam", default_region="NL"))


@pytest.fixture
async def other(http: httpx.AsyncClient, make_tenant: TenantFactory) -> Api:
    """A second business, to prove neither sees the other's records."""
    return Api(http, await make_tenant("Praktijk West", time_zone="Europe/Amsterdam", default_region="NL"))
