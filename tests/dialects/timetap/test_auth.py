"""Session tokens (vendors.md §1 Authentication): issue, use by header or query, refuse, expire, slide."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.core import secrets
from clientbook.store.models import ApiToken, utcnow
from tests.conftest import SECRET_KEY

from .conftest import BASES, TimeTap, open_session, signature


async def _tokens(read: Any, business_id: int) -> int:
    async def count(session: AsyncSession) -> int:
        query = (
            select(func.count())
            .select_from(ApiToken)
            .where(ApiToken.business_id == business_id, ApiToken.realm == "timetap")
        )
        return int(await session.scalar(query) or 0)

    result: int = await read(count)
    return result


@pytest.mark.parametrize("base", BASES)
async def test_signed_key_pair_gets_a_session_token_on_both_mounts(
    http: httpx.AsyncClient, tenant: dict[str, Any], base: str
) -> None:
    token = await open_session(http, tenant, base)
    assert token.startswith("st:api:api:")
    assert len(token.removeprefix("st:api:api:")) == 32
    int(token.removeprefix("st:api:api:"), 16)
    response = await http.get(f"{base}/clients/count", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json() == 0


async def test_token_is_accepted_as_session_token_query_parameter(tt: TimeTap) -> None:
    response = await tt.http.get("/timetap/test/clients/count", params={"sessionToken": tt.token})
    assert response.status_code == 200


async def test_uppercase_signature_is_accepted(http: httpx.AsyncClient, tenant: dict[str, Any]) -> None:
    keys = tenant["credentials"]["timetap"]
    sig = signature(keys["api_key"], keys["private_key"]).upper()
    response = await http.get("/timetap/live/sessionToken", params={"apiKey": keys["api_key"], "signature": sig})
    assert response.status_code == 200


async def test_only_the_signature_hash_is_stored_never_the_private_key(tenant: dict[str, Any], read: Any) -> None:
    from clientbook.store.models import Credential

    keys = tenant["credentials"]["timetap"]

    async def load(session: AsyncSession) -> Credential | None:
        result: Credential | None = await session.scalar(
            select(Credential).where(Credential.realm == "timetap", Credential.key_id == keys["api_key"])
        )
        return result

    credential = await read(load)
    assert credential is not None
    assert keys["private_key"] not in str(credential.secret_hash)
    assert credential.secret_hash == secrets.keyed_hash(SECRET_KEY, signature(keys["api_key"], keys["private_key"]))


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"signature": "0" * 32}, 401, None),
        ({"apiKey": "unknown-key"}, 401, None),
        ({"apiKey": None}, 400, "apiKey"),
        ({"signature": None}, 400, "signature"),
    ],
)
async def test_bad_key_pair_is_refused_and_no_token_is_stored(
    http: httpx.AsyncClient, tenant: dict[str, Any], read: Any, params: dict[str, Any], status: int, field: str | None
) -> None:
    keys = tenant["credentials"]["timetap"]
    query = {"apiKey": keys["api_key"], "signature": signature(keys["api_key"], keys["private_key"]), **params}
    response = await http.get("/timetap/live/sessionToken", params={k: v for k, v in query.items() if v is not None})
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status
    assert body["field"] == field
    assert body["errorMessage"]
    assert await _tokens(read, tenant["business"]["id"]) == 0


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer st:api:api:" + "0" * 32}, {"Authorization": "Basic abc"}],
)
async def test_missing_or_unknown_token_is_401(http: httpx.AsyncClient, headers: dict[str, str]) -> None:
    response = await http.get("/timetap/live/clients", headers=headers)
    assert response.status_code == 401
    assert response.json()["status"] == 401


async def test_token_of_another_realm_is_refused(tt: TimeTap) -> None:
    wired = tt.tenant["credentials"]["wiredclient"]
    response = await tt.http.get("/timetap/live/clients", headers={"Authorization": f"Bearer {wired['api_key']}"})
    assert response.status_code == 401


async def test_expired_token_is_401_and_a_new_session_works(tt: TimeTap, context: Any) -> None:
    async with context.db.transaction() as session:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == secrets.keyed_hash(SECRET_KEY, tt.token))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert (await tt.get("/clients/count")).status_code == 401
    tt.token = await open_session(tt.http, tt.tenant)
    assert (await tt.get("/clients/count")).status_code == 200


async def test_use_slides_the_expiry_at_most_once_a_minute(tt: TimeTap, context: Any, read: Any) -> None:
    token_hash = secrets.keyed_hash(SECRET_KEY, tt.token)

    async def load(session: AsyncSession) -> ApiToken:
        record: ApiToken = await session.get_one(ApiToken, token_hash)
        return record

    async with context.db.transaction() as session:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_hash)
            .values(expires_at=utcnow() + timedelta(minutes=5), last_used_at=utcnow() - timedelta(minutes=2))
        )
    assert (await tt.get("/clients/count")).status_code == 200
    first = await read(load)
    assert first.expires_at > utcnow() + timedelta(hours=3, minutes=59)
    assert (await tt.get("/clients/count")).status_code == 200
    second = await read(load)
    assert second.last_used_at == first.last_used_at  # within the minute: no write
