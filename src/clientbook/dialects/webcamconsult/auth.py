"""Webcamconsult credentials: one token per business, sent as `Authorization: Token token=…` or as the
`authentication_token` parameter, in the query or the JSON body (seed 002; vendors.md §3). Stored as its keyed
hash: one HMAC and one primary-key lookup per request."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credentials, secrets, tenants
from clientbook.core.errors import MalformedRequest, Unauthorized
from clientbook.core.types import Tenant
from clientbook.edge import idempotency, ratelimit
from clientbook.edge.body import parse_json, read_body
from clientbook.edge.deps import ContextDep, SessionDep

REALM = "webcamconsult"
KIND = "api"
PARAMETER = "authentication_token"


def token_of(request: Request) -> str | None:
    """The token of the `Authorization` header (Rails' `token_and_options`: `Token token="…"`, `Token token=…`,
    or `Token …`), else of the `authentication_token` query parameter."""
    scheme, _, rest = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() in ("token", "bearer") and rest.strip():
        first = rest.strip().split(",")[0].strip()
        name, equals, value = first.partition("=")
        token = value if equals and name.strip() == "token" else first
        return token.strip().strip('"') or None
    return request.query_params.get(PARAMETER) or None


async def authenticate(session: AsyncSession, context: Context, token: str | None) -> Tenant:
    """The business the token belongs to; Unauthorized (401) for a missing, unknown or revoked token."""
    found = await credentials.find_token(session, context.secret_key, REALM, token) if token else None
    if found is None:
        raise Unauthorized("HTTP Token: Access denied.")
    record, business = found
    # The actor names the token by its hash, never by any part of the secret.
    return tenants.tenant_of(business, actor=f"{REALM}:{record.token_hash[:8]}")


async def body_token(request: Request, limit: int) -> str | None:
    """`authentication_token` among the JSON body's parameters, as Rails reads parameters from the body too. The
    body is read once, within the size limit, and kept on `request.state` for the route."""
    raw = await read_body(request, limit)
    request.state.raw_body = raw
    try:
        data = parse_json(raw)
    except MalformedRequest:
        return None
    value = data.get(PARAMETER) if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


async def _tenant(request: Request, context: ContextDep, session: SessionDep) -> Tenant:
    token = token_of(request)
    if token is None and request.method in ("POST", "PUT", "PATCH"):
        token = await body_token(request, context.settings.max_body_bytes)
    try:
        tenant = await authenticate(session, context, token)
    except Unauthorized:
        await ratelimit.charge_address(request, REALM)
        raise
    await ratelimit.charge(request, REALM, tenant)
    await idempotency.claim(context, session, tenant)
    return tenant


TenantDep = Annotated[Tenant, Depends(_tenant)]


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    """The business's token (32 hex digits, like the seed's), shown once; only its keyed hash is stored."""
    token, _ = await credentials.issue_token(
        session, context.secret_key, business_id, REALM, KIND, token=secrets.new_hex(16)
    )
    return {"token": token}


async def rotate_credentials(
    session: AsyncSession, context: Context, business_id: int, grace: timedelta, now: datetime
) -> dict[str, str]:
    """A new token; the business's previous tokens work until `now + grace`."""
    token = secrets.new_hex(16)
    await credentials.rotate_token(
        session, context.secret_key, Tenant(business_id, actor="cli"), REALM, KIND, token=token, grace=grace, now=now
    )
    return {"token": token}
