"""Native API credentials: one bearer token per business (`Authorization: Bearer <token>`), stored as its keyed
hash like every other dialect's (DESIGN rule 7): one HMAC and one primary-key lookup per request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from clientbook.context import Context
from clientbook.core import credentials, secrets, tenants
from clientbook.core.errors import Unauthorized
from clientbook.core.types import Tenant
from clientbook.edge import idempotency, ratelimit
from clientbook.edge.deps import ContextDep, SessionDep

REALM = "clientbook"
KIND = "api"
TOKEN_PREFIX = "cbk_"


def token_of(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def authenticate(session: AsyncSession, context: Context, token: str | None) -> Tenant:
    """The business the token belongs to; Unauthorized for a missing, unknown or revoked token."""
    found = await credentials.find_token(session, context.secret_key, REALM, token) if token else None
    if found is None:
        raise Unauthorized("a valid `Authorization: Bearer <token>` header is required", field="authorization")
    record, business = found
    # The actor names the token by its hash, never by any part of the secret.
    return tenants.tenant_of(business, actor=f"{REALM}:{record.token_hash[:8]}")


async def _charged(request: Request, session: AsyncSession, context: Context) -> Tenant:
    """The tenant, the request counted against its token (or, refused, against the client address)."""
    try:
        tenant = await authenticate(session, context, token_of(request))
    except Unauthorized:
        await ratelimit.charge_address(request, REALM)
        raise
    await ratelimit.charge(request, REALM, tenant)
    return tenant


async def _tenant(request: Request, context: ContextDep, session: SessionDep) -> Tenant:
    tenant = await _charged(request, session, context)
    await idempotency.claim(context, session, tenant)
    return tenant


async def _tenant_briefly(request: Request, context: ContextDep) -> Tenant:
    async with context.db.transaction() as session:
        return await _charged(request, session, context)


# In the request's transaction (writes).
TenantDep = Annotated[Tenant, Depends(_tenant)]
# In a short transaction of its own, for routes that must hold none while they wait (long polls).
ReaderDep = Annotated[Tenant, Depends(_tenant_briefly)]


async def issue_credentials(session: AsyncSession, context: Context, business_id: int) -> dict[str, str]:
    """The business's bearer token, shown once; only its keyed hash is stored."""
    token, _ = await credentials.issue_token(
        session, context.secret_key, business_id, REALM, KIND, token=TOKEN_PREFIX + secrets.new_hex(24)
    )
    return {"token": token}
