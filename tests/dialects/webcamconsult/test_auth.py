"""Token auth (seed 002; vendors.md §3): `Authorization: Token token=…` or `authentication_token`, else Rails' 401."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from clientbook.store.models import ApiToken
from tests.helpers import row_counts

from .conftest import Api

ENDPOINTS = [
    ("GET", "/users.json"),
    ("POST", "/users.json"),
    ("GET", "/users/000000000000000000000001.json"),
    ("PUT", "/users/000000000000000000000001.json"),
    ("DELETE", "/users/000000000000000000000001.json"),
    ("GET", "/clients.json"),
    ("POST", "/clients.json"),
    ("GET", "/client/000000000000000000000001.json"),
    ("PUT", "/client/000000000000000000000001.json"),
    ("DELETE", "/client/000000000000000000000001.json"),
    ("GET", "/appointments.json"),
    ("POST", "/appointments.json"),
    ("GET", "/appointment/000000000000000000000001.json"),
    ("PUT", "/appointment/000000000000000000000001.json"),
    ("DELETE", "/appointment/000000000000000000000001.json"),
]
BODY = {"user": {"last_name": "Akkermans", "email": "a@example.com"}}


async def test_documented_header_lets_the_caller_in(api: Api) -> None:
    assert await api.ok("GET", "/users.json") == []


@pytest.mark.parametrize("header", ['Token token="{}"', "Token token={}, nonce=abc", "Token {}", "Bearer {}"])
async def test_other_spellings_of_the_token_header_let_the_caller_in(api: Api, header: str) -> None:
    response = await api("GET", "/users.json", auth=False, headers={"Authorization": header.format(api.token)})
    assert response.status_code == 200, response.text


async def test_authentication_token_parameter_lets_the_caller_in(api: Api) -> None:
    await api.user()
    response = await api("GET", "/users.json", auth=False, params={"authentication_token": api.token})
    assert response.status_code == 200
    assert [u["last_name"] for u in response.json()] == ["Akkermans"]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
async def test_missing_token_is_refused_with_rails_challenge_and_writes_nothing(
    api: Api, read: Any, method: str, path: str
) -> None:
    before = await row_counts(read, api.business_id)
    response = await api(method, path, BODY if method in ("POST", "PUT") else None, auth=False)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Token realm="Application"'
    assert response.text == "HTTP Token: Access denied.\n"
    assert await row_counts(read, api.business_id) == before


@pytest.mark.parametrize(
    "header", ["Token token=0123456789abcdef0123456789abcdef", "Token token=", "Basic dXNlcjpwYXNz", "Token"]
)
async def test_wrong_token_is_refused(api: Api, read: Any, header: str) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/users.json", BODY, auth=False, headers={"Authorization": header})
    assert response.status_code == 401
    assert await row_counts(read, api.business_id) == before


async def test_authentication_token_in_the_json_body_lets_the_caller_write(api: Api, read: Any) -> None:
    body = {"authentication_token": api.token, "client": {"last_name": "Ester"}}
    created = await api.ok("POST", "/clients.json", body, auth=False)
    assert created["client"]["last_name"] == "Ester"
    path = f"/client/{created['client']['id']}.json"
    body = {"authentication_token": api.token, "client": {"initials": "T"}}
    assert (await api.ok("PUT", path, body, auth=False))["client"]["initials"] == "T"


@pytest.mark.parametrize(
    "body",
    [
        {"authentication_token": "nope", "client": {"last_name": "A"}},
        {"authentication_token": 5, "client": {"last_name": "A"}},
        "{bad",
        "[]",
    ],
)
async def test_a_wrong_or_malformed_body_token_is_refused_and_writes_nothing(api: Api, read: Any, body: Any) -> None:
    before = await row_counts(read, api.business_id)
    response = await api("POST", "/clients.json", body, auth=False)
    assert response.status_code == 401
    assert await row_counts(read, api.business_id) == before


async def test_wrong_authentication_token_parameter_is_refused(api: Api) -> None:
    response = await api("GET", "/users.json", auth=False, params={"authentication_token": api.token[:-1] + "x"})
    assert response.status_code == 401


async def test_credentials_of_another_dialect_are_refused(api: Api) -> None:
    key = api.tenant["credentials"]["wiredclient"]["api_key"]
    response = await api("GET", "/users.json", auth=False, headers={"Authorization": f"Token token={key}"})
    assert response.status_code == 401


async def test_tenant_create_issues_one_token_stored_only_as_its_keyed_hash(api: Api, read: Any) -> None:
    assert len(api.token) == 32
    int(api.token, 16)  # hex, like the seed's tokens
    rows = await read(
        lambda s: s.scalars(
            select(ApiToken).where(ApiToken.business_id == api.business_id, ApiToken.realm == "webcamconsult")
        )
    )
    tokens = list(rows)
    assert len(tokens) == 1
    assert tokens[0].token_hash != api.token
    assert api.token not in repr(vars(tokens[0]))
    assert tokens[0].expires_at is None


async def test_each_token_sees_only_its_own_business(api: Api, other: Api) -> None:
    await api.user(last_name="Oost")
    await other.user(last_name="West")
    assert [u["last_name"] for u in await api.ok("GET", "/users.json")] == ["Oost"]
    assert [u["last_name"] for u in await other.ok("GET", "/users.json")] == ["West"]
