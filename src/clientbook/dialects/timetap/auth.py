"""TimeTap session auth (vendors.md §1 Authentication).

`GET /sessionToken?apiKey&timestamp&signature` with `signature` = MD5 hex of apiKey + privateKey answers
`{"sessionToken": "st:api:api:<32 hex>"}`; later requests send `Authorization: Bearer <token>` or `?sessionToken=`.
The signature is a fixed value per key pair, so only its keyed hash is stored (never the private key). The timestamp
is not checked against the clock (vendors.md recommends no or a wide skew check). Tokens expire after four hours of
inactivity (the third-party README's figure); an expired or unknown token is 401, which clients answer by
re-authenticating.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credentials, secrets, session_tokens, tenants
from clientbook.core.errors import Reason, Unauthorized, ValidationFailed
from clientbook.core.types import Tenant
from clientbook.edge import idempotency, ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

REALM = "timetap"
TOKEN_PREFIX = "st:api:api:"
SESSION_TTL = timedelta(hours=4)


def signature_of(api_key: str, private_key: str) -> str:
    return hashlib.md5((api_key + private_key).encode(), usedforsecurity=False).hexdigest()


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    """A key pair for `tenant create`: the private key is shown once; only the signature's keyed hash is kept."""
    api_key, private_key = secrets.new_hex(10), secrets.new_hex(16)
    await credentials.issue_key_pair(
        session,
        context.secret_key,
        business_id,
        REALM,
        key=api_key,
        secret=private_key,
        secret_to_hash=signature_of(api_key, private_key),
    )
    return {"api_key": api_key, "private_key": private_key}


async def rotate_credentials(
    session: AsyncSession, context: Context, business_id: int, grace: timedelta, now: datetime
) -> dict[str, str]:
    """A new private key for the business's apiKey (so a new signature); the old signature works until
    `now + grace`, and session tokens opened with it live out their own four hours."""
    private_key = secrets.new_hex(16)
    tenant = Tenant(business_id, actor="cli")
    credential = await credentials.rotate_key_pair(
        session,
        context.secret_key,
        tenant,
        REALM,
        secret=private_key,
        hashed=lambda api_key: signature_of(api_key, private_key),
        grace=grace,
        now=now,
    )
    return {"api_key": credential.key_id, "private_key": private_key}


async def open_session(
    request: Request, session: AsyncSession, context: Context, api_key: str | None, signature: str | None
) -> str:
    """A session token for a valid key pair; minting is rate limited per API key and per client address."""
    missing = [name for name, value in (("apiKey", api_key), ("signature", signature)) if not value]
    if missing:
        raise ValidationFailed.single(missing[0], Reason.REQUIRED, f"{missing[0]} is required")
    assert api_key is not None
    assert signature is not None
    await ratelimit.charge_minting(request, REALM, api_key.strip())
    business = await credentials.authenticate_key_pair(
        session, context.secret_key, REALM, api_key.strip(), signature.strip().lower()
    )
    if business is None:
        raise Unauthorized("Invalid apiKey or signature")
    return await session_tokens.open_session(
        session, context.secret_key, business.id, REALM, prefix=TOKEN_PREFIX, ttl=SESSION_TTL
    )


def _token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.query_params.get("sessionToken") or None


async def authenticate(request: Request, context: ContextDep, session: SessionDep) -> Tenant:
    """The tenant of the request's live session token; 401 otherwise. The rate limit counts the business's key pair
    (sessions carry no other identity), so a fresh session token is no fresh budget."""
    token = _token_of(request)
    business = (
        await session_tokens.resolve(session, context.secret_key, REALM, token, ttl=SESSION_TTL) if token else None
    )
    if business is None:
        await ratelimit.charge_address(request, REALM)
        if token is None:
            raise Unauthorized("A session token is required (Authorization: Bearer <sessionToken>)")
        raise Unauthorized("Invalid or expired session token")
    tenant = tenants.tenant_of(business, actor="api")
    await ratelimit.charge(request, REALM, tenant)
    await idempotency.claim(context, session, tenant)
    return tenant


TenantDep = Annotated[Tenant, Depends(authenticate)]
